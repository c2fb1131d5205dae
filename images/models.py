"""The photo library: every picture the newsroom publishes, described once.

An ``Image`` holds the cleaned master file (re-encoded by
``images.processing``; the upload itself is never stored) and what editors
say about it. ``Rendition`` rows record the resized and cropped copies that
pages actually serve; each is made once, stored under a deterministic name and
never rewritten, so it can be cached for a year.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article


def master_file_name(image: "Image", filename: str) -> str:
    """A random name: never built from what the uploader called the file."""
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"images/{image.uuid.hex}.{extension}"


class ImageQuerySet(models.QuerySet):
    def with_renditions(self) -> "ImageQuerySet":
        return self.prefetch_related("renditions")


class Image(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # A plain FileField: the pipeline has already measured the picture, and
    # ImageField would re-open the file from storage (S3) to measure it again.
    file = models.FileField(
        upload_to=master_file_name,
        max_length=255,
        help_text=_("JPEG, PNG, WebP or GIF. Location and camera data are removed on upload."),
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = models.TextField(blank=True, help_text=_("Shown under the picture."))
    credit = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Photographer and agency, e.g. “Ana Diaz / Reuters”."),
    )
    width = models.PositiveIntegerField(_("original width"), editable=False)
    height = models.PositiveIntegerField(_("original height"), editable=False)
    has_transparency = models.BooleanField(default=False, editable=False)
    focal_x = models.PositiveSmallIntegerField(
        _("focal point across (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("0 is the left edge, 100 the right. Crops keep this point in frame."),
    )
    focal_y = models.PositiveSmallIntegerField(
        _("focal point down (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("0 is the top edge, 100 the bottom."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        label = self.caption or self.alt_text
        return label if len(label) <= 80 else label[:79] + "…"

    def get_absolute_url(self) -> str:
        return reverse("admin:images_image_change", args=[self.pk])

    @property
    def focal_point(self) -> tuple[float, float]:
        """The point crops centre on, as fractions; the middle when not set."""
        x = 50 if self.focal_x is None else self.focal_x
        y = 50 if self.focal_y is None else self.focal_y
        return x / 100, y / 100

    def articles_using(self):
        """Articles that show this image, as lead image or inside their body.

        Body images are referenced by URLs that contain the image's UUID
        (see ``images.body``), so a substring match finds every one.
        """
        return Article.objects.filter(
            Q(lead_image=self) | Q(body__contains=self.uuid.hex)
        ).distinct()

    def delete(self, *args, **kwargs):
        """Refuse while any article shows the picture (the lead image FK protects itself)."""
        in_body = self.articles_using().exclude(lead_image=self)
        if in_body.exists():
            raise models.ProtectedError(
                gettext("This image is shown in the body of articles; remove it there first."),
                set(in_body),
            )
        return super().delete(*args, **kwargs)

    # --- Renditions: the API pages, feeds and social cards use ------------
    def rendition(self, width: int, format: str | None = None) -> "RenditionInfo":
        """The stored width rendition closest to ``width`` (never upscaled).

        ``format`` is ``"webp"`` or ``None`` for the fallback (JPEG, or PNG
        when the image has transparency). Missing renditions are made once
        and stored, so feeds can ask for any size without a page-view cost.
        """
        from .renditions import pick_width_rendition

        rendition = pick_width_rendition(self, width, format)
        return rendition.info if rendition else self.master_info

    def social_rendition(self) -> "RenditionInfo":
        """The 1200x630 crop (smaller if the original is) for Open Graph and ninjs."""
        from .renditions import SOCIAL, ensure_rendition

        rendition = ensure_rendition(self, SOCIAL, SOCIAL.fallback_format(self))
        return rendition.info if rendition else self.master_info

    @property
    def master_info(self) -> "RenditionInfo":
        """The cleaned original: what pages show until a worker has made the renditions."""
        from .processing import FORMATS

        extension = self.file.name.rsplit(".", 1)[-1].lower()
        mime = next(
            (mime for ext, mime in FORMATS.values() if ext == extension), "application/octet-stream"
        )
        return RenditionInfo(self.file.url, self.width, self.height, mime)


@dataclass(frozen=True)
class RenditionInfo:
    url: str
    width: int
    height: int
    mime_type: str


class Rendition(models.Model):
    """One stored resized or cropped copy of an image in one format."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    spec = models.CharField(max_length=40)
    format = models.CharField(max_length=8)
    file = models.FileField(max_length=255)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    class Meta:
        ordering = ["image", "width"]
        constraints = [
            models.UniqueConstraint(
                fields=["image", "spec", "format"], name="rendition_once_per_spec_and_format"
            )
        ]

    def __str__(self) -> str:
        return f"{self.image_id} {self.spec} {self.format}"

    @property
    def info(self) -> RenditionInfo:
        from .processing import FORMATS

        return RenditionInfo(self.file.url, self.width, self.height, FORMATS[self.format][1])
