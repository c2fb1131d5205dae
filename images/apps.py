from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    """The photo library: safe uploads, renditions, and where they are stored."""

    name = "images"
    verbose_name = _("Photo library")

    def ready(self) -> None:
        # Pillow's own decompression-bomb guard is process-wide; align it with
        # the newsroom's limit so no code path (admin, endpoint, command) can
        # decode more pixels than the upload pipeline would accept.
        from django.conf import settings
        from PIL import Image as PillowImage

        from . import signals  # noqa: F401 - connects the file clean-up receivers

        PillowImage.MAX_IMAGE_PIXELS = settings.IMAGES_MAX_PIXELS
