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
def _fresh_page_cache():
    """Each test starts with no cached pages, without flushing a shared Redis.

    Renewing the content version orphans every earlier page key (they then
    expire by themselves), just as an editor's save does in production.
    """
    from reader.page_cache import renew_content_version

    renew_content_version()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded pictures go to a per-test folder, never the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
