"""Renditions: the sizes and formats pages get, made once and stored."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PillowImage

from images.models import Rendition
from images.renditions import generate_missing

from .factories import make_library_image

pytestmark = pytest.mark.django_db


def stored(rendition: Rendition) -> PillowImage.Image:
    with rendition.file.open("rb") as handle:
        picture = PillowImage.open(io.BytesIO(handle.read()))
        picture.load()
        return picture


def table(image) -> set[tuple[str, str, int, int]]:
    return {(r.spec, r.format, r.width, r.height) for r in image.renditions.all()}


def test_a_large_photo_gets_every_width_in_webp_and_jpeg_and_the_crops():
    image = make_library_image(2400, 1600)

    assert table(image) == {
        *(
            (f"w{w}", fmt, w, round(w * 2 / 3))
            for w in (320, 640, 1024, 1600)
            for fmt in ("WEBP", "JPEG")
        ),
        *(
            (f"card{w}", fmt, w, round(w * 2 / 3))
            for w in (320, 640, 1024)
            for fmt in ("WEBP", "JPEG")
        ),
        ("social", "JPEG", 1200, 630),
    }
    for rendition in image.renditions.all():
        picture = stored(rendition)
        assert picture.format == rendition.format
        assert picture.size == (rendition.width, rendition.height)


def test_nothing_is_upscaled():
    image = make_library_image(800, 400)

    widths = {(r.spec, r.format): (r.width, r.height) for r in image.renditions.all()}
    # 320 and 640 as asked; the next size is the photo's own 800 px, and no more.
    assert widths[("w320", "JPEG")] == (320, 160)
    assert widths[("w640", "WEBP")] == (640, 320)
    assert widths[("w1024", "JPEG")] == (800, 400)
    assert ("w1600", "JPEG") not in widths
    # A 3:2 crop of an 800x400 photo is at most 600x400.
    assert widths[("card640", "JPEG")] == (600, 400)
    assert ("card1024", "JPEG") not in widths
    assert widths[("social", "JPEG")] == (762, 400)
    assert all(w <= 800 and h <= 400 for w, h in widths.values())


def test_transparent_pngs_fall_back_to_png_not_jpeg():
    opaque = make_library_image(700, 700, fmt="PNG")
    clear = make_library_image(700, 700, fmt="PNG", mode="RGBA", color=(0, 0, 0, 0))

    assert {r.format for r in opaque.renditions.all()} == {"WEBP", "JPEG"}
    assert {r.format for r in clear.renditions.all()} == {"WEBP", "PNG"}
    assert stored(clear.renditions.get(spec="w320", format="PNG")).mode == "RGBA"


def test_crops_keep_the_focal_point_in_frame():
    # A wide photo with a red subject at the far right, on blue.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from images.forms import ImageForm

    picture = PillowImage.new("RGB", (3000, 1000), (0, 0, 255))
    picture.paste((255, 0, 0), (2700, 400, 2900, 600))
    out = io.BytesIO()
    picture.save(out, "PNG")
    form = ImageForm(
        {"alt_text": "Subject on the right", "focal_x": 93, "focal_y": 50},
        {"file": SimpleUploadedFile("wide.png", out.getvalue())},
    )
    assert form.is_valid(), form.errors
    image = form.save()
    generate_missing(image)

    social = stored(image.renditions.get(spec="social"))
    card = stored(image.renditions.get(spec="card640", format="JPEG")).convert("RGB")
    for crop in (social.convert("RGB"), card):
        reds = [
            x
            for x in range(crop.width)
            if crop.getpixel((x, crop.height // 2))[0] > 200
            and crop.getpixel((x, crop.height // 2))[2] < 80
        ]
        assert reds, "the subject was cropped away"
    assert social.size == (1200, 630)


def test_renditions_are_made_once_and_the_api_returns_url_and_size():
    image = make_library_image(2000, 1000)
    count = Rendition.objects.count()

    webp = image.rendition(600, "webp")
    fallback = image.rendition(600)
    social = image.social_rendition()
    generate_missing(image)

    assert Rendition.objects.count() == count
    assert (webp.width, webp.height, webp.mime_type) == (640, 320, "image/webp")
    assert webp.url.endswith("/w640.webp")
    assert (fallback.width, fallback.mime_type) == (640, "image/jpeg")
    assert (social.width, social.height, social.mime_type) == (1200, 630, "image/jpeg")


def test_the_command_makes_missing_renditions_for_many_images_in_few_queries(capsys):
    images = [make_library_image(700, 500, renditions=False) for _ in range(12)]
    assert not Rendition.objects.exists()

    call_command("generate_renditions", "--batch-size", "5", "--workers", "3")

    assert "for 12 images" in capsys.readouterr().out
    per_image = len(table(images[0]))
    assert Rendition.objects.count() == 12 * per_image
    with CaptureQueriesContext(connection) as again:
        call_command("generate_renditions")
    assert "Made 0 renditions for 0 images" in capsys.readouterr().out
    # Images and their renditions come in batches: no query per image.
    assert len(again) <= 3


def test_the_command_remakes_crops_on_request(capsys):
    image = make_library_image(1200, 800)
    image.focal_x = 10
    image.save()

    call_command("generate_renditions", "--crops-again", "--workers", "2")

    crops = image.renditions.filter(spec__startswith="card")
    assert crops.count() == 6
    assert all("-fp10x50." in r.file.name for r in crops)
    assert image.renditions.get(spec="social").file.name.endswith("social-fp10x50.jpg")
    assert image.renditions.filter(spec__startswith="w").count() == 8


def test_renditions_are_served_with_far_future_caching(client):
    image = make_library_image(900, 600)
    rendition = image.renditions.get(spec="w640", format="WEBP")

    response = client.get(rendition.file.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_only_stored_pictures_are_served_from_media(client, settings, tmp_path):
    assert client.get("/media/images/../../etc/passwd").status_code == 404
    assert client.get("/media/images/nothing-here.jpg").status_code == 404
    (settings.MEDIA_ROOT / "images").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "images" / "notes.html").write_text("<script>x</script>")
    assert client.get("/media/images/notes.html").status_code == 404
