"""The Celery application: ``celery --app jobs.celery_app worker`` (and ``beat``).

Configured from Django's settings (``CELERY_*``); tasks live in each app's
``tasks.py``. Loaded with Django (``JobsConfig.ready``), so every app's
``@shared_task`` binds to it. Everything that sends a task names this app,
never Celery's "current app", which a test plugin or a library may swap.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
