"""Production settings plus the test-only slow save (tests/slow_save/apps.py)."""

from newsroom.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.slow_save.apps.SlowSaveConfig"]  # noqa: F405
