"""A story's lead image reaches every outward format as its 1200x630 social crop."""

import pytest

from .factories import ArticleFactory, make_library_image
from .html import page
from .ninjs_standard import assert_valid_ninjs, require_standard
from .test_structured_data import json_ld, meta

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    photo = make_library_image(2400, 1600, alt_text="Crowds at the harbour", credit="Ana Diaz")
    return ArticleFactory(lead_image=photo)


def test_json_ld_and_social_meta_carry_the_social_crop(client, story):
    soup = page(client.get(story.get_absolute_url()))
    (article,) = json_ld(soup)
    image = article["image"]
    assert image["@type"] == "ImageObject"
    assert image["url"].startswith("http://testserver/media/")
    assert (image["width"], image["height"]) == (1200, 630)
    tags = dict(meta(soup))
    assert tags["og:image"] == image["url"]
    assert tags["og:image:alt"] == "Crowds at the harbour"
    assert tags["twitter:card"] == "summary_large_image"


def test_ninjs_item_associates_the_lead_picture(client, story):
    require_standard()
    item = client.get(f"/api/ninjs/articles/{story.public_id}/").json()
    assert_valid_ninjs(item)
    (picture,) = item["associations"]
    assert picture["type"] == "picture"
    assert picture["by"] == "Ana Diaz"
    assert picture["descriptions"] == [{"role": "alt", "value": "Crowds at the harbour"}]
    (rendition,) = picture["renditions"]
    assert (rendition["width"], rendition["height"]) == (1200, 630)
    assert rendition["contentType"] == "image/jpeg"
    assert client.get(rendition["href"].removeprefix("http://testserver")).status_code == 200
