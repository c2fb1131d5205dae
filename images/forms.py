"""The one form every upload passes, whether from the library admin or the body editor."""

from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .models import Image
from .processing import process_upload


class ImageForm(forms.ModelForm):
    # A plain FileField: what the file *is* is decided by images.processing,
    # which gives editors a precise reason when it is refused.
    file = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG, WebP or GIF. Location and camera data are removed on upload."),
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "focal_x", "focal_y"]
        widgets = {
            "caption": forms.Textarea(attrs={"rows": 3}),
            "file": forms.ClearableFileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A stored picture is never swapped for another under the same
            # name: its renditions are cached for a year. Upload a new one.
            self.fields.pop("file", None)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not isinstance(upload, UploadedFile):
            return upload  # the stored file, unchanged
        clean = process_upload(upload)
        self.instance.width = clean.width
        self.instance.height = clean.height
        self.instance.has_transparency = clean.has_transparency
        # The name only carries the extension; upload_to makes the real one.
        return ContentFile(clean.content, name=f"upload.{clean.extension}")
