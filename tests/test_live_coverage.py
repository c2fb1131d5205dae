"""Live coverage: the domain's rules, the desk's compact form, the reader's page,
the polling address and its cache, and what goes out (JSON-LD, Atom, ninjs)."""

import json
import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from articles import live, workflow
from articles.models import Article, LiveUpdate
from reader.page_cache.policy import path_token
from reader.page_cache.tokens import token_key

from .factories import ArticleFactory, AuthorFactory
from .html import page, visible_text
from .live import add_updates, live_story
from .ninjs_standard import assert_valid_ninjs
from .test_structured_data import json_ld

pytestmark = pytest.mark.django_db


def post(article, user, body="<p>The bridge is closed.</p>", **kwargs):
    kwargs.setdefault("idempotency_key", uuid.uuid4())
    kwargs.setdefault("publish", True)
    update, _ = live.post_update(article, user=user, body=body, **kwargs)
    return update


def polling_url(article):
    day = article.publication_date
    return reverse(
        "articles:live-updates",
        kwargs={"year": day.year, "month": day.month, "day": day.day, "slug": article.slug},
    )


def page_token(article):
    return cache.get(token_key(path_token(article.publication_date, article.slug)))


# --- The domain ---------------------------------------------------------------
def test_only_published_not_removed_updates_of_a_published_story_are_visible(editor):
    story = live_story()
    shown = post(story, editor)
    draft = post(story, editor, publish=False)
    removed = live.remove_update(post(story, editor), user=editor)
    unpublished = live_story(status=Article.Status.REVIEW, published_at=None)
    hidden = post(unpublished, editor)
    visible = set(LiveUpdate.objects.visible())
    assert visible == {shown}
    assert {draft, removed, hidden}.isdisjoint(visible)
    assert LiveUpdate.objects.filter(pk=removed.pk, removed_at__isnull=False).exists()


def test_coverage_runs_from_start_to_end_and_only_editors_switch_it(editor, reporter):
    story = ArticleFactory()
    assert not story.in_live_coverage
    with pytest.raises(PermissionDenied):
        workflow.start_live(story, user=reporter)
    workflow.start_live(story, user=editor)
    story.refresh_from_db()
    assert story.in_live_coverage
    assert story.live_started_at.tzinfo is not None
    workflow.end_live(story, user=editor)
    story.refresh_from_db()
    assert story.live_coverage_ended
    assert not story.in_live_coverage


def test_an_end_still_to_come_is_still_live():
    story = live_story(live_ended_at=timezone.now() + timedelta(hours=1))
    assert story.in_live_coverage


def test_the_body_is_sanitised_and_plain_text_becomes_paragraphs(editor):
    story = live_story()
    update = post(story, editor, body="Line one\nline two\n\n5 < 6 & more")
    assert update.body == "<p>Line one<br>line two</p><p>5 &lt; 6 &amp; more</p>"
    html = post(story, editor, body='<p onclick="x()">Hi <script>bad()</script></p>')
    assert html.body == "<p>Hi </p>"


def test_an_empty_update_is_refused(editor):
    with pytest.raises(Exception, match="empty"):
        post(live_story(), editor, body="<p> </p>")


def test_reporters_draft_and_publish_only_when_the_desk_allows(reporter, settings):
    story = live_story()
    with pytest.raises(PermissionDenied):
        post(story, reporter, publish=True)
    draft = post(story, reporter, publish=False)
    assert draft.status == LiveUpdate.Status.DRAFT
    settings.NEWSROOM_LIVE_REPORTERS_MAY_PUBLISH = True
    assert post(story, reporter).status == LiveUpdate.Status.PUBLISHED


def test_a_reporters_update_on_a_story_in_review_is_not_public(reporter, settings):
    settings.NEWSROOM_LIVE_REPORTERS_MAY_PUBLISH = True
    story = live_story(status=Article.Status.REVIEW, published_at=None, created_by=reporter)
    update = post(story, reporter, publish=False)
    assert not LiveUpdate.objects.visible().filter(pk=update.pk).exists()


def test_the_same_idempotency_key_posts_once(editor):
    story = live_story()
    key = uuid.uuid4()
    first, made = live.post_update(story, user=editor, body="Once", idempotency_key=key)
    again, made_again = live.post_update(story, user=editor, body="Once", idempotency_key=key)
    assert (made, made_again) == (True, False)
    assert first == again
    assert story.live_updates.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveUpdate.objects.create(article=story, body="x", idempotency_key=key)


