"""Create the Reporters and Editors groups with their permissions.

Administrators are superusers and manage users, groups and permissions in
the admin; these two groups are what a newsroom hands to its desk.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations (post_migrate);
    # make this app's now so a fresh database gets complete groups.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [("Reporters", REPORTER_PERMISSIONS), ("Editors", EDITOR_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reporters", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_embargo_transitions_and_publish_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
