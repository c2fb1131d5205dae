"""Who may do what to which article, driven through the admin over HTTP.

The expectations are written out by hand from the issue (not derived from
``workflow``), so a change to the rules has to change this table too.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .admin_forms import change_form, change_url
from .factories import ArticleFactory

pytestmark = pytest.mark.django_db
Status = Article.Status
STATES = [Status.DRAFT, Status.REVIEW, Status.PUBLISHED, Status.WITHDRAWN]
ROLES = ["editor", "own reporter", "other reporter"]
MOVES = ["submit", "publish", "send_back", "withdraw", "redraft"]
TARGET = {
    "submit": Status.REVIEW,
    "publish": Status.PUBLISHED,
    "send_back": Status.DRAFT,
    "withdraw": Status.WITHDRAWN,
    "redraft": Status.DRAFT,
}
EDITOR_MAY = {
    "edit": set(STATES),
    "delete": set(STATES),
    "submit": {Status.DRAFT},
    "publish": {Status.DRAFT, Status.REVIEW},
    "send_back": {Status.REVIEW},
    "withdraw": {Status.PUBLISHED},
    "redraft": {Status.WITHDRAWN},
}
OWN_REPORTER_MAY = {"edit": {Status.DRAFT, Status.REVIEW}, "submit": {Status.DRAFT}}
ALLOWED = {"editor": EDITOR_MAY, "own reporter": OWN_REPORTER_MAY, "other reporter": {}}


def allowed(role: str, action: str, state: str) -> bool:
    return state in ALLOWED[role].get(action, set())


@pytest.fixture
def desk(client, make_user):
    """Log in as ``role`` and make an article in ``state`` for them."""

    def make(role: str, state: str) -> Article:
        reporter = make_user("reporter")
        owner = reporter if role == "own reporter" else make_user("reporter", "colleague")
        user = make_user("editor") if role == "editor" else reporter
        client.force_login(user)
        live = state in {Status.PUBLISHED, Status.WITHDRAWN}
        return ArticleFactory(
            created_by=owner,
            status=state,
            headline="Original headline",
            published_at=timezone.now() - timedelta(hours=1) if live else None,
        )

    return make


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_saving_copy(client, desk, role, state):
    article = desk(role, state)
    response = client.post(change_url(article), change_form(article, headline="Rewritten"))
    article.refresh_from_db()
    if allowed(role, "edit", state):
        assert response.status_code == 302
        assert article.headline == "Rewritten"
    else:
        assert response.status_code == 403
        assert article.headline == "Original headline"


@pytest.mark.parametrize("action", MOVES)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_change_form_buttons_and_hand_made_posts(client, desk, role, action, state):
    article = desk(role, state)
    page = client.get(change_url(article)).content.decode()
    button = f'name="_workflow" value="{action}"'
    data = change_form(article, headline="Rewritten", _workflow=action)
    response = client.post(change_url(article), data)
    article.refresh_from_db()
    if allowed(role, action, state):
        assert button in page
        assert response.status_code == 302
        assert article.status == TARGET[action]
        assert article.headline == "Rewritten"
        assert article.transitions.get().user.username == response.wsgi_request.user.username
    else:
        # A hand-made POST of a button that was never shown saves nothing.
        assert button not in page
        assert response.status_code in {200, 403}
        if response.status_code == 200:
            assert "You may not make that move" in response.content.decode()
        assert (article.status, article.headline) == (state, "Original headline")
        assert not article.transitions.exists()


@pytest.mark.parametrize("action", MOVES)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_list_actions_are_checked_per_article(client, desk, role, action, state):
    article = desk(role, state)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": f"workflow_{action}", "_selected_action": [str(article.pk)]},
    )
    article.refresh_from_db()
    assert article.status == (TARGET[action] if allowed(role, action, state) else state)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_deleting_is_for_editors_and_asks_first(client, desk, role, state):
    article = desk(role, state)
    url = reverse("admin:articles_article_delete", args=[article.pk])
    confirmation = client.get(url)
    response = client.post(url, {"post": "yes"})
    if allowed(role, "delete", state):
        assert confirmation.status_code == 200
        assert "Are you sure" in confirmation.content.decode()
        assert response.status_code == 302
        assert not Article.objects.filter(pk=article.pk).exists()
    else:
        assert (confirmation.status_code, response.status_code) == (403, 403)
        assert Article.objects.filter(pk=article.pk).exists()


def test_a_status_field_in_a_hand_made_post_is_ignored(client, desk):
    article = desk("own reporter", Status.DRAFT)
    response = client.post(change_url(article), change_form(article, status="published"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_reporters_cannot_set_the_clock(client, desk):
    article = desk("own reporter", Status.DRAFT)
    soon = timezone.now() + timedelta(days=1)
    data = change_form(article, published_at_0=soon.strftime("%Y-%m-%d"), published_at_1="10:00")
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.published_at is None


def test_reporters_cannot_bulk_delete(client, desk):
    article = desk("own reporter", Status.DRAFT)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [str(article.pk)], "post": "yes"},
    )
    assert Article.objects.filter(pk=article.pk).exists()


def test_a_reporter_adds_and_submits_a_story(reporter_client, reporter):
    page = reporter_client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'value="submit"' in page
    assert 'value="publish"' not in page
    data = change_form(
        Article(headline="Fresh", slug="fresh", body="<p>Words.</p>"), _workflow="submit"
    )
    response = reporter_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get(slug="fresh")
    assert (article.status, article.created_by) == (Status.REVIEW, reporter)


def test_a_reporter_cannot_publish_their_new_story_by_hand(reporter_client):
    data = change_form(Article(headline="Fresh", slug="fresh"), _workflow="publish")
    response = reporter_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "You may not make that move" in response.content.decode()
    assert not Article.objects.exists()


def test_reporters_cannot_change_other_accounts(reporter_client, make_user):
    colleague = make_user("reporter", "colleague")
    url = reverse("admin:auth_user_change", args=[colleague.pk])
    assert reporter_client.get(url).status_code == 403
    assert reporter_client.post(url, {"username": "renamed"}).status_code == 403
    colleague.refresh_from_db()
    assert colleague.username == "colleague"
