"""Real picture files, good and hostile, made with Pillow or by hand."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

# EXIF tags
ORIENTATION = 0x0112
GPS_IFD = 0x8825
MAKE = 0x010F


def picture_bytes(width=1200, height=800, fmt="JPEG", mode="RGB", color=(200, 60, 40), **save):
    picture = PillowImage.new(mode, (width, height), color)
    out = io.BytesIO()
    picture.save(out, fmt, **save)
    return out.getvalue()


def jpeg_with_gps_and_rotation(width=600, height=400) -> bytes:
    """A landscape JPEG whose EXIF says "rotate 90° clockwise" and where it was taken."""
    picture = PillowImage.new("RGB", (width, height), (20, 120, 200))
    # A marker in the top-left corner shows where the top-left ends up.
    picture.paste((255, 255, 0), (0, 0, 60, 60))
    exif = PillowImage.Exif()
    exif[ORIENTATION] = 6
    exif[MAKE] = "SpyCam 3000"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (59.0, 54.0, 42.0), 3: "E", 4: (10.0, 45.0, 5.0)})
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif.tobytes(), quality=95)
    return out.getvalue()


def upload(content: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'
)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)
PHP = b"<?php system($_GET['cmd']); ?>"
HTML_TAIL = b"<html><body><script>alert('polyglot')</script></body></html>"


def truncated_jpeg() -> bytes:
    whole = picture_bytes(800, 600, "JPEG", quality=95)
    return whole[: len(whole) // 2]


def polyglot_png() -> bytes:
    return picture_bytes(64, 64, "PNG") + HTML_TAIL


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_bomb(side=50_000, target_size=1_000_000) -> bytes:
    """A ~1 MB PNG declaring side x side grey pixels whose data inflates to zeros.

    Built by hand: decoding it would need side*side bytes (2.5 GB for 50,000).
    """
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0))
    compressor = zlib.compressobj(9)
    row = b"\0" * (side + 1)  # filter byte + one row of black
    data = bytearray()
    while len(data) < target_size:
        data += compressor.compress(row * 200)
    data += compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + header + _chunk(b"IDAT", bytes(data)) + _chunk(b"IEND", b"")
