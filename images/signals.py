"""Stored files leave storage with their rows, and only once the delete is committed.

``renditions_ready`` tells the apps above the library that a picture's
renditions exist now (they are made by a worker after the upload), so pages
showing the picture can be renewed.
"""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver

from .models import Image, Rendition

# Sent with ``image``, after a worker stored its missing renditions.
renditions_ready = Signal()


def _delete_file_after_commit(field_file) -> None:
    if not field_file.name:
        return
    storage, name = field_file.storage, field_file.name
    transaction.on_commit(lambda: storage.delete(name))


@receiver(post_delete, sender=Image)
@receiver(post_delete, sender=Rendition)
def delete_stored_file(sender, instance, **kwargs) -> None:
    _delete_file_after_commit(instance.file)
