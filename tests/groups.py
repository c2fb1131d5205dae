"""The editorial groups for transactional tests.

A transactional test (browser, threads) empties the database afterwards,
taking the groups the data migration made with it; this fixture makes them
again with the migration's own code, so there is one definition.
"""

import importlib

import pytest
from django.apps import apps


@pytest.fixture
def editorial_groups():
    migration = importlib.import_module("articles.migrations.0003_editorial_groups")
    migration.create_groups(apps, schema_editor=None)
