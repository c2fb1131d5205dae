"""The Content-Security-Policy on every HTML page, cached or not (issue 16)."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client
from django.urls import reverse

from .factories import ArticleFactory, TagFactory
from .image_files import picture_bytes

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


def assert_public_policy(response):
    csp = policy(response)
    assert csp["script-src"] == ["'self'"]  # no inline, no nonce, no eval
    assert csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert "nonce" not in response["Content-Security-Policy"]


def assert_desk_policy(response):
    csp = policy(response)
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert csp["style-src"] == ["'self'"]  # TinyMCE 7 needs no inline styles
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "blob:" in csp["img-src"]


def assert_no_inline_code(response):
    """Nothing on the page needs 'unsafe-inline': no inline script, handler or style."""
    soup = BeautifulSoup(response.content, "html.parser")
    for script in soup.find_all("script"):
        assert script.get("src") or script.get("type") == "application/ld+json", script
    for element in soup.find_all(True):
        handlers = [name for name in element.attrs if name.lower().startswith("on")]
        assert not handlers, element
        assert "style" not in element.attrs, element


@pytest.fixture
def story():
    return ArticleFactory(headline="Night buses every fifteen minutes", tags=[TagFactory()])


@pytest.mark.parametrize(
    "url",
    ["/", "/search/?q=buses", "/corrections/", "/feeds/rss/", "/sitemap.xml", "/robots.txt"],
)
def test_public_addresses_carry_the_public_policy(client, story, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_public_policy(response)


def test_public_pages_have_no_inline_code(client, story):
    tag = story.tags.first()
    for url in ["/", story.get_absolute_url(), "/search/?q=buses", f"/tags/{tag.slug}/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert_no_inline_code(response)
    article = client.get(story.get_absolute_url())
    assert b'<script type="application/ld+json">' in article.content  # data, never run


def test_a_cache_hit_carries_the_same_policy_as_the_miss(client, story):
    miss = client.get(story.get_absolute_url())
    hit = client.get(story.get_absolute_url())
    assert (miss["X-Cache"], hit["X-Cache"]) == ("MISS", "HIT")
    assert hit["Content-Security-Policy"] == miss["Content-Security-Policy"]
    assert_public_policy(hit)
    front_miss, front_hit = client.get("/"), client.get("/")
    assert (front_miss["X-Cache"], front_hit["X-Cache"]) == ("MISS", "HIT")
    assert_public_policy(front_hit)


def test_the_csp_middleware_sits_outside_the_page_cache():
    order = settings.MIDDLEWARE
    assert order.index("newsroom.csp.NewsroomCSPMiddleware") < order.index(
        "reader.page_cache.middleware.PageCacheMiddleware"
    )


def test_a_404_carries_the_public_policy(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_public_policy(response)
    assert_no_inline_code(response)


def test_a_500_carries_the_public_policy(settings):
    settings.ROOT_URLCONF = "tests.failing_urls"
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert b"<h1" in response.content  # our 500 page, not a bare one
    assert_public_policy(response)
    assert_no_inline_code(response)


def test_the_desk_login_and_the_desk_carry_the_desk_policy(client, editor, story):
    login = client.get(reverse("admin:login"))
    assert_desk_policy(login)
    client.force_login(editor)
    for url in [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[story.pk]),
        reverse("accounts:two_factor_setup"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_desk_policy(response)
    assert_desk_policy(client.get("/admin/no-such-page/"))


def test_the_lockout_page_carries_the_desk_policy(client, settings):
    settings.NEWSROOM_LOGIN_RATE_PER_MINUTE = 0
    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert response.status_code == 429
    assert_desk_policy(response)


def test_served_media_keep_their_own_sandbox_policy(client, settings):
    folder = Path(settings.MEDIA_ROOT) / "images"
    folder.mkdir(parents=True)
    (folder / "a.png").write_bytes(picture_bytes(8, 8, fmt="PNG"))
    response = client.get(f"{settings.MEDIA_URL}images/a.png")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_no_template_has_inline_script_handlers_or_styles():
    templates = [
        path
        for path in ROOT.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and "node_modules" not in path.parts
    ]
    assert len(templates) > 30
    for path in templates:
        soup = BeautifulSoup(path.read_text(), "html.parser")
        for script in soup.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", path
        for element in soup.find_all(True):
            assert not [a for a in element.attrs if a.lower().startswith("on")], path
            assert "style" not in element.attrs, path
