import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

django_application = get_wsgi_application()

# Composed here, like the apps' URLs in newsroom.urls: pages this process
# served a moment ago are answered from the page cache's memory before
# Django runs (newsroom/hot_pages.py).
from newsroom.hot_pages import HotPages  # noqa: E402 - after Django is set up
from reader.page_cache.local import KEEP_IN_PROCESS, recent  # noqa: E402

application = HotPages(django_application, memory=recent, keep_attribute=KEEP_IN_PROCESS)
