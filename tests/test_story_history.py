"""A history you can trust (issue 18): every change visible, nothing raw, no careless restore."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from articles import revisions
from articles.models import Article

from .admin_forms import change_form, change_url
from .factories import ArticleFactory, make_library_image

pytestmark = pytest.mark.django_db


def save(client, article, **fields):
    article.refresh_from_db()
    response = client.post(change_url(article), change_form(article, **fields))
    assert response.status_code == 302, response.content.decode()[:2000]


def revision_url(article, version) -> str:
    return reverse("admin:articles_article_revision", args=[article.pk, version.pk])


def diff_of(client, article) -> BeautifulSoup:
    """The diff of the article's oldest revision against its newest."""
    oldest = list(revisions.versions_of(article.pk))[-1]
    return BeautifulSoup(client.get(revision_url(article, oldest)).content, "html.parser")


def body_cell(page) -> BeautifulSoup:
    row = next(
        tr for tr in page.select(".revision-diff__table tbody tr") if "Body" in tr.th.get_text()
    )
    return row.td


@pytest.fixture
def draft(editor_client):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    return article


def test_no_raw_entities_in_the_diff(editor_client, draft):
    save(editor_client, draft, body="<p>Costs rose to 5\u00a0million&nbsp;euros.</p>")
    save(editor_client, draft, body="<p>Costs rose to 6\u00a0million euros &amp; more.</p>")
    cell = body_cell(diff_of(editor_client, draft))
    html = cell.decode_contents()
    assert "&nbsp;" not in html
    assert "&amp;nbsp;" not in html
    assert "&amp;amp;" not in html
    assert "& more" in cell.get_text()


def test_a_changed_link_shows_in_the_diff(editor_client, draft):
    save(
        editor_client, draft, body='<p>See <a href="https://old.example/report">the report</a>.</p>'
    )
    save(
        editor_client, draft, body='<p>See <a href="https://new.example/report">the report</a>.</p>'
    )
    cell = body_cell(diff_of(editor_client, draft))
    assert "old.example" in " ".join(d.get_text() for d in cell.find_all("del"))
    assert "new.example" in " ".join(i.get_text() for i in cell.find_all("ins"))


def test_emphasis_added_shows_in_the_diff(editor_client, draft):
    save(editor_client, draft, body="<p>The final vote.</p>")
    save(editor_client, draft, body="<p>The <strong>final</strong> vote.</p>")
    page = diff_of(editor_client, draft)
    row = next(tr for tr in page.select("tbody tr") if "Body" in tr.th.get_text())
    assert "changed" in row.get("class", [])
    assert "bold" in " ".join(i.get_text() for i in row.find_all("ins"))


def test_a_picture_added_shows_in_the_diff(editor_client, draft):
    image = make_library_image(alt_text="A heron on the weir")
    save(editor_client, draft, body="<p>Birds.</p>")
    picture = f'<img src="{image.rendition(1024).url}" alt="A heron on the weir">'
    body = f"<p>Birds.</p><figure>{picture}</figure>"
    save(editor_client, draft, body=body)
    cell = body_cell(diff_of(editor_client, draft))
    assert "A heron on the weir" in " ".join(i.get_text() for i in cell.find_all("ins"))


def test_additions_and_removals_carry_text_markers_not_only_colour(editor_client, draft):
    save(editor_client, draft, headline="River rises")
    save(editor_client, draft, headline="River bursts its banks")
    page = diff_of(editor_client, draft)
    for mark in page.select(".revision-diff__table ins, .revision-diff__table del"):
        assert mark.select_one(".diff-marker") is not None
    assert page.select_one(".revision-diff__table del").get_text().startswith("[\u2212")
    assert page.select_one(".revision-diff__table ins").get_text().startswith("[+")
    assert page.find("link", href=lambda h: h and h.endswith("desk_editing.css"))


def test_the_current_revision_is_not_offered_for_restore(editor_client, draft):
    save(editor_client, draft, headline="First")
    save(editor_client, draft, headline="Second")
    newest, oldest = list(revisions.versions_of(draft.pk))[:2]
    current = BeautifulSoup(editor_client.get(revision_url(draft, newest)).content, "html.parser")
    assert current.find("button", string=lambda s: s and "Restore" in s) is None
    assert "current revision" in current.get_text()
    older = BeautifulSoup(editor_client.get(revision_url(draft, oldest)).content, "html.parser")
    assert older.find("button", string=lambda s: s and "Restore" in s) is not None
    history = BeautifulSoup(
        editor_client.get(reverse("admin:articles_article_history", args=[draft.pk])).content,
        "html.parser",
    )
    assert "(current)" in history.select_one("#change-history tbody tr").get_text()


def test_restoring_a_live_story_asks_for_confirmation_first(editor_client):
    live = ArticleFactory(headline="Ready")
    save(editor_client, live, headline="Live headline")
    save(editor_client, live, headline="Live headline, edited")
    oldest = list(revisions.versions_of(live.pk))[-1]
    asked = editor_client.post(revision_url(live, oldest))
    assert asked.status_code == 200
    page = BeautifulSoup(asked.content, "html.parser")
    assert "readers see" in page.get_text()
    assert page.find("button", attrs={"name": "confirmed"}) is not None
    live.refresh_from_db()
    assert live.headline == "Live headline, edited"

    done = editor_client.post(revision_url(live, oldest), {"confirmed": "yes"})
    assert done.status_code == 302
    live.refresh_from_db()
    assert live.headline == "Live headline"


def test_restoring_a_draft_needs_no_confirmation(editor_client, draft):
    save(editor_client, draft, headline="First")
    save(editor_client, draft, headline="Second")
    oldest = list(revisions.versions_of(draft.pk))[-1]
    assert editor_client.post(revision_url(draft, oldest)).status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "First"
