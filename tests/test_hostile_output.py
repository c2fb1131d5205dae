"""Output encoding: the banner's link and the feeds' titles (issue 14: 8, 9)."""

import html
import xml.etree.ElementTree as ET
from datetime import timedelta

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import timezone

from banners.models import Announcement

from .factories import ArticleFactory, AuthorFactory, TagFactory
from .html import banner

pytestmark = pytest.mark.django_db

# --- 8. The banner's link ---------------------------------------------------

HOSTILE_LINKS = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
]


def stored_around_the_form(link: str) -> Announcement:
    """An announcement written by code, not the admin form: a fixture, a shell, an import."""
    announcement = Announcement.objects.create(
        message="Polls close at 10pm", starts_at=timezone.now() - timedelta(minutes=5)
    )
    Announcement.objects.filter(pk=announcement.pk).update(link=link)
    from banners.state import refresh_record

    refresh_record()
    return announcement


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_the_model_refuses_a_link_that_is_not_http(link):
    announcement = Announcement(message="Polls close", link=link)
    with pytest.raises(ValidationError) as refused:
        announcement.full_clean()
    assert "link" in refused.value.message_dict
    with pytest.raises(ValidationError):
        announcement.save()
    assert not Announcement.objects.exists()


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_a_stored_hostile_link_is_not_rendered_as_a_link(client, link):
    stored_around_the_form(link)
    region = banner(client)
    assert "Polls close at 10pm" in region.get_text()
    assert region.select(".top-banner__message a") == []
    assert "script:" not in str(region).lower().replace("\t", "")


@pytest.mark.parametrize(
    "link", ["https://example.org/story?a=1&b=2", "http://example.org/", "/2024/01/02/story/"]
)
def test_web_links_still_work(client, link):
    stored_around_the_form(link)
    anchor = banner(client).select_one(".top-banner__message a")
    assert anchor["href"] == link
    assert anchor.get_text() == "Polls close at 10pm"


def test_the_message_is_escaped_inside_the_link():
    from banners.templatetags.banner_tags import banner_message

    shown = banner_message(Announcement(message="<b>Vote</b> & go", link="https://e.org/?a=1&b"))
    assert shown == '<a href="https://e.org/?a=1&amp;b">&lt;b&gt;Vote&lt;/b&gt; &amp; go</a>'


# --- 9. Feed titles and descriptions are text -------------------------------

NAME = "<script>alert('tag')</script> Rain & <b>wind</b>"
HEADLINE = "<img src=x onerror=alert(1)> Storm & <i>floods</i>"


@pytest.fixture
def hostile_sections():
    tag = TagFactory(name=NAME, slug="weather")
    author = AuthorFactory(name=NAME, slug="writer")
    ArticleFactory(headline=HEADLINE, tags=[tag], authors=[author])
    return tag, author


def rss_text(element) -> str:
    """What an RSS reader shows for ``element``: its XML text, read as HTML."""
    soup = BeautifulSoup(element.text, "html.parser")
    assert soup.find() is None, f"live markup in <{element.tag}>: {element.text!r}"
    return soup.get_text()


@pytest.mark.parametrize("url", ["/tags/weather/rss/", "/authors/writer/rss/", "/feeds/rss/"])
def test_rss_titles_and_descriptions_read_as_text(client, hostile_sections, url):
    content = client.get(url).content
    channel = ET.fromstring(content).find("channel")  # noqa: S314 - our own output
    if url != "/feeds/rss/":
        assert rss_text(channel.find("title")).startswith(NAME + " | ")
        assert NAME in rss_text(channel.find("description"))
    assert rss_text(channel.find("item/title")) == HEADLINE

    parsed = feedparser.parse(content)
    assert html.unescape(parsed.entries[0].title) == HEADLINE
    if url != "/feeds/rss/":
        assert html.unescape(parsed.feed.title).startswith(NAME)


ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("url", ["/tags/weather/atom/", "/authors/writer/atom/"])
def test_atom_titles_are_text_constructs(client, hostile_sections, url):
    root = ET.fromstring(client.get(url).content)  # noqa: S314 - our own output
    title = root.find(f"{ATOM}title")
    assert title.get("type", "text") == "text"
    assert title.text.startswith(NAME + " | ")
    entry_title = root.find(f"{ATOM}entry/{ATOM}title")
    assert entry_title.get("type", "text") == "text"
    assert entry_title.text == HEADLINE
    parsed = feedparser.parse(client.get(url).content)
    assert parsed.entries[0].title == HEADLINE
