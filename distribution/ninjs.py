"""IPTC ninjs ("News in JSON"): our articles out as 3.x items, wire items in.

Out: ``to_ninjs`` builds one ninjs 3.x item; the API serves them.

In: ``parse_item`` reads an item written to ninjs 1.x, 2.x or 3.x (1.x spells
``headline``, ``body_html``, ``byline``, ``firstcreated``...; 2.x/3.x use
``headlines``, ``bodies``, ``by``, ``firstCreated``...) into a ``WireItem``,
or raises ``NinjsError`` with a one-line reason. Storing it is
``distribution.wire_import``'s job.

Identity: an article's ``uri`` is ``urn:uuid:<public_id>``. An item whose
uri has that form keeps the UUID as its public id when imported, so an item
exported by one Newsroom and imported by another keeps its identity.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.utils import timezone
from django.utils.html import escape, strip_tags

from articles.models import Article

from .facts import (
    absolute_body,
    article_language,
    author_names,
    lead_image_for,
    modified_at,
    published_at,
)

URI_PREFIX = "urn:uuid:"


class NinjsError(ValueError):
    """The item cannot become an article; the message says why, in one line."""


# --- Out ------------------------------------------------------------------


def ninjs_time(moment: datetime) -> str:
    """RFC 3339 in UTC, to the second: ``2024-05-01T12:00:00Z``."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def article_uri(article: Article) -> str:
    return f"{URI_PREFIX}{article.public_id}"


def version_created(article: Article) -> datetime:
    """When this version of the content was made.

    An imported article nobody has edited since is still the agency's
    version; once the desk changes it, it is ours, from that moment.
    """
    if article.source_version_created and article.updated_at == article.source_imported_at:
        return article.source_version_created
    return modified_at(article)


def to_ninjs(article: Article, absolute_url) -> dict[str, Any]:
    """One published article as a ninjs 3.x item.

    ``absolute_url`` turns a root-relative path into a full URL (usually
    ``request.build_absolute_uri``). Uses only what ``for_listing()`` fetched.
    """
    item: dict[str, Any] = {
        "uri": article_uri(article),
        "type": "text",
        "representationType": "full",
        "firstCreated": ninjs_time(published_at(article)),
        "versionCreated": ninjs_time(version_created(article)),
        "contentCreated": ninjs_time(article.created_at),
        "pubStatus": "usable",
        "language": article_language(article),
        "headlines": [{"role": "main", "value": article.headline}],
    }
    if article.standfirst:
        item["descriptions"] = [
            {"role": "summary", "contentType": "text/plain", "value": article.standfirst}
        ]
    item["bodies"] = [
        {"role": "main", "contentType": "text/html", "value": absolute_body(article.body)}
    ]
    by = author_names(article)
    if by:
        item["by"] = by
    if article.dateline_id:
        item["located"] = str(article.dateline)
    tags = list(article.tags.all())
    if tags:
        item["subjects"] = [{"name": tag.name} for tag in tags]
    image = lead_image_for(article)
    if image is not None:
        rendition = {"name": "lead", "href": absolute_url(image.url)}
        rendition["contentType"] = image.content_type
        if image.width and image.height:
            rendition |= {"width": image.width, "height": image.height}
        item["associations"] = [
            {
                "name": "lead-image",
                "rel": "lead",
                "uri": absolute_url(image.url),
                "type": "picture",
                "descriptions": [{"role": "alt", "value": image.alt}],
                **({"by": image.credit} if image.credit else {}),
                "renditions": [rendition],
            }
        ]
    return item


# --- In -------------------------------------------------------------------


@dataclass
class WireItem:
    """The parts of a ninjs item an article is made of."""

    uri: str
    headline: str
    standfirst: str = ""
    body_html: str = ""
    byline: str = ""
    located: str = ""
    language: str = ""
    subjects: list[str] = field(default_factory=list)
    first_created: datetime | None = None
    version_created: datetime | None = None
    content_created: datetime | None = None

    @property
    def public_id(self) -> uuid.UUID | None:
        """Our own identity, when the item came from a Newsroom (``urn:uuid:…``)."""
        if not self.uri.lower().startswith(URI_PREFIX):
            return None
        try:
            return uuid.UUID(self.uri[len(URI_PREFIX) :])
        except ValueError:
            return None


