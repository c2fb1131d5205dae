"""Readers' pages: lead figures, front-page cards and body pictures."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory, make_library_image

pytestmark = pytest.mark.django_db


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def photo():
    return make_library_image(
        2000,
        1250,
        alt_text="Firefighters on the roof of the mill",
        caption="The fire burned through the night.",
        credit="Sam Lee / Newsroom",
    )


def test_the_article_page_shows_the_lead_image_as_a_figure_with_caption_and_credit(client, photo):
    article = ArticleFactory(lead_image=photo)

    page = soup_of(client, article.get_absolute_url())
    figure = page.select_one("article.story figure.lead-image")
    img = figure.select_one("picture img")
    webp = figure.select_one("picture source[type='image/webp']")

    assert img["alt"] == "Firefighters on the roof of the mill"
    assert (img["width"], img["height"]) == ("1600", "1000")
    assert img.get("loading") is None
    assert img["fetchpriority"] == "high"
    assert img["sizes"] == webp["sizes"]
    assert [entry.split()[1] for entry in img["srcset"].split(", ")] == [
        "320w",
        "640w",
        "1024w",
        "1600w",
    ]
    assert all(".jpg " in entry for entry in img["srcset"].split(", "))
    assert all(".webp " in entry for entry in webp["srcset"].split(", "))
    assert img["src"].endswith("/w1024.jpg")
    caption = figure.select_one("figcaption").get_text(" ", strip=True)
    assert caption == "The fire burned through the night. Sam Lee / Newsroom"


def test_every_srcset_url_on_the_page_is_served(client, photo):
    article = ArticleFactory(lead_image=photo)
    page = soup_of(client, article.get_absolute_url())

    urls = {
        entry.split()[0]
        for tag in page.select("picture [srcset]")
        for entry in tag["srcset"].split(", ")
    }
    assert len(urls) == 8
    for url in urls:
        assert client.get(url).status_code == 200


def test_an_article_without_lead_image_has_no_figure(client):
    article = ArticleFactory()

    assert soup_of(client, article.get_absolute_url()).select_one("figure.lead-image") is None


def test_front_page_cards_are_3_by_2_crops_lazy_below_the_fold(client, photo):
    now = timezone.now()
    for minutes in range(4):
        ArticleFactory(lead_image=photo, published_at=now - timedelta(minutes=minutes))

    cards = soup_of(client, "/").select(".summary .summary__image img")

    assert len(cards) == 4
    # The lead story and the first two top stories are above the fold.
    assert [card.get("loading") for card in cards] == [None, None, None, "lazy"]
    for card in cards:
        assert card["alt"] == "Firefighters on the roof of the mill"
        assert (card["width"], card["height"]) == ("1024", "683")
        assert "/card640-fp50x50.jpg 640w" in card["srcset"]


def test_body_pictures_become_responsive_with_their_alt_text(client):
    image = make_library_image(1200, 900, alt_text="Library alt text")
    article = ArticleFactory(
        body=(
            f'<p>Before.</p><img src="{image.rendition(1024).url}" alt="Editor&#39;s alt">'
            f'<p>After.</p><img src="{image.rendition(1024).url}" alt="">'
            '<img src="https://example.com/elsewhere.jpg" alt="External">'
        )
    )

    body = soup_of(client, article.get_absolute_url()).select_one(".story__body")
    pictures = body.select("picture img")

    assert [img["alt"] for img in pictures] == ["Editor's alt", "Library alt text"]
    for img in pictures:
        assert img["loading"] == "lazy"
        assert (img["width"], img["height"]) == ("1200", "900")
        assert "640w" in img["srcset"]
    assert body.find("img", src="https://example.com/elsewhere.jpg") is not None


def test_the_sanitiser_still_strips_attributes_from_body_images(client):
    image = make_library_image(600, 400)
    article = ArticleFactory(
        body=f'<img src="{image.rendition(320).url}" alt="x" onerror="alert(1)" width="9999">'
    )

    stored = Article.objects.get(pk=article.pk).body
    assert "onerror" not in stored
    assert "9999" not in stored
