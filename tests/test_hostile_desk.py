"""Hostile input at the desk: each of these once answered 500 or stalled (issue 14)."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image as PillowImage

from articles import sanitizer
from articles.models import Article, DraftBuffer
from images.models import Image

from . import image_files
from .admin_forms import ADD_URL, article_form, change_form, change_url
from .factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:articles_article_changelist")


# --- 1. TinyMCE's views are not part of the site ------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/tinymce/compressor/?js=1&plugins=" + ",".join(["link"] * 400),
        "/tinymce/filebrowser/",
        "/tinymce/flatpages_link_list/",
    ],
)
def test_tinymce_s_views_are_not_served_to_anyone(client, admin_client, url):
    assert client.get(url).status_code == 404
    assert admin_client.get(url).status_code == 404


def test_the_article_form_loads_tinymce_as_a_static_file(admin_client):
    page = admin_client.get(ADD_URL).content.decode()
    assert '<script src="/static/tinymce/tinymce.min.js"></script>' in page
    assert "/tinymce/compressor/" not in page
    assert "/tinymce/filebrowser/" not in page


# --- 2. Body: size and nesting limited before the sanitiser, sanitised once ----

DEEP_BODY = "<blockquote>" * 5_000 + "Deep" + "</blockquote>" * 5_000


def test_a_deeply_nested_body_is_refused_with_a_message_and_kept(editor_client):
    response = editor_client.post(ADD_URL, article_form(body=DEEP_BODY))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["body"]
    assert "nested more than" in errors[0]
    assert response.context["adminform"].form["body"].value() == DEEP_BODY
    assert not Article.objects.exists()


def test_an_oversized_body_is_refused_with_a_message(editor_client, settings):
    settings.NEWSROOM_BODY_MAX_CHARS = 10_000
    body = "<p>" + "word " * 3_000 + "</p>"
    response = editor_client.post(ADD_URL, article_form(body=body))
    assert response.status_code == 200
    assert "10,000 characters" in response.context["adminform"].form.errors["body"][0]
    assert not Article.objects.exists()


def test_nesting_within_the_limit_is_kept(editor_client, settings):
    body = "<blockquote>" * 10 + "<p>Quoted</p>" + "</blockquote>" * 10
    response = editor_client.post(ADD_URL, article_form(body=body))
    assert response.status_code == 302
    assert Article.objects.get().body.count("<blockquote>") == 10


def test_a_save_sanitises_the_body_once(editor_client, monkeypatch):
    calls = []
    real = sanitizer.nh3.clean

    def counting(html, **kwargs):
        calls.append(len(html))
        return real(html, **kwargs)

    monkeypatch.setattr(sanitizer.nh3, "clean", counting)
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    calls.clear()
    body = "<p>Fresh <script>x()</script>copy</p>"
    response = editor_client.post(change_url(article), change_form(article, body=body))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>Fresh copy</p>"
    assert len(calls) == 1


# --- 3. A phone's multi-picture JPEG ------------------------------------------


def mpo_bytes() -> bytes:
    first = PillowImage.new("RGB", (640, 480), (200, 30, 30))
    second = PillowImage.new("RGB", (640, 480), (30, 30, 200))
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[second])
    data = out.getvalue()
    assert PillowImage.open(io.BytesIO(data)).format == "MPO"
    return data


def test_a_multi_picture_jpeg_is_stored_as_a_jpeg_of_its_first_picture(admin_client):
    response = admin_client.post(
        reverse("images:upload"),
        {"file": image_files.upload(mpo_bytes(), "phone.jpg"), "alt_text": "Two views"},
    )
    assert response.status_code == 200, response.content
    image = Image.objects.get()
    with image.file.open("rb") as stored:
        picture = PillowImage.open(stored)
        assert picture.format == "JPEG"
        assert picture.size == (640, 480)
        red, _green, blue = picture.convert("RGB").getpixel((10, 10))
    assert red > 150 > blue


# --- 5. Desk requests with garbage in them ------------------------------------


@pytest.fixture
def draft():
    return ArticleFactory(headline="Stored", status=Article.Status.DRAFT, published_at=None)


def autosave(client, article, **data):
    return client.post(reverse("admin:articles_article_autosave", args=[article.pk]), data)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"headline": "Typed\x00", "edit_version": "1"}, "NUL"),
        ({"body": "<p>a\x00b</p>", "edit_version": "1"}, "NUL"),
        ({"headline": "Typed", "edit_version": "1\x00"}, "edit_version"),
        ({"headline": "Typed", "edit_version": str(10**30)}, "edit_version"),
        ({"headline": "Typed", "edit_version": "-1"}, "edit_version"),
        ({"headline": "Typed", "edit_version": str(2**31)}, "edit_version"),
    ],
    ids=["nul-headline", "nul-body", "nul-version", "huge", "negative", "past-int"],
)
def test_autosave_garbage_is_a_400_with_a_message(editor_client, draft, data, says):
    response = autosave(editor_client, draft, **data)
    assert response.status_code == 400
    assert says in response.json()["error"]
    assert not DraftBuffer.objects.exists()


def test_autosave_refuses_a_body_over_the_limit(editor_client, draft, settings):
    settings.NEWSROOM_BODY_MAX_CHARS = 1_000
    response = autosave(editor_client, draft, body="x" * 1_001, edit_version="1")
    assert response.status_code == 400
    assert "1,000 characters" in response.json()["error"]


@pytest.mark.parametrize("selected", ["abc", "1.5", "\x00", "9" * 40])
@pytest.mark.parametrize("action", ["workflow_publish", "delete_selected"])
def test_a_list_action_on_garbage_ids_is_a_400(editor_client, draft, selected, action):
    response = editor_client.post(
        LIST_URL, {"action": action, "_selected_action": [str(draft.pk), selected]}
    )
    assert response.status_code == 400
    assert "not one of the articles in this list" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_a_list_action_on_garbage_ids_elsewhere_in_the_desk_is_a_400(admin_client):
    author = AuthorFactory()
    response = admin_client.post(
        reverse("admin:articles_author_changelist"),
        {"action": "delete_selected", "_selected_action": [str(author.pk), "abc"]},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("term", ["\x00", "a\x00b"])
def test_autocomplete_with_a_nul_is_a_400(editor_client, term):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": "articles", "model_name": "article", "field_name": "tags"},
    )
    assert response.status_code == 400
    assert "search text" in response.json()["error"]


def test_the_changelist_search_with_a_nul_is_a_400(editor_client):
    response = editor_client.get(LIST_URL, {"q": "budget\x00"})
    assert response.status_code == 400
    assert "search text" in response.content.decode()


def test_autocomplete_still_answers(editor_client):
    from .factories import TagFactory

    TagFactory(name="Elections")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "elec", "app_label": "articles", "model_name": "article", "field_name": "tags"},
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Elections"]


def test_the_anonymous_are_still_sent_to_log_in_first():
    response = Client().get(LIST_URL, {"q": "\x00"})
    assert response.status_code == 302