def test_one_pinned_update_and_corrections_are_stamped(editor):
    story = live_story()
    first = post(story, editor, pinned=True)
    second = post(story, editor)
    live.mark_update(second, user=editor, pinned=True)
    assert list(story.live_updates.filter(pinned=True)) == [second]
    corrected = live.correct_update(first, user=editor, body="Fixed text")
    assert corrected.corrected_at is not None
    first.refresh_from_db()
    assert first.body == "<p>Fixed text</p>"


# --- The desk -------------------------------------------------------------------
def desk(article):
    return reverse("admin:articles_article_live", args=[article.pk])


def test_the_compact_form_carries_a_new_idempotency_key_each_time(editor_client):
    story = live_story()
    first = page(editor_client.get(desk(story))).select_one('input[name="idempotency_key"]')
    second = page(editor_client.get(desk(story))).select_one('input[name="idempotency_key"]')
    assert uuid.UUID(first["value"]) != uuid.UUID(second["value"])


def test_a_retried_post_from_the_desk_makes_one_update(editor_client):
    story = live_story()
    form = {"idempotency_key": str(uuid.uuid4()), "body": "Road closed", "publish": "1"}
    assert editor_client.post(desk(story), form).status_code == 302
    retry = editor_client.post(desk(story), form, HTTP_ACCEPT="application/json")
    assert retry.status_code == 200
    assert retry.json()["created"] is False
    assert story.live_updates.count() == 1


def test_a_refused_post_keeps_the_text(editor_client, reporter_client):
    story = live_story()
    empty = editor_client.post(
        desk(story), {"idempotency_key": str(uuid.uuid4()), "title": "Kept title", "body": ""}
    )
    assert empty.status_code == 400
    assert page_with(empty).select_one('input[name="title"]')["value"] == "Kept title"
    refused = reporter_client.post(
        desk(story),
        {"idempotency_key": str(uuid.uuid4()), "body": "My words stay", "publish": "1"},
    )
    assert refused.status_code == 403
    assert "My words stay" in page_with(refused).select_one("textarea").text
    assert not story.live_updates.exists()


def page_with(response):
    from bs4 import BeautifulSoup

    return BeautifulSoup(response.content, "html.parser")


def test_desk_buttons_pin_mark_remove_and_switch(editor_client):
    story = ArticleFactory()
    editor_client.post(desk(story), {"action": "start"})
    story.refresh_from_db()
    assert story.in_live_coverage
    editor_client.post(
        desk(story), {"idempotency_key": str(uuid.uuid4()), "body": "Pin me", "publish": "1"}
    )
    update = story.live_updates.get()
    editor_client.post(desk(story), {"action": "pin", "update": update.pk})
    editor_client.post(desk(story), {"action": "key", "update": update.pk})
    update.refresh_from_db()
    assert update.pinned
    assert update.key_event
    editor_client.post(desk(story), {"action": "remove", "update": update.pk})
    update.refresh_from_db()
    assert update.removed_at is not None
    assert editor_client.post(desk(story), {"action": "pin", "update": "x"}).status_code == 400
    editor_client.post(desk(story), {"action": "end"})
    story.refresh_from_db()
    assert story.live_coverage_ended


def test_the_article_list_shows_a_live_badge(editor_client):
    live_story(headline="Storm live")
    ArticleFactory(headline="Quiet day")
    rows = page(editor_client.get(reverse("admin:articles_article_changelist"))).select(
        "#result_list tbody tr"
    )
    badges = {
        visible_text(row.select_one("th, td a")): row.select_one(".live-badge") for row in rows
    }
    assert [name for name, badge in badges.items() if badge] == ["Storm live"]


