"""Pages rendered with the page cache off reuse kept pieces, and never show an old one.

With ``NEWSROOM_PAGE_CACHE`` off every request runs its view: the database
says which stories a page shows, and the pieces kept by each story's
version (its text, its card, the masthead's sections, the topic blocks, a
page of search results) save rendering them. Each check is what a reader
would notice: the same page again costs one or two queries, and an edit, a
renamed author, a correction, a withdrawal or a new story shows on the very
next request.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import corrections, workflow
from articles.models import Article, ArticleNote
from reader import fragments

from .admin_forms import change_form, change_url
from .factories import (
    ArticleFactory,
    AuthorFactory,
    DatelineFactory,
    TagFactory,
    make_library_image,
)
from .html import page, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    settings.NEWSROOM_PAGE_CACHE = False


def queries(client, url: str) -> tuple[int, str]:
    """How many queries the page at ``url`` ran, and its text as shown."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return len(captured), visible_text(page(response))


def shown(client, url: str) -> str:
    return visible_text(page(client.get(url)))


@pytest.fixture
def story():
    return ArticleFactory(
        headline="Bridge reopens",
        body="<p>The bridge reopened at dawn.</p>",
        authors=[AuthorFactory(name="Ana Lima", slug="ana")],
        tags=[TagFactory(name="Transport", slug="transport", in_navigation=True)],
        dateline=DatelineFactory(name="Lisbon", slug="lisbon"),
    )


def test_the_article_page_again_costs_no_query(client, story):
    cold, first = queries(client, story.get_absolute_url())
    warm, again = queries(client, story.get_absolute_url())

    assert warm == 0, "its text, title, related stories and sections are kept"
    assert cold > warm
    assert again == first
    assert "The bridge reopened at dawn." in again


def test_an_edit_shows_on_the_next_request(client, editor_client, story):
    client.get(story.get_absolute_url())
    edited = change_form(story, headline="Bridge reopens after repairs")
    assert editor_client.post(change_url(story), edited).status_code == 302

    assert "Bridge reopens after repairs" in shown(client, story.get_absolute_url())


def test_a_renamed_author_shows_on_the_story_and_its_card(client, story):
    """The story's row did not change; the author's did, and renewed what shows it."""
    client.get(story.get_absolute_url())
    client.get("/")
    author = story.authors.get()
    author.name = "Ana Lima Costa"
    author.save()

    assert "Ana Lima Costa" in shown(client, story.get_absolute_url())
    assert "Ana Lima Costa" in shown(client, "/")


def test_a_correction_shows_on_the_next_request(client, editor, story):
    client.get(story.get_absolute_url())
    corrections.add_note(
        story, kind=ArticleNote.Kind.CORRECTION, text="The bridge is on the Tagus.", user=editor
    )
    assert "The bridge is on the Tagus." in shown(client, story.get_absolute_url())


def test_a_withdrawn_story_leaves_every_page_at_once(client, editor, story):
    other = ArticleFactory(headline="Choir wins prize", tags=list(story.tags.all()))
    for url in ("/", story.get_absolute_url(), other.get_absolute_url(), "/tags/transport/"):
        assert "Bridge reopens" in client.get(url).content.decode()

    workflow.transition(story, action="withdraw", user=editor)

    assert client.get(story.get_absolute_url()).status_code == 410
    for url in ("/", other.get_absolute_url(), "/tags/transport/"):
        assert "Bridge reopens" not in client.get(url).content.decode(), url


def test_list_pages_again_cost_no_query(client, story):
    ArticleFactory.create_batch(24, tags=list(story.tags.all()))
    for url in ("/", "/?page=2", "/tags/transport/", "/authors/ana/", "/datelines/lisbon/"):
        queries(client, url)
        warm, _ = queries(client, url)
        # the section's row, the page's rows (and the front page's pinned
        # stories) are kept until what the list shows changes
        assert warm == 0, url


def test_a_story_edited_on_a_list_shows_on_the_list_at_once(client, editor_client, story):
    for url in ("/", "/tags/transport/", "/authors/ana/"):
        client.get(url)
    edited = change_form(story, headline="Bridge reopens to cyclists")
    assert editor_client.post(change_url(story), edited).status_code == 302

    for url in ("/", "/tags/transport/", "/authors/ana/"):
        assert "Bridge reopens to cyclists" in shown(client, url), url


