"""The faults issue 18 found on the article form and its neighbours, each pinned by a test."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.urls import reverse

from articles.models import Article

from .admin_forms import ADD_URL, change_form, change_url
from .factories import ArticleFactory, make_library_image

pytestmark = pytest.mark.django_db


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("state", [Article.Status.DRAFT, Article.Status.REVIEW])
def test_view_on_site_of_an_unpublished_story_opens_its_preview(editor_client, state):
    article = ArticleFactory(status=state, published_at=None)
    form = soup_of(editor_client.get(change_url(article)))
    link = form.find("a", string=lambda text: text and "View on site" in text)
    assert link is not None
    assert link["href"] == reverse("admin:articles_article_preview", args=[article.pk])
    response = editor_client.get(link["href"])
    assert response.status_code == 200
    assert article.headline in response.content.decode()


def test_view_on_site_of_a_live_story_is_its_address(editor_client):
    article = ArticleFactory()
    form = soup_of(editor_client.get(change_url(article)))
    link = form.find("a", string=lambda text: text and "View on site" in text)
    assert link["href"] == article.get_absolute_url()
    assert editor_client.get(link["href"]).status_code == 200


def test_reporters_are_not_offered_recover_deleted_articles(reporter_client, editor_client):
    listing = reporter_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Recover deleted" not in listing
    editors_listing = editor_client.get(reverse("admin:articles_article_changelist"))
    assert "Recover deleted articles" in editors_listing.content.decode()


def test_the_desk_answers_a_refusal_with_its_own_styled_page(reporter_client):
    response = reporter_client.get(reverse("admin:articles_article_recoverlist"))
    assert response.status_code == 403
    page = soup_of(response)
    assert page.find(id="header") is not None  # the desk's own chrome, not a bare line
    assert page.find("h1").get_text(strip=True) == "You may not do that"
    assert page.find("a", href=reverse("admin:index")) is not None
    assert page.find("link", rel="stylesheet") is not None


def test_a_body_picture_keeps_the_alt_text_it_was_uploaded_with(editor_client):
    image = make_library_image(alt_text="A heron on the weir")
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    src = image.rendition(1024).url
    body = f'<p>Before.</p><figure><img src="{src}" alt=""></figure><p>After.</p>'
    response = editor_client.post(change_url(article), change_form(article, body=body))
    assert response.status_code == 302
    article.refresh_from_db()
    assert 'alt="A heron on the weir"' in article.body


def test_a_body_picture_keeps_alt_text_the_editor_typed_in_the_body(editor_client):
    image = make_library_image(alt_text="A heron on the weir")
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    body = f'<p><img src="{image.rendition(1024).url}" alt="The heron, closer"></p>'
    editor_client.post(change_url(article), change_form(article, body=body))
    article.refresh_from_db()
    assert 'alt="The heron, closer"' in article.body


def test_the_body_editor_asks_only_for_language_files_that_exist(editor_client):
    form = soup_of(editor_client.get(ADD_URL))
    config = json.loads(form.find("textarea", id="id_body")["data-mce-conf"])
    language = config.get("language", "en")
    # English is built into TinyMCE; any other language is a file it fetches.
    assert language == "en" or finders.find(f"tinymce/langs/{language}.js"), language


def test_the_body_editor_reads_the_alt_text_the_upload_asked_for(editor_client):
    form = soup_of(editor_client.get(ADD_URL))
    config = json.loads(form.find("textarea", id="id_body")["data-mce-conf"])
    assert config["images_upload_handler"] == "newsroomImageUpload"
    assert config["image_description"] is True
