"""Editors publish and take down announcements; reporters do not."""

from django.db import migrations

from articles import roles

ANNOUNCEMENT_PERMISSIONS = [
    "add_announcement",
    "change_announcement",
    "delete_announcement",
    "view_announcement",
]


GRANTS = {roles.EDITORS: ANNOUNCEMENT_PERMISSIONS}


def grant_to_editors(apps, schema_editor):
    roles.grant(apps, "banners", GRANTS)


def revoke_from_editors(apps, schema_editor):
    roles.revoke(apps, "banners", GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("banners", "0001_announcements"),
        ("articles", "0003_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant_to_editors, revoke_from_editors)]
