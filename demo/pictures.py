"""Illustrations for the demo stories, drawn here so the demo ships no photos.

Each is a simple skyline at a given hour, made as an upload is and passed
through the photo library's own pipeline (form validation, re-encoding,
renditions), so the demo shows lead images exactly as real ones appear.
"""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from PIL import ImageColor, ImageDraw

from images.forms import ImageForm
from images.models import Image
from images.renditions import generate_missing

WIDTH, HEIGHT = 1200, 750
CREDIT = "Newsroom demo illustration"


def _skyline(sky_top: str, sky_bottom: str, seed: int) -> bytes:
    picture = PillowImage.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(picture)
    top_rgb, bottom_rgb = ImageColor.getrgb(sky_top), ImageColor.getrgb(sky_bottom)
    for y in range(HEIGHT):
        share = y / HEIGHT
        colour = tuple(round(a + (b - a) * share) for a, b in zip(top_rgb, bottom_rgb, strict=True))
        draw.line([(0, y), (WIDTH, y)], fill=colour)
    draw.ellipse([820, 120, 1000, 300], fill="#f6e7b0")
    shapes = random.Random(seed)  # noqa: S311 - decoration, not security
    x = 0
    while x < WIDTH:
        width = shapes.randint(60, 180)
        height = shapes.randint(140, 420)
        shade = shapes.randint(25, 60)
        draw.rectangle([x, HEIGHT - height, x + width, HEIGHT], fill=(shade, shade, shade + 12))
        x += width + shapes.randint(4, 30)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def demo_picture(*, alt_text: str, caption: str, sky: tuple[str, str], seed: int) -> Image:
    form = ImageForm(
        {"alt_text": alt_text, "caption": caption, "credit": CREDIT},
        {"file": SimpleUploadedFile("demo.jpg", _skyline(*sky, seed), "image/jpeg")},
    )
    if not form.is_valid():
        raise ValueError(f"demo picture refused: {form.errors.as_text()}")
    image = form.save()
    generate_missing(Image.objects.with_renditions().get(pk=image.pk))
    return image
