"""Every outward format agrees on when a story last changed.

A story saved at 08:00 and scheduled for 10:00 is new at 10:00. Feeds and
sitemaps used to say it changed at 08:00 (an Atom ``<updated>`` before its
``<published>``) while JSON-LD and the API said 10:00.
"""

import json
import re
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

SAVED = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)
GOES_LIVE = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


@pytest.fixture
def scheduled_ahead(editor, time_machine):
    time_machine.move_to(SAVED, tick=False)
    article = ArticleFactory(headline="Budget day", status=Article.Status.DRAFT, published_at=None)
    workflow.transition(
        article,
        action=workflow.Action.SCHEDULE,
        user=editor,
        publish_at=GOES_LIVE,
    )
    time_machine.move_to(GOES_LIVE + timedelta(minutes=5), tick=False)
    return Article.objects.get(pk=article.pk)


def test_the_atom_feed_never_updates_a_story_before_it_was_published(client, scheduled_ahead):
    feed = feedparser.parse(client.get(reverse("distribution:latest-atom")).content)
    (entry,) = feed.entries
    assert entry.updated_parsed >= entry.published_parsed
    assert entry.updated == "2026-03-04T10:00:00+00:00"


def test_the_sitemap_lastmod_is_the_publication_time(client, scheduled_ahead):
    page = client.get(
        reverse("distribution:sitemap-section", kwargs={"section": "articles"})
    ).content.decode()
    assert "<lastmod>2026-03-04T10:00:00Z</lastmod>" in page
    index = client.get(reverse("distribution:sitemap-index")).content.decode()
    assert "2026-03-04T10:00:00Z" in index


def test_json_ld_and_ninjs_say_the_same(client, scheduled_ahead):
    page = client.get(scheduled_ahead.get_absolute_url()).content.decode()
    (json_ld,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)
    assert json.loads(json_ld)["dateModified"] == "2026-03-04T10:00:00Z"
    item = client.get(
        reverse("distribution:ninjs-detail", kwargs={"public_id": scheduled_ahead.public_id})
    ).json()
    assert item["versionCreated"] == item["firstCreated"] == "2026-03-04T10:00:00Z"


def test_the_api_lists_it_as_changed_since_before_it_went_out(client, scheduled_ahead):
    listing = client.get(
        reverse("distribution:ninjs-list"), {"since": "2026-03-04T09:00:00Z"}
    ).json()
    assert [item["headlines"][0]["value"] for item in listing["items"]] == ["Budget day"]
