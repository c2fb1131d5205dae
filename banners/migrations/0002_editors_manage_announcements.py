"""Editors publish and take down announcements; reporters do not."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ANNOUNCEMENT_PERMISSIONS = [
    "add_announcement",
    "change_announcement",
    "delete_announcement",
    "view_announcement",
]


def grant_to_editors(apps, schema_editor):
    app_config = apps.get_app_config("banners")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="banners", codename__in=ANNOUNCEMENT_PERMISSIONS
        )
    )


def revoke_from_editors(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="banners", codename__in=ANNOUNCEMENT_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("banners", "0001_announcements"),
        ("articles", "0003_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant_to_editors, revoke_from_editors)]
