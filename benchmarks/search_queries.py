"""Time reader search over an existing archive: ``python -m benchmarks.search_queries``.

Not a test. Point DATABASE_URL at a filled PostgreSQL database (for
instance 100,000 stories from ``manage.py generate_articles``); the page
cache is switched off, so every request runs the search. The 50 queries are
drawn from the archive itself: its 5 commonest words (from a sample of the
stored search documents), words from common to rare, pairs, phrases,
exclusions, ``or``, an author's name and a word found nowhere. Each is
requested ROUNDS times through Django's test client; p50 and p95 are
printed for the first (cold) round and for the rest.
"""

import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ["NEWSROOM_PAGE_CACHE"] = "0"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
QUERIES = 50


def word_ranks() -> list[str]:
    """Lexemes by how many sampled stories contain them, commonest first."""
    from django.db import connection

    with connection.cursor() as cursor:
        sample = (
            "SELECT search_vector FROM articles_article "
            "WHERE search_vector IS NOT NULL ORDER BY id DESC LIMIT 2000"
        )
        cursor.execute(
            "SELECT word FROM ts_stat(%s) WHERE length(word) > 2 ORDER BY ndoc DESC, word",
            [sample],
        )
        return [row[0] for row in cursor.fetchall()]


def build_queries() -> list[str]:
    from articles.models import Article, Author

    words = word_ranks()
    if len(words) < 600:
        sys.exit("Too few words in the archive: fill it first (generate_articles).")
    commonest = words[:5]
    spread = [words[rank] for rank in (8, 15, 30, 60, 100, 150, 250, 400, 550, 599)]
    rare = words[-5:]
    headlines = list(
        Article.objects.published().order_by("-pk").values_list("headline", flat=True)[:40]
    )
    phrases = [
        '"' + " ".join(headline.split()[1:3]) + '"'
        for headline in headlines
        if len(headline.split()) >= 3
    ][:6]
    pairs = [f"{commonest[i]} {spread[i]}" for i in range(5)]
    pairs += [f"{spread[i]} {spread[i + 5]}" for i in range(4)]
    exclusions = [f"{commonest[i]} -{commonest[i + 1]}" for i in range(4)]
    alternatives = [f"{rare[i]} or {spread[i]}" for i in range(3)]
    names = [Author.objects.order_by("pk").values_list("name", flat=True).first() or "nobody"]
    queries = [
        *commonest,
        *spread,
        *rare,
        *phrases,
        *pairs,
        *exclusions,
        *alternatives,
        *names,
        "zzqxnothingmatches",
    ]
    while len(queries) < QUERIES:
        queries.append(f"{words[len(queries) * 7]} {words[len(queries) * 11]}")
    return queries[:QUERIES]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    if connection.vendor != "postgresql" or not settings.DATABASES["default"].get("NAME"):
        sys.exit("Set DATABASE_URL to a filled PostgreSQL database.")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    queries = build_queries()
    rounds: list[list[float]] = []
    slowest: dict[str, float] = {}
    for _round in range(ROUNDS):
        timings = []
        for query in queries:
            started = time.perf_counter()
            response = client.get("/search/", {"q": query})
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                sys.exit(f"{query!r}: HTTP {response.status_code}")
            timings.append(elapsed)
            slowest[query] = max(slowest.get(query, 0.0), elapsed)
        rounds.append(timings)
    print(f"{len(queries)} queries, {ROUNDS} rounds, page cache off")
    print("commonest words:", ", ".join(queries[:5]))
    cold, warm = rounds[0], [t for timings in rounds[1:] for t in timings] or rounds[0]
    for label, timings in (("cold (round 1)", cold), ("warm (rounds 2+)", warm)):
        print(
            f"{label:18} p50 {statistics.median(timings):7.1f} ms   "
            f"p95 {percentile(timings, 0.95):7.1f} ms   max {max(timings):7.1f} ms"
        )
    print("slowest queries:")
    for query, elapsed in sorted(slowest.items(), key=lambda item: -item[1])[:5]:
        print(f"  {elapsed:7.1f} ms  {query}")


if __name__ == "__main__":
    main()
