"""The library in the editorial admin: browse, choose, and never delete what is in use."""

import json

import pytest
from django.contrib.admin import helpers
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from images.models import Image, Rendition

from .admin_forms import article_form
from .factories import ArticleFactory, make_library_image
from .html import page

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:images_image_changelist")


def test_the_library_lists_thumbnails_and_searches_caption_credit_and_alt(admin_client):
    make_library_image(alt_text="A red tram", caption="Morning rush", credit="Ana Diaz")
    make_library_image(alt_text="A blue ferry", caption="Harbour at dusk", credit="Sam Lee")

    listing = page(admin_client.get(LIST_URL))
    assert len(listing.select("#result_list tbody tr")) == 2
    thumbnails = listing.select("#result_list tbody img")
    assert {img["alt"] for img in thumbnails} == {"A red tram", "A blue ferry"}
    assert all("/w320.jpg" in img["src"] for img in thumbnails)

    for term, expected in [
        ("ferry", "Harbour at dusk"),
        ("Diaz", "Morning rush"),
        ("dusk", "Harbour at dusk"),
    ]:
        rows = page(admin_client.get(LIST_URL, {"q": term})).select("#result_list tbody tr")
        assert len(rows) == 1
        assert expected in rows[0].get_text()


def test_the_library_list_costs_the_same_for_few_and_many_images(admin_client):
    make_library_image(400, 300)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(LIST_URL)
    for _ in range(6):
        make_library_image(400, 300)
    with CaptureQueriesContext(connection) as many:
        admin_client.get(LIST_URL)
    assert len(few) == len(many)


def test_the_article_form_offers_the_library_chooser_and_upload(admin_client):
    photo = make_library_image(caption="Chosen photo")
    article = ArticleFactory(lead_image=photo)

    form = page(admin_client.get(reverse("admin:articles_article_change", args=[article.pk])))
    field = form.find("input", {"name": "lead_image"})
    assert field["value"] == str(photo.pk)
    lookup = form.select_one("#lookup_id_lead_image")
    assert lookup["href"].startswith(LIST_URL)
    add = form.select_one("#add_id_lead_image")
    assert add["href"].startswith(reverse("admin:images_image_add"))
    preview = form.select_one(".image-chooser__preview img")
    assert "/w320.jpg" in preview["src"]
    assert any("tinymce_image_upload.js" in s.get("src", "") for s in form.select("script"))


def test_the_chooser_popup_lists_thumbnails_that_pick_the_image(admin_client):
    photo = make_library_image(caption="Pick me")

    popup = page(admin_client.get(LIST_URL, {"_to_field": "id", "_popup": "1", "q": "Pick"}))
    link = popup.select_one("#result_list tbody a[data-popup-opener]")
    assert link["data-popup-opener"] == str(photo.pk)
    assert link.find("img") is not None or "Pick me" in link.get_text()


def test_saving_an_article_with_a_lead_image(admin_client):
    photo = make_library_image()

    response = admin_client.post(
        reverse("admin:articles_article_add"), article_form(lead_image=str(photo.pk))
    )

    assert response.status_code == 302
    assert Article.objects.get().lead_image == photo


def test_uploading_from_the_article_form_popup_returns_the_new_image(admin_client):
    from .image_files import picture_bytes, upload

    response = admin_client.post(
        reverse("admin:images_image_add") + "?_to_field=id&_popup=1",
        {
            "alt_text": "Just uploaded",
            "file": upload(picture_bytes(500, 400)),
            "_to_field": "id",
            "_popup": "1",
        },
    )

    assert response.status_code == 200
    image = Image.objects.get()
    script = page(response).select_one("#django-admin-popup-response-constants")
    assert json.loads(script["data-popup-response"])["value"] == str(image.pk)
    assert image.renditions.exists()


@pytest.fixture
def images_in_use():
    lead = make_library_image(caption="Lead photo")
    in_body = make_library_image(caption="Body photo")
    unused = make_library_image(caption="Spare photo")
    ArticleFactory(headline="Mill fire", lead_image=lead)
    ArticleFactory(
        headline="Ferry strike",
        body=f'<p>Text.</p><img src="{in_body.rendition(1024).url}" alt="">',
    )
    return lead, in_body, unused


def test_the_delete_page_refuses_images_in_use_and_names_the_articles(admin_client, images_in_use):
    lead, in_body, _ = images_in_use
    for image, headline in [(lead, "Mill fire"), (in_body, "Ferry strike")]:
        url = reverse("admin:images_image_delete", args=[image.pk])
        text = page(admin_client.get(url)).get_text(" ", strip=True)
        assert "would require deleting the following protected related objects" in text
        assert headline in text

        response = admin_client.post(url, {"post": "yes"})
        assert response.status_code == 200
        assert Image.objects.filter(pk=image.pk).exists()


def test_the_bulk_delete_action_refuses_images_in_use(admin_client, images_in_use):
    lead, in_body, unused = images_in_use

    response = admin_client.post(
        LIST_URL,
        {
            "action": "delete_selected",
            helpers.ACTION_CHECKBOX_NAME: [lead.pk, in_body.pk, unused.pk],
            "post": "yes",
        },
    )

    assert response.status_code == 200
    text = page(response).get_text(" ", strip=True)
    assert "Mill fire" in text
    assert "Ferry strike" in text
    assert Image.objects.count() == 3


def test_an_unused_image_is_deleted_with_its_files(
    admin_client, images_in_use, django_capture_on_commit_callbacks
):
    *_, unused = images_in_use
    names = [unused.file.name, *(r.file.name for r in unused.renditions.all())]
    storage = unused.file.storage

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:images_image_delete", args=[unused.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert not Image.objects.filter(pk=unused.pk).exists()
    assert not Rendition.objects.filter(image_id=unused.pk).exists()
    assert not any(storage.exists(name) for name in names)


def test_code_cannot_delete_an_image_shown_in_a_body(images_in_use):
    lead, in_body, _ = images_in_use

    with pytest.raises(ProtectedError):
        in_body.delete()
    with pytest.raises(ProtectedError):
        lead.delete()


def test_moving_the_focal_point_remakes_the_crops(admin_client):
    photo = make_library_image(2000, 1000)
    old_card = photo.renditions.get(spec="card640", format="JPEG").file.name

    response = admin_client.post(
        reverse("admin:images_image_change", args=[photo.pk]),
        {"alt_text": photo.alt_text, "caption": "", "credit": "", "focal_x": "90", "focal_y": "40"},
    )

    assert response.status_code == 302, page(response).select(".errorlist")
    new_card = photo.renditions.get(spec="card640", format="JPEG").file.name
    assert new_card != old_card
    assert new_card.endswith("card640-fp90x40.jpg")
    assert photo.renditions.filter(spec="w640").count() == 2


def test_the_image_page_lists_the_articles_that_use_it(admin_client, images_in_use):
    lead, in_body, unused = images_in_use

    def used_by(image):
        url = reverse("admin:images_image_change", args=[image.pk])
        return page(admin_client.get(url)).select_one(".field-used_by").get_text(" ", strip=True)

    assert "Mill fire" in used_by(lead)
    assert "Ferry strike" in used_by(in_body)
    assert "No article uses this image yet." in used_by(unused)
