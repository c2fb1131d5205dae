"""HTML for pictures: <picture> with WebP and fallback srcsets, sized to avoid layout shift.

Reads only ``image.renditions.all()``, so a page that prefetches renditions
renders any number of pictures without another query. An image whose
renditions are not made yet falls back to its cleaned master file.
"""

import html
import re

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .models import Image
from .renditions import FAMILIES, WEBP

# What the largest fallback <img src> should be for browsers without srcset.
DEFAULT_SRC_WIDTH = 1024


def picture(
    image: Image,
    family: str = "full",
    *,
    sizes: str = "100vw",
    loading: str = "lazy",
    alt: str | None = None,
    css_class: str = "",
) -> SafeString:
    names = {spec.name for spec in FAMILIES[family]}
    chosen = [r for r in image.renditions.all() if r.spec in names]
    alt = image.alt_text if alt is None else alt
    extra = _loading_attributes(loading)
    if not chosen:
        return format_html(
            '<img class="{}" src="{}" width="{}" height="{}" alt="{}"{}>',
            css_class,
            image.file.url,
            image.width,
            image.height,
            alt,
            extra,
        )
    webp = sorted((r for r in chosen if r.format == WEBP), key=lambda r: r.width)
    fallback = sorted((r for r in chosen if r.format != WEBP), key=lambda r: r.width)
    src = next((r for r in reversed(fallback) if r.width <= DEFAULT_SRC_WIDTH), fallback[0])
    largest = fallback[-1]
    source = (
        format_html('<source type="image/webp" srcset="{}" sizes="{}">', _srcset(webp), sizes)
        if webp
        else ""
    )
    return format_html(
        '<picture>{}<img class="{}" src="{}" srcset="{}" sizes="{}" '
        'width="{}" height="{}" alt="{}"{}></picture>',
        source,
        css_class,
        src.file.url,
        _srcset(fallback),
        sizes,
        largest.width,
        largest.height,
        alt,
        extra,
    )


def _srcset(renditions) -> str:
    return ", ".join(f"{r.file.url} {r.width}w" for r in renditions)


def _loading_attributes(loading: str) -> SafeString:
    """Lazy below the fold; the picture a reader sees first loads at once, first."""
    if loading == "lazy":
        return mark_safe(' loading="lazy" decoding="async"')
    return mark_safe(' fetchpriority="high"')


def thumbnail(image: Image) -> SafeString:
    """A small fallback-format preview for the editorial admin."""
    small = sorted(
        (r for r in image.renditions.all() if r.spec == "w320" and r.format != WEBP),
        key=lambda r: r.width,
    )
    url = small[0].file.url if small else image.file.url
    return format_html(
        '<img src="{}" alt="{}" width="120" loading="lazy" class="admin-thumbnail">',
        url,
        image.alt_text,
    )


# Images in an article body are <img> tags whose src is a stored file of a
# library image (TinyMCE's upload inserts a rendition URL); the URL carries
# the image's UUID, which is how the body refers to the library.
_BODY_IMAGE = re.compile(
    r'<img\b[^>]*?\bsrc="[^"]*?/images/(?:renditions/)?([0-9a-f]{32})[^"]*"[^>]*>'
)
_ALT = re.compile(r'\balt="([^"]*)"')
BODY_SIZES = "(min-width: 44rem) 42rem, 100vw"


_IMG_TAG = re.compile(r"<img\b[^>]*>")


def fill_missing_alt(body: str) -> str:
    """``body`` with each library picture that has no alt text given its library alt.

    The body editor asks for the alt text when a picture is uploaded and the
    library keeps it; a picture inserted with an empty ``alt`` (the editor's
    dialog left blank) takes that text rather than being stored mute. Alt
    text typed in the body wins. One query, however many pictures.
    """
    uuids = set(_BODY_IMAGE.findall(body))
    if not uuids:
        return body
    alts = dict(
        Image.objects.filter(uuid__in=uuids).exclude(alt_text="").values_list("uuid", "alt_text")
    )
    alts_by_hex = {key.hex: alt for key, alt in alts.items()}

    def replace(match: re.Match) -> str:
        tag = match[0]
        found = _BODY_IMAGE.match(tag)
        alt = alts_by_hex.get(found[1]) if found else None
        current = _ALT.search(tag)
        if alt is None or (current and current[1].strip()):
            return tag
        filled = format_html('alt="{}"', alt)
        if current:
            return tag[: current.start()] + filled + tag[current.end() :]
        return tag[:4] + " " + filled + tag[4:]

    return _IMG_TAG.sub(replace, body)


def responsive_body(body: str) -> SafeString:
    """``body`` (already sanitised) with library images turned into responsive pictures.

    All referenced images and their renditions are read in two queries,
    however many pictures the body has.
    """
    uuids = set(_BODY_IMAGE.findall(body))
    if not uuids:
        return mark_safe(body)  # noqa: S308 - callers pass sanitised HTML
    images = {
        image.uuid.hex: image for image in Image.objects.filter(uuid__in=uuids).with_renditions()
    }

    def replace(match: re.Match) -> str:
        image = images.get(match[1])
        if image is None:
            return match[0]
        alt_match = _ALT.search(match[0])
        alt = html.unescape(alt_match[1]) if alt_match and alt_match[1].strip() else None
        return picture(image, "full", sizes=BODY_SIZES, loading="lazy", alt=alt)

    return mark_safe(_BODY_IMAGE.sub(replace, body))  # noqa: S308 - sanitised, then format_html