_JSON_TYPES: dict[type, str] = {str: "a string", list: "an array", dict: "an object"}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _get(data: dict, names: tuple[str, ...], kind: type, where: str = "") -> Any:
    """The first of ``names`` present in ``data``, checked to be of JSON ``kind``."""
    for name in names:
        if name in data:
            value = data[name]
            if not isinstance(value, kind):
                raise NinjsError(
                    f"'{where}{name}' must be {_JSON_TYPES[kind]}, not {_json_type(value)}"
                )
            return value
    return None


def _objects(data: dict, name: str) -> list[dict]:
    """A ninjs array of objects (``headlines``, ``bodies``...), each type-checked."""
    values = _get(data, (name,), list) or []
    for index, value in enumerate(values):
        if not isinstance(value, dict):
            raise NinjsError(f"'{name}[{index}]' must be an object, not {_json_type(value)}")
        _get(value, ("value",), str, where=f"{name}[{index}].")
        _get(value, ("contentType",), str, where=f"{name}[{index}].")
        _get(value, ("role",), str, where=f"{name}[{index}].")
    return values


def _time(data: dict, names: tuple[str, ...]) -> datetime | None:
    raw = _get(data, names, str)
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise NinjsError(f"'{names[0]}' is not an ISO 8601 date-time: {raw!r}") from None
    try:
        if timezone.is_naive(moment):
            # A wire time without a zone is read in the newsroom's own zone.
            moment = timezone.make_aware(moment)
        return moment.astimezone(UTC)
    except OverflowError:
        raise NinjsError(f"'{names[0]}' is out of range: {raw!r}") from None


def _is_html(part: dict) -> bool:
    return "html" in part.get("contentType", "").lower()


def _pick_by_role(parts: list[dict], preferred: tuple[str, ...] = ("main",)) -> dict | None:
    with_value = [part for part in parts if part.get("value", "").strip()]
    for part in with_value:
        if part.get("role") in preferred:
            return part
    return with_value[0] if with_value else None


_DOCUMENT_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.IGNORECASE | re.DOTALL)
_REPEATED_HEADLINE = re.compile(r"<h1[^>]*>.*?</h1>|<head>.*?</head>", re.IGNORECASE | re.DOTALL)
_BLANK_LINES = re.compile(r"\n\s*\n")


def html_from_wire(html: str) -> str:
    """The story's markup from an agency's HTML body.

    Agencies send whole documents (``<html><head><title>…``) and repeat the
    headline as an ``<h1>``; the page already has both, so only the body's
    content is kept and its ``<h1>`` dropped. The allow-list sanitiser runs
    when the article is saved.
    """
    match = _DOCUMENT_BODY.search(html)
    inner = match.group(1) if match else html
    return _REPEATED_HEADLINE.sub("", inner).strip()


def paragraphs_from_text(text: str) -> str:
    """Plain wire text as paragraphs: blank lines separate them, else each line is one."""
    text = text.replace("\r\n", "\n").strip()
    chunks = _BLANK_LINES.split(text) if _BLANK_LINES.search(text) else text.split("\n")
    return "".join(f"<p>{escape(' '.join(chunk.split()))}</p>" for chunk in chunks if chunk.strip())


def _body(data: dict) -> str:
    bodies = _objects(data, "bodies")
    html_part = _pick_by_role([part for part in bodies if _is_html(part)])
    if html_part:
        return html_from_wire(html_part["value"])
    text_part = _pick_by_role(
        [part for part in bodies if part.get("contentType", "text/plain") == "text/plain"]
    )
    if text_part:
        return paragraphs_from_text(text_part["value"])
    legacy_html = _get(data, ("body_html", "body_xhtml"), str)
    if legacy_html:
        return html_from_wire(legacy_html)
    legacy_text = _get(data, ("body_text",), str)
    return paragraphs_from_text(legacy_text) if legacy_text else ""


