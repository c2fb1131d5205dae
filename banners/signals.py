"""Keep the cached banner record true whenever an announcement changes."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Announcement
from .state import refresh_record


@receiver(post_save, sender=Announcement, dispatch_uid="banners.refresh_on_save")
@receiver(post_delete, sender=Announcement, dispatch_uid="banners.refresh_on_delete")
def announcement_changed(sender, **kwargs) -> None:
    # Now for this process, and again once the change is committed, so a
    # request that read the old rows in between cannot leave them cached.
    refresh_record()
    transaction.on_commit(refresh_record)