def test_a_renamed_topic_shows_on_its_page_at_once(client, story):
    client.get("/tags/transport/")
    tag = story.tags.get()
    tag.name = "Getting around"
    tag.save()

    assert "Getting around" in shown(client, "/tags/transport/")


def test_a_new_story_shows_on_lists_and_in_search_at_once(client, story):
    for url in ("/", "/tags/transport/", "/search/?q=bridge"):
        client.get(url)
    assert queries(client, "/search/?q=bridge")[0] == 0, "the same words again: kept results"

    ArticleFactory(
        headline="Second bridge closes", body="<p>Another bridge.</p>", tags=list(story.tags.all())
    )

    for url in ("/", "/tags/transport/", "/search/?q=bridge"):
        assert "Second bridge closes" in shown(client, url), url


def test_a_section_added_to_the_masthead_shows_on_every_page(client, story):
    client.get(story.get_absolute_url())
    TagFactory(name="Weather", slug="weather", in_navigation=True)
    html = client.get(story.get_absolute_url()).content.decode()
    assert 'href="/tags/weather/"' in html


def test_the_current_section_is_marked_on_its_own_page_only(client, story):
    client.get("/")  # the masthead's sections are kept now
    own = client.get("/tags/transport/").content.decode()
    front = client.get("/").content.decode()
    assert 'href="/tags/transport/" aria-current="page"' in own
    assert 'aria-current="page"' not in front


def test_a_preview_shows_the_unsaved_copy_not_the_kept_story(client, editor_client, story):
    """The kept story is by version; a preview's text was never saved."""
    client.get(story.get_absolute_url())
    data = change_form(story, body="<p>Not saved yet: the bridge shut again.</p>")
    response = editor_client.post(f"/admin/articles/article/{story.pk}/preview/", data)
    assert response.status_code == 200
    assert "Not saved yet: the bridge shut again." in visible_text(page(response))
    assert Article.objects.get(pk=story.pk).body == "<p>The bridge reopened at dawn.</p>"


def test_a_story_scheduled_for_later_shows_on_kept_pieces_when_its_time_comes(
    client, time_machine, story
):
    """Going live by the clock writes nothing; the next page renews what shows it."""
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    ArticleFactory(
        headline="Tide tables for the bridge",
        published_at=now + timedelta(minutes=5),
        tags=list(story.tags.all()),
    )
    pages = (story.get_absolute_url(), "/search/?q=bridge", "/", "/tags/transport/")
    for url in pages:
        assert "Tide tables for the bridge" not in shown(client, url), url

    time_machine.move_to(now + timedelta(minutes=6), tick=False)
    for url in pages:
        assert "Tide tables for the bridge" in shown(client, url), url


def test_a_years_calendar_shows_a_new_month_at_once(client, time_machine):
    time_machine.move_to(datetime(2026, 6, 15, 12, 0, tzinfo=UTC), tick=False)
    ArticleFactory(published_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    assert "May 2026" not in shown(client, "/2026/")

    ArticleFactory(published_at=datetime(2026, 5, 20, 9, 0, tzinfo=UTC))
    assert "May 2026" in shown(client, "/2026/")


def test_sizes_made_by_the_renditions_command_show_on_kept_cards(client):
    picture = make_library_image(1200, 800, renditions=False)
    ArticleFactory(headline="Harbour at dusk", lead_image=picture)
    before = client.get("/").content.decode()
    assert "srcset=" not in before  # only the original, until its sizes exist

    call_command("generate_renditions")

    assert "srcset=" in client.get("/").content.decode()


def test_a_deploy_never_reuses_an_older_releases_pieces(client, story, monkeypatch):
    queries(client, story.get_absolute_url())
    assert queries(client, story.get_absolute_url())[0] == 0

    monkeypatch.setattr(fragments, "release", lambda: "a-newer-release")

    assert queries(client, story.get_absolute_url())[0] > 0, "rendered again by the new code"
