"""Newsroom settings, read from the environment (12-factor).

Every knob a deployment needs is an environment variable; nothing here is
edited per machine. Development (``DEBUG=true``) gets safe conveniences: a
secret key generated once into the git-ignored ``var/`` folder and plain-http
cookies. Production (``DEBUG`` off, the default) refuses to start without a
real ``SECRET_KEY`` and turns the HTTPS-only protections on.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsroom.media_storage import media_storage_from_env
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
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "tinymce",
    "reversion",
    # Newsroom's apps, from the domain up (README, "Architecture").
    "articles",
    "jobs",
    "images",
    "banners",
    "reader",
    "distribution",
    "desk",
    "demo",
]

MIDDLEWARE = [
    # /healthz and /readyz, answered before host checks and HTTPS redirects.
    "newsroom.health.HealthCheckMiddleware",
    # The client's address and scheme, believed only from our own proxy.
    "newsroom.proxy.TrustedProxyMiddleware",
    "newsroom.observability.RequestIdMiddleware",
    "newsroom.observability.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Public pages from the shared cache: after the headers every response
    # carries, before sessions, auth, CSRF and messages (a hit needs none).
    "reader.page_cache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
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
}

# --- Auth -----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# --- Time and language ----------------------------------------------------
LANGUAGE_CODE = os.environ.get("NEWSROOM_LANGUAGE", "en-gb")
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
# One render at a time per page under load (off only to measure the stampede).
NEWSROOM_PAGE_CACHE_LOCK = env_bool("NEWSROOM_PAGE_CACHE_LOCK", True)

# --- Photo library (images app) --------------------------------------------
# Uploads larger than this are refused before they are opened.
IMAGES_MAX_UPLOAD_BYTES = env_int("NEWSROOM_IMAGE_MAX_BYTES", 20 * 1024 * 1024)
# Decompression-bomb guard: refused on the declared size, before decoding.
IMAGES_MAX_PIXELS = env_int("NEWSROOM_IMAGE_MAX_PIXELS", 64_000_000)
