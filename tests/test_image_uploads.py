"""What the library accepts, decided by decoding the file, and what it stores."""

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from PIL import Image as PillowImage

from images.models import Image

from . import image_files

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:images_image_add")
DESCRIPTION = {
    "alt_text": "A ferry leaving the harbour at dawn",
    "caption": "The first crossing since the storm.",
    "credit": "Ana Diaz / Newsroom",
}


def post_upload(client, content: bytes, name: str, content_type: str = "image/jpeg"):
    return client.post(
        ADD_URL, {**DESCRIPTION, "file": image_files.upload(content, name, content_type)}
    )


def file_error(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    errors = soup.select(".field-file .errorlist li")
    return " ".join(error.get_text() for error in errors)


def kept_description(response) -> dict:
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        "alt_text": soup.find("input", {"name": "alt_text"})["value"],
        "caption": soup.find("textarea", {"name": "caption"}).get_text().strip(),
        "credit": soup.find("input", {"name": "credit"})["value"],
    }


@pytest.mark.parametrize(
    ("content", "name", "content_type", "message"),
    [
        (image_files.SVG, "drawing.svg", "image/svg+xml", "not a JPEG, PNG, WebP or GIF"),
        (image_files.HTML, "page.jpg", "image/jpeg", "not a JPEG, PNG, WebP or GIF"),
        (image_files.PDF, "scan.pdf", "application/pdf", "not a JPEG, PNG, WebP or GIF"),
        (image_files.PHP, "shell.php.jpg", "image/jpeg", "not a JPEG, PNG, WebP or GIF"),
        (image_files.truncated_jpeg(), "cut.jpg", "image/jpeg", "damaged or incomplete"),
        (b"", "empty.jpg", "image/jpeg", "empty"),
    ],
    ids=["svg", "html", "pdf", "php-named-jpg", "truncated-jpeg", "empty"],
)
def test_bad_files_are_refused_with_a_message_and_the_description_is_kept(
    admin_client, content, name, content_type, message
):
    response = post_upload(admin_client, content, name, content_type)

    assert response.status_code == 200
    assert message in file_error(response)
    assert kept_description(response) == DESCRIPTION
    assert not Image.objects.exists()


def test_a_png_with_an_html_tail_is_stored_without_the_tail(admin_client):
    response = post_upload(admin_client, image_files.polyglot_png(), "innocent.png", "image/png")

    assert response.status_code == 302
    image = Image.objects.get()
    stored = image.file.read()
    assert b"<script" not in stored
    assert b"<html" not in stored
    assert PillowImage.open(io.BytesIO(stored)).format == "PNG"


def test_files_over_the_size_limit_are_refused(admin_client, settings):
    settings.IMAGES_MAX_UPLOAD_BYTES = 50_000
    noisy = PillowImage.effect_noise((600, 600), 80).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, "PNG")
    big = out.getvalue()
    assert len(big) > 50_000

    response = post_upload(admin_client, big, "noisy.png", "image/png")

    assert "the limit is 48.8\xa0KB" in file_error(response)
    assert kept_description(response) == DESCRIPTION


def test_too_many_pixels_are_refused_before_decoding(admin_client, settings):
    settings.IMAGES_MAX_PIXELS = 1_000_000
    response = post_upload(admin_client, image_files.picture_bytes(2000, 1000), "wide.jpg")

    assert "declares 2,000x1,000 pixels; the limit is 1 megapixels" in file_error(response)


