import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

django_application = get_wsgi_application()

# Composed here, like the apps' URLs in newsroom.urls: pages this process
# served a moment ago are answered from the page cache's memory before
# Django runs (newsroom/hot_pages.py).
from django.core.cache import caches  # noqa: E402 - after Django is set up
from django.urls import get_resolver  # noqa: E402

from newsroom.hot_pages import HotPages  # noqa: E402
from reader.page_cache.local import KEEP_IN_PROCESS, recent  # noqa: E402

application = HotPages(django_application, memory=recent, keep_attribute=KEEP_IN_PROCESS)

# Import the views and the cache backend now, once, in gunicorn's master
# (it preloads the application): otherwise every new worker's first readers
# wait a fifth of a second for the imports.
get_resolver().url_patterns  # noqa: B018
caches["default"]
