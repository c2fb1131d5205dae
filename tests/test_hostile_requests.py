"""Oversized requests are a 400 page, never a 500, and leave no files behind (issue 14)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import encode_multipart
from django.urls import reverse

from articles.models import Article

from .admin_forms import ADD_URL, article_form

pytestmark = pytest.mark.django_db

THREE_MB = 3 * 1024 * 1024


@pytest.fixture
def upload_dir(settings, tmp_path):
    """Where Django spools uploads to disk: checked empty after each request."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


def many_fields(count: int) -> dict:
    return {f"field{n}": "x" for n in range(count)}


def assert_bad_request_page(response, says: str) -> None:
    assert response.status_code == 400
    text = response.content.decode()
    assert says in text
    assert "<h1>" in text


def hostile_posts(editor_client):
    """(name, response) for each oversized request, to the desk and to public addresses."""
    big = "x" * THREE_MB
    yield "3 MB urlencoded", editor_client.post(ADD_URL, article_form(standfirst=big))
    yield "1,001 fields", editor_client.post(ADD_URL, {**article_form(), **many_fields(1_001)})
    yield (
        "3 MB multipart",
        editor_client.post(
            ADD_URL,
            encode_multipart("hostile", article_form(standfirst=big)),
            content_type="multipart/form-data; boundary=hostile",
        ),
    )
    yield "banner close, 3 MB", Client().post(reverse("banners:close"), {"next": big})
    yield "banner close, 1,001 fields", Client().post(reverse("banners:close"), many_fields(1_001))
    yield "search, 1,001 parameters", Client().get("/search/", many_fields(1_001))


def test_oversized_requests_are_refused_with_a_400_page(editor_client, upload_dir):
    for name, response in hostile_posts(editor_client):
        assert response.status_code == 400, name
        text = response.content.decode()
        assert "too large" in text or "too many" in text, name
    assert not Article.objects.exists()
    assert list(upload_dir.iterdir()) == []


def test_a_file_spooled_to_disk_is_removed_when_the_request_is_refused(
    editor_client, upload_dir, settings
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # spool the picture to disk
    picture = SimpleUploadedFile("photo.jpg", b"\xff\xd8" + b"\x00" * 200_000, "image/jpeg")
    response = editor_client.post(reverse("images:upload"), {"file": picture, **many_fields(1_001)})
    assert response.status_code == 400
    assert list(upload_dir.iterdir()) == []


def test_the_refused_file_was_spooled_there(editor_client, upload_dir, settings, monkeypatch):
    """The check above looks in the right folder: an accepted upload is spooled to it."""
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    seen = []
    real = TemporaryFileUploadHandler.new_file

    def spy(self, *args, **kwargs):
        real(self, *args, **kwargs)
        seen.append(self.file.temporary_file_path())

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", spy)
    picture = SimpleUploadedFile("photo.jpg", b"\xff\xd8" + b"\x00" * 200_000, "image/jpeg")
    editor_client.post(reverse("images:upload"), {"file": picture, **many_fields(1_001)})
    assert seen
    assert all(path.startswith(str(upload_dir)) for path in seen)


def test_the_400_page_is_the_site_s(client):
    response = client.get("/search/", many_fields(1_001))
    assert_bad_request_page(response, "too many")
    assert 'href="/"' in response.content.decode()
