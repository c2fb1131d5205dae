"""Previews from the admin and share links for people without an account."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from desk import previews

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db
Status = Article.Status


def preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


@pytest.fixture
def draft():
    return ArticleFactory(
        headline="Secret merger talks",
        status=Status.DRAFT,
        published_at=None,
        body="<p>The two banks met on Monday.</p>",
    )


def test_anyone_who_may_edit_previews_with_the_reader_template(reporter_client, reporter, draft):
    draft.created_by = reporter
    draft.save()
    response = reporter_client.get(preview_url(draft))
    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert '<h1 class="story__headline">Secret merger talks</h1>' in page
    assert "The two banks met on Monday." in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "no-cache" in response["Cache-Control"]
    change_page = reporter_client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert f'href="{preview_url(draft)}"' in change_page.content.decode()


def test_no_preview_for_those_who_may_not_edit(client, reporter_client, draft):
    assert reporter_client.get(preview_url(draft)).status_code == 403
    assert client.get(preview_url(draft)).status_code == 302  # to the login page


def share_link(editor_client, draft, lifetime="1d") -> str:
    response = editor_client.post(
        reverse("admin:articles_article_share", args=[draft.pk]), {"lifetime": lifetime}
    )
    assert response.status_code == 200
    return response.context["link"]


def test_a_valid_share_link_shows_the_draft_read_only(client, editor_client, draft):
    link = share_link(editor_client, draft)
    response = client.get(link)
    assert response.status_code == 200
    assert "The two banks met on Monday." in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    assert client.post(link).status_code == 405


def test_an_expired_share_link_says_so(client, editor_client, draft):
    link = share_link(editor_client, draft, lifetime="1h")
    with time_machine.travel(timezone.now() + timedelta(hours=1, seconds=1)):
        response = client.get(link)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert "The two banks" not in response.content.decode()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.replace(
            token.split(":")[0],
            previews.signing.b64_encode(b'{"article":1,"expires":9999999999}').decode(),
        ),
    ],
    ids=["signature", "payload"],
)
def test_a_tampered_share_link_is_404(client, editor_client, draft, tamper):
    link = share_link(editor_client, draft)
    token = link.rstrip("/").rsplit("/", 1)[1]
    response = client.get(reverse("articles:share", kwargs={"token": tamper(token)}))
    assert response.status_code == 404
    assert "The two banks" not in response.content.decode()


def test_only_editors_make_share_links(reporter_client, draft):
    assert (
        reporter_client.post(
            reverse("admin:articles_article_share", args=[draft.pk]), {"lifetime": "1d"}
        ).status_code
        == 403
    )


def test_a_bad_lifetime_is_a_clear_400(editor_client, draft):
    response = editor_client.post(
        reverse("admin:articles_article_share", args=[draft.pk]), {"lifetime": "forever"}
    )
    assert response.status_code == 400
    assert "Choose how long" in response.content.decode()
