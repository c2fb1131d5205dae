"""``manage.py import_ninjs``: wire copy becomes articles, under the workflow's rules."""

import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles import revisions
from articles.models import Article, SourceRevision
from articles.roles import EDITORS

from .factories import ArticleFactory
from .html import page, visible_text

pytestmark = pytest.mark.django_db

ITEM_3X = {
    "uri": "urn:newsagency:2024:quake-7731",
    "type": "text",
    "version": "1",
    "firstCreated": "2024-05-01T08:00:00Z",
    "versionCreated": "2024-05-01T08:05:00Z",
    "language": "en",
    "headlines": [{"role": "main", "value": "Strong quake shakes the coast"}],
    "descriptions": [{"role": "summary", "value": "No damage was reported at first."}],
    "bodies": [
        {"role": "main", "contentType": "text/plain", "value": "Plain version."},
        {
            "role": "main",
            "contentType": "text/html",
            "value": '<p>The ground shook for a minute.</p><script>alert("x")</script>'
            '<p onclick="steal()">People left their homes.</p>',
        },
    ],
    "by": "Mara Quint",
    "located": "Valparaiso, Chile",
    "subjects": [{"name": "Earthquakes", "uri": "http://cv.iptc.org/newscodes/x"}],
    "keywords": ["Chile"],
}

ITEM_1X = {
    "uri": "http://agency.example/1x/harbour-strike",
    "type": "text",
    "headline": "Harbour workers walk out",
    "description_text": "The strike began at dawn.",
    "body_text": "Cranes stood still on Monday.\n\nShips waited offshore.",
    "byline": "Old Wire Desk",
    "located": "Rotterdam",
    "subject": [{"name": "Labour", "code": "09000000"}],
    "firstcreated": "2024-04-02T06:00:00Z",
    "versioncreated": "2024-04-02T06:30:00Z",
}


def write(folder, name: str, content) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return str(path)


def run_import(*args) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of the command, as a shell would see them."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_ninjs", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue(), err.getvalue()


class TestFieldMapping:
    def test_a_3x_item_becomes_a_draft_with_every_field(self, tmp_path, editor):
        status, out, err = run_import("--user", editor.username, write(tmp_path, "q.json", ITEM_3X))

        assert (status, err) == (0, "")
        assert "1 created" in out
        article = Article.objects.get(source_uri=ITEM_3X["uri"])
        assert article.status == Article.Status.DRAFT
        assert article.headline == "Strong quake shakes the coast"
        assert article.standfirst == "No damage was reported at first."
        assert (
            article.body == "<p>The ground shook for a minute.</p><p>People left their homes.</p>"
        )
        assert article.byline == "Mara Quint"
        assert (article.dateline.name, article.dateline.country) == ("Valparaiso", "Chile")
        assert sorted(article.tags.values_list("name", flat=True)) == ["Chile", "Earthquakes"]
        assert article.published_at == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
        assert article.language == "en"
        assert article.created_by == editor

    def test_a_1x_item_with_plain_text_becomes_paragraphs(self, tmp_path, editor):
        run_import("--user", editor.username, write(tmp_path, "h.json", ITEM_1X))

        article = Article.objects.get(source_uri=ITEM_1X["uri"])
        assert article.headline == "Harbour workers walk out"
        assert article.standfirst == "The strike began at dawn."
        assert article.body == "<p>Cranes stood still on Monday.</p><p>Ships waited offshore.</p>"
        assert article.byline == "Old Wire Desk"
        assert article.dateline.name == "Rotterdam"
        assert list(article.tags.values_list("name", flat=True)) == ["Labour"]
        assert article.published_at == datetime(2024, 4, 2, 6, 0, tzinfo=UTC)

    def test_an_agency_html_document_keeps_only_the_story(self, tmp_path, editor):
        item = {
            "uri": "urn:agency:doc",
            "headlines": [{"value": "Bridge reopens"}],
            "bodies": [
                {
                    "contentType": "text/html",
                    "value": "<html><head><title>Bridge reopens</title></head><body>"
                    "<h1>Bridge reopens</h1><p>Traffic flows again.</p></body></html>",
                }
            ],
        }
        run_import("--user", editor.username, write(tmp_path, "b.json", item))
        assert (
            Article.objects.get(source_uri="urn:agency:doc").body == "<p>Traffic flows again.</p>"
        )

    def test_publish_makes_it_live_at_its_first_created_time(self, client, tmp_path, editor):
        status, _, _ = run_import(
            "--user", editor.username, "--publish", write(tmp_path, "q.json", ITEM_3X)
        )

        assert status == 0
        article = Article.objects.get(source_uri=ITEM_3X["uri"])
        assert article.status == Article.Status.PUBLISHED
        assert article.transitions.get().user == editor
        text = visible_text(page(client.get(article.get_absolute_url())).body)
        assert "VALPARAISO: The ground shook for a minute." in text
        assert "alert" not in text

    def test_an_embargoed_article_is_not_published_by_an_import(self, tmp_path, editor):
        ArticleFactory(status=Article.Status.DRAFT, published_at=None, source_uri=ITEM_3X["uri"])
        Article.objects.update(embargo_until=datetime(2999, 1, 1, tzinfo=UTC))

        status, _, err = run_import(
            "--user", editor.username, "--publish", write(tmp_path, "q.json", ITEM_3X)
        )

        assert status == 1
        assert "under embargo" in err
        assert Article.objects.get().status == Article.Status.DRAFT


