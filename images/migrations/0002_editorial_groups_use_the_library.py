"""Let the desk use the photo library.

Reporters upload pictures (the library and TinyMCE's image button) and
choose them; editors also correct and delete them.
"""

from django.db import migrations

from articles import roles

REPORTER_PERMISSIONS = ["add_image", "view_image"]
EDITOR_PERMISSIONS = [*REPORTER_PERMISSIONS, "change_image", "delete_image", "view_rendition"]


GRANTS = {roles.REPORTERS: REPORTER_PERMISSIONS, roles.EDITORS: EDITOR_PERMISSIONS}


def grant(apps, schema_editor):
    roles.grant(apps, "images", GRANTS)


def revoke(apps, schema_editor):
    roles.revoke(apps, "images", GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0001_photo_library"),
        ("articles", "0003_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
