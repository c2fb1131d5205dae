"""Gunicorn settings for production, with the reason for each; most can be
overridden from the environment (README, "Configuration")."""

import os

from newsroom.processes import web_processes

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# The same number the settings check against the cache (newsroom/processes.py).
workers = web_processes()
# Two threads per process: a request waiting on the database or Redis does
# not hold up the next one, and memory stays that of one process.
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# gunicorn's threaded worker, except that a connection it promised to keep
# open is not cut when the worker is recycled (newsroom/workers.py: the
# stock one reset 19 of 400 kept-alive requests with max_requests=20).
worker_class = "newsroom.workers.KeepAliveThreadWorker"
# A request taking longer than this is stuck (every page renders in well
# under a second; the soak's PostgreSQL restart holds one for ~2 s): the
# worker is killed and replaced; its open transaction rolls back.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# A stopping worker (recycled, or on a deploy's graceful restart) finishes
# what it has in hand, including requests on kept-alive connections, for up
# to this long; longer than keepalive so an idle connection is let go by its
# own timeout, not cut by the shutdown.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
# Idle kept-alive connections are closed after this many seconds. nginx's
# upstream keepalive_timeout (deploy/nginx.conf, 4 s) is shorter, so nginx
# always closes an idle connection first and never sends a request on one
# gunicorn is closing (which, for a POST, nginx would not retry).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle a worker after this many requests so a slow leak can never take a
# server down; the jitter spreads the restarts so the workers never all
# restart at once. With the worker above, a recycle drops no request, but a
# new worker starts cold (connections, templates, its own copies of pages):
# at breaking-news rates (1,000+ page-cache hits a second per worker) 2,000
# recycled every worker every two seconds, and made the p99 of a cached page
# 42 ms where it is 8 ms with 20,000 (make bench, docs/performance.md).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))
# Load Django once in the master and fork workers from it: a recycled
# worker is serving within milliseconds instead of after the seconds an
# import takes (the soak saw both workers recycled at once and readers wait
# ~10 s without it). Nothing connects at import time (no database, cache or
# broker connection is shared across the fork); a deploy restarts the
# master to load new code.
preload_app = True
accesslog = "-"
errorlog = "-"
# The scheme behind our own proxy only, as Django believes it (newsroom/proxy.py).
forwarded_allow_ips = os.environ.get("NEWSROOM_TRUSTED_PROXIES") or "127.0.0.1"
wsgi_app = "newsroom.wsgi:application"