def _standfirst(data: dict) -> str:
    part = _pick_by_role(_objects(data, "descriptions"), ("summary", "main", "text"))
    if part:
        value = part["value"]
        return " ".join((strip_tags(value) if _is_html(part) else value).split())
    legacy = _get(data, ("description_text",), str) or strip_tags(
        _get(data, ("description_html",), str) or ""
    )
    return " ".join(legacy.split())


def _subjects(data: dict) -> list[str]:
    names: list[str] = []
    for name_field in ("subjects", "subject"):
        for index, subject in enumerate(_get(data, (name_field,), list) or []):
            if not isinstance(subject, dict):
                raise NinjsError(
                    f"'{name_field}[{index}]' must be an object, not {_json_type(subject)}"
                )
            where = f"{name_field}[{index}]."
            name = _get(subject, ("name",), str, where) or _get(subject, ("literal",), str, where)
            if name and name.strip():
                names.append(name.strip())
    for index, keyword in enumerate(_get(data, ("keywords",), list) or []):
        if not isinstance(keyword, str):
            raise NinjsError(f"'keywords[{index}]' must be a string, not {_json_type(keyword)}")
        if keyword.strip():
            names.append(keyword.strip())
    return list(dict.fromkeys(names))


def parse_item(data: Any) -> WireItem:
    """Read a ninjs 1.x/2.x/3.x item, or raise ``NinjsError`` saying what is wrong."""
    if not isinstance(data, dict):
        raise NinjsError(f"a ninjs item must be a JSON object, not {_json_type(data)}")
    uri = _get(data, ("uri",), str)
    if not uri or not uri.strip():
        raise NinjsError("no 'uri': every ninjs item needs one")
    kind = _get(data, ("type",), str)
    if kind not in (None, "text", "composite"):
        raise NinjsError(f"type {kind!r} is not a text item")

    main = _pick_by_role(_objects(data, "headlines"))
    headline = main["value"] if main else _get(data, ("headline",), str)
    if not headline or not headline.strip():
        raise NinjsError("no headline ('headlines' or 'headline')")

    item = WireItem(
        uri=uri.strip(),
        headline=" ".join(strip_tags(headline).split()),
        standfirst=_standfirst(data),
        body_html=_body(data),
        byline=" ".join((_get(data, ("by", "byline"), str) or "").split()),
        located=" ".join((_get(data, ("located",), str) or "").split()),
        language=(_get(data, ("language",), str) or "").strip(),
        subjects=_subjects(data),
        first_created=_time(data, ("firstCreated", "firstcreated")),
        version_created=_time(data, ("versionCreated", "versioncreated")),
        content_created=_time(data, ("contentCreated", "contentcreated")),
    )
    _check_storable(item)
    return item


def _column_width(name: str) -> int:
    """How many characters the article's text column ``name`` holds."""
    width = {field.name: field.max_length for field in Article._meta.concrete_fields}[name]
    if width is None:
        raise LookupError(f"Article.{name} has no length limit")
    return width


def _check_storable(item: WireItem) -> None:
    """Refuse what the article's fields cannot hold, rather than cut or crash."""
    limits = [
        ("uri", item.uri, _column_width("source_uri")),
        ("headline", item.headline, _column_width("headline")),
        ("by", item.byline, _column_width("byline")),
        ("located", item.located, 120),
        ("language", item.language, _column_width("language")),
        *(("subjects", name, 100) for name in item.subjects),
    ]
    for name, value, limit in limits:
        if len(value) > limit:
            raise NinjsError(f"'{name}' is longer than {limit} characters")
    texts = [(name, value) for name, value, _ in limits]
    for name, value in [("descriptions", item.standfirst), ("bodies", item.body_html), *texts]:
        # PostgreSQL cannot store NUL; no story needs one.
        if "\x00" in value:
            raise NinjsError(f"'{name}' contains a NUL character")
