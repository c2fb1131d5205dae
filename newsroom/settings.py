"""Newsroom settings, read from the environment (12-factor).

Every knob a deployment needs is an environment variable; nothing here is
edited per machine. Development (``DEBUG=true``) gets safe conveniences: a
secret key generated once into the git-ignored ``var/`` folder and plain-http
cookies. Production (``DEBUG`` off, the default) refuses to start without a
real ``SECRET_KEY`` and turns the HTTPS-only protections on.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

from newsroom.media_storage import media_origin_from_env, media_storage_from_env
from newsroom.processes import web_processes

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no variable, failing loudly on anything ambiguous."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def _development_secret_key() -> str:
    """A per-checkout key, generated once, so sessions survive restarts."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production (DEBUG off) needs a long random "
            "secret in the SECRET_KEY environment variable, e.g. "
            "SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(64))'). "
            "For local development set DEBUG=true instead (make run does)."
        )
    SECRET_KEY = _development_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])


def _site_url() -> str:
    """The public origin every absolute URL is built on, never the request's Host.

    Defaults to http://127.0.0.1:8000 in development and to https:// and the
    first of ALLOWED_HOSTS in production.
    """
    raw = os.environ.get("NEWSROOM_SITE_URL", "").strip().rstrip("/")
    if not raw:
        if DEBUG:
            return "http://127.0.0.1:8000"
        host = next((h.lstrip(".") for h in ALLOWED_HOSTS if h != "*"), "")
        if not host:
            raise ImproperlyConfigured(
                "NEWSROOM_SITE_URL is not set and ALLOWED_HOSTS names no host: set "
                "NEWSROOM_SITE_URL=https://news.example.org (the address readers use)."
            )
        return f"https://{host}"
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path:
        raise ImproperlyConfigured(
            f"NEWSROOM_SITE_URL must be an origin such as https://news.example.org, not {raw!r}."
        )
    return raw


NEWSROOM_SITE_URL = _site_url()
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin, refusing garbage requests with a 400 (newsroom/admin_site.py).
    "newsroom.admin_site.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "tinymce",
    "reversion",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Newsroom's apps, from the domain up (README, "Architecture").
    "articles",
    "jobs",
    "images",
    "banners",
    "reader",
    "notifications",
    "distribution",
    "desk",
    "demo",
    "accounts",
]

MIDDLEWARE = [
    # /healthz and /readyz, answered before host checks and HTTPS redirects.
    "newsroom.health.HealthCheckMiddleware",
    # The client's address and scheme, believed only from our own proxy.
    "newsroom.proxy.TrustedProxyMiddleware",
    # The API's per-client rate limit, before the page cache: hits count too.
    "newsroom.rate_limit.ApiRateLimitMiddleware",
    "newsroom.observability.RequestIdMiddleware",
    "newsroom.observability.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The Content-Security-Policy, outside the page cache so a cache hit
    # carries it too; the desk's paths get the desk's policy.
    "newsroom.csp.NewsroomCSPMiddleware",
    # Public pages from the shared cache: after the headers every response
    # carries, before sessions, auth, CSRF and messages (a hit needs none).
    "reader.page_cache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Two-factor login: request.user.is_verified(), then the desk asks for
    # the second factor (or its setup) before anything else.
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.TwoFactorMiddleware",
    # Login throttling: each address's rate, then django-axes' lockout of a
    # (username, address) pair (axes last, as it asks).
    "accounts.throttle.LoginRateLimitMiddleware",
    "axes.middleware.AxesMiddleware",
    # A 404 at an address a story once had becomes its 301 or 410.
    "distribution.stable_urls.StableAddressFallbackMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
                "banners.context_processors.banner",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# SQLite under var/ is the embedded default; production sets DATABASE_URL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two editors saving at once must queue, not fail: a deferred SQLite
    # transaction that reads, then writes, gets "database is locked" at once
    # when another writer holds the lock. IMMEDIATE takes the write lock at
    # the start of each transaction and waits up to the timeout; WAL lets
    # readers carry on meanwhile.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Tests use a file too, not Django's shared in-memory database, whose
    # table locks behave unlike the file every deployment uses.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
# A read replica for public pages (reader/db_router.py): the desk and every
# write stay on the primary; an unreachable replica falls back to it.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60)
    )
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        # An unreachable replica must cost a moment, not a request's timeout.
        DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = 2
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["reader.db_router.ReplicaRouter"]
# A page whose content changed this recently renders from the primary: a
# replica a moment behind would otherwise be cached as the new page.
NEWSROOM_REPLICA_LAG_SECONDS = env_int("NEWSROOM_REPLICA_LAG_SECONDS", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------
# Redis is the shared cache when several app servers run; otherwise each
# process keeps its own small in-memory cache.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHES: dict[str, dict[str, object]]
# The cache is an accelerator, not a dependency (newsroom/cache.py): when
# Redis is away, each process skips it for NEWSROOM_CACHE_BREAKER_SECONDS
# and serves from the database; a dead or hung Redis costs a request at most
# the short connect/read timeouts below, once per process per period.
if REDIS_URL:
    _cache_timeout = float(os.environ.get("NEWSROOM_CACHE_TIMEOUT_SECONDS", "0.25"))
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {
                "socket_connect_timeout": _cache_timeout,
                "socket_timeout": _cache_timeout,
                "CIRCUIT_BREAKER_SECONDS": float(
                    os.environ.get("NEWSROOM_CACHE_BREAKER_SECONDS", "2")
                ),
                # Renewals and withdrawals made while Redis was away were not
                # written: no page cached before is served as current after.
                "AFTER_OUTAGE": "reader.page_cache.tokens.after_cache_outage",
            },
        }
    }
