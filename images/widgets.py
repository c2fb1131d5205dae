"""The lead-image chooser: pick from the library (search with thumbnails) or upload."""

from django.contrib import admin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.utils.translation import gettext as _


class ImageChooserWidget(ForeignKeyRawIdWidget):
    """A raw-id field whose lookup opens the library's searchable thumbnail list.

    Wrapped by the admin's related-object wrapper, it also gets the "add"
    button, which opens the upload form in a popup and fills the field in
    when it is saved. The current choice is shown as a thumbnail.
    """

    template_name = "images/widgets/image_chooser.html"

    def __init__(self, rel, admin_site=admin.site, attrs=None, using=None):
        super().__init__(rel, admin_site, attrs, using)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["chosen_image"] = self._chosen(value)
        context["link_title"] = _("Choose from the photo library")
        return context

    def _chosen(self, value):
        if value in (None, ""):
            return None
        from .models import Image

        try:
            return Image.objects.with_renditions().get(pk=value)
        except (Image.DoesNotExist, ValueError, TypeError):
            return None

    class Media:
        js = ["images/js/tinymce_image_upload.js"]
        css = {"all": ["images/css/admin.css"]}
