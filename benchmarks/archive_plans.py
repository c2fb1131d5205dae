"""Each public page's queries with PostgreSQL's own timing: ``python -m benchmarks.archive_plans``.

Not a test. Point DATABASE_URL at a filled PostgreSQL database (e.g.
100,000 stories from ``manage.py generate_articles``). With the page cache
off, every page below is requested once to warm up and once more while its
queries are captured; each captured SELECT is then run again under
``EXPLAIN (ANALYZE, BUFFERS)``. Printed: each page's response time, each
query's execution time (flagged over 5 ms, the budget for a non-search
query), and with ``--plans`` the plans themselves (docs/performance.md
quotes them). ``--admin`` adds the desk's article list as a superuser.
"""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ["NEWSROOM_PAGE_CACHE"] = "0"
BUDGET_MS = 5.0


def sample_urls() -> list[str]:
    """The archive's pages, chosen from the data: busiest and quietest sections too."""
    from django.db.models import Count
    from django.utils import timezone

    from articles.models import Article, Author, Dateline, Tag

    published = Article.objects.published()
    story = published.order_by("-published_at").first()
    old_story = published.order_by("published_at").first()
    if story is None or old_story is None:
        sys.exit("No published stories: fill the database first.")
    busy_tag = Tag.objects.annotate(n=Count("articles")).order_by("-n").first()
    quiet_tag = Tag.objects.annotate(n=Count("articles")).filter(n__gt=0).order_by("n").first()
    busy_author = Author.objects.annotate(n=Count("articles")).order_by("-n").first()
    dateline = Dateline.objects.annotate(n=Count("articles")).order_by("-n").first()
    year = timezone.localdate().year - 3
    urls = [
        "/",
        "/?page=2",
        "/?page=250",
        story.get_absolute_url(),
        old_story.get_absolute_url(),
        f"/{year}/",
        f"/{year}/06/",
        f"/{year}/06/15/",
        "/corrections/",
        "/feeds/rss/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-articles.xml?p=19",
        "/sitemap-tags.xml",
        "/sitemap-authors.xml",
        "/sitemap-news.xml",
        "/api/ninjs/articles/",
    ]
    for section in (busy_tag, quiet_tag, busy_author, dateline):
        if section is not None:
            urls += [section.get_absolute_url(), section.get_absolute_url() + "?page=3"]
    if busy_tag is not None:
        urls.append(f"/tags/{busy_tag.slug}/rss/")
    return urls


def explain(sql: str) -> tuple[float, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        lines = [row[0] for row in cursor.fetchall()]
    execution = next(line for line in lines if line.startswith("Execution Time"))
    return float(execution.split(":")[1].split()[0]), "\n".join(lines)


def main() -> None:
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a filled PostgreSQL database.")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    show_plans = "--plans" in sys.argv
    client = Client()
    urls = sample_urls()
    if "--admin" in sys.argv:
        admin, _created = get_user_model().objects.get_or_create(
            username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
        )
        client.force_login(admin)
        urls += [
            "/admin/articles/article/",
            "/admin/articles/article/?status=published",
            "/admin/articles/article/?p=40",
            "/admin/articles/article/?q=harbour",
        ]
    over = 0
    for url in urls:
        client.get(url)  # warm
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        print(f"\n{url}  HTTP {response.status_code}  {elapsed:.1f} ms, {len(captured)} queries")
        for query in captured:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            took, plan = explain(sql)
            slow = took > BUDGET_MS and "search_vector" not in sql
            over += slow
            print(f"  {'OVER ' if slow else ''}{took:7.2f} ms  {sql[:110]}")
            if show_plans:
                print("    " + plan.replace("\n", "\n    "))
    print(f"\n{over} non-search queries over {BUDGET_MS} ms")


if __name__ == "__main__":
    main()