else:
    if not DEBUG and web_processes() > 1:
        raise ImproperlyConfigured(
            f"{web_processes()} web processes and no shared cache: each would serve its "
            "own stale pages for up to a minute after every save. Set REDIS_URL (the "
            "shared cache), or WEB_CONCURRENCY=1 for a single process."
        )
    # Room for the page cache's pages and tokens (the default 300 entries
    # would push out the banner record and the tokens).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# --- Task queue (Celery) ----------------------------------------------------
# Slow work (renditions, e-mail, wire imports, the clock's work) runs in
# Celery workers fed by a broker that is not the cache's Redis, e.g. RabbitMQ
# amqp://user:pass@host:5672//. Without a broker (make run, most tests) tasks
# run in-process when enqueued. Tasks are sent when the transaction commits;
# a broker that cannot take one never fails the save: the task waits in the
# outbox (jobs.OutboxTask) and is sent again every 30 seconds.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "").strip()
if CELERY_BROKER_URL and REDIS_URL and CELERY_BROKER_URL.split("?")[0] == REDIS_URL.split("?")[0]:
    raise ImproperlyConfigured(
        "CELERY_BROKER_URL must not be the cache's Redis: a cache may drop keys, a broker must "
        "not. Use RabbitMQ (amqp://) or another Redis database."
    )
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged when it has run, so a worker killed mid-task leaves
# it for another worker.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Fail fast when the broker is away: the outbox takes over.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "newsroom")
CELERY_BEAT_SCHEDULE = {
    "flush-outbox": {"task": "jobs.flush_outbox", "schedule": 30.0},
    # Embargoes lifting and scheduled stories going live, told once
    # (``manage.py send_due_notifications`` without a scheduler).
    "send-due-notifications": {"task": "notifications.send_due", "schedule": 60.0},
}

