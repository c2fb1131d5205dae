"""The editorial groups for transactional tests.

A transactional test (browser, threads) empties the database afterwards,
taking the groups the data migration made with it; this fixture makes them
again with the migration's own code, so there is one definition. The
conftest's ``make_user`` asks for it in transactional tests, so a test that
makes its people with the role fixtures need not.
"""

import importlib

import pytest
from django.apps import apps

from articles import roles

# Every data migration that grants the desk's groups permissions.
GROUP_MIGRATIONS = [
    ("articles", "articles.migrations.0003_editorial_groups"),
    ("banners", "banners.migrations.0002_editors_manage_announcements"),
    ("images", "images.migrations.0002_editorial_groups_use_the_library"),
]


@pytest.fixture
def editorial_groups():
    for app_label, module in GROUP_MIGRATIONS:
        migration = importlib.import_module(module)
        roles.grant(apps, app_label, migration.GRANTS)
