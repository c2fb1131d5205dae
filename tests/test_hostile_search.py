"""Search and the API under hostile queries and floods (issue 14: 4, 7).

The suite runs on SQLite and again on PostgreSQL (CI); the tsquery faults
are PostgreSQL's and are exercised in that run by the same tests.
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from articles.search import MAX_SEARCH_TERMS, web_search_text

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


# --- 4. Dashes and other operator soup ------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "-" * 33,
        "-" * 200,
        "- " * 100,
        "-" * 40 + "budget",
        '"' + "- " * 60 + '"',
        "or " * 80,
        "-or " * 80,
        "!" * 50 + "(" * 50,
        " ".join(["word"] * 150),
        " or ".join(f'"w{n}"' for n in range(80)),
    ],
    ids=[
        "33",
        "200",
        "spaced",
        "before-word",
        "quoted",
        "ors",
        "not-ors",
        "bangs",
        "many",
        "phrases",
    ],
)
def test_operator_soup_is_searched_not_a_500(client, query):
    ArticleFactory(headline="Council budget approved", body="<p>The budget passed.</p>")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "Search" in response.content.decode()


def test_dashes_before_a_word_still_find_it(client):
    ArticleFactory(headline="Council budget approved", body="<p>The budget passed.</p>")
    page = client.get("/search/", {"q": "-" * 40 + "budget"}).content.decode()
    assert "Council budget approved" not in page  # "----budget" excludes budget
    page = client.get("/search/", {"q": "budget " + "- " * 40}).content.decode()
    assert "Council budget approved" in page


def test_the_database_is_given_a_bounded_query():
    text = web_search_text(" ".join(f"w{n}" for n in range(500)) + " " + "-x " * 500)
    assert text.count('"') == 2 * MAX_SEARCH_TERMS
    assert web_search_text("-" * 500) == ""
    assert web_search_text("- - - budget -census") == '"budget" -"census"'
    assert web_search_text('red "kite festival" or owl') == '"red" "kite festival" or "owl"'


def test_the_database_accepts_every_bounded_query():
    """Straight to PostgreSQL's parser (on SQLite: the fallback's parser)."""
    for query in ["-" * 33, "- " * 200, '"' + "- " * 60 + '"', "-or " * 80, "a" + "-" * 99]:
        text = web_search_text(query)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT websearch_to_tsquery('english', %s)::text", [text])
                cursor.fetchone()


# --- 7. Floods --------------------------------------------------------------


class SlowSearches:
    """Searches that take as long as the test says: each waits for ``release``."""

    def __init__(self, monkeypatch):
        import reader.views

        self.inside = threading.Semaphore(0)
        self.release = threading.Event()
        real = reader.views.search_articles

        def slow(published, query):
            self.inside.release()
            self.release.wait(10)
            return real(published, query)

        monkeypatch.setattr(reader.views, "search_articles", slow)
        self.threads: list[threading.Thread] = []
        self.statuses: list[int] = []

    def start(self, query: str, address: str) -> None:
        def run():
            try:
                response = Client(REMOTE_ADDR=address).get("/search/", {"q": query})
                self.statuses.append(response.status_code)
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        self.threads.append(thread)
        assert self.inside.acquire(timeout=10), "the search never started"

    def finish(self) -> list[int]:
        self.release.set()
        for thread in self.threads:
            thread.join(10)
        return self.statuses


@pytest.fixture
def slow_searches(monkeypatch):
    searches = SlowSearches(monkeypatch)
    yield searches
    searches.finish()


def test_one_client_gets_a_429_past_its_concurrent_searches(slow_searches, settings):
    settings.NEWSROOM_SEARCH_CONCURRENT_PER_CLIENT = 2
    slow_searches.start("first", "203.0.113.5")
    slow_searches.start("second", "203.0.113.5")

    refused = Client(REMOTE_ADDR="203.0.113.5").get("/search/", {"q": "third"})
    other = Client(REMOTE_ADDR="198.51.100.7")
    other_thread_ok = other.get("/search/", {"q": "unrelated"})

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "no-store" in refused["Cache-Control"]
    assert "Too many searches" in refused.content.decode()
    assert other_thread_ok.status_code == 200
    assert slow_searches.finish() == [200, 200]
    # Their searches are over: the client may search again.
    assert Client(REMOTE_ADDR="203.0.113.5").get("/search/", {"q": "fourth"}).status_code == 200


def test_the_process_caps_concurrent_searches_for_everyone(slow_searches, settings):
    settings.NEWSROOM_SEARCH_CONCURRENT = 2
    slow_searches.start("first", "203.0.113.1")
    slow_searches.start("second", "203.0.113.2")

    refused = Client(REMOTE_ADDR="203.0.113.3").get("/search/", {"q": "third"})

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert slow_searches.finish() == [200, 200]


def test_a_refused_search_is_not_cached(client, settings):
    settings.NEWSROOM_SEARCH_CONCURRENT = 0
    assert client.get("/search/", {"q": "budget"}).status_code == 429
    settings.NEWSROOM_SEARCH_CONCURRENT = 4
    assert client.get("/search/", {"q": "budget"}).status_code == 200


API = "/api/ninjs/articles/"


def test_the_api_is_rate_limited_per_client(settings):
    settings.NEWSROOM_API_RATE_LIMIT = 3
    settings.NEWSROOM_API_RATE_WINDOW = 60
    ArticleFactory()
    partner = Client(REMOTE_ADDR="203.0.113.9")
    answers = [partner.get(API, {"since": f"2024-01-0{n}T00:00:00Z"}) for n in range(1, 5)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "rate limit" in refused.json()["error"]
    assert refused["Access-Control-Allow-Origin"] == "*"
    # Cached answers count too: the limit is on the client, not the work.
    assert partner.get(API).status_code == 429
    assert Client(REMOTE_ADDR="198.51.100.2").get(API).status_code == 200
    # Readers' pages are not the API's.
    assert partner.get("/").status_code == 200


def test_the_window_ends(settings, time_machine):
    settings.NEWSROOM_API_RATE_LIMIT = 1
    settings.NEWSROOM_API_RATE_WINDOW = 60
    time_machine.move_to("2026-12-01T10:00:00Z", tick=False)
    partner = Client(REMOTE_ADDR="203.0.113.9")
    assert partner.get(API).status_code == 200
    assert partner.get(API).status_code == 429
    time_machine.move_to("2026-12-01T10:01:01Z", tick=False)
    assert partner.get(API).status_code == 200


def test_clients_behind_our_proxy_are_told_apart_and_forgers_are_not(settings):
    settings.NEWSROOM_API_RATE_LIMIT = 1
    settings.NEWSROOM_TRUSTED_PROXIES = ["10.0.0.1"]
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    assert proxy.get(API, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 200
    assert proxy.get(API, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 200
    assert proxy.get(API, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429

    forger = Client(REMOTE_ADDR="198.51.100.50")
    assert forger.get(API, HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 200
    assert forger.get(API, HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 429
