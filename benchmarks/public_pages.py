"""Time the public pages with a few hundred articles: ``make bench``.

Not a test (speed targets never go in unit tests): it builds a throwaway
test database (SQLite, or PostgreSQL when DATABASE_URL says so), fills it
with ARTICLES stories, and prints per-page timings through Django's test
client, for cache misses (the page rendered from the database) and cache
hits (served from the page cache), with the queries each ran.
"""

import os
import statistics
import sys
import time
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "300"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))


def build_content() -> dict[str, str]:
    from django.utils import timezone

    from articles.models import Article, ArticleAuthor, Author, Dateline, Tag
    from banners.models import Announcement

    now = timezone.now()
    authors = [Author.objects.create(name=f"Reporter {i}", slug=f"reporter-{i}") for i in range(12)]
    tags = [
        Tag.objects.create(name=f"Topic {i}", slug=f"topic-{i}", in_navigation=i < 6)
        for i in range(20)
    ]
    datelines = [Dateline.objects.create(name=f"Place {i}", slug=f"place-{i}") for i in range(8)]
    body = "".join(
        f"<p>Paragraph {n} of a story about the harbour, the council and the budget.</p>"
        for n in range(12)
    )
    for i in range(ARTICLES):
        article = Article.objects.create(
            headline=f"Story {i}: council weighs the harbour plan",
            slug=f"story-{i}",
            standfirst="Residents will be asked for their views before the summer.",
            body=body,
            dateline=datelines[i % len(datelines)],
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=3 * i + 1),
        )
        ArticleAuthor.objects.create(article=article, author=authors[i % 12], position=0)
        ArticleAuthor.objects.create(
            article=article, author=authors[(i + 5) % 12], position=1, role="analysis"
        )
        article.tags.set([tags[i % 20], tags[(i * 7) % 20]])
    Announcement.objects.create(message="Polls close at 10pm", style="breaking")
    story = Article.objects.get(slug="story-5")
    day = story.publication_date
    return {
        "front page": "/",
        "front page 3": "/?page=3",
        "article": story.get_absolute_url(),
        "author": "/authors/reporter-3/",
        "tag": "/tags/topic-4/",
        "dateline": "/datelines/place-2/",
        "year archive": f"/{day.year}/",
        "day archive": f"/{day:%Y/%m/%d}/",
        "search": "/search/?q=harbour+council",
    }


def measure(client, url: str, *, cached: bool) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reader.page_cache.tokens import forget_pages

    timings = []
    queries = 0
    client.get(url)
    for _ in range(ROUNDS):
        if not cached:
            forget_pages()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}; the benchmark needs 200s")
        queries = len(captured)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], queries


def main() -> None:
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    # As in production: no template instrumentation (no test environment),
    # no query log; the test client's host allowed.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        urls = build_content()
        client = Client()
        print(
            f"{ARTICLES} published articles, {ROUNDS} requests a page, "
            f"database {connection.vendor}, cache {settings.CACHES['default']['BACKEND']}"
        )
        print(
            f"{'page':<14} {'miss median':>12} {'miss p95':>9} {'queries':>8} "
            f"{'hit median':>11} {'hit p95':>8} {'queries':>8}"
        )
        for name, url in urls.items():
            miss = measure(client, url, cached=False)
            hit = measure(client, url, cached=True)
            print(
                f"{name:<14} {miss[0]:>10.2f}ms {miss[1]:>7.2f}ms {miss[2]:>8} "
                f"{hit[0]:>9.2f}ms {hit[1]:>6.2f}ms {hit[2]:>8}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