# --- Auth -----------------------------------------------------------------
# Every account here is a desk account, so 12 characters for everyone (a
# staff-only rule would miss a user made staff after their password was set).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# After logging in (and for an off-site ?next=) staff land on the desk.
LOGIN_REDIRECT_URL = "admin:index"
# django-axes checks each login before the password is: first its backend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (docs/security.md): a (username, client address) pair is
# locked after AXES_FAILURE_LIMIT failures for NEWSROOM_LOGIN_COOLOFF_MINUTES,
# whether or not the username exists; the address is the one
# newsroom/proxy.py believed. Administrators unlock at the desk (Axes, Access
# attempts). Each address may also try at most NEWSROOM_LOGIN_RATE_PER_MINUTE
# logins and codes a minute, whatever the usernames.
AXES_FAILURE_LIMIT = env_int("NEWSROOM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("NEWSROOM_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "newsroom.proxy.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.throttle.locked_out"
AXES_RESET_ON_SUCCESS = True
# The lock ends a fixed time after it began: tries meanwhile do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "code"]
NEWSROOM_LOGIN_RATE_PER_MINUTE = env_int("NEWSROOM_LOGIN_RATE_PER_MINUTE", 20)
# Two-factor login (TOTP, recovery codes): required of superusers when on
# (the default in production), offered to every other staff member.
NEWSROOM_REQUIRE_2FA = env_bool("NEWSROOM_REQUIRE_2FA", not DEBUG)

# --- Time and language ----------------------------------------------------
# One language for the whole site (no per-reader negotiation, so a cached
# page is one per address): pages' ``lang``, feeds and ninjs follow it, and
# dates come from its format module in newsroom/formats/.
LANGUAGE_CODE = os.environ.get("NEWSROOM_LANGUAGE", "en").strip().lower()
if LANGUAGE_CODE not in LANG_INFO:
    raise ImproperlyConfigured(
        f"NEWSROOM_LANGUAGE={LANGUAGE_CODE!r} is not a language code Django knows "
        "(for example en, en-gb, es, fr)."
    )
LANGUAGES = [(LANGUAGE_CODE, LANG_INFO[LANGUAGE_CODE]["name"])]
FORMAT_MODULE_PATH = ["newsroom.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The newsroom's own zone: it decides "today" in the banner and the date in
# every article URL.
TIME_ZONE = os.environ.get("NEWSROOM_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    # Local disk, or a shared S3-compatible bucket when MEDIA_S3_BUCKET is set.
    "default": media_storage_from_env(os.environ),
    # Hashed, compressed names with far-future caching, served by WhiteNoise.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = False
# Files browsers ask for at fixed root addresses (/favicon.ico), served by
# WhiteNoise with the rest; pages name the hashed PNG icons themselves.
WHITENOISE_ROOT = BASE_DIR / "newsroom" / "root_files"

# --- Security -------------------------------------------------------------
# HTTPS-only protections default to on in production; each can be switched
# off for a TLS-terminating proxy or a production-mode check over plain http.
_https = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _https)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _https)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", _https)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _https)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", _https)
# Proxies whose X-Forwarded-For/-Proto (and X-Request-ID) are believed:
# addresses or networks, e.g. 127.0.0.1 or 172.16.0.0/12; from any other
# peer those headers are dropped (newsroom/proxy.py).
NEWSROOM_TRUSTED_PROXIES = env_list("NEWSROOM_TRUSTED_PROXIES", [])
if env_bool("SECURE_PROXY_SSL_HEADER", bool(NEWSROOM_TRUSTED_PROXIES)):
    # Only behind a proxy that sets (and strips client copies of) this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp; newsroom/csp.py; docs/security.md).
# Public pages: scripts and styles from our own origin only, no inline code
# and no nonces, so a cached page is the same bytes for every reader.
# JSON-LD <script type="application/ld+json"> is data, never run.
_MEDIA_ORIGIN = media_origin_from_env(os.environ)
_IMAGES = [SELF, "data:", *([_MEDIA_ORIGIN] if _MEDIA_ORIGIN else [])]
_PUBLIC_DIRECTIVES: dict[str, list[str] | bool] = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": _IMAGES,
    "font-src": [SELF],
    "connect-src": [SELF],
    "media-src": [SELF, *([_MEDIA_ORIGIN] if _MEDIA_ORIGIN else [])],
    "object-src": [NONE],
    "frame-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}
