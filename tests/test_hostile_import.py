"""``import_ninjs`` with hostile files and the agency's own signals (issue 14: 6)."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article

from .factories import ArticleFactory
from .ninjs_standard import assert_valid_ninjs, require_standard
from .test_ninjs_import import ITEM_1X, ITEM_3X, run_import, write

pytestmark = pytest.mark.django_db


def good_item(uri: str) -> dict:
    return {**ITEM_3X, "uri": uri}


HOSTILE_FILES = {
    "deep.json": "[" * 100_000 + "]" * 100_000,
    "deep-object.json": '{"a":' * 50_000 + "1" + "}" * 50_000,
    "surrogate.json": json.dumps(good_item("urn:x:surrogate")).replace(
        "Strong quake", "Strong \\ud800 quake"
    ),
    "digits.json": json.dumps(good_item("urn:x:digits"))[:-1] + ', "urgency": ' + "9" * 5_000 + "}",
    "empty-headline.json": json.dumps(
        {**good_item("urn:x:br"), "headlines": [{"role": "main", "value": "<br>"}]}
    ),
    "markup-headline.json": json.dumps(
        {**good_item("urn:x:tags"), "headlines": [{"value": "<p> <b></b> </p>"}]}
    ),
    "deep-body.json": json.dumps(
        {
            **good_item("urn:x:deep-body"),
            "bodies": [
                {
                    "contentType": "text/html",
                    "value": "<blockquote>" * 5_000 + "x" + "</blockquote>" * 5_000,
                }
            ],
        }
    ),
    "bad-status.json": json.dumps({**good_item("urn:x:status"), "pubStatus": "maybe"}),
}
REASONS = {
    "deep.json": "nested more than",
    "deep-object.json": "nested more than",
    "surrogate.json": "surrogate",
    "digits.json": "digits",
    "empty-headline.json": "headline",
    "markup-headline.json": "headline",
    "deep-body.json": "nested more than",
    "bad-status.json": "pubStatus",
}


def test_each_hostile_file_is_one_line_and_the_rest_of_the_batch_is_imported(tmp_path, editor):
    for name, content in HOSTILE_FILES.items():
        write(tmp_path / "batch", name, content)
    write(tmp_path / "batch", "a-good.json", good_item("urn:x:good-1"))
    write(tmp_path / "batch", "z-good.json", {**ITEM_1X, "uri": "urn:x:good-2"})

    status, out, err = run_import("--user", editor.username, str(tmp_path / "batch"))

    assert status == 1
    lines = err.strip().splitlines()
    assert len(lines) == len(HOSTILE_FILES), err
    for name, reason in REASONS.items():
        line = next(line for line in lines if line.startswith(str(tmp_path / "batch" / name)))
        assert reason in line, line
        assert len(line) < 400
    assert "2 created" in out
    assert f"{len(HOSTILE_FILES)} failed" in out
    assert sorted(Article.objects.values_list("source_uri", flat=True)) == [
        "urn:x:good-1",
        "urn:x:good-2",
    ]
    assert all(article.headline.strip() for article in Article.objects.all())


# --- pubStatus -------------------------------------------------------------


@pytest.mark.parametrize("field", ["pubStatus", "pubstatus"])
@pytest.mark.parametrize("value", ["withheld", "canceled"])
def test_a_withheld_or_canceled_item_never_goes_live(tmp_path, editor, field, value):
    item = {**good_item("urn:x:held"), field: value}
    status, _, err = run_import(
        "--user", editor.username, "--publish", write(tmp_path, "h.json", item)
    )

    assert status == 0, err
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.wire_status == value
    assert not Article.objects.published().exists()
    # Nor by hand at the desk, until the agency releases it.
    assert not workflow.can(editor, workflow.Action.PUBLISH, article)
    with pytest.raises(workflow.TransitionNotAllowed, match="agency"):
        workflow.transition(article, action=workflow.Action.PUBLISH, user=editor)


def test_a_withheld_version_withdraws_the_live_story(tmp_path, editor, client):
    run_import("--user", editor.username, "--publish", write(tmp_path, "a.json", ITEM_3X))
    article = Article.objects.get()
    assert client.get(article.get_absolute_url()).status_code == 200

    withheld = {**ITEM_3X, "versionCreated": "2024-05-01T09:00:00Z", "pubStatus": "withheld"}
    status, _, err = run_import("--user", editor.username, write(tmp_path, "b.json", withheld))

    assert status == 0, err
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    move = article.transitions.first()
    assert move.action == workflow.Action.WITHDRAW
    assert "withheld" in move.note
    assert client.get(article.get_absolute_url()).status_code == 410


def test_a_scheduled_story_withheld_is_withdrawn_before_it_goes_out(tmp_path, editor):
    article = ArticleFactory(
        source_uri=ITEM_3X["uri"], published_at=timezone.now() + timedelta(hours=3)
    )
    assert article.is_scheduled
    canceled = {**ITEM_3X, "pubStatus": "canceled"}
    status, _, err = run_import("--user", editor.username, write(tmp_path, "c.json", canceled))
    assert status == 0, err
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN


def test_a_usable_version_releases_it_again(tmp_path, editor):
    run_import(
        "--user", editor.username, write(tmp_path, "a.json", {**ITEM_3X, "pubStatus": "withheld"})
    )
    usable = {**ITEM_3X, "versionCreated": "2024-05-01T09:00:00Z", "pubStatus": "usable"}
    status, _, err = run_import(
        "--user", editor.username, "--publish", write(tmp_path, "b.json", usable)
    )
    assert status == 0, err
    assert Article.objects.get().status == Article.Status.PUBLISHED


# --- Embargo ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "base"), [("embargoedUntil", ITEM_3X), ("embargoed", ITEM_1X)], ids=["3.x", "1.x"]
)
def test_an_embargoed_item_is_scheduled_for_its_embargo(tmp_path, editor, client, field, base):
    until = timezone.now() + timedelta(hours=2)
    item = {**base, field: until.isoformat()}

    status, _, err = run_import(
        "--user", editor.username, "--publish", write(tmp_path, "e.json", item)
    )

    assert status == 0, err
    article = Article.objects.get()
    assert article.embargo_until == until.replace(microsecond=until.microsecond)
    assert article.is_scheduled
    assert article.published_at == article.embargo_until
    assert not Article.objects.published().exists()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_an_embargo_that_has_passed_publishes_at_once(tmp_path, editor):
    item = {**ITEM_3X, "embargoedUntil": "2024-05-01T07:00:00Z"}
    status, _, err = run_import(
        "--user", editor.username, "--publish", write(tmp_path, "e.json", item)
    )
    assert status == 0, err
    article = Article.objects.get()
    assert article.embargo_until == datetime(2024, 5, 1, 7, 0, tzinfo=UTC)
    assert Article.objects.published().get() == article


def test_an_embargoed_draft_keeps_its_embargo_at_the_desk(tmp_path, editor):
    until = timezone.now() + timedelta(days=1)
    run_import(
        "--user",
        editor.username,
        write(tmp_path, "e.json", {**ITEM_3X, "embargoedUntil": until.isoformat()}),
    )
    article = Article.objects.get()
    assert article.embargo_until is not None
    with pytest.raises(workflow.EmbargoInForce):
        workflow.transition(article, action=workflow.Action.PUBLISH, user=editor)


# --- The standard's own example, with the standard's own fields ---------------


def standard_example(**fields) -> dict:
    item = json.loads(
        (require_standard() / "examples" / "ninjsExSimpleText_3.json").read_text("utf-8")
    )
    item.update(fields)
    assert_valid_ninjs(item)  # pubStatus and embargoedUntil as ninjs 3.1 defines them
    return item


def test_the_standard_s_example_withheld_and_then_released(tmp_path, editor):
    withheld = standard_example(pubStatus="withheld")
    status, _, err = run_import(
        "--user", editor.username, "--publish", write(tmp_path, "w.json", withheld)
    )
    assert status == 0, err
    assert Article.objects.get().wire_status == "withheld"
    assert not Article.objects.published().exists()

    until = (timezone.now() + timedelta(hours=6)).replace(microsecond=0)
    released = standard_example(
        pubStatus="usable",
        versionCreated="2013-07-09T11:00:00Z",
        embargoedUntil=until.isoformat().replace("+00:00", "Z"),
    )
    status, _, err = run_import(
        "--user", editor.username, "--publish", write(tmp_path, "r.json", released)
    )
    assert status == 0, err
    article = Article.objects.get()
    assert (article.wire_status, article.embargo_until) == ("usable", until)
    assert article.is_scheduled
    assert article.published_at == until
