"""Lead images as readers see them, at phone and desktop widths."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PillowImage
from PIL import ImageDraw

from images.forms import ImageForm
from images.renditions import generate_missing

from ..factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db(transaction=True)


def harbour_photo(**fields):
    """A 2400x1500 picture with something to see: sky, sea, a red boat."""
    picture = PillowImage.new("RGB", (2400, 1500), (150, 190, 230))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 900, 2400, 1500), fill=(20, 70, 120))
    draw.polygon([(1500, 950), (2000, 950), (1900, 1100), (1600, 1100)], fill=(200, 40, 30))
    draw.rectangle((1740, 700, 1760, 950), fill=(60, 40, 20))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    form = ImageForm(
        {"focal_x": 73, "focal_y": 65, **fields},
        {"file": SimpleUploadedFile("harbour.jpg", out.getvalue())},
    )
    assert form.is_valid(), form.errors
    image = form.save()
    generate_missing(image)
    return image


@pytest.fixture
def story():
    photo = harbour_photo(
        alt_text="A red fishing boat in the harbour below a clear sky",
        caption="The last boat of the season returns to port.",
        credit="Ana Diaz / Newsroom",
    )
    now = timezone.now()
    for minutes in range(1, 4):
        ArticleFactory(
            headline=f"Another story with a picture {minutes}",
            lead_image=photo,
            published_at=now - timedelta(minutes=minutes),
        )
    return ArticleFactory(
        headline="Fishing fleet ends a record season",
        standfirst="Catches were the best in a decade.",
        body="<p>The harbour was busy until the last day.</p>",
        authors=[AuthorFactory(name="Sam Lee")],
        lead_image=photo,
        published_at=now,
    )


LEAD_IMAGE_STATE = """() => {
  const img = document.querySelector('figure.lead-image img');
  const box = img.getBoundingClientRect();
  return {
    complete: img.complete, natural: img.naturalWidth, src: img.currentSrc,
    width: box.width, height: box.height, loading: img.loading,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    caption: document.querySelector('figure.lead-image figcaption').innerText,
  };
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_the_lead_image_loads_sharp_and_fits(live_server, new_page, artifacts, story, width):
    page = new_page(width=width, height=900)
    page.goto(live_server.url + story.get_absolute_url())
    page.wait_for_load_state("load")

    state = page.evaluate(LEAD_IMAGE_STATE)

    assert state["complete"]
    assert state["natural"] >= 320
    assert state["src"].endswith(".webp")
    assert state["overflow"] <= 0
    # The reserved box has the photo's shape: nothing jumps when it arrives.
    assert abs(state["height"] - state["width"] * 1500 / 2400) < 2
    assert state["natural"] >= min(state["width"], 1600)
    assert "Ana Diaz / Newsroom" in state["caption"]
    page.screenshot(path=str(artifacts / f"article-lead-image-{width}.png"), full_page=True)

    page.goto(live_server.url + "/")
    page.wait_for_load_state("load")
    cards = page.locator(".summary__image img")
    assert cards.count() == 4
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=str(artifacts / f"front-page-lead-images-{width}.png"), full_page=True)
