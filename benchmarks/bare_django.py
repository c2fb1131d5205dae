"""The reference the live polling address is measured against: bare Django answering 304.

A project as ``django-admin startproject`` makes it (its default middleware:
security, sessions, common, CSRF, auth, messages, clickjacking), with one
view that answers a conditional GET from a fixed ETag: no database, no
cache, no templates. ``BARE_DJANGO_STACK=none`` drops the middleware too,
the least any Django process can do. Served by gunicorn with the same
workers and threads as Newsroom (``benchmarks/live_polling.py``).
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.http import etag

ETAG = "reference-etag"
STARTPROJECT_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
BARE = os.environ.get("BARE_DJANGO_STACK", "stock") == "none"

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[] if BARE else STARTPROJECT_MIDDLEWARE,
    INSTALLED_APPS=[]
    if BARE
    else [
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    SECRET_KEY="reference-only-no-secrets-here",  # noqa: S106 - serves nothing secret
)


@etag(lambda request: ETAG)
def updates(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"ended": False, "updates": []})


urlpatterns = [path("updates.json", updates)]
application = get_wsgi_application()
