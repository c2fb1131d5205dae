"""The body editor's upload endpoint, and local media served with far-future caching."""

import mimetypes
from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import ImageForm
from .renditions import request_renditions

# Every served name is a UUID or a deterministic rendition name that is never
# rewritten with other content, so browsers and CDNs may keep it for a year.
FAR_FUTURE = "public, max-age=31536000, immutable"
BODY_IMAGE_WIDTH = 1024


@require_POST
def tinymce_upload(request: HttpRequest) -> JsonResponse:
    """Store a picture pasted or dropped into the body editor (TinyMCE).

    Staff with the ``images.add_image`` permission only; Django's CSRF
    middleware refuses requests without the token. Answers TinyMCE's JSON:
    ``{"location": url}`` or ``{"error": message}``.
    """
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return JsonResponse(
            {"error": _("Sign in to the editorial desk to upload pictures.")}, status=403
        )
    if not user.has_perm("images.add_image"):
        return JsonResponse({"error": _("You may not add pictures to the library.")}, status=403)
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        message = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return JsonResponse({"error": message}, status=400)
    image = form.save(commit=False)
    image.uploaded_by = user
    image.save()
    request_renditions(image)
    # The master until a worker has made the renditions; the article page turns
    # either into a responsive <picture> by the image's id in the address.
    rendition = image.rendition(BODY_IMAGE_WIDTH)
    return JsonResponse(
        {
            "location": rendition.url,
            "image": image.uuid.hex,
            "width": rendition.width,
            "height": rendition.height,
        }
    )


def serve_media(request: HttpRequest, name: str) -> FileResponse:
    """Library files from local storage (S3 deployments serve them from the bucket)."""
    try:
        path = Path(default_storage.path(name))
    except (NotImplementedError, SuspiciousFileOperation) as exc:
        raise Http404("No such file.") from exc
    content_type = mimetypes.guess_type(name)[0]
    if not path.is_file() or content_type not in {
        "image/jpeg",
        "image/png",
        "image/webp",
        "image/gif",
    }:
        raise Http404("No such file.")
    response = FileResponse(path.open("rb"), content_type=content_type)
    response["Cache-Control"] = FAR_FUTURE
    # Only pictures live here; should a browser ever render one as a
    # document, it gets no scripts and no origin.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
