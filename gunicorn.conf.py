"""Gunicorn settings for production; each can be overridden from the environment."""

import os

from newsroom.processes import web_processes

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# The same number the settings check against the cache (newsroom/processes.py).
workers = web_processes()
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak can never take a server down.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# The scheme behind our own proxy only, as Django believes it (newsroom/proxy.py).
forwarded_allow_ips = os.environ.get("NEWSROOM_TRUSTED_PROXIES") or "127.0.0.1"
wsgi_app = "newsroom.wsgi:application"
