"""The photo library in the editorial admin: browse, search, upload, describe."""

from django.contrib import admin
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import markup
from .forms import ImageForm
from .models import Image, Rendition
from .renditions import discard_crops, request_renditions


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "summary", "credit", "dimensions", "uploaded_at", "uploaded_by"]
    list_display_links = ["thumbnail", "summary"]
    search_fields = ["caption", "credit", "alt_text"]
    list_filter = ["uploaded_at"]
    date_hierarchy = "uploaded_at"
    list_select_related = ["uploaded_by"]
    list_per_page = 50

    class Media:
        css = {"all": ["images/css/admin.css"]}

    def get_queryset(self, request):
        # Only the small previews: one extra query per list page, whatever its length.
        thumbnails = Rendition.objects.filter(spec="w320")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("renditions", queryset=thumbnails))
        )

    def get_fields(self, request, obj=None):
        described = ["alt_text", "caption", "credit", "focal_x", "focal_y"]
        if obj is None:
            return ["file", *described]
        return ["preview", *described, "dimensions", "uploaded_by", "uploaded_at", "used_by"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["preview", "dimensions", "uploaded_by", "uploaded_at", "used_by"]

    @admin.display(description=_("Preview"))
    def thumbnail(self, image: Image):
        return markup.thumbnail(image)

    @admin.display(description=_("Preview"))
    def preview(self, image: Image):
        return format_html('<a href="{}">{}</a>', image.file.url, markup.thumbnail(image))

    @admin.display(description=_("Caption or description"))
    def summary(self, image: Image) -> str:
        return str(image)

    @admin.display(description=_("Original size"))
    def dimensions(self, image: Image) -> str:
        return f"{image.width} x {image.height}"

    @admin.display(description=_("Used by"))
    def used_by(self, image: Image):
        articles = image.articles_using().only("pk", "headline")
        if not articles:
            return _("No article uses this image yet.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                (
                    (reverse("admin:articles_article_change", args=[a.pk]), a.headline)
                    for a in articles
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        if change and {"focal_x", "focal_y"} & set(form.changed_data):
            discard_crops(obj)
        # Made now, once, so no reader's page view ever resizes a picture.
        # get_queryset prefetched only the thumbnails: look at all renditions.
        request_renditions(Image.objects.with_renditions().get(pk=obj.pk))

    def get_deleted_objects(self, objs, request):
        """Refuse to delete pictures articles show, naming those articles.

        Lead images are protected by the foreign key; pictures inside a body
        are found by their UUID in the article's HTML and reported the same way,
        which blocks both the delete page and the bulk delete action.
        """
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = list(protected)
        for image in objs:
            in_body = image.articles_using().exclude(lead_image=image).only("pk", "headline")
            protected.extend(
                format_html(
                    'Article: <a href="{}">{}</a> (shows it in the body)',
                    reverse("admin:articles_article_change", args=[article.pk]),
                    article.headline,
                )
                for article in in_body
            )
        return deleted, counts, perms_needed, protected
