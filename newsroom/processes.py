"""How many web processes this instance runs: gunicorn.conf.py and the settings agree.

Imports no app (and no Django), so gunicorn's config file can use it.
"""

import multiprocessing
import os


def web_processes() -> int:
    """``WEB_CONCURRENCY``, or two per core plus one (gunicorn's rule of thumb)."""
    raw = os.environ.get("WEB_CONCURRENCY", "").strip()
    return int(raw) if raw else multiprocessing.cpu_count() * 2 + 1
