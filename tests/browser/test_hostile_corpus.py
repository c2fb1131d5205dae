"""The hostile-input corpus: classic XSS payloads in every field a person can write.

Each payload goes into every field of its own stories (headline,
standfirst, body, byline, author name and bio, tag and dateline names, the
lead image's alt text, caption and credit, a correction, the banner's
announcement, a wire item imported with ``import_ninjs``, and the search
box), wrapped in marker words. Chromium then opens every reader page that
shows them, with a hook on dialogs and the console: no payload may run, the
plain-text fields must read as the text typed, and the markers around each
payload must still be on the page (nothing eaten with it).
"""

import json
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles import corrections
from articles.models import Article
from banners.models import Announcement

from ..factories import (
    ArticleFactory,
    AuthorFactory,
    DatelineFactory,
    TagFactory,
    make_library_image,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Every payload shows "XSS" through alert() or the console if it ever runs.
PAYLOADS = [
    "<script>alert('XSS')</script>",
    "<img src=x onerror=alert('XSS')>",
    "<svg onload=alert('XSS')>",
    "<svg><script>alert('XSS')</script></svg>",
    "\"><script>alert('XSS')</script>",
    "'><img src=x onerror=alert('XSS')>",
    "javascript:alert('XSS')",
    "<a href=\"javascript:alert('XSS')\">link</a>",
    "<iframe src=\"javascript:alert('XSS')\"></iframe>",
    "<body onload=alert('XSS')>",
    "<details open ontoggle=alert('XSS')>",
    "<input autofocus onfocus=alert('XSS')>",
    "</title><script>alert('XSS')</script>",
    "</textarea><script>alert('XSS')</script>",
    "</script><script>alert('XSS')</script>",
    "<scr<script>ipt>alert('XSS')</scr</script>ipt>",
    "&lt;script&gt;alert('XSS')&lt;/script&gt;",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('XSS')>",
    "<object data=\"javascript:alert('XSS')\"></object>",
    "<meta http-equiv=refresh content=\"0;url=javascript:alert('XSS')\">",
    "{{7*7}}{% debug %}<img src=x onerror=console.log('XSS')>",
]


def wrapped(n: int, payload: str) -> str:
    """The payload between two marker words that must survive it."""
    return f"Lead{n:02d} {payload} Tail{n:02d}"


def markers(n: int) -> tuple[str, str]:
    return f"Lead{n:02d}", f"Tail{n:02d}"


class Corpus:
    """The stories, sections and pages made for each payload."""

    def __init__(self, editor, tmp_path):
        self.rows = []
        earlier = timezone.now() - timedelta(days=1)
        for n, payload in enumerate(PAYLOADS):
            text = wrapped(n, payload)
            tag = TagFactory(name=text, slug=f"corpus-tag-{n}")
            dateline = DatelineFactory(name=text, slug=f"corpus-place-{n}")
            author = AuthorFactory(name=text, bio=text, slug=f"corpus-author-{n}")
            image = make_library_image(
                320, 200, renditions=False, alt_text=text, caption=text, credit=text
            )
            story = ArticleFactory(
                headline=text,
                slug=f"corpus-story-{n}",
                standfirst=text,
                body=f"<p>{text}</p>",
                byline=text,
                dateline=dateline,
                tags=[tag],
                lead_image=image,
                published_at=earlier + timedelta(minutes=n),
            )
            corrections.add_note(story, kind="correction", text=text, user=editor)
            credited = ArticleFactory(
                headline=f"Credited {n:02d}",
                slug=f"corpus-credited-{n}",
                authors=[author],
                published_at=earlier - timedelta(hours=1, minutes=n),
            )
            wire = self._import_wire_item(n, text, tmp_path)
            self.rows.append(
                {
                    "n": n,
                    "payload": payload,
                    "text": text,
                    "story": Article.objects.get(pk=story.pk),
                    "credited": credited,
                    "wire": wire,
                    "tag": tag,
                    "author": author,
                    "dateline": dateline,
                }
            )

    @staticmethod
    def _import_wire_item(n: int, text: str, tmp_path) -> Article:
        item = {
            "uri": f"urn:corpus:wire-{n}",
            "type": "text",
            "firstCreated": (timezone.now() - timedelta(days=2)).isoformat(),
            "versionCreated": (timezone.now() - timedelta(days=2)).isoformat(),
            "headlines": [{"role": "main", "value": f"Wire {n:02d} {text}"}],
            "descriptions": [{"role": "summary", "value": text}],
            "bodies": [{"contentType": "text/html", "value": f"<p>{text}</p>"}],
            "by": text,
            "located": f"Wireplace{n:02d}",
            "subjects": [{"name": text}],
        }
        path = tmp_path / f"wire-{n}.json"
        path.write_text(json.dumps(item), "utf-8")
        err = StringIO()
        call_command("import_ninjs", "--publish", str(path), stdout=StringIO(), stderr=err)
        assert err.getvalue() == ""
        return Article.objects.get(source_uri=item["uri"])


def normalised(text: str) -> str:
    return " ".join(text.split())


class Browser:
    """One Chromium page with hooks that record any script a payload runs."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.ran: list[str] = []
        self.problems: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", self._console)

    def _dialog(self, dialog) -> None:
        self.ran.append(f"{self.page.url}: {dialog.type}({dialog.message!r})")
        dialog.dismiss()

    def _console(self, message) -> None:
        if "XSS" in message.text:
            self.ran.append(f"{self.page.url}: console {message.text!r}")

    def open(self, path: str) -> str:
        response = self.page.goto(self.base_url + path)
        assert response is not None, path
        assert response.status == 200, (path, response.status)
        self.page.wait_for_load_state("load")
        if self.page.url != self.base_url + path:
            self.problems.append(f"{path}: the page went to {self.page.url}")
        return normalised(self.page.inner_text("body"))

    def first(self, selector: str, expression: str):
        """``expression`` of the first element matching ``selector``, or None: never waits."""
        return self.page.evaluate(
            f"() => {{ const el = document.querySelector({json.dumps(selector)}); "
            f"return el ? {expression} : null; }}"
        )

    def expect_text(self, where: str, shown: str, text: str) -> None:
        """``text``, a plain-text field, reads exactly as typed."""
        if normalised(text) not in shown:
            self.problems.append(f"{where}: {text!r} does not read as typed")

    def expect_markers(self, where: str, shown: str, n: int) -> None:
        lead, tail = markers(n)
        if not re.search(f"{lead}.*{tail}", shown, re.DOTALL):
            self.problems.append(f"{where}: the text around payload {n} was lost")


@pytest.fixture
def corpus(editor, tmp_path):
    return Corpus(editor, tmp_path)


def test_no_payload_runs_and_every_field_reads_as_typed(live_server, new_page, corpus, artifacts):
    browser = Browser(new_page(), live_server.url)
    for row in corpus.rows:
        n, text = row["n"], row["text"]
        Announcement.objects.all().delete()
        Announcement.objects.create(
            message=text,
            link="https://example.org/",
            starts_at=timezone.now() - timedelta(minutes=1),
        )

        story_url = row["story"].get_absolute_url()
        shown = browser.open(story_url)
        where = f"story {n}"
        for field in ("headline", "standfirst", "byline", "tag", "caption", "credit", "note"):
            browser.expect_text(f"{where} {field}", shown, text)
        browser.expect_text(f"{where} dateline", shown, text.upper() + ":")
        browser.expect_markers(f"{where} body", shown, n)
        banner = normalised(browser.first(".top-banner__message", "el.innerText") or "")
        browser.expect_text(f"{where} banner", banner, text)
        if normalised(browser.page.title()).find(normalised(text)) != 0:
            browser.problems.append(f"{where}: the title is {browser.page.title()!r}")
        alt = browser.first(".lead-image img", "el.alt")
        if alt != text:
            browser.problems.append(f"{where}: the image's alt text is {alt!r}")
        if n == 0:
            browser.page.screenshot(path=artifacts / "hostile-corpus-story.png", full_page=True)

        shown = browser.open(row["credited"].get_absolute_url())
        browser.expect_text(f"credited story {n} author name and bio", shown, f"{text} {text}")

        shown = browser.open(row["wire"].get_absolute_url())
        for field in ("standfirst", "byline", "subject"):
            browser.expect_text(f"wire story {n} {field}", shown, text)
        # A wire headline may be HTML: its tags are dropped, its words kept.
        browser.expect_markers(f"wire story {n} headline and body", shown, n)

        for kind, section in (("tag", "tag"), ("author", "author"), ("dateline", "dateline")):
            shown = browser.open(row[section].get_absolute_url())
            browser.expect_text(f"{kind} page {n}", shown, text)

        shown = browser.open(f"/search/?q={_quote(text)}")
        browser.expect_text(f"search {n}", shown, f"Search results for {text}")
        value = browser.first("#search-q", "el.value")
        if value != text:
            browser.problems.append(f"search {n}: the box holds {value!r}")

    shown = browser.open("/corrections/")
    for row in corpus.rows[-20:]:  # the first page: the newest twenty
        browser.expect_text(f"corrections page, note {row['n']}", shown, row["text"])
    shown = browser.open("/")
    for row in corpus.rows[-5:]:
        browser.expect_text(f"front page, story {row['n']}", shown, row["text"])

    assert browser.ran == [], "payloads ran:\n" + "\n".join(browser.ran)
    assert browser.problems == [], "\n".join(browser.problems)


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")
