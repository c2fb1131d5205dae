"""The upload pipeline: decide what a file really is, then re-encode it clean.

Nothing about an upload is trusted: not its name, not its declared type, not
its header. The file is opened by Pillow restricted to the four formats the
newsroom publishes; its declared dimensions are checked *before* any pixel is
decoded (a tiny PNG can declare gigapixels); then it is fully decoded, turned
upright by its EXIF orientation and re-encoded from pixels alone, so EXIF,
GPS, comments and anything appended after the image data (an HTML tail in a
PNG/HTML polyglot) never reach public storage.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image as PillowImage
from PIL import ImageOps, ImageSequence, UnidentifiedImageError

# Pillow format name -> (file extension, MIME type)
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("gif", "image/gif"),
}
NOT_AN_IMAGE = _(
    "This file is not a JPEG, PNG, WebP or GIF image (it was checked by reading it, "
    "not by its name). Choose a photo in one of those formats."
)


@dataclass(frozen=True)
class CleanImage:
    """A decoded, upright, metadata-free image ready to be stored."""

    content: bytes
    format: str
    width: int
    height: int
    has_transparency: bool

    @property
    def extension(self) -> str:
        return FORMATS[self.format][0]


def process_upload(upload) -> CleanImage:
    """Check ``upload`` (a Django ``UploadedFile`` or file object) and re-encode it.

    Raises ``ValidationError`` with a message an editor can act on.
    """
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size == 0:
        raise ValidationError(_("The file is empty. Choose the photo again."), code="empty")
    limit = settings.IMAGES_MAX_UPLOAD_BYTES
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s. Export a smaller JPEG and try again.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    try:
        # open() reads only the header; formats= stops Pillow from trying
        # every other decoder it knows (PSD, EPS, ...) on hostile input.
        picture = PillowImage.open(upload, formats=list(FORMATS))
    except PillowImage.DecompressionBombError as exc:
        raise _too_many_pixels(None) from exc
    except (UnidentifiedImageError, SyntaxError, ValueError, OSError) as exc:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from exc
    # A phone's multi-picture JPEG (MPO: a photo plus depth or stereo views)
    # is published as a JPEG of its first picture.
    source_format = "JPEG" if picture.format == "MPO" else picture.format or ""
    _check_pixel_budget(picture, frames=1 if picture.format == "MPO" else None)
    try:
        picture.load()
        pictures = [picture] if picture.format == "MPO" else ImageSequence.Iterator(picture)
        frames = [_upright_without_metadata(frame) for frame in pictures]
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationError(
            _(
                "The image data is damaged or incomplete (the file may have been cut off "
                "while copying). Export it again and retry."
            ),
            code="damaged",
        ) from exc
    return _encode(frames, source_format, picture.info)


def _upright_without_metadata(frame: PillowImage.Image) -> PillowImage.Image:
    """Apply the EXIF orientation, then forget every piece of metadata.

    Only ``transparency`` survives: it is part of the pixels of a palette image.
    """
    upright = ImageOps.exif_transpose(frame.copy())
    upright.info = {k: v for k, v in upright.info.items() if k == "transparency"}
    return upright


def _too_many_pixels(size: tuple[int, int] | None) -> ValidationError:
    limit = settings.IMAGES_MAX_PIXELS
    declared = (
        _("%(width)sx%(height)s pixels") % {"width": f"{size[0]:,}", "height": f"{size[1]:,}"}
        if size
        else _("more pixels than allowed")
    )
    return ValidationError(
        _(
            "The image declares %(declared)s; the limit is %(megapixels)s megapixels. "
            "Resize it before uploading."
        )
        % {"declared": declared, "megapixels": f"{limit / 1_000_000:g}"},
        code="too_many_pixels",
    )


def _check_pixel_budget(picture: PillowImage.Image, frames: int | None = None) -> None:
    """Refuse on the header's dimensions, before a single pixel is decoded.

    ``frames``: how many of its pictures will be decoded (default: all).
    """
    width, height = picture.size
    decoded = frames or int(getattr(picture, "n_frames", 1) or 1)
    if width * height * decoded > settings.IMAGES_MAX_PIXELS:
        raise _too_many_pixels((width, height))
    if width < 1 or height < 1:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")


def _encode(frames: list[PillowImage.Image], source_format: str, info: dict) -> CleanImage:
    """Re-encode from pixels only: no EXIF, GPS, ICC, text chunks or trailing bytes."""
    first = frames[0]
    out = io.BytesIO()
    if source_format == "GIF":
        first.save(
            out,
            "GIF",
            save_all=len(frames) > 1,
            append_images=frames[1:],
            loop=info.get("loop", 0),
            duration=info.get("duration", 100),
        )
    elif source_format == "JPEG":
        to_jpeg(first).save(out, "JPEG", quality=90, optimize=True, progressive=True)
    elif source_format == "PNG":
        to_png(first).save(out, "PNG", optimize=True)
    else:
        web = first if first.mode in {"RGB", "RGBA"} else first.convert(_rgb_or_rgba(first))
        web.save(out, "WEBP", quality=90, method=4)
    return CleanImage(out.getvalue(), source_format, first.width, first.height, has_alpha(first))


def has_alpha(picture: PillowImage.Image) -> bool:
    return picture.mode in {"RGBA", "LA", "PA"} or (
        picture.mode == "P" and "transparency" in picture.info
    )


def _rgb_or_rgba(picture: PillowImage.Image) -> str:
    return "RGBA" if has_alpha(picture) else "RGB"


def to_jpeg(picture: PillowImage.Image) -> PillowImage.Image:
    return picture if picture.mode in {"RGB", "L"} else picture.convert("RGB")


def to_png(picture: PillowImage.Image) -> PillowImage.Image:
    if picture.mode in {"RGB", "RGBA", "L", "LA", "P"}:
        return picture
    return picture.convert(_rgb_or_rgba(picture))
