import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Settings that only make tests faster, never different in behaviour.

    Static names are unhashed because the manifest exists only after
    collectstatic, which test_static_files exercises on its own; a fast
    password hasher spares each made-up user a slow PBKDF2 round.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: no pages and no tokens.

    The page cache's shared records say what a new database holds (no
    announcement, no story scheduled), as a running site would already know,
    so a test counts only what rendering a page costs. The suite's cache is
    the process's own memory, or with REDIS_URL a Redis database of the test
    run's own (CI gives the PostgreSQL run one).
    """
    from django.core.cache import cache

    from banners.state import RECORD_CACHE_KEY, no_announcement_record
    from reader.page_cache.tokens import DUE_KEY

    cache.clear()
    cache.set_many({RECORD_CACHE_KEY: no_announcement_record(), DUE_KEY: 0.0}, timeout=None)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded pictures go to a per-test folder, never the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
