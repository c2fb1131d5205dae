"""Resized and cropped copies of library images, made once and stored.

Width renditions keep the picture's own shape; crop renditions cut a fixed
aspect (front-page cards, 1200x630 social cards) around the focal point.
Nothing is ever upscaled: a nominal size wider than the source is made at the
source's width, and only the first such size is kept.

Every rendition exists in WebP plus a fallback (JPEG, or PNG for pictures with
transparency) except the social card, which is JPEG/PNG only because social
networks' crawlers do not all read WebP.
"""

import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.files.base import ContentFile
from PIL import Image as PillowImage
from PIL import ImageSequence

from jobs.queue import enqueue

from .models import Image, Rendition
from .processing import FORMATS, has_alpha, to_jpeg, to_png

logger = logging.getLogger(__name__)

WEBP = "WEBP"
ENCODER_OPTIONS: dict[str, dict[str, Any]] = {
    "WEBP": {"quality": 80, "method": 3},
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
}


@dataclass(frozen=True)
class Spec:
    """One nominal size: ``aspect`` None keeps the picture's own shape."""

    name: str
    width: int
    aspect: tuple[int, int] | None = None
    webp: bool = True

    def fallback_format(self, image: Image) -> str:
        return "PNG" if image.has_transparency else "JPEG"

    def formats(self, image: Image) -> list[str]:
        fallback = self.fallback_format(image)
        return [WEBP, fallback] if self.webp else [fallback]

    def crop_box(self, source_width: int, source_height: int, focal: tuple[float, float]):
        """The largest box of ``aspect`` whose centre is as close to ``focal`` as fits."""
        if self.aspect is None:
            return (0, 0, source_width, source_height)
        ratio = self.aspect[0] / self.aspect[1]
        box_width = min(source_width, round(source_height * ratio))
        box_height = min(source_height, round(box_width / ratio))
        left = _clamp(round(focal[0] * source_width - box_width / 2), 0, source_width - box_width)
        top = _clamp(
            round(focal[1] * source_height - box_height / 2), 0, source_height - box_height
        )
        return (left, top, left + box_width, top + box_height)

    def output_size(self, box_width: int, box_height: int) -> tuple[int, int]:
        width = min(self.width, box_width)
        return width, max(1, round(box_height * width / box_width))


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))


WIDTHS = (320, 640, 1024, 1600)
CARD_ASPECT = (3, 2)
CARD_WIDTHS = (320, 640, 1024)
FULL = tuple(Spec(f"w{width}", width) for width in WIDTHS)
CARD = tuple(Spec(f"card{width}", width, CARD_ASPECT) for width in CARD_WIDTHS)
SOCIAL = Spec("social", 1200, (1200, 630), webp=False)
FAMILIES = {"full": FULL, "card": CARD}


def specs_for(image: Image, family: Iterable[Spec]) -> list[Spec]:
    """The sizes of ``family`` worth making for ``image``: none upscaled, none twice."""
    chosen = []
    for spec in family:
        box = spec.crop_box(image.width, image.height, image.focal_point)
        box_width = box[2] - box[0]
        chosen.append(spec)
        if spec.width >= box_width:
            break
    return chosen


def all_specs_for(image: Image) -> list[Spec]:
    return [*specs_for(image, FULL), *specs_for(image, CARD), SOCIAL]


def stored_name(image: Image, spec: Spec, format: str) -> str:
    """Deterministic: the same image, size, focal point and format, the same name."""
    x, y = image.focal_point
    focus = f"-fp{round(x * 100)}x{round(y * 100)}" if spec.aspect else ""
    return f"images/renditions/{image.uuid.hex}/{spec.name}{focus}.{FORMATS[format][0]}"


def generate_missing(image: Image, specs: Iterable[Spec] | None = None) -> list[Rendition]:
    """Make, store and record the renditions of ``image`` that do not exist yet."""
    made = render_missing(image, specs)
    Rendition.objects.bulk_create(made, ignore_conflicts=True)
    if hasattr(image, "_prefetched_objects_cache"):
        image._prefetched_objects_cache.pop("renditions", None)
    return made


