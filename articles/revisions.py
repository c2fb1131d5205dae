"""An article's history: every save is a django-reversion revision.

A revision holds the article row and its byline rows, who saved it and
when. This module turns two revisions into a readable diff of what readers
would notice, and restores one as a new revision. A restore brings back the
copy and the credits; the state (draft, published...) and the clock stay as
they are, because only ``workflow`` moves an article between states.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe
from reversion.models import Version

from . import editing
from .models import Article, ArticleAuthor, Author, Dateline, Tag

# What a diff shows, in the order an editor reads the story.
DIFF_FIELDS = [
    ("headline", "Headline"),
    ("standfirst", "Standfirst"),
    ("body", "Body"),
    ("byline", "Byline"),
    ("dateline", "Dateline"),
    ("tags", "Tags"),
]
# Kept from the current article when restoring: the workflow's business.
KEPT_ON_RESTORE = ["status", "published_at", "embargo_until", "created_by_id", "created_at"]


def register_models() -> None:
    """Called from the app's ready(): revisions follow the byline rows."""
    if not reversion.is_registered(ArticleAuthor):
        reversion.register(ArticleAuthor)
    if not reversion.is_registered(Article):
        reversion.register(Article, follow=["article_authors"])


def versions_of(article_pk: int):
    """The article's versions, newest first, with who saved them."""
    return (
        Version.objects.get_for_object_reference(Article, article_pk)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def _paragraph_text(html: str) -> str:
    """Body HTML as lines of text: what a reader would read, one block a line."""
    broken = re.sub(r"</(p|h[2-4]|li|blockquote|figcaption)>|<br\s*/?>", "\n", html)
    return "\n".join(line.strip() for line in strip_tags(broken).splitlines() if line.strip())


def snapshot(version: Version) -> dict[str, str]:
    """The readable content of one version, field by field."""
    fields = version.field_dict
    credit_type = ContentType.objects.get_for_model(ArticleAuthor)
    credits = sorted(
        (
            credit.field_dict
            for credit in version.revision.version_set.filter(content_type=credit_type)
        ),
        key=lambda credit: credit["position"],
    )
    if fields["byline"]:
        byline = fields["byline"]
    else:
        names = dict(
            Author.objects.filter(pk__in=[c["author_id"] for c in credits]).values_list(
                "pk", "name"
            )
        )
        byline = ", ".join(
            f"{names.get(c['author_id'], 'a deleted author')} ({c['role']})" for c in credits
        )
    dateline = (
        Dateline.objects.filter(pk=fields["dateline_id"]).first() if fields["dateline_id"] else None
    )
    tags = Tag.objects.filter(pk__in=fields.get("tags", [])).order_by("name")
    return {
        "headline": fields["headline"],
        "standfirst": fields["standfirst"],
        "body": _paragraph_text(fields["body"]),
        "byline": byline,
        "dateline": str(dateline) if dateline else "",
        "tags": ", ".join(tag.name for tag in tags),
        "status": Article.Status(fields["status"]).label,
    }


@dataclass(frozen=True)
class FieldDiff:
    label: str
    changed: bool
    html: SafeString


def _word_diff(old: str, new: str) -> SafeString:
    """Words removed in <del>, added in <ins>; line breaks kept as <br>."""
    tokenise = re.compile(r"\n|[^\S\n]+|[^\s]+")
    before, after = tokenise.findall(old), tokenise.findall(new)
    pieces = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after).get_opcodes():
        if op in {"delete", "replace"}:
            pieces.append(("del", "".join(before[a1:a2])))
        if op in {"insert", "replace"}:
            pieces.append(("ins", "".join(after[b1:b2])))
        if op == "equal":
            pieces.append(("", "".join(before[a1:a2])))
    html = format_html_join(
        "",
        "{}",
        (
            (format_html("<{0}>{1}</{0}>", tag, text) if tag else format_html("{}", text),)
            for tag, text in pieces
        ),
    )
    # Every piece was escaped above; only the line breaks become markup.
    return mark_safe(html.replace("\n", "<br>"))  # noqa: S308


def diff(older: Version, newer: Version) -> list[FieldDiff]:
    """What changed between two versions, for every field the desk cares about."""
    old, new = snapshot(older), snapshot(newer)
    return [
        FieldDiff(label, old[name] != new[name], _word_diff(old[name], new[name]))
        for name, label in DIFF_FIELDS
    ]


@transaction.atomic
def restore(article: Article, version: Version, *, user) -> Article:
    """Bring back ``version``'s copy and credits as a new revision.

    The row is locked and its version counter bumped, so a form opened
    before the restore cannot silently overwrite it afterwards.
    """
    current = Article.objects.select_for_update().get(pk=article.pk)
    kept = {name: getattr(current, name) for name in KEPT_ON_RESTORE}
    with reversion.create_revision():
        version.revision.revert(delete=True)
        restored = Article.objects.get(pk=current.pk)
        for name, value in kept.items():
            setattr(restored, name, value)
        editing.note_substantive_revision(restored, current)
        restored.version = current.version + 1
        restored.last_edited_by = user
        restored.save()
        reversion.set_user(user)
        reversion.set_comment(
            f"Restored the version saved on {version.revision.date_created:%d %b %Y %H:%M}."
        )
    return restored
