"""The article form as issue 18 left it: unsaved previews, search and social
fields on the pages, and a new story that starts with its reporter's byline."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from articles.models import Article, ArticleAuthor

from .admin_forms import ADD_URL, article_form, change_form, change_url
from .factories import ArticleFactory, AuthorFactory, TagFactory, make_library_image

pytestmark = pytest.mark.django_db


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def preview_url(article=None) -> str:
    if article is None:
        return reverse("admin:articles_article_preview_new")
    return reverse("admin:articles_article_preview", args=[article.pk])


# --- Preview of what is in the form ------------------------------------------
def test_the_preview_shows_the_form_unsaved_with_the_readers_template(editor_client):
    author = AuthorFactory(name="Lee Chen")
    tag = TagFactory(name="Transport")
    article = ArticleFactory(headline="Stored headline", status=Article.Status.DRAFT)
    data = change_form(
        article,
        headline="Typed, not saved",
        body="<p>Typed body<script>alert(1)</script></p>",
        byline="",  # credited to the author typed in below, not free text
        tags=[str(tag.pk)],
        **{
            "article_authors-TOTAL_FORMS": "1",
            "article_authors-0-author": str(author.pk),
            "article_authors-0-role": "writer",
            "article_authors-0-position": "0",
        },
    )
    response = editor_client.post(preview_url(article), data)
    assert response.status_code == 200
    page = soup_of(response)
    assert page.find("h1").get_text(strip=True) == "Typed, not saved"
    assert "Typed body" in page.select_one(".story__body").get_text()
    assert page.find("script", string=lambda s: s and "alert" in s) is None  # sanitised
    assert "By Lee Chen" in page.select_one(".byline").get_text(" ", strip=True)
    assert "Transport" in page.select_one(".story__footer").get_text()
    assert "not saved" in page.select_one(".preview-notice").get_text()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"  # shown beside the form
    article.refresh_from_db()
    assert (article.headline, article.tags.count(), article.article_authors.count()) == (
        "Stored headline",
        0,
        0,
    )


def test_a_new_story_can_be_previewed_before_its_first_save(editor_client):
    response = editor_client.post(preview_url(), article_form(headline="Not yet a story"))
    assert response.status_code == 200
    assert soup_of(response).find("h1").get_text(strip=True) == "Not yet a story"
    assert not Article.objects.exists()


def test_a_preview_keeps_a_stored_value_where_the_form_is_not_valid_yet(editor_client):
    article = ArticleFactory(headline="Stored headline", status=Article.Status.DRAFT)
    response = editor_client.post(preview_url(article), change_form(article, headline=""))
    assert response.status_code == 200
    assert soup_of(response).find("h1").get_text(strip=True) == "Stored headline"


def test_only_those_who_may_edit_the_story_preview_it(client, reporter_client, make_user):
    colleague = make_user("reporter", "colleague")
    theirs = ArticleFactory(status=Article.Status.DRAFT, created_by=colleague)
    assert reporter_client.post(preview_url(theirs), change_form(theirs)).status_code == 403
    assert client.post(preview_url(theirs), change_form(theirs)).status_code == 302  # log in
    assert client.post(preview_url(), article_form()).status_code == 302


def test_the_form_offers_the_unsaved_preview_as_a_button(editor_client):
    article = ArticleFactory(status=Article.Status.DRAFT)
    page = soup_of(editor_client.get(change_url(article)))
    button = page.find("button", attrs={"data-preview-button": True})
    assert button["formaction"] == preview_url(article)
    assert button["formmethod"] == "post"
    assert button["formtarget"]
    assert page.find("script", src=lambda s: s and s.endswith("article_form.js"))
    add_page = soup_of(editor_client.get(ADD_URL))
    assert add_page.find("button", attrs={"data-preview-button": True})["formaction"] == (
        preview_url()
    )


# --- Search and social fields --------------------------------------------------
def head_of(client, article) -> BeautifulSoup:
    return soup_of(client.get(article.get_absolute_url()))


def meta(page, key) -> str | None:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def news_article(page) -> dict:
    return json.loads(page.find("script", type="application/ld+json").string)


def test_without_search_fields_the_pages_use_headline_standfirst_and_lead_image(client):
    lead = make_library_image(alt_text="The depot at night")
    article = ArticleFactory(
        headline="Night buses approved", standfirst="A two-year trial.", lead_image=lead
    )
    page = head_of(client, article)
    assert page.title.string.startswith("Night buses approved |")
    assert meta(page, "description") == "A two-year trial."
    assert meta(page, "og:title") == "Night buses approved"
    assert meta(page, "og:description") == "A two-year trial."
    assert lead.uuid.hex in meta(page, "og:image")
    data = news_article(page)
    assert data["description"] == "A two-year trial."
    assert "alternativeHeadline" not in data


def test_search_and_social_fields_win_where_set(client):
    lead = make_library_image(alt_text="The depot at night")
    social = make_library_image(alt_text="A night bus", color=(20, 20, 200))
    article = ArticleFactory(
        headline="Council approves a two-year trial of night buses on four routes",
        standfirst="A two-year trial.",
        lead_image=lead,
        seo_title="Night buses: council approves trial",
        meta_description="Four routes will run all night from May, the council decided.",
        social_headline="Night buses are coming",
        social_image=social,
    )
    page = head_of(client, article)
    assert page.title.string.startswith("Night buses: council approves trial |")
    assert page.find("h1").get_text(strip=True) == article.headline  # the page keeps it
    assert meta(page, "description") == article.meta_description
    assert meta(page, "og:title") == "Night buses are coming"
    assert meta(page, "twitter:title") == "Night buses are coming"
    assert meta(page, "og:description") == article.meta_description
    assert social.uuid.hex in meta(page, "og:image")
    assert meta(page, "og:image:alt") == "A night bus"
    data = news_article(page)
    assert data["headline"] == article.headline
    assert data["alternativeHeadline"] == "Night buses: council approves trial"
    assert data["description"] == article.meta_description
    assert social.uuid.hex in data["image"]["url"]


def test_the_form_saves_the_search_fields_and_shows_their_previews(editor_client):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    data = change_form(
        article,
        seo_title="Short title",
        meta_description="What a search result says.",
        social_headline="Card title",
    )
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert (article.seo_title, article.meta_description, article.social_headline) == (
        "Short title",
        "What a search result says.",
        "Card title",
    )
    page = soup_of(editor_client.get(change_url(article)))
    assert page.select_one('[data-preview="search-title"]').get_text() == "Short title"
    assert page.select_one('[data-preview="card-title"]').get_text() == "Card title"
    headings = [h.get_text(strip=True) for h in page.select("fieldset h2")]
    assert "Search and social" in headings


# --- A new story starts right ----------------------------------------------------
def test_a_reporters_new_story_opens_with_their_own_byline(reporter_client, reporter):
    own = AuthorFactory(name="Ana Diaz", user=reporter)
    page = soup_of(reporter_client.get(ADD_URL))
    first = page.find("select", attrs={"name": "article_authors-0-author"})
    assert first.find("option", selected=True)["value"] == str(own.pk)
    assert (
        page.find("select", attrs={"name": "article_authors-0-role"}).find("option", selected=True)[
            "value"
        ]
        == ArticleAuthor.Role.WRITER
    )

    data = article_form(
        _workflow="",
        **{
            "article_authors-TOTAL_FORMS": "1",
            "article_authors-0-author": str(own.pk),
            "article_authors-0-role": "writer",
            "article_authors-0-position": "0",
        },
    )
    assert reporter_client.post(ADD_URL, data).status_code == 302
    assert [link.author for link in Article.objects.get().article_authors.all()] == [own]


def test_byline_and_authors_are_one_section_and_the_headline_box_fits_a_headline(
    editor_client,
):
    page = soup_of(editor_client.get(ADD_URL))
    section = page.find(id="byline-section-heading").find_parent("fieldset")
    assert section.find("input", attrs={"name": "byline"}) is not None
    assert section.find(id="article_authors-group") is not None
    assert len(page.find_all(id="article_authors-group")) == 1
    assert "headline-input" in page.find("input", attrs={"name": "headline"})["class"]