if _https:
    _PUBLIC_DIRECTIVES["upgrade-insecure-requests"] = True
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _PUBLIC_DIRECTIVES}
# The desk (the admin, TinyMCE, two-factor pages) under its own policy: no
# inline or evaluated script and no inline styles either (TinyMCE 7 styles
# its toolbar and editing iframe through the CSSOM, which the policy allows;
# tests/browser/test_content_security_policy_browser.py), plus blob: images,
# which TinyMCE shows for a pasted or uploaded picture before it is stored,
# and frames of its own pages (the preview beside the article form).
NEWSROOM_DESK_PATH_PREFIXES = ["/admin/", "/accounts/", "/tinymce/", "/images/upload/"]
NEWSROOM_DESK_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_PUBLIC_DIRECTIVES,
        "img-src": [*_IMAGES, "blob:"],
        # The article form's unsaved preview panel frames the desk's own page.
        "frame-src": [SELF],
    }
}

# --- Logging --------------------------------------------------------------
# Every line names the request it was written for (X-Request-ID).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsroom.observability.RequestIdFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "line",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- TinyMCE (the editorial body editor) ----------------------------------
# TinyMCE's files are static files (django-tinymce's default URL, through the
# staticfiles storage); its views (compressor, file browser, link list) are
# not mounted: the desk uses none of them.
TINYMCE_COMPRESSOR = False
TINYMCE_FILEBROWSER = False
# The toolbar offers only what the sanitiser keeps, so editors never see
# formatting vanish on save.
TINYMCE_DEFAULT_CONFIG = {
    "height": 480,
    "menubar": False,
    "plugins": "link lists autolink wordcount image",
    "toolbar": (
        "undo redo | blocks | bold italic | bullist numlist blockquote | link unlink | image"
    ),
    # Pictures go through the photo library's upload pipeline (images.views).
    "images_upload_url": "/images/upload/",
    "images_upload_handler": "newsroomImageUpload",
    "automatic_uploads": True,
    "images_file_types": "jpeg,jpg,png,webp,gif",
    "image_dimensions": False,
    # The image dialog asks for alt text; the upload handler asks too when a
    # picture is pasted or dropped, and puts that text on the inserted picture.
    "image_description": True,
    "paste_data_images": True,
    "block_formats": "Paragraph=p; Heading 2=h2; Heading 3=h3; Heading 4=h4",
    "link_default_protocol": "https",
    "valid_elements": (
        "p,h2,h3,h4,em/i,strong/b,a[href|title],ul,ol,li,blockquote,br,"
        "figure,figcaption,img[src|alt]"
    ),
    "entity_encoding": "raw",
    "convert_urls": False,
    "promotion": False,
    "license_key": "gpl",
}

if LANGUAGE_CODE.lower().startswith("en"):
    # English is built into TinyMCE; asking for en_GB would fetch a file it
    # does not ship (langs/en_GB.js: a 404 and console errors on every form).
    TINYMCE_DEFAULT_CONFIG["language"] = "en"

# --- Newsroom -------------------------------------------------------------
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "The Newsroom Chronicle")
NEWSROOM_PAGE_SIZE = 20
# The page cache (reader/page_cache): on unless NEWSROOM_PAGE_CACHE=0 (to
# measure and to debug). A page is served for NEWSROOM_PAGE_CACHE_SECONDS
# (never past the newsroom's midnight; what a reader can see changing renews
# the pages that show it at once), then kept NEWSROOM_PAGE_CACHE_STALE_SECONDS
# longer as the copy given out while one request renders the new one.
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", True)
NEWSROOM_PAGE_CACHE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_SECONDS", 60)
NEWSROOM_PAGE_CACHE_STALE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_STALE_SECONDS", 3600)
# Shared caches in front of the app (nginx, a CDN) that take HTTP PURGE: a
# withdrawn story's addresses are purged there at once. Comma-separated URLs
# with {path} for the address, e.g. http://nginx:8080/purge{path}.
NEWSROOM_PURGE_URLS = env_list("NEWSROOM_PURGE_URLS", [])
# While the database cannot be reached, a page cached before is given out
# as it was (never yesterday's, never one from before a withdrawal), and
# browsers and shared caches may keep that copy this long (never past the
# newsroom's midnight); a page never cached is a 503 with Retry-After.
NEWSROOM_OUTAGE_MAX_AGE = env_int("NEWSROOM_OUTAGE_MAX_AGE", 10)
# One render at a time per page under load (off only to measure the stampede).
NEWSROOM_PAGE_CACHE_LOCK = env_bool("NEWSROOM_PAGE_CACHE_LOCK", True)
# Each process also keeps the pages it served in its own memory for up to
# this many seconds (forgotten in every process when what they show
# changes; reader/page_cache/local.py); 0 turns that off.
NEWSROOM_PAGE_CACHE_LOCAL_SECONDS = env_int("NEWSROOM_PAGE_CACHE_LOCAL_SECONDS", 30)
# Live coverage: how often a reader's open page asks for new updates, and
# whether reporters may publish on a live story themselves (else editors do).
NEWSROOM_LIVE_POLL_SECONDS = env_int("NEWSROOM_LIVE_POLL_SECONDS", 20)
NEWSROOM_LIVE_REPORTERS_MAY_PUBLISH = env_bool("NEWSROOM_LIVE_REPORTERS_MAY_PUBLISH", False)

