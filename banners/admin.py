from django.contrib import admin
from django.db import models
from django.db.models import Subquery
from django.utils.translation import gettext_lazy as _

from articles import clock

from .models import Announcement


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["message", "style", "starts_at", "ends_at", "is_active", "is_showing"]
    list_filter = ["style", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["message"]
    date_hierarchy = "starts_at"
    fields = ["message", "link", "style", "starts_at", "ends_at", "is_active"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField) and field is not None:
            field.help_text = f"{field.help_text} {clock.zone_note()}".strip()
        return field

    def get_queryset(self, request):
        # Which one readers see, worked out once for the whole list.
        showing = Announcement.objects.current().values("pk")[:1]
        return super().get_queryset(request).annotate(showing_pk=Subquery(showing))

    @admin.display(description=_("Showing now"), boolean=True)
    def is_showing(self, announcement: Announcement) -> bool:
        return announcement.pk == getattr(announcement, "showing_pk", None)
