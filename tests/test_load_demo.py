import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles import revisions
from articles.models import Article, ArticleAuthor, Author, Dateline, Tag
from articles.roles import REPORTERS

from .factories import logs_in_at_the_desk

pytestmark = pytest.mark.django_db


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Article, ArticleAuthor, Author, Dateline, Tag, get_user_model())
    }


def test_demo_content_is_rich_enough_to_show_the_site(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    assert Article.objects.published().count() >= 12
    assert Author.objects.count() >= 3
    assert Dateline.objects.count() >= 3
    assert Tag.objects.count() >= 3
    assert Article.objects.published().exclude(byline="").exists()
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    illustrated = Article.objects.published().exclude(lead_image=None)
    assert illustrated.count() >= 3
    assert all(article.lead_image.renditions.exists() for article in illustrated)
    assert (
        Article.objects.filter(status="published")
        .exclude(pk__in=Article.objects.published())
        .exists()
    ), "expected a scheduled story"


def test_running_it_again_duplicates_nothing_and_loses_nothing(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    before = counts()
    edited = Article.objects.published().first()
    edited.headline = "An editor's better headline"
    edited.save()

    call_command("load_demo", verbosity=0)
    assert counts() == before
    edited.refresh_from_db()
    assert edited.headline == "An editor's better headline"


def test_no_known_password_accounts_unless_debug(settings, capsys):
    settings.DEBUG = False
    call_command("load_demo")
    assert not get_user_model().objects.exists()
    assert "createsuperuser" in capsys.readouterr().out


def test_debug_creates_a_demo_admin_and_prints_how_to_log_in(settings, client, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/admin/" in out
    assert "username: admin" in out
    assert logs_in_at_the_desk(client, "admin", "newsroom-demo")


def test_debug_creates_one_login_per_desk_role(settings, client):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    reporter = get_user_model().objects.get(username="reporter")
    assert list(reporter.groups.values_list("name", flat=True)) == [REPORTERS]
    assert reporter.author_profile.name == "Ana Diaz"
    editor = get_user_model().objects.get(username="editor")
    assert editor.has_perm("articles.publish_article")
    assert not reporter.has_perm("articles.publish_article")
    assert logs_in_at_the_desk(client, "reporter", "newsroom-demo")


def test_each_demo_story_starts_its_history(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    story = Article.objects.get(slug="harbour-city-votes-for-night-buses-every-fifteen-minutes")
    (first,) = revisions.versions_of(story.pk)
    assert first.revision.comment == "Demo story loaded."
    assert first.field_dict["headline"] == story.headline


def test_a_demo_story_is_in_live_coverage_with_a_pinned_update_first(settings, client):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    [live] = [story for story in Article.objects.published() if story.in_live_coverage]
    page = client.get(live.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Shelters open" in html
    assert "Ferries cancelled" in html
    # The pinned update comes before the newest one.
    assert html.index("Shelters open") < html.index("Power is out in about 4,000 homes")
    assert "Key events" in html