# Hostile input (README, "Hostile input"): a story's body longer than this
# many characters, or with elements nested deeper than this, is refused with a
# message before the sanitiser runs.
NEWSROOM_BODY_MAX_CHARS = env_int("NEWSROOM_BODY_MAX_CHARS", 200_000)
NEWSROOM_BODY_MAX_DEPTH = env_int("NEWSROOM_BODY_MAX_DEPTH", 100)

# Floods (README, "Hostile input"): searches running at once in one web
# process, and for one client across all of them (the shared cache counts);
# past either a search is answered 429 with Retry-After. The ninjs API takes
# NEWSROOM_API_RATE_LIMIT requests per client per NEWSROOM_API_RATE_WINDOW
# seconds (cached answers count too), then 429 until the window ends.
NEWSROOM_SEARCH_CONCURRENT = env_int("NEWSROOM_SEARCH_CONCURRENT", 4)
NEWSROOM_SEARCH_CONCURRENT_PER_CLIENT = env_int("NEWSROOM_SEARCH_CONCURRENT_PER_CLIENT", 2)
NEWSROOM_API_RATE_LIMIT = env_int("NEWSROOM_API_RATE_LIMIT", 120)
NEWSROOM_API_RATE_WINDOW = env_int("NEWSROOM_API_RATE_WINDOW", 60)
NEWSROOM_API_RATE_LIMIT_PATHS = env_list("NEWSROOM_API_RATE_LIMIT_PATHS", ["/api/"])

# A request's form fields (files aside) may take this many bytes, and a
# request this many fields, query parameters included; past either it is
# answered with the 400 page (newsroom/errors.py). A body of
# NEWSROOM_BODY_MAX_CHARS in any script fits in the default.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("NEWSROOM_MAX_FORM_BYTES", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("NEWSROOM_MAX_FORM_FIELDS", 1_000)
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# Publish readiness (articles/readiness.py): the longest headline the desk
# lets out, and whether every story needs a dateline.
NEWSROOM_HEADLINE_MAX_LENGTH = env_int("NEWSROOM_HEADLINE_MAX_LENGTH", 100)
NEWSROOM_DATELINE_REQUIRED = env_bool("NEWSROOM_DATELINE_REQUIRED", False)

# --- E-mail (desk notifications) --------------------------------------------
# Sent by the task queue, never during a save. With EMAIL_HOST set, through
# that SMTP server; without it, development prints mails to the console and
# production sends none (the desk still shows every notification).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")

# --- Photo library (images app) --------------------------------------------
# Uploads larger than this are refused before they are opened.
IMAGES_MAX_UPLOAD_BYTES = env_int("NEWSROOM_IMAGE_MAX_BYTES", 20 * 1024 * 1024)
# Decompression-bomb guard: refused on the declared size, before decoding.
IMAGES_MAX_PIXELS = env_int("NEWSROOM_IMAGE_MAX_PIXELS", 64_000_000)

# --- Two-factor login (accounts app) -----------------------------------------
# The name authenticator apps show beside the code.
OTP_TOTP_ISSUER = NEWSROOM_SITE_NAME
