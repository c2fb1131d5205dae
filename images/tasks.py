"""Renditions are made by a worker, not in the upload request (1 to 1.6 s per large picture)."""

from celery import shared_task
from django.core.cache import cache

from .models import Image
from .renditions import generate_missing
from .signals import renditions_ready


@shared_task(name="images.make_renditions", acks_late=True)
def make_renditions(image_pk: int) -> int:
    """Make whatever renditions the image lacks; returns how many were made."""
    image = Image.objects.with_renditions().filter(pk=image_pk).first()
    if image is None:  # deleted meanwhile
        return 0
    made = generate_missing(image)
    cache.delete(f"renditions-requested:{image_pk}")
    if made:
        renditions_ready.send(sender=Image, image=image)
    return len(made)