def test_a_decompression_bomb_is_refused_without_exhausting_memory(tmp_path):
    """A ~1 MB PNG declaring 50,000x50,000 pixels, checked in a process capped at 1 GiB.

    Decoding it would need 2.5 GB; under the address-space cap any attempt
    would die with MemoryError instead of printing the refusal.
    """
    bomb = image_files.png_bomb()
    assert 900_000 < len(bomb) < 1_200_000
    bomb_path = tmp_path / "bomb.png"
    bomb_path.write_bytes(bomb)
    script = textwrap.dedent(
        f"""
        import json, resource
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        import django
        django.setup()
        from django.core.exceptions import ValidationError
        from images.processing import process_upload
        try:
            with open({str(bomb_path)!r}, "rb") as handle:
                process_upload(handle)
            print(json.dumps({{"accepted": True}}))
        except ValidationError as exc:
            # This process's own high-water mark (VmHWM starts afresh at exec;
            # ru_maxrss would carry over the size of the test run that forked it).
            with open("/proc/self/status") as status:
                peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
            print(json.dumps({{"accepted": False, "message": exc.messages[0], "peak_kb": peak}}))
        """
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DEBUG": "true"}
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["accepted"] is False
    assert "declares more pixels than allowed; the limit is 64 megapixels" in outcome["message"]
    assert outcome["peak_kb"] < 300_000


def test_exif_orientation_is_applied_and_gps_is_gone_from_the_served_files(admin_client):
    response = post_upload(admin_client, image_files.jpeg_with_gps_and_rotation(), "holiday.jpg")
    assert response.status_code == 302
    image = Image.objects.get()

    # Orientation 6 means the camera was turned: 600x400 is shown as 400x600.
    assert (image.width, image.height) == (400, 600)
    served_urls = [image.file.url, *(r.file.url for r in image.renditions.all())]
    assert len(served_urls) > 5
    for url in served_urls:
        served = admin_client.get(url)
        assert served.status_code == 200, url
        picture = PillowImage.open(io.BytesIO(b"".join(served.streaming_content)))
        exif = picture.getexif()
        assert not exif.get_ifd(image_files.GPS_IFD), url
        assert image_files.ORIENTATION not in exif, url
        assert image_files.MAKE not in exif, url
        assert "exif" not in picture.info, url
    master = PillowImage.open(image.file.open("rb")).convert("RGB")
    # The yellow marker from the top-left is now at the top-right.
    assert master.getpixel((image.width - 10, 10))[2] < 80
    assert master.getpixel((10, 10))[2] > 150


def test_stored_names_are_random_and_the_upload_is_not_kept(admin_client, settings):
    post_upload(admin_client, image_files.picture_bytes(), "Secret Plans For Monday.jpg")
    image = Image.objects.get()

    assert "secret" not in image.file.name.lower()
    assert image.file.name == f"images/{image.uuid.hex}.jpg"
    media = Path(settings.MEDIA_ROOT)
    stored = {p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()}
    assert image.file.name in stored
    assert all(
        name.startswith(f"images/renditions/{image.uuid.hex}/")
        for name in stored - {image.file.name}
    )


def test_the_uploader_and_original_size_are_recorded(admin_client, admin_user):
    post_upload(admin_client, image_files.picture_bytes(1200, 800), "photo.jpg")
    image = Image.objects.get()

    assert image.uploaded_by == admin_user
    assert (image.width, image.height) == (1200, 800)
    assert image.alt_text == DESCRIPTION["alt_text"]
    assert image.credit == DESCRIPTION["credit"]


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "GIF"])
def test_png_webp_and_gif_are_accepted_and_keep_their_format(admin_client, fmt):
    response = post_upload(
        admin_client, image_files.picture_bytes(300, 200, fmt), f"p.{fmt.lower()}", "image/png"
    )

    assert response.status_code == 302
    image = Image.objects.get()
    assert PillowImage.open(image.file.open("rb")).format == fmt


def test_alt_text_is_required(admin_client):
    response = admin_client.post(
        ADD_URL,
        {**DESCRIPTION, "alt_text": "", "file": image_files.upload(image_files.picture_bytes())},
    )

    assert response.status_code == 200
    assert not Image.objects.exists()
    assert "This field is required" in response.content.decode()


def test_pillows_own_bomb_guard_follows_the_newsroom_limit(settings):
    assert settings.IMAGES_MAX_PIXELS == PillowImage.MAX_IMAGE_PIXELS
