"""Two people, one article: the second save is refused and nothing is lost."""

import threading

import pytest
from django.db import connection

from articles.models import Article

from .admin_forms import change_form, change_url
from .factories import ArticleFactory, logged_in

Status = Article.Status


@pytest.fixture
def two_editors(make_user):
    return make_user("editor", "ana"), make_user("editor", "ben")


@pytest.mark.django_db
def test_the_second_save_is_refused_and_keeps_the_typing(two_editors):
    ana, ben = two_editors
    article = ArticleFactory(headline="Flood warning", status=Status.DRAFT, published_at=None)
    opened = change_form(article)  # both open version 1

    first = logged_in(ana).post(change_url(article), {**opened, "headline": "Ana's headline"})
    assert first.status_code == 302

    typed = "<p>Ben typed this paragraph.</p>"
    second = logged_in(ben).post(
        change_url(article), {**opened, "headline": "Ben's headline", "body": typed}
    )
    assert second.status_code == 200
    page = second.content.decode()
    assert "ana changed this article" in page
    assert "Nothing was saved" in page
    # Ben's own words are still in the form...
    assert 'value="Ben&#x27;s headline"' in page
    assert "Ben typed this paragraph." in page
    # ...beside the version Ana saved.
    assert 'class="newer-version__headline">Ana&#x27;s headline<' in page

    article.refresh_from_db()
    assert (article.headline, article.version) == ("Ana's headline", 2)

    # Having merged, Ben saves against the version he has now seen.
    form = second.context["adminform"].form
    assert str(form["edit_version"].value()) == "2"
    merged = {**opened, "headline": "Merged headline", "edit_version": "2"}
    assert logged_in(ben).post(change_url(article), merged).status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.version, article.last_edited_by) == (
        "Merged headline",
        3,
        ben,
    )


@pytest.mark.django_db
def test_a_post_without_a_version_is_treated_as_stale(two_editors):
    article = ArticleFactory(headline="Original", status=Status.DRAFT, published_at=None)
    data = change_form(article, headline="Blind overwrite")
    del data["edit_version"]
    response = logged_in(two_editors[0]).post(change_url(article), data)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.headline == "Original"


@pytest.mark.django_db
def test_a_substantive_edit_of_a_live_story_stamps_updated(client, two_editors):
    article = ArticleFactory()
    first_published = article.published_at
    client.force_login(two_editors[0])
    client.post(change_url(article), change_form(article, byline="By the desk"))
    article.refresh_from_db()
    assert article.revised_at is None  # a byline is not a change to the story

    client.post(change_url(article), change_form(article, body="<p>New facts.</p>"))
    article.refresh_from_db()
    assert article.revised_at is not None
    assert article.published_at == first_published.replace(microsecond=0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_simultaneous_saves(two_editors, attempt):
    """Both databases queue the second writer (PostgreSQL's row lock, SQLite's
    immediate transactions); it then sees the new version and is refused."""
    article = ArticleFactory(headline="Start", status=Status.DRAFT, published_at=None)
    opened = change_form(article)
    start = threading.Barrier(2)
    results: dict[str, int] = {}

    def save(user, headline):
        client = logged_in(user)
        start.wait()
        response = client.post(change_url(article), {**opened, "headline": headline})
        results[headline] = response.status_code
        connection.close()  # each thread had its own connection

    threads = [
        threading.Thread(target=save, args=(user, f"By {user.username}")) for user in two_editors
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results.values()) == [200, 302]
    winner = next(headline for headline, status in results.items() if status == 302)
    article.refresh_from_db()
    assert (article.headline, article.version) == (winner, 2)