def render_missing(image: Image, specs: Iterable[Spec] | None = None) -> list[Rendition]:
    """Make and store the missing files; return their (unsaved) ``Rendition`` rows.

    The master is decoded once and every size is cut from it. Uses the
    prefetched ``renditions`` when present and writes nothing to the
    database, so the management command can run it in worker threads
    (Pillow releases the GIL while resampling and encoding).
    """
    specs = list(all_specs_for(image) if specs is None else specs)
    have = {(r.spec, r.format) for r in image.renditions.all()}
    todo = [
        (spec, fmt) for spec in specs for fmt in spec.formats(image) if (spec.name, fmt) not in have
    ]
    if not todo:
        return []
    source = _decode_master(image)
    made = []
    resized: dict[str, PillowImage.Image] = {}
    # Largest first, so each smaller size is cut from the last larger one of
    # the same crop rather than from the full master: much less resampling.
    nearest_larger: dict[tuple[int, int, int, int], PillowImage.Image] = {}
    for spec, fmt in sorted(todo, key=lambda item: -item[0].width):
        if spec.name not in resized:
            box = spec.crop_box(source.width, source.height, image.focal_point)
            size = spec.output_size(box[2] - box[0], box[3] - box[1])
            larger = nearest_larger.get(box)
            if larger is not None and larger.width >= size[0]:
                picture = larger.resize(size, PillowImage.Resampling.LANCZOS, reducing_gap=3.0)
            else:
                picture = source.resize(
                    size, PillowImage.Resampling.LANCZOS, box=box, reducing_gap=3.0
                )
            resized[spec.name] = nearest_larger[box] = picture
        picture = resized[spec.name]
        name = image.file.storage.save(
            stored_name(image, spec, fmt), ContentFile(_encode(picture, fmt))
        )
        made.append(
            Rendition(
                image=image,
                spec=spec.name,
                format=fmt,
                file=name,
                width=picture.width,
                height=picture.height,
            )
        )
    return made


def _decode_master(image: Image) -> PillowImage.Image:
    with image.file.open("rb") as handle, PillowImage.open(handle) as picture:
        first = next(ImageSequence.Iterator(picture)).copy()
    return first.convert("RGBA" if has_alpha(first) else "RGB")


def _encode(picture: PillowImage.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        picture = to_jpeg(picture)
    elif fmt == "PNG":
        picture = to_png(picture)
    picture.save(out, fmt, **ENCODER_OPTIONS[fmt])
    return out.getvalue()


# One request per picture while a worker is on it: a busy page rendering a
# picture whose renditions are not made yet must not queue it again each time.
REQUEST_ONCE_SECONDS = 60


def request_renditions(image: Image) -> None:
    """Have a worker make the image's missing renditions (in-process without a broker)."""
    from .tasks import make_renditions  # the task module imports this one

    if cache.add(f"renditions-requested:{image.pk}", 1, timeout=REQUEST_ONCE_SECONDS):
        enqueue(make_renditions, image.pk)


def ensure_rendition(image: Image, spec: Spec, fmt: str) -> Rendition | None:
    """The stored rendition; if it is missing, a worker is asked for it and None returned.

    A page never waits for a picture to be resized: it shows the master until
    the rendition exists.
    """
    for rendition in image.renditions.all():
        if rendition.spec == spec.name and rendition.format == fmt:
            return rendition
    request_renditions(image)
    return image.renditions.filter(spec=spec.name, format=fmt).first()


def pick_width_rendition(image: Image, width: int, fmt: str | None) -> Rendition | None:
    specs = specs_for(image, FULL)
    spec = next((s for s in specs if s.width >= width), specs[-1])
    chosen = fmt.upper() if fmt else spec.fallback_format(image)
    if chosen not in spec.formats(image):
        raise ValueError(f"No {fmt} rendition: choose webp or the fallback.")
    return ensure_rendition(image, spec, chosen)


def discard_crops(image: Image) -> None:
    """Forget crop renditions (after the focal point moved); files go with the rows."""
    crops = [spec.name for spec in (*CARD, SOCIAL)]
    for rendition in Rendition.objects.filter(image=image, spec__in=crops):
        rendition.delete()
    if hasattr(image, "_prefetched_objects_cache"):
        image._prefetched_objects_cache.pop("renditions", None)
