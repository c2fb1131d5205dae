"""Two versions of an article side by side: what the desk's history shows.

The versions come from ``articles.revisions``; this module turns them into
the words a reader would notice, field by field, with removed words in
``<del>`` and added ones in ``<ins>``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html, format_html_join
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


class _ReadableBody(HTMLParser):
    """Body HTML as the words a reader reads, with what markup changes made visible.

    One block a line; entities decoded (no ``&nbsp;``); emphasis, links and
    pictures written out as words in brackets (``[bold: final]``,
    ``[link: old.example/report]``, ``[picture: A heron]``), so a word diff
    shows a link moved, emphasis added or a picture swapped.
    """

    BLOCKS = frozenset({"p", "h2", "h3", "h4", "li", "blockquote", "figcaption", "figure"})
    EMPHASIS = {"em": "italic", "i": "italic", "strong": "bold", "b": "bold"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        found = dict(attrs)
        if tag in self.EMPHASIS:
            self.parts.append(f" [{self.EMPHASIS[tag]}: ")
        elif tag == "a":
            self.links.append(found.get("href") or "")
        elif tag == "img":
            name = urlsplit(found.get("src") or "").path.rsplit("/", 1)[-1]
            alt = (found.get("alt") or "").strip() or "no alt text"
            self.parts.append(f" [picture: {alt} ({name})] ")
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in self.EMPHASIS:
            self.parts.append("] ")
        elif tag == "a" and self.links:
            self.parts.append(f" [link: {self.links.pop()}] ")
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        self.parts.append(data)


def _paragraph_text(html: str) -> str:
    """Body HTML as lines of readable text (see ``_ReadableBody``)."""
    reader = _ReadableBody()
    reader.feed(html)
    reader.close()
    text = "".join(reader.parts).replace("\u00a0", " ")
    lines = (re.sub(r"[^\S\n]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


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


# Not colour alone: every change says in words whether it was added or removed.
_MARKED = {
    "del": '<del class="diff-removed"><span class="diff-marker">[\u2212</span>{}'
    '<span class="diff-marker">]</span><span class="visually-hidden"> (removed)</span></del>',
    "ins": '<ins class="diff-added"><span class="diff-marker">[+</span>{}'
    '<span class="diff-marker">]</span><span class="visually-hidden"> (added)</span></ins>',
}


def _word_diff(old: str, new: str) -> SafeString:
    """Words removed in <del>, added in <ins>, each marked [\u2212 …] or [+ …] in
    words as well as colour; line breaks kept as <br>."""
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
            (format_html(_MARKED[tag], text) if tag else format_html("{}", text),)
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
