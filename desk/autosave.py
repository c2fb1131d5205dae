"""Autosave buffers and presence for the article change form.

The form's script posts what the user is typing every few seconds; it is
kept per user and article until the article is saved. The same ping says
"I still have this open", which is how others learn someone is editing.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, ArticleVisit, DraftBuffer
from articles.sanitizer import MarkupRefused, check_limits, sanitize_html

# The fields the script sends and a restore puts back.
BUFFERED_FIELDS = ("headline", "standfirst", "body", "byline")
PRESENCE_WINDOW = timedelta(minutes=5)


# The versions a form can have been opened with (the column's range).
MAX_VERSION = 2**31 - 1


class Refused(ValueError):
    """What the script sent cannot be kept; ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def typed_fields(data) -> dict[str, str]:
    """The buffered fields from a request's POST, or ``Refused`` saying what is wrong."""
    fields = {name: str(data.get(name, "")) for name in BUFFERED_FIELDS if name in data}
    for name, value in fields.items():
        if "\x00" in value:
            raise Refused(_("The %(field)s contains a NUL character.") % {"field": name})
    if "body" in fields:
        try:
            check_limits(fields["body"])
        except MarkupRefused as refused:
            raise Refused(refused.message) from None
    return fields


def parse_version(raw: str) -> int:
    """The form's ``edit_version``: a whole number the version column can hold."""
    try:
        version = int(raw)
    except ValueError:
        raise Refused(_("edit_version must be a whole number.")) from None
    if not 0 <= version <= MAX_VERSION:
        raise Refused(_("edit_version must be between 0 and %(max)s.") % {"max": MAX_VERSION})
    return version


def store(article: Article, user, data, *, base_version: int) -> DraftBuffer:
    fields = typed_fields(data)
    buffer, _ = DraftBuffer.objects.update_or_create(
        user=user,
        article=article,
        defaults={"fields": fields, "base_version": base_version, "saved_at": timezone.now()},
    )
    return buffer


def pending(article: Article, user) -> DraftBuffer | None:
    """The user's unsaved text, if it differs from what is stored."""
    buffer = DraftBuffer.objects.filter(user=user, article=article).first()
    if buffer is None:
        return None
    typed = {**buffer.fields}
    if "body" in typed:
        try:
            typed["body"] = sanitize_html(typed["body"])  # compare what a save would store
        except MarkupRefused:
            return buffer  # kept from before the limits: offered, refused on save
    if all(getattr(article, name) == value for name, value in typed.items()):
        return None
    return buffer


def apply(buffer: DraftBuffer, article: Article) -> None:
    """Put the buffered text into ``article`` in memory, for the form to show."""
    for name, value in buffer.fields.items():
        setattr(article, name, value)
    article.version = buffer.base_version


def discard(article: Article, user) -> None:
    DraftBuffer.objects.filter(user=user, article=article).delete()


def mark_present(article: Article, user) -> None:
    ArticleVisit.objects.update_or_create(
        user=user, article=article, defaults={"seen_at": timezone.now()}
    )


def others_present(article: Article, user) -> list[ArticleVisit]:
    since = timezone.now() - PRESENCE_WINDOW
    return list(
        ArticleVisit.objects.filter(article=article, seen_at__gte=since)
        .exclude(user=user)
        .select_related("user")
        .order_by("-seen_at")
    )
