"""The public pages are valid HTML, by the Nu HTML checker (the W3C's validator).

Rendered by the test client and checked together in one run of ``vnu.jar``
(npm's ``vnu-jar``, run with the machine's Java): any error fails the test
with the checker's own message. Like the browser tests, it is skipped with
the reason on a developer's machine without Java or npm, and fails in CI
(``CI=true``), so it can never silently stop checking.
"""

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from articles import corrections
from articles.models import ArticleNote
from banners.models import Announcement

from .factories import ArticleFactory, AuthorFactory, DatelineFactory, TagFactory
from .live import add_updates, live_story

pytestmark = pytest.mark.django_db

VNU = (
    Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


@pytest.fixture
def site(settings, editor):
    settings.NEWSROOM_TIME_ZONE = "Europe/Oslo"
    oslo = DatelineFactory(name="Oslo", slug="oslo")
    ana = AuthorFactory(name="Ana Diaz", slug="ana-diaz", bio="Ana covers the climate.")
    climate = TagFactory(name="Climate", slug="climate", in_navigation=True, navigation_order=1)
    moment = datetime(2026, 11, 30, 20, 14, 40, 401566, tzinfo=UTC)
    for i in range(6):
        ArticleFactory(
            headline=f"Harbour story {i}",
            published_at=moment - timedelta(hours=i + 1),
            authors=[ana],
            tags=[climate],
        )
    story = ArticleFactory(
        headline="Glaciers retreat at a record pace",
        slug="glaciers",
        standfirst="Scientists measured the largest loss since records began.",
        body='<p>Norway\'s glaciers shrank.</p><blockquote><p>"Unprecedented."</p></blockquote>'
        '<ul><li>West: worst</li></ul><p><a href="/tags/climate/">More</a></p>',
        dateline=oslo,
        authors=[ana],
        tags=[climate],
        published_at=moment,
    )
    corrections.add_note(
        story,
        kind=ArticleNote.Kind.CORRECTION,
        text="An earlier version misspelt a name.",
        user=editor,
    )
    Announcement.objects.create(
        message="Polls have closed", style="breaking", starts_at=timezone.now() - timedelta(1)
    )
    return story


def checker() -> list[str]:
    """The command that runs the Nu HTML checker, or a skip (a failure in CI)."""
    java = shutil.which("java")
    missing = (
        "Java is needed for the Nu HTML checker (apt-get install default-jre-headless)"
        if not java
        else f"{VNU} is missing: run npm ci (make install does)"
        if not VNU.exists()
        else ""
    )
    if missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    return [str(java), "-jar", str(VNU), "--format", "json"]


def test_public_pages_pass_the_nu_html_checker(client, site, tmp_path):
    command = checker()
    pages = {
        "front": "/",
        "article": site.get_absolute_url(),
        "tag": "/tags/climate/",
        "author": "/authors/ana-diaz/",
        "dateline": "/datelines/oslo/",
        "year": "/2026/",
        "month": "/2026/11/",
        "day": "/2026/11/30/",
        "search": "/search/?q=glaciers",
        "empty-search": "/search/?q=nothingmatches",
        "corrections": "/corrections/",
        "not-found": "/no/such/page/",
    }
    # A live story: its updates, and the JavaScript catalog's script before live.js.
    live = live_story(headline="Storm hits the coast", authors=[site.authors.first()])
    add_updates(live, 3)
    pages["live"] = live.get_absolute_url()
    for name, address in pages.items():
        response = client.get(address)
        assert response.status_code == (404 if name == "not-found" else 200), address
        (tmp_path / f"{name}.html").write_bytes(response.content)
    result = subprocess.run(  # noqa: S603 - our own fixed command
        [*command, "--also-check-css", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert errors == []
