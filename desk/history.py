"""Two versions of an article side by side: what the desk's history shows.

The versions come from ``articles.revisions``; this module turns them into
the words a reader would notice, field by field, with removed words in
``<del>`` and added ones in ``<ins>``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe
from reversion.models import Version

from articles.models import Article, ArticleAuthor, Author, Dateline, Tag

# What a diff shows, in the order an editor reads the story.
DIFF_FIELDS = [
    ("headline", "Headline"),
    ("standfirst", "Standfirst"),
    ("body", "Body"),
    ("byline", "Byline"),
    ("dateline", "Dateline"),
    ("tags", "Tags"),
]


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
