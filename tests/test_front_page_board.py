"""The front-page board: editors arrange the slots in one save; readers see it at once."""

import pytest
from bs4 import BeautifulSoup
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles import front_page
from articles.models import Article

from .admin_forms import change_form, change_url
from .factories import ArticleFactory, make_library_image

pytestmark = pytest.mark.django_db
BOARD = reverse("admin:articles_article_front_page")


def board_post(**slots) -> dict:
    """The board's form: ``slot_1=article`` etc.; unnamed slots empty."""
    return {
        f"slot_{slot}": str(slots[f"slot_{slot}"].pk) if slots.get(f"slot_{slot}") else ""
        for slot in front_page.SLOTS
    }


def lead_headline(client) -> str:
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    return soup.select_one(".front-lead .summary__headline").get_text(strip=True)


def test_the_database_refuses_two_stories_in_one_slot():
    ArticleFactory(front_page_position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(front_page_position=1)
    ArticleFactory(front_page_position=None)
    ArticleFactory(front_page_position=None)  # unpinned stories are many


def test_the_board_shows_each_slot_with_its_story_and_picture(editor_client):
    image = make_library_image(alt_text="Night bus at the depot")
    lead = ArticleFactory(headline="Night buses approved", front_page_position=1, lead_image=image)
    ArticleFactory(headline="Unplaced story")
    response = editor_client.get(BOARD)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    slots = soup.select(".front-board__slot")
    assert [s.select_one("h2").get_text(strip=True) for s in slots] == [
        "Lead story",
        "Top story 1",
        "Top story 2",
        "Top story 3",
        "Top story 4",
    ]
    assert slots[0].select_one(".front-board__headline").get_text() == lead.headline
    assert slots[0].select_one("img")["alt"] == "Night bus at the depot"
    assert soup.select_one("#id_slot_1 option[selected]")["value"] == str(lead.pk)
    assert "Unplaced story" in soup.select_one(".front-board__pool").get_text()
    assert soup.select_one('script[src$="front_board.js"]') is not None
    assert soup.find("script", src=False, type=lambda t: t != "application/json") is None


def test_reporters_may_not_arrange_the_front_page(reporter_client):
    story = ArticleFactory()
    assert reporter_client.get(BOARD).status_code == 403
    assert reporter_client.post(BOARD, board_post(slot_1=story)).status_code == 403
    story.refresh_from_db()
    assert story.front_page_position is None
    listing = reporter_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Front page board" not in listing


def test_one_save_arranges_every_slot_and_readers_see_it_at_once(editor_client, client):
    old_lead = ArticleFactory(headline="Old lead", front_page_position=1)
    second = ArticleFactory(headline="Second", front_page_position=2)
    newcomer = ArticleFactory(headline="Newcomer")
    assert lead_headline(client) == "Old lead"  # now cached

    response = editor_client.post(
        BOARD, board_post(slot_1=second, slot_2=old_lead, slot_3=newcomer)
    )
    assert response.status_code == 302
    positions = dict(Article.objects.values_list("headline", "front_page_position"))
    assert positions == {"Old lead": 2, "Second": 1, "Newcomer": 3}
    assert lead_headline(client) == "Second"

    editor_client.post(BOARD, board_post(slot_1=second))
    old_lead.refresh_from_db()
    newcomer.refresh_from_db()
    assert (old_lead.front_page_position, newcomer.front_page_position) == (None, None)


def test_a_story_in_two_slots_is_refused_and_nothing_changes(editor_client):
    story = ArticleFactory(headline="Everywhere")
    response = editor_client.post(BOARD, board_post(slot_1=story, slot_2=story))
    assert response.status_code == 400
    assert "is in two slots" in response.content.decode()
    soup = BeautifulSoup(response.content, "html.parser")
    # What the editor chose is still in the form.
    assert soup.select_one("#id_slot_2 option[selected]")["value"] == str(story.pk)
    story.refresh_from_db()
    assert story.front_page_position is None


def test_only_published_stories_go_into_a_slot(editor_client):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    response = editor_client.post(BOARD, {**board_post(), "slot_1": str(draft.pk)})
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.front_page_position is None


def test_a_withdrawn_story_may_keep_its_slot_until_cleared(editor_client, editor):
    pulled = ArticleFactory(headline="Pulled", front_page_position=1)
    pulled.status = Article.Status.WITHDRAWN
    pulled.save()
    other = ArticleFactory()
    page = editor_client.get(BOARD).content.decode()
    assert "Withdrawn: not shown to readers" in page
    assert editor_client.post(BOARD, board_post(slot_1=pulled, slot_2=other)).status_code == 302
    pulled.refresh_from_db()
    assert pulled.front_page_position == 1


def test_a_form_opened_before_the_board_saved_cannot_write_its_old_slot_back(editor_client):
    story = ArticleFactory(headline="Moved by the board", front_page_position=1)
    opened = change_form(story, front_page_position="1")
    other = ArticleFactory()
    editor_client.post(BOARD, board_post(slot_1=other, slot_2=story))
    response = editor_client.post(change_url(story), opened)
    assert response.status_code == 200  # refused as stale, shown again
    assert "after you opened it" in response.content.decode()
    story.refresh_from_db()
    assert story.front_page_position == 2


def test_the_change_form_refuses_a_taken_slot_with_a_message(editor_client):
    ArticleFactory(front_page_position=1)
    story = ArticleFactory()
    response = editor_client.post(change_url(story), change_form(story, front_page_position="1"))
    assert response.status_code == 200
    assert "already holds this front-page slot" in response.content.decode()
