"""The body editor's upload endpoint: who may use it, and what it gives back."""

import secrets
import string

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from images.models import Image

from . import image_files
from .factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("images:upload")


def payload(content=None, alt="A crowd in the square"):
    content = image_files.picture_bytes(1400, 900) if content is None else content
    return {"file": image_files.upload(content), "alt_text": alt}


def csrf_client(user=None) -> tuple[Client, str]:
    """A browser-like client: CSRF checks on, with the token cookie a page would set."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    token = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    client.cookies["csrftoken"] = token
    return client, token


@pytest.fixture
def uploader():
    user = UserFactory(username="photo-desk", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_image"))
    return user


def test_a_staff_member_with_permission_uploads_and_gets_a_rendition_url(uploader):
    client, token = csrf_client(uploader)

    response = client.post(URL, payload(), HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 200
    body = response.json()
    image = Image.objects.get()
    assert image.uploaded_by == uploader
    assert body["image"] == image.uuid.hex
    assert body["location"].endswith(f"/images/renditions/{image.uuid.hex}/w1024.jpg")
    assert (body["width"], body["height"]) == (1024, 658)
    assert client.get(body["location"]).status_code == 200


def test_anonymous_visitors_are_refused(uploader):
    client, token = csrf_client()

    response = client.post(URL, payload(), HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 403
    assert "Sign in" in response.json()["error"]
    assert not Image.objects.exists()


def test_non_staff_users_are_refused():
    reader = UserFactory(username="reader")
    reader.user_permissions.add(Permission.objects.get(codename="add_image"))
    client, token = csrf_client(reader)

    response = client.post(URL, payload(), HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 403
    assert not Image.objects.exists()


def test_staff_without_the_add_image_permission_are_refused():
    client, token = csrf_client(UserFactory(username="intern", is_staff=True))

    response = client.post(URL, payload(), HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 403
    assert "may not add pictures" in response.json()["error"]
    assert not Image.objects.exists()


def test_requests_without_the_csrf_token_are_refused(uploader):
    client, _ = csrf_client(uploader)

    response = client.post(URL, payload())

    assert response.status_code == 403
    assert not Image.objects.exists()


def test_get_is_not_allowed(uploader):
    client, _ = csrf_client(uploader)

    assert client.get(URL).status_code == 405


@pytest.mark.parametrize(
    ("content", "alt", "message"),
    [
        (image_files.PHP, "x", "not a JPEG, PNG, WebP or GIF"),
        (image_files.truncated_jpeg(), "x", "damaged or incomplete"),
        (None, "", "This field is required"),
    ],
    ids=["php", "truncated", "no-alt-text"],
)
def test_bad_uploads_get_a_json_error(uploader, content, alt, message):
    client, token = csrf_client(uploader)

    response = client.post(URL, payload(content, alt), HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not Image.objects.exists()


def test_an_uploaded_body_picture_renders_responsively_and_protects_the_image(uploader):
    client, token = csrf_client(uploader)
    location = client.post(URL, payload(), HTTP_X_CSRFTOKEN=token).json()["location"]
    image = Image.objects.get()
    article = ArticleFactory(body=f'<p>Scene:</p><p><img src="{location}" alt=""></p>')

    html = Client().get(article.get_absolute_url()).content.decode()

    assert "<picture>" in html
    assert 'alt="A crowd in the square"' in html
    assert list(image.articles_using()) == [article]