class TestActingUser:
    def test_a_reporter_may_import_drafts(self, tmp_path, reporter):
        status, _, _ = run_import("--user", reporter.username, write(tmp_path, "q.json", ITEM_3X))
        assert status == 0
        assert Article.objects.get().status == Article.Status.DRAFT

    def test_a_reporter_may_not_publish(self, tmp_path, reporter):
        with pytest.raises(CommandError, match="may not publish"):
            run_import("--user", reporter.username, "--publish", write(tmp_path, "q.json", ITEM_3X))
        assert not Article.objects.exists()

    def test_without_user_the_wire_desk_account_imports_and_publishes(self, tmp_path):
        status, _, err = run_import("--publish", write(tmp_path, "q.json", ITEM_3X))

        assert (status, err) == (0, "")
        article = Article.objects.get()
        assert article.status == Article.Status.PUBLISHED
        wire_desk = article.created_by
        assert wire_desk.username == "wire-desk"
        assert not wire_desk.has_usable_password(), "nobody can log in as the service account"
        assert list(wire_desk.groups.values_list("name", flat=True)) == [EDITORS]
        run_import(write(tmp_path, "again.json", {**ITEM_3X, "uri": "urn:other"}))
        assert get_user_model().objects.filter(username="wire-desk").count() == 1

    def test_the_wire_desk_account_obeys_its_group(self, tmp_path):
        run_import(write(tmp_path, "q.json", ITEM_3X))
        get_user_model().objects.get(username="wire-desk").groups.clear()
        with pytest.raises(CommandError, match="wire-desk may not add articles"):
            run_import(write(tmp_path, "r.json", {**ITEM_3X, "uri": "urn:other"}))

    def test_an_unknown_user_is_refused(self, tmp_path):
        with pytest.raises(CommandError, match="No active user named 'ghost'"):
            run_import("--user", "ghost", write(tmp_path, "q.json", ITEM_3X))


class TestIdempotence:
    def test_the_same_version_twice_changes_nothing(self, tmp_path, editor):
        file = write(tmp_path, "q.json", ITEM_3X)
        run_import("--user", editor.username, file)
        before = Article.objects.get()

        status, out, _ = run_import("--user", editor.username, file)

        assert status == 0
        assert "0 created, 0 updated, 1 unchanged" in out
        after = Article.objects.get()
        assert after.updated_at == before.updated_at
        assert SourceRevision.objects.count() == 1

    def test_a_newer_version_updates_and_records_a_revision(self, tmp_path, editor):
        run_import("--user", editor.username, write(tmp_path, "v1.json", ITEM_3X))
        newer = {
            **ITEM_3X,
            "versionCreated": "2024-05-01T09:00:00Z",
            "headlines": [{"role": "main", "value": "Strong quake: two hurt"}],
        }

        _, out, _ = run_import("--user", editor.username, write(tmp_path, "v2.json", newer))

        assert "1 updated" in out
        article = Article.objects.get()
        assert article.headline == "Strong quake: two hurt"
        revision = article.source_revisions.first()
        assert revision.note == (
            f"Updated from {ITEM_3X['uri']}, version of 2024-05-01T09:00:00Z "
            "(was 2024-05-01T08:05:00Z)"
        )
        assert revision.user == editor

    def test_an_update_is_in_the_desks_history_and_stales_open_forms(self, tmp_path, editor):
        run_import("--user", editor.username, "--publish", write(tmp_path, "v1.json", ITEM_3X))
        opened_at_version = Article.objects.get().version
        newer = {
            **ITEM_3X,
            "versionCreated": "2024-05-01T09:00:00Z",
            "headlines": [{"value": "Two hurt"}],
        }

        run_import("--user", editor.username, write(tmp_path, "v2.json", newer))

        article = Article.objects.get()
        assert article.version > opened_at_version
        assert article.revised_at is not None, "a live story edited by the wire shows Updated"
        comments = [version.revision.comment for version in revisions.versions_of(article.pk)]
        assert comments[0].startswith(f"Updated from {ITEM_3X['uri']}")
        assert any(comment.startswith(f"Imported from {ITEM_3X['uri']}") for comment in comments)

    def test_an_older_version_changes_nothing(self, tmp_path, editor):
        newer = {**ITEM_3X, "versionCreated": "2024-05-01T09:00:00Z"}
        run_import("--user", editor.username, write(tmp_path, "v2.json", newer))
        older = {**ITEM_3X, "headlines": [{"value": "Stale headline"}]}

        _, out, _ = run_import("--user", editor.username, write(tmp_path, "v1.json", older))

        assert "1 unchanged" in out
        assert Article.objects.get().headline == "Strong quake shakes the coast"

    def test_a_reporter_cannot_overwrite_a_published_article(self, tmp_path, editor, reporter):
        run_import("--user", editor.username, "--publish", write(tmp_path, "v1.json", ITEM_3X))
        newer = {**ITEM_3X, "versionCreated": "2024-05-02T00:00:00Z", "headline": "x"}

        status, _, err = run_import("--user", reporter.username, write(tmp_path, "v2.json", newer))

        assert status == 1
        assert "may not edit" in err


