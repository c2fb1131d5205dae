"""The desk's groups can use the photo library as their roles need."""

import pytest
from django.urls import reverse

from .factories import make_library_image

pytestmark = pytest.mark.django_db


def test_a_reporter_uploads_and_chooses_but_does_not_delete(reporter_client):
    photo = make_library_image(800, 600)
    assert reporter_client.get(reverse("admin:images_image_add")).status_code == 200
    assert reporter_client.get(reverse("admin:images_image_changelist")).status_code == 200
    assert (
        reporter_client.get(reverse("admin:images_image_delete", args=[photo.pk])).status_code
        == 403
    )


def test_an_editor_also_corrects_and_deletes(editor_client):
    photo = make_library_image(800, 600)
    assert (
        editor_client.get(reverse("admin:images_image_change", args=[photo.pk])).status_code == 200
    )
    assert (
        editor_client.get(reverse("admin:images_image_delete", args=[photo.pk])).status_code == 200
    )
