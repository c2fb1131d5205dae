"""The IPTC's and agencies' own ninjs examples import and read as articles.

The examples live outside the repository (see tests/ninjs_standard.py).
"""

import json

import pytest

from articles import readiness
from articles.models import Article

from .html import page, visible_text
from .ninjs_standard import example_files
from .test_ninjs_import import run_import

pytestmark = pytest.mark.django_db


def _has_headline(item: dict) -> bool:
    return bool(item.get("headlines") or item.get("headline"))


def test_every_example_is_imported_or_refused_with_a_reason(client, editor):
    files = example_files()
    items = {file: json.loads(file.read_text("utf-8")) for file in files}

    status, out, err = run_import("--user", editor.username, "--publish", *map(str, files))

    headless = [file for file, item in items.items() if not _has_headline(item)]
    # The renditions example is a bare picture description with no headline:
    # it cannot be a story, and says so.
    assert err.splitlines() == [
        f"{file}: no headline ('headlines' or 'headline')" for file in headless
    ]
    assert status == (1 if headless else 0)
    stories = {item["uri"]: item for item in items.values() if _has_headline(item)}
    assert Article.objects.count() == len(stories)
    assert f"{len(stories)} created" in out

    published = 0
    for uri, item in stories.items():
        article = Article.objects.get(source_uri=uri)
        if article.status != Article.Status.PUBLISHED:
            # Not ready (no byline or no body, say): kept as a draft, the gaps on record.
            gaps = readiness.missing(article)
            assert gaps, uri
            assert f"not published: {' '.join(gaps)}" in article.source_revisions.last().note
            continue
        published += 1
        text = visible_text(page(client.get(article.get_absolute_url())).body)
        assert item["headlines"][0]["value"] in text
        if item.get("by"):
            assert item["by"] in text
        if item.get("located"):
            assert article.dateline.name.upper() + ":" in text
        for subject in item.get("subjects", []):
            assert subject["name"] in text
        if item.get("bodies"):
            first_words = " ".join(article.body.split("<p>", 2)[1].split()[:4])
            assert first_words in text
    assert published, "no example was complete enough to publish"


def test_examples_sharing_a_uri_and_version_import_once(editor):
    files = example_files()
    uris = [json.loads(file.read_text("utf-8")).get("uri") for file in files]
    repeated = {uri for uri in uris if uris.count(uri) > 1}
    assert repeated, "the examples were expected to repeat a uri (IPTC's 001/004/3.x samples)"

    run_import("--user", editor.username, *map(str, files))

    for uri in repeated:
        assert Article.objects.filter(source_uri=uri).count() == 1