# --- The reader's page ------------------------------------------------------------
def test_the_live_page_shows_summary_pinned_key_events_and_updates_newest_first(client, editor):
    story = live_story(body="<p>The summary so far.</p>")
    older = post(story, editor, title="Older", key_event=True)
    pinned = post(story, editor, title="Pinned one")
    live.mark_update(pinned, user=editor, pinned=True)
    newer = post(story, editor, title="Newest")
    soup = page(client.get(story.get_absolute_url()))
    assert soup.select_one(".story__standfirst").text == "Flooding closes the harbour road."
    assert "The summary so far." in soup.select_one(".story__body").text
    ids = [element["id"] for element in soup.select(".live article.live-update")]
    assert ids == [f"update-{pinned.pk}", f"update-{newer.pk}", f"update-{older.pk}"]
    assert [a["href"] for a in soup.select(".live__key-events a")] == [f"#update-{older.pk}"]
    assert soup.select_one(".live")["data-live-poll"] == polling_url(story)
    assert soup.select_one("[data-live-ended]").has_attr("hidden")
    assert len(soup.select("h1")) == 1


def test_times_are_in_the_newsrooms_time_zone(client, editor, settings):
    settings.TIME_ZONE = "Europe/Oslo"
    story = live_story()
    update = post(story, editor)
    time = page(client.get(story.get_absolute_url())).select_one(f"#update-{update.pk} time")
    assert time.text == timezone.localtime(update.published_at).strftime("%H:%M")


def test_an_ended_coverage_says_so_and_does_not_poll(client):
    story = live_story(live_ended_at=timezone.now() - timedelta(minutes=1))
    add_updates(story, 2)
    soup = page(client.get(story.get_absolute_url()))
    assert "Live coverage has ended." in visible_text(soup.select_one(".live"))
    assert not soup.select_one("[data-live-ended]").has_attr("hidden")
    assert not soup.select_one(".live").has_attr("data-live-poll")


def test_fifty_a_page_and_a_permalink_opens_its_page(client):
    story = live_story()
    updates = add_updates(story, 120)
    first = page(client.get(story.get_absolute_url()))
    assert len(first.select(".live__stream article")) == 50
    assert first.select_one(f"#update-{updates[-1].pk}") is not None
    oldest = updates[0]
    assert first.select_one(f"#update-{oldest.pk}") is None
    opened = page(client.get(f"{story.get_absolute_url()}?update={oldest.pk}"))
    assert opened.select_one(f"#update-{oldest.pk}") is not None
    assert "Page 3 of 3" in visible_text(opened.select_one(".live .pagination"))
    assert client.get(f"{story.get_absolute_url()}?page=9").status_code == 404
    junk = page(client.get(f"{story.get_absolute_url()}?update=abc"))
    assert junk.select_one(f"#update-{updates[-1].pk}") is not None


def test_a_story_that_was_never_live_has_no_updates_section(client):
    story = ArticleFactory()
    soup = page(client.get(story.get_absolute_url()))
    assert soup.select_one(".live") is None
    assert len(json_ld(soup)) == 1


