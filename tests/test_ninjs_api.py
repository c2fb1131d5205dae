"""The ninjs API partners read: published articles as IPTC ninjs 3.x."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from django.utils.http import http_date

from articles import workflow
from articles.models import Article, Author, Dateline, Tag

from .factories import ArticleFactory, AuthorFactory, DatelineFactory, TagFactory
from .ninjs_standard import assert_valid_ninjs
from .test_ninjs_import import run_import

pytestmark = pytest.mark.django_db

LIST_URL = "/api/ninjs/articles/"


def get_json(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.content
    return response.json()


def detail_url(article) -> str:
    return f"{LIST_URL}{article.public_id}/"


@pytest.fixture
def story():
    return ArticleFactory(
        headline="Ferry service resumes",
        standfirst="Boats sail again after the storm.",
        body="<p>The first ferry left at six.</p>",
        published_at=datetime(2024, 3, 4, 5, 6, 7, tzinfo=UTC),
        dateline=DatelineFactory(name="Bergen", country="Norway", slug="bergen"),
        authors=[AuthorFactory(name="Ana Diaz"), AuthorFactory(name="Sam Lee")],
        tags=[TagFactory(name="Transport", slug="transport")],
    )


class TestItems:
    def test_by_keeps_the_bylines_roles(self, client):
        article = ArticleFactory(
            authors=[
                AuthorFactory(name="Ana Diaz"),
                (AuthorFactory(name="Lee Chen"), "additional-reporting"),
                (AuthorFactory(name="Tomasz Nowak"), "photographs"),
            ]
        )
        assert get_json(client, detail_url(article))["by"] == (
            "Ana Diaz. Additional reporting by Lee Chen. Photographs by Tomasz Nowak"
        )

    def test_an_item_carries_the_article(self, client, story):
        item = get_json(client, detail_url(story))

        assert item["uri"] == f"urn:uuid:{story.public_id}"
        assert item["uri"].endswith(str(story.public_id))
        assert item["type"] == "text"
        assert item["headlines"] == [{"role": "main", "value": "Ferry service resumes"}]
        assert item["descriptions"][0]["value"] == "Boats sail again after the storm."
        assert item["bodies"] == [{"role": "main", "contentType": "text/html", "value": story.body}]
        assert item["by"] == "Ana Diaz and Sam Lee"
        assert item["located"] == "Bergen, Norway"
        assert item["firstCreated"] == "2024-03-04T05:06:07Z"
        assert item["subjects"] == [{"name": "Transport"}]
        assert item["language"] == "en"  # the site language, NEWSROOM_LANGUAGE
        assert "associations" not in item  # no lead image on this article

    def test_every_item_is_valid_ninjs_3(self, client, story):
        ArticleFactory(byline="By our correspondents", standfirst="", body="")
        ArticleFactory(language="sv", tags=[TagFactory(), TagFactory()])
        listing = get_json(client, LIST_URL)

        assert len(listing["items"]) == 3
        for item in listing["items"]:
            assert_valid_ninjs(item)
        assert_valid_ninjs(get_json(client, detail_url(story)))

    def test_a_free_text_byline_is_the_by_line(self, client):
        article = ArticleFactory(byline="By our correspondents")
        assert get_json(client, detail_url(article))["by"] == "By our correspondents"


class TestOnlyPublished:
    @pytest.mark.parametrize(
        "hidden",
        [
            {"status": Article.Status.DRAFT, "published_at": None},
            {"status": Article.Status.REVIEW, "published_at": None},
            {"status": Article.Status.WITHDRAWN},
            {"published_at": timezone.now() + timedelta(hours=1)},  # scheduled
        ],
        ids=["draft", "review", "withdrawn", "scheduled"],
    )
    def test_unpublished_articles_are_neither_listed_nor_served(self, client, hidden):
        visible = ArticleFactory()
        article = ArticleFactory(**hidden)

        uris = [item["uri"] for item in get_json(client, LIST_URL)["items"]]
        assert uris == [f"urn:uuid:{visible.public_id}"]
        error = get_json(client, detail_url(article), status=404)
        assert error == {"error": "No published article has this id."}

    def test_a_scheduled_article_appears_at_its_time(self, client, time_machine):
        time_machine.move_to(datetime(2024, 1, 1, 12, 0, tzinfo=UTC), tick=False)
        article = ArticleFactory(published_at=datetime(2024, 1, 1, 13, 0, tzinfo=UTC))
        assert get_json(client, LIST_URL)["items"] == []

        time_machine.move_to(datetime(2024, 1, 1, 13, 0, tzinfo=UTC), tick=False)
        assert get_json(client, detail_url(article))["headlines"][0]["value"] == article.headline


class TestPaging:
    def test_newest_first_with_a_cursor_to_the_end(self, client):
        now = timezone.now()
        articles = [ArticleFactory(published_at=now - timedelta(minutes=i)) for i in range(45)]
        # Two at the same moment still come in a fixed order, once each.
        ArticleFactory(published_at=articles[20].published_at)

        seen, url, pages = [], LIST_URL, 0
        while url:
            listing = get_json(client, url)
            seen += [item["uri"] for item in listing["items"]]
            url, pages = listing["next"], pages + 1

        assert pages == 3
        assert len(seen) == len(set(seen)) == 46
        assert seen[0] == f"urn:uuid:{articles[0].public_id}"
        assert seen[-1] == f"urn:uuid:{articles[-1].public_id}"

    def test_next_is_an_absolute_url_or_null(self, client):
        for _ in range(21):
            ArticleFactory()
        listing = get_json(client, LIST_URL)
        assert listing["next"].startswith("http://testserver/api/ninjs/articles/?cursor=")
        assert get_json(client, listing["next"])["next"] is None

    def test_since_keeps_what_changed_after_a_time(self, client, time_machine):
        time_machine.move_to(datetime(2024, 2, 1, tzinfo=UTC), tick=False)
        ArticleFactory(headline="Old news", published_at=datetime(2024, 1, 31, tzinfo=UTC))
        time_machine.move_to(datetime(2024, 2, 3, tzinfo=UTC), tick=False)
        fresh = ArticleFactory(headline="Fresh", published_at=datetime(2024, 2, 2, tzinfo=UTC))
        for _ in range(20):
            ArticleFactory(published_at=datetime(2024, 2, 2, 1, tzinfo=UTC))

        listing = get_json(client, f"{LIST_URL}?since=2024-02-02T00:00:00+00:00")
        second = get_json(client, listing["next"])

        headlines = [i["headlines"][0]["value"] for i in listing["items"] + second["items"]]
        assert len(headlines) == 21
        assert "Old news" not in headlines
        assert headlines[-1] == fresh.headline
        assert "since=2024-02-02T00%3A00%3A00%2B00%3A00&" in listing["next"]

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("since=yesterday", "since must be an ISO 8601 time with a time zone"),
            ("since=2024-02-02T00:00:00", "since must be an ISO 8601 time with a time zone"),
            ("since=", "since must be an ISO 8601 time"),
            ("cursor=not-a-cursor", "cursor is not one this API gave out"),
            ("cursor=%FF%FE", "cursor is not one this API gave out"),
            ("cursor=MjAyNHxhYmM", "cursor is not one this API gave out"),
            ("since=0001-01-01T00:00:00%2B14:00", "since must be an ISO 8601 time"),
            # "0001-01-01T00:00:00+14:00|1": before year 1 in UTC
            ("cursor=MDAwMS0wMS0wMVQwMDowMDowMCsxNDowMHwx", "cursor is not one this API"),
            # "2024-01-01T00:00:00+00:00|99999999999999999999": beyond any row id
            (
                "cursor=MjAyNC0wMS0wMVQwMDowMDowMCswMDowMHw5OTk5OTk5OTk5OTk5OTk5OTk5OQ",
                "cursor is not one this API",
            ),
        ],
    )
    def test_bad_parameters_are_a_400_with_a_json_error(self, client, query, message):
        ArticleFactory()
        response = client.get(f"{LIST_URL}?{query}")
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"].startswith(message)
        assert response["Access-Control-Allow-Origin"] == "*"


class TestCaching:
    def test_etag_and_last_modified_give_304(self, client, story):
        for url in (LIST_URL, detail_url(story)):
            response = client.get(url)
            # Revalidated every time (a change shows on the next request).
            assert response["Cache-Control"].startswith("public, max-age=0, s-maxage=")
            assert response["Last-Modified"] == http_date(story.updated_at.timestamp())

            again = client.get(url, headers={"If-None-Match": response["ETag"]})
            assert again.status_code == 304
            assert again.content == b""
            since = client.get(url, headers={"If-Modified-Since": response["Last-Modified"]})
            assert since.status_code == 304

    def test_a_change_changes_the_etag(self, client, story):
        etag = client.get(LIST_URL)["ETag"]
        detail_etag = client.get(detail_url(story))["ETag"]
        story.headline = "Ferry service resumes after storm"
        story.save()

        response = client.get(LIST_URL, headers={"If-None-Match": etag})
        assert response.status_code == 200
        assert client.get(detail_url(story))["ETag"] != detail_etag

    def test_a_withdrawal_changes_the_listing_etag(self, client, story, editor):
        other = ArticleFactory(published_at=story.published_at - timedelta(days=1))
        etag = client.get(LIST_URL)["ETag"]
        workflow.transition(other, action="withdraw", user=editor)
        assert client.get(LIST_URL, headers={"If-None-Match": etag}).status_code == 200


class TestCors:
    def test_get_may_be_read_from_any_origin(self, client, story):
        response = client.get(LIST_URL, headers={"Origin": "https://partner.example"})
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in response["Access-Control-Expose-Headers"]

    def test_a_preflight_allows_conditional_get_only(self, client, story):
        response = client.options(detail_url(story), headers={"Origin": "https://p.example"})
        assert response.status_code == 204
        assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
        assert "If-None-Match" in response["Access-Control-Allow-Headers"]

    def test_it_is_read_only(self, client, story):
        assert client.post(LIST_URL, {}).status_code == 405
        assert client.delete(detail_url(story)).status_code == 405
        assert Article.objects.filter(pk=story.pk).exists()


def test_round_trip_export_import_export_gives_the_same_ninjs(client, editor, tmp_path):
    """Export, import into an emptied database, export again: the same items."""
    ArticleFactory(
        headline="Ferry service resumes",
        published_at=datetime(2024, 3, 4, 5, 6, 7, tzinfo=UTC),
        dateline=DatelineFactory(name="Bergen", country="Norway"),
        authors=[AuthorFactory(name="Ana Diaz"), AuthorFactory(name="Sam Lee")],
        tags=[TagFactory(name="Transport", slug="transport"), TagFactory(name="Weather")],
    )
    ArticleFactory(
        byline="By our correspondents",
        standfirst="",
        body='<h2>Context</h2><p>A <a href="https://example.org/">link</a>.</p>',
        language="sv",
        published_at=datetime(2024, 3, 3, tzinfo=UTC),
        dateline=DatelineFactory(name="Oslo"),
    )
    first = get_json(client, LIST_URL)["items"]
    for index, item in enumerate(first):
        (tmp_path / f"{index}.json").write_text(json.dumps(item), "utf-8")

    Article.objects.all().delete()
    for model in (Author, Tag, Dateline):
        model.objects.all().delete()
    status, _, err = run_import("--user", editor.username, "--publish", str(tmp_path))
    assert (status, err) == (0, "")

    again = get_json(client, LIST_URL)["items"]
    for before, after in zip(first, again, strict=True):
        assert {k: v for k, v in after.items() if v != before.get(k)} == {}
    assert again == first


def test_an_imported_story_keeps_the_agency_version_until_the_desk_edits_it(
    client, editor, tmp_path
):
    item = {
        "uri": "urn:agency:ferry",
        "headlines": [{"value": "Ferry strike ends"}],
        "firstCreated": "2024-03-01T09:00:00Z",
        "versionCreated": "2024-03-01T10:00:00Z",
    }
    (tmp_path / "ferry.json").write_text(json.dumps(item), "utf-8")
    run_import("--user", editor.username, "--publish", str(tmp_path))
    article = Article.objects.get(source_uri="urn:agency:ferry")
    assert get_json(client, detail_url(article))["versionCreated"] == "2024-03-01T10:00:00Z"

    article.headline = "Ferry strike ends after two days"
    article.save()

    version = get_json(client, detail_url(article))["versionCreated"]
    assert version == article.updated_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
