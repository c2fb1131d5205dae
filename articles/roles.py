"""The desk's roles: the groups' names, and granting them permissions in migrations.

Reporters write, edit their own drafts and submit them; Editors do
everything the workflow allows (``articles.workflow``); administrators are
superusers. The group names are stated here once, for migrations, imports,
the demo and the tests alike.

Permissions are normally created after all migrations have run
(``post_migrate``); a data migration that hands them to a group on a fresh
database must create its app's permissions first. Kept free of models so
migrations can rely on it staying as it is.
"""

from django.contrib.auth.management import create_permissions

REPORTERS = "Reporters"
EDITORS = "Editors"


def _permissions(apps, app_label: str, codenames: list[str]):
    permission = apps.get_model("auth", "Permission")
    return permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)


def grant(apps, app_label: str, grants: dict[str, list[str]]) -> None:
    """Give each named group (made if missing) these permissions of ``app_label``."""
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    for name, codenames in grants.items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, app_label, codenames))


def revoke(apps, app_label: str, grants: dict[str, list[str]]) -> None:
    group_model = apps.get_model("auth", "Group")
    for name, codenames in grants.items():
        for group in group_model.objects.filter(name=name):
            group.permissions.remove(*_permissions(apps, app_label, codenames))