# --- Polling ----------------------------------------------------------------------
def test_polling_answers_304_until_an_update_is_published(client, editor):
    story = live_story()
    post(story, editor, title="First")
    first = client.get(polling_url(story))
    assert first.status_code == 200
    assert first["Content-Type"] == "application/json"
    assert [u["id"] for u in first.json()["updates"]] == list(
        story.live_updates.values_list("pk", flat=True)
    )
    etag = first["ETag"]
    again = client.get(polling_url(story), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["X-Cache"] == "HIT"
    post(story, editor, publish=False)  # a draft changes nothing
    assert client.get(polling_url(story), HTTP_IF_NONE_MATCH=etag).status_code == 304
    newest = post(story, editor, title="Second")
    fresh = client.get(polling_url(story), HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag
    assert fresh.json()["updates"][0]["id"] == newest.pk
    assert 'id="update-' in fresh.json()["updates"][0]["html"]


def test_polling_is_served_before_sessions_and_for_shared_caches_briefly(client, editor):
    story = live_story()
    post(story, editor)
    client.get(polling_url(story))
    client.cookies["sessionid"] = "whatever"
    hit = client.get(polling_url(story))
    assert hit["X-Cache"] == "HIT"
    assert "Set-Cookie" not in hit
    assert "s-maxage=1" in hit["Cache-Control"] or "s-maxage=0" in hit["Cache-Control"]


def test_polling_a_story_not_live_is_a_404_json(client):
    response = client.get(polling_url(ArticleFactory()))
    assert response.status_code == 404
    assert "error" in response.json()


@pytest.mark.parametrize("change", ["correct", "remove", "pin", "key"])
def test_visible_changes_renew_the_page_and_drafts_do_not(client, editor, change):
    story = live_story()
    update = post(story, editor)
    draft = post(story, editor, publish=False)
    before = page_token(story)
    live.correct_update(draft, user=editor, body="Still a draft")
    assert page_token(story) == before
    {
        "correct": lambda: live.correct_update(update, user=editor, body="Corrected"),
        "remove": lambda: live.remove_update(update, user=editor),
        "pin": lambda: live.mark_update(update, user=editor, pinned=True),
        "key": lambda: live.mark_update(update, user=editor, key_event=True),
    }[change]()
    assert page_token(story) != before


def test_ending_the_coverage_reaches_polling_readers(client, editor):
    story = live_story()
    post(story, editor)
    etag = client.get(polling_url(story))["ETag"]
    workflow.end_live(story, user=editor)
    answer = client.get(polling_url(story), HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 200
    assert answer.json()["ended"] is True


# --- What goes out ----------------------------------------------------------------
def test_json_ld_keeps_news_article_and_adds_live_blog_posting(client, editor):
    story = live_story()
    first = post(story, editor, title="Bridge closed")
    post(story, editor, publish=False, body="A draft stays out")
    workflow.end_live(story, user=editor)
    data = json_ld(page(client.get(story.get_absolute_url())))
    assert [node["@type"] for node in data] == ["NewsArticle", "LiveBlogPosting"]
    blog = data[1]
    assert blog["coverageStartTime"]
    assert blog["coverageEndTime"]
    (posting,) = blog["liveBlogUpdate"]
    assert posting["@type"] == "BlogPosting"
    assert posting["headline"] == "Bridge closed"
    assert posting["articleBody"] == "The bridge is closed."
    assert posting["url"].endswith(f"{story.get_absolute_url()}#update-{first.pk}")
    assert posting["datePublished"].endswith("Z")


def test_the_atom_feed_carries_visible_updates(client, editor):
    story = live_story()
    shown = post(story, editor, title="In the feed", authors=[AuthorFactory(name="Ana Diaz")])
    post(story, editor, publish=False, title="Draft")
    live.remove_update(post(story, editor, title="Removed"), user=editor)
    url = reverse("distribution:live-atom", kwargs={"public_id": story.public_id})
    feed = client.get(url)
    assert feed.status_code == 200
    text = feed.content.decode()
    assert text.count("<entry>") == 1
    assert "In the feed" in text
    assert "Ana Diaz" in text
    assert f"?update={shown.pk}#update-{shown.pk}" in text
    assert "Draft" not in text
    assert "Removed" not in text


def test_the_ninjs_item_carries_its_updates_in_order(client, editor):
    story = live_story()
    first = post(story, editor, title="First", key_event=True)
    second = post(story, editor, title="Second")
    post(story, editor, publish=False)
    url = reverse("distribution:ninjs-detail", kwargs={"public_id": story.public_id})
    item = client.get(url).json()
    assert_valid_ninjs(item)
    associations = [a for a in item["associations"] if a["rel"] == "live-update"]
    assert [a["name"] for a in associations] == [f"update-{first.pk}", f"update-{second.pk}"]
    assert associations[0]["genres"] == [{"name": "Key event", "literal": "key-event"}]
    assert associations[1]["headlines"] == [{"role": "main", "value": "Second"}]
    etag = client.get(url)["ETag"]
    live.remove_update(second, user=editor)
    renewed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert renewed.status_code == 200
    assert [a["name"] for a in renewed.json()["associations"]] == [f"update-{first.pk}"]
    assert json.dumps(renewed.json()).count("live-update") == 1


def test_while_the_new_answer_renders_polls_get_the_last_one_then_the_new_one(client, editor, rf):
    """One request renders the polling address afresh; the others meanwhile get the
    last answer (a moment old) instead of all waiting, and the next poll after it
    has rendered gets the new update."""
    from django.urls import resolve

    from reader.page_cache.entries import Lookup

    story = live_story()
    post(story, editor, title="First")
    url = polling_url(story)
    etag = client.get(url)["ETag"]
    newest = post(story, editor, title="Second")
    match = resolve(url)
    lock_key = Lookup(rf.get(url), match.func.page_policy, match.kwargs).lock_key
    cache.add(lock_key, 1, timeout=30)  # someone else is rendering it now
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    cache.delete(lock_key)  # the render is done
    answer = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 200
    assert answer.json()["updates"][0]["id"] == newest.pk
