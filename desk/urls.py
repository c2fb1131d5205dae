"""The desk's one address outside /admin/: share links for people without an account.

The path joins the reader's ``articles`` namespace in the root URLconf, so
``articles:share`` names it as it always has.
"""

from django.urls import path

from . import previews

share_link_patterns = [
    path("preview/<str:token>/", previews.shared_preview, name="share"),
]