class TestBadInputDoesNotStopTheBatch:
    def test_each_bad_file_is_one_line_and_the_rest_are_imported(self, tmp_path, editor):
        folder = tmp_path / "wire"
        write(folder, "a_good.json", ITEM_3X)
        write(folder, "b_broken.json", '{"uri": "x", "headlines": [')
        write(folder, "c_no_headline.json", {"uri": "urn:x:1", "bodies": [{"value": "text"}]})
        write(folder, "d_wrong_type.json", {"uri": "urn:x:2", "headlines": "Not a list"})
        write(folder, "e_wrong_item_type.json", {**ITEM_1X, "by": ["Ana"]})
        write(folder, "nested/f_good.json", ITEM_1X)
        write(folder, "g_not_an_object.json", "[1, 2]")
        write(folder, "h_bad_time.json", {**ITEM_1X, "uri": "urn:x:3", "firstcreated": "soon"})
        early = "0001-01-01T00:00:00+14:00"
        write(folder, "i_bad_year.json", {**ITEM_3X, "uri": "urn:x:4", "versionCreated": early})
        write(folder, "notes.txt", "not json, not looked at")

        status, out, err = run_import("--user", editor.username, str(folder))

        assert status == 1
        assert "2 created, 0 updated, 0 unchanged, 7 failed." in out
        assert err.splitlines() == [
            f"{folder}/b_broken.json: invalid JSON at line 1 column 28: Expecting value",
            f"{folder}/c_no_headline.json: no headline ('headlines' or 'headline')",
            f"{folder}/d_wrong_type.json: 'headlines' must be an array, not a string",
            f"{folder}/e_wrong_item_type.json: 'by' must be a string, not an array",
            f"{folder}/g_not_an_object.json: a ninjs item must be a JSON object, not an array",
            f"{folder}/h_bad_time.json: 'firstCreated' is not an ISO 8601 date-time: 'soon'",
            f"{folder}/i_bad_year.json: 'versionCreated' is out of range: '{early}'",
        ]
        assert set(Article.objects.values_list("source_uri", flat=True)) == {
            ITEM_3X["uri"],
            ITEM_1X["uri"],
        }

    def test_a_missing_path_is_reported_and_fails_the_run(self, tmp_path, editor):
        status, _, err = run_import(
            "--user",
            editor.username,
            str(tmp_path / "nowhere.json"),
            write(tmp_path, "q.json", ITEM_3X),
        )
        assert status == 1
        assert err == f"{tmp_path / 'nowhere.json'}: no such file or folder\n"
        assert Article.objects.count() == 1

    def test_a_headline_too_long_for_the_page_is_refused_whole(self, tmp_path, editor):
        status, _, err = run_import(
            "--user", editor.username, write(tmp_path, "l.json", {**ITEM_1X, "headline": "x" * 300})
        )
        assert status == 1
        assert err.endswith("l.json: 'headline' is longer than 255 characters\n")
        assert not Article.objects.exists()


def test_a_nul_character_fails_only_that_file(tmp_path, editor):
    """PostgreSQL cannot store NUL; the item is refused the same way on every database."""
    nul = {**ITEM_1X, "uri": "urn:x:nul", "headline": "Bad\u0000byte"}
    status, _, err = run_import(
        "--user",
        editor.username,
        write(tmp_path, "a.json", nul),
        write(tmp_path, "b.json", ITEM_3X),
    )
    assert status == 1
    assert err == f"{tmp_path / 'a.json'}: 'headline' contains a NUL character\n"
    assert list(Article.objects.values_list("source_uri", flat=True)) == [ITEM_3X["uri"]]
