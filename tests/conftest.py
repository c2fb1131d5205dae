import pytest
from django.db import connection
from django.test import Client

from articles.roles import EDITORS, REPORTERS

from .factories import logged_in, make_staff
from .groups import editorial_groups  # noqa: F401 - a fixture, for make_user and any test
from .servers import collected_static, own_redis  # noqa: F401 - fixtures for any module


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
    from reader.page_cache.local import recent
    from reader.page_cache.tokens import DUE_KEY

    cache.clear()
    recent.forget_here()
    cache.set_many({RECORD_CACHE_KEY: no_announcement_record(), DUE_KEY: 0.0}, timeout=None)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded pictures go to a per-test folder, never the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


# --- People at the desk -----------------------------------------------------
# One definition of each role for every module. Default usernames are the
# role's name; pass another where a test needs two of a kind or asserts on it.
# Administrators are pytest-django's own ``admin_user`` and ``admin_client``.

ROLE_GROUPS = {"reporter": REPORTERS, "editor": EDITORS}


@pytest.fixture
def make_user(request, db):
    """``make_user(role, username=None)``: a staff account in a desk role.

    ``role`` is ``"reporter"`` (the Reporters group) or ``"editor"``
    (Editors). A transactional test (browser, threads) gets the groups made
    again first: the transactional test before it emptied the database, the
    migrations' groups with it.
    """
    if not connection.in_atomic_block:  # not rolled back, so maybe emptied before
        request.getfixturevalue("editorial_groups")

    def make(role: str, username: str | None = None):
        return make_staff(username or role, ROLE_GROUPS[role])

    return make


@pytest.fixture
def reporter(make_user):
    return make_user("reporter")


@pytest.fixture
def editor(make_user):
    return make_user("editor")


@pytest.fixture
def second_editor(make_user):
    return make_user("editor", "editor2")


@pytest.fixture
def reporter_client(reporter) -> Client:
    """A client of its own (not ``client``), logged in as ``reporter``."""
    return logged_in(reporter)


@pytest.fixture
def editor_client(editor) -> Client:
    """A client of its own (not ``client``), logged in as ``editor``."""
    return logged_in(editor)


@pytest.fixture
def second_editor_client(second_editor) -> Client:
    return logged_in(second_editor)
