"""The desk's list: search through the index, and tags and assignments for many stories."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, ArticleAuthor

from .factories import ArticleFactory, AuthorFactory, DatelineFactory, TagFactory

pytestmark = pytest.mark.django_db
LIST = reverse("admin:articles_article_changelist")


def found(client, query: str) -> list[str]:
    soup = BeautifulSoup(client.get(LIST, {"q": query}).content, "html.parser")
    return sorted(a.get_text(strip=True) for a in soup.select("#result_list th.field-headline a"))


@pytest.fixture
def archive():
    kingfisher = ArticleFactory(
        headline="River birds return",
        body="<p>A kingfisher was seen on the weir for the first time in years.</p>",
    )
    ana = AuthorFactory(name="Ana Diaz")
    bylined = ArticleFactory(headline="Council budget", authors=[ana])
    moscow = ArticleFactory(
        headline="Talks resume", dateline=DatelineFactory(name="Moscow", country="Russia")
    )
    ArticleFactory(headline="Unrelated story")
    return kingfisher, bylined, moscow


def test_the_desk_finds_words_in_the_body_authors_and_datelines(editor_client, archive):
    assert found(editor_client, "kingfisher") == ["River birds return"]
    assert found(editor_client, "Ana Diaz") == ["Council budget"]
    assert found(editor_client, "Moscow") == ["Talks resume"]
    assert found(editor_client, "budget -council") == []
    assert len(found(editor_client, "")) == 4


def test_a_byline_added_later_and_a_renamed_author_are_found(editor_client, archive):
    _, bylined, _ = archive
    sam = AuthorFactory(name="Sam Lee")
    ArticleAuthor.objects.create(article=bylined, author=sam, position=1)
    assert found(editor_client, "Sam Lee") == ["Council budget"]
    sam.name = "Samira Lee"
    sam.save()
    assert found(editor_client, "Samira") == ["Council budget"]


def test_the_desk_searches_the_index_on_postgresql_and_the_fallback_elsewhere(
    editor_client, archive
):
    with CaptureQueriesContext(connection) as queries:
        assert found(editor_client, "kingfisher") == ["River birds return"]
    searching = [q["sql"] for q in queries if "kingfisher" in q["sql"]]
    assert searching
    if connection.vendor == "postgresql":
        assert all("search_vector" in sql for sql in searching)
        assert not any("LIKE" in sql.upper() for sql in searching)
    else:
        assert all("LIKE" in sql.upper() for sql in searching)


# --- Bulk actions ----------------------------------------------------------
def act(client, action: str, articles, **choice):
    data = {"action": action, "_selected_action": [str(a.pk) for a in articles], **choice}
    return client.post(LIST, data)


def test_adding_a_tag_asks_which_then_tags_each_story_as_a_revision(editor_client):
    stories = [ArticleFactory(), ArticleFactory()]
    tag = TagFactory(name="Transport")
    page = act(editor_client, "add_tag", stories)
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.find("select", attrs={"name": "tag"}) is not None
    assert len(soup.select('input[name="_selected_action"]')) == 2
    response = act(editor_client, "add_tag", stories, tag=str(tag.pk), apply="1")
    assert response.status_code == 302
    for story in stories:
        story.refresh_from_db()
        assert list(story.tags.all()) == [tag]
        assert story.version == 2  # a save through the one write path
        latest = Version.objects.get_for_object(story).first()
        assert "Tag added: Transport." in latest.revision.get_comment()


def test_removing_a_tag_leaves_the_others(editor_client):
    keep, drop = TagFactory(name="Keep"), TagFactory(name="Drop")
    story = ArticleFactory(tags=[keep, drop])
    act(editor_client, "remove_tag", [story], tag=str(drop.pk), apply="1")
    assert list(story.tags.all()) == [keep]


def test_without_a_choice_the_page_asks_again(editor_client):
    story = ArticleFactory()
    response = act(editor_client, "add_tag", [story], tag="", apply="1")
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()


def test_an_editor_assigns_stories_to_a_colleague_who_may_then_edit_them(editor_client, make_user):
    colleague = make_user("reporter", "lee")
    story = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    response = act(editor_client, "assign", [story], colleague=str(colleague.pk), apply="1")
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.assigned_to == colleague
    from .factories import logged_in

    lee = logged_in(colleague)
    change = reverse("admin:articles_article_change", args=[story.pk])
    assert lee.get(change).status_code == 200
    mine = BeautifulSoup(lee.get(LIST, {"mine": "yes"}).content, "html.parser")
    assert story.headline in mine.get_text()


def test_reporters_are_not_offered_assignment_and_tag_only_their_own(
    reporter_client, reporter, make_user
):
    own = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=reporter)
    theirs = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, created_by=make_user("reporter", "x")
    )
    listing = BeautifulSoup(reporter_client.get(LIST).content, "html.parser")
    offered = [o["value"] for o in listing.select('select[name="action"] option')]
    assert "add_tag" in offered
    assert "assign" not in offered
    tag = TagFactory()
    response = act(reporter_client, "add_tag", [own, theirs], tag=str(tag.pk), apply="1")
    assert response.status_code == 302
    assert list(own.tags.all()) == [tag]
    assert list(theirs.tags.all()) == []
