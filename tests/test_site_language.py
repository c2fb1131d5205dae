"""One site, one language: NEWSROOM_LANGUAGE sets the page's ``lang``, the
feeds', ninjs' and the dates' formats together."""

import os
import subprocess
import sys
from datetime import UTC, datetime

import feedparser
import pytest

from .factories import ArticleFactory
from .html import page, visible_text

pytestmark = pytest.mark.django_db

SEED_DAY = datetime(2024, 4, 24, 12, 0, tzinfo=UTC)


@pytest.fixture
def seed_story(time_machine, settings):
    settings.NEWSROOM_TIME_ZONE = "UTC"
    time_machine.move_to(SEED_DAY)
    return ArticleFactory(
        headline="Syria peace talks",
        byline="By our correspondents",
        published_at=datetime(2017, 1, 18, 9, 0, tzinfo=UTC),
    )


def read(client, story):
    soup = page(client.get(story.get_absolute_url()))
    return (
        soup.html["lang"],
        visible_text(soup.select_one(".top-banner__date")),
        visible_text(soup.select_one(".story__date")),
    )


def test_english_keeps_the_seed_pages_formats(client, seed_story):
    assert read(client, seed_story) == ("en", "Wednesday April 24, 2024", "January 18, 2017")


def test_british_english_writes_day_month_year(client, settings, seed_story):
    settings.LANGUAGE_CODE = "en-gb"
    assert read(client, seed_story) == ("en-gb", "Wednesday 24 April 2024", "18 January 2017")


def test_feeds_and_ninjs_agree_with_the_page(client, settings, seed_story):
    settings.LANGUAGE_CODE = "en-gb"
    feed = feedparser.parse(client.get("/feeds/rss/").content)
    assert feed.feed.language == "en-gb"
    item = client.get(f"/api/ninjs/articles/{seed_story.public_id}/").json()
    assert item["language"] == "en-GB"


def test_an_unknown_language_refuses_to_start():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**os.environ, "NEWSROOM_LANGUAGE": "klingon", "DEBUG": "true"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "NEWSROOM_LANGUAGE='klingon' is not a language code" in result.stderr
