"""Create the Reporters and Editors groups with their permissions.

Administrators are superusers and manage users, groups and permissions in
the admin; these two groups are what a newsroom hands to its desk.
"""

from django.db import migrations

from articles import roles

REPORTER_PERMISSIONS = [
    "add_article",
    "change_article",
    "view_article",
    "add_articleauthor",
    "change_articleauthor",
    "delete_articleauthor",
    "view_articleauthor",
    "view_author",
    "view_dateline",
    "view_tag",
]
EDITOR_PERMISSIONS = [
    *REPORTER_PERMISSIONS,
    "delete_article",
    "publish_article",
    "add_author",
    "change_author",
    "delete_author",
    "add_dateline",
    "change_dateline",
    "delete_dateline",
    "add_tag",
    "change_tag",
    "delete_tag",
    "view_articletransition",
]


GRANTS = {roles.REPORTERS: REPORTER_PERMISSIONS, roles.EDITORS: EDITOR_PERMISSIONS}


def create_groups(apps, schema_editor):
    roles.grant(apps, "articles", GRANTS)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GRANTS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_embargo_transitions_and_publish_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
