"""An incomplete story cannot be published by any path; Schedule is its own move."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from articles import readiness, workflow
from articles.models import Article
from articles.workflow import Action, NotReadyToPublish, WrongClock
from images.models import Image

from .admin_forms import ADD_URL, article_form, change_form, change_url
from .factories import ArticleFactory, AuthorFactory, DatelineFactory, make_library_image

pytestmark = pytest.mark.django_db

Status = Article.Status


def empty_story(**fields) -> Article:
    return ArticleFactory(
        status=Status.DRAFT, published_at=None, body="", byline="", headline="Only this", **fields
    )


class TestTheDomainRefuses:
    def test_an_empty_story_lists_everything_it_lacks(self, editor):
        article = empty_story()
        with pytest.raises(NotReadyToPublish) as refused:
            workflow.transition(article, action=Action.PUBLISH, user=editor)
        assert refused.value.messages == [
            "The body is empty: write the story.",
            "There is no byline: add an author or a free-text byline.",
        ]
        article.refresh_from_db()
        assert article.status == Status.DRAFT

    def test_schedule_is_refused_too(self, editor):
        article = empty_story()
        with pytest.raises(NotReadyToPublish):
            workflow.transition(
                article,
                action=Action.SCHEDULE,
                user=editor,
                publish_at=timezone.now() + timedelta(hours=1),
            )

    def test_authors_count_as_a_byline(self, editor):
        article = empty_story(authors=[AuthorFactory()])
        article.body = "<p>Words.</p>"
        article.save()
        workflow.transition(article, action=Action.PUBLISH, user=editor)
        assert article.is_live

    def test_markup_without_text_is_no_body(self):
        article = empty_story()
        article.body = "<p> </p><p><br></p>"
        assert "The body is empty: write the story." in readiness.missing(article)

    def test_the_lead_image_needs_alt_text(self, editor):
        image = make_library_image(renditions=False)
        Image.objects.filter(pk=image.pk).update(alt_text=" ")  # an old upload, say
        article = ArticleFactory(status=Status.DRAFT, published_at=None, lead_image=image)
        with pytest.raises(NotReadyToPublish) as refused:
            workflow.transition(article, action=Action.PUBLISH, user=editor)
        assert refused.value.messages == [
            "The lead image has no alt text: describe it in the photo library."
        ]

    def test_the_headline_limit_is_the_desks(self, settings):
        settings.NEWSROOM_HEADLINE_MAX_LENGTH = 20
        article = ArticleFactory.build(status=Status.DRAFT, headline="A" * 21)
        assert readiness.missing(article, authors=0) == [
            "The headline is 21 characters; the desk's limit is 20."
        ]

    def test_a_dateline_when_the_desk_requires_one(self, settings):
        article = ArticleFactory.build(status=Status.DRAFT)
        assert readiness.missing(article, authors=0) == []
        settings.NEWSROOM_DATELINE_REQUIRED = True
        assert readiness.missing(article, authors=0) == [
            "There is no dateline: the desk requires one (where the story was filed)."
        ]
        article.dateline = DatelineFactory()
        assert readiness.missing(article, authors=0) == []


class TestEveryPathRefuses:
    def test_the_list_action_names_what_is_missing(self, editor_client):
        article = empty_story()
        response = editor_client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "workflow_publish", "_selected_action": [article.pk]},
            follow=True,
        )
        shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
        assert "The body is empty" in shown
        assert "There is no byline" in shown
        article.refresh_from_db()
        assert article.status == Status.DRAFT

    def test_the_change_form_lists_what_is_missing_and_keeps_the_typing(self, editor_client):
        article = empty_story()
        data = change_form(article, headline="Typed headline", _workflow="publish")
        response = editor_client.post(change_url(article), data)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Not ready to publish" in page
        assert "The body is empty: write the story." in page
        assert 'value="Typed headline"' in page
        article.refresh_from_db()
        assert article.status == Status.DRAFT
        assert article.headline == "Only this"

    def test_the_add_form_refuses_an_empty_story(self, editor_client):
        response = editor_client.post(ADD_URL, article_form(body="", byline=""))
        assert response.status_code == 200
        assert "There is no byline" in response.content.decode()
        assert not Article.objects.exists()

    def test_the_form_shows_what_is_missing_before_anyone_presses(self, editor_client):
        page = editor_client.get(change_url(empty_story())).content.decode()
        assert "Not ready to publish" in page
        assert "The body is empty: write the story." in page

    def test_the_wire_import_keeps_an_incomplete_story_as_a_draft(self, editor):
        from distribution.ninjs import parse_item
        from distribution.wire_import import import_item

        item = parse_item({"uri": "urn:agency:bare", "headlines": [{"value": "Bare wire item"}]})
        import_item(item, user=editor, publish=True)
        article = Article.objects.get(source_uri="urn:agency:bare")
        assert article.status == Status.DRAFT
        assert "not published: The body is empty" in article.source_revisions.get().note


class TestSchedule:
    def later(self, hours: int = 2):
        return timezone.localtime(timezone.now() + timedelta(hours=hours)).replace(
            second=0, microsecond=0
        )

    def test_publish_with_a_time_still_to_come_is_refused(self, editor):
        article = ArticleFactory(status=Status.REVIEW, published_at=None)
        with pytest.raises(WrongClock, match="schedule the story"):
            workflow.transition(
                article, action=Action.PUBLISH, user=editor, publish_at=self.later()
            )

    def test_schedule_needs_a_time_still_to_come(self, editor):
        article = ArticleFactory(status=Status.REVIEW, published_at=None)
        with pytest.raises(WrongClock, match="still to come"):
            workflow.transition(article, action=Action.SCHEDULE, user=editor)

    def test_the_button_and_its_message_name_the_zone(self, editor_client, settings):
        settings.TIME_ZONE = "Europe/Stockholm"  # the default zone follows the setting
        article = ArticleFactory(status=Status.REVIEW, published_at=None)
        page = editor_client.get(change_url(article)).content.decode()
        assert 'value="schedule" data-schedule hidden' in page  # no time set yet
        assert "Times on this form are in Europe/Stockholm, the newsroom's time zone." in page
        assert "Times are in Europe/Stockholm, the newsroom's time zone." in page  # help
        when = self.later()
        data = change_form(
            article,
            published_at_0=when.strftime("%Y-%m-%d"),
            published_at_1=when.strftime("%H:%M:%S"),
            _workflow="schedule",
        )
        response = editor_client.post(change_url(article), data, follow=True)
        shown = [str(m) for m in get_messages(response.wsgi_request)]
        zone = when.strftime("%Z")  # CET or CEST
        expected = f"Scheduled for {when:%H:%M} {zone}, {when:%A %B} {when.day}"
        assert any(message.startswith(expected) for message in shown), shown
        article.refresh_from_db()
        assert article.is_scheduled
        listed = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
        assert f'<td class="field-published_at_in_zone">{when:%H:%M} {zone}, ' in listed
        assert "Published at (Europe/Stockholm)" in listed

    def test_publish_with_a_future_time_on_the_form_points_to_schedule(self, editor_client):
        article = ArticleFactory(status=Status.REVIEW, published_at=None)
        when = self.later()
        data = change_form(
            article,
            published_at_0=when.strftime("%Y-%m-%d"),
            published_at_1=when.strftime("%H:%M:%S"),
            _workflow="publish",
        )
        page = editor_client.post(change_url(article), data).content.decode()
        assert "schedule the story, or clear the time" in page
        assert 'value="schedule" data-schedule>' in page  # now offered
        article.refresh_from_db()
        assert article.status == Status.REVIEW


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        (reverse("admin:articles_article_add"), ["published_at", "embargo_until"]),
        (reverse("admin:banners_announcement_add"), ["starts_at", "ends_at"]),
    ],
)
def test_every_date_and_time_field_on_the_desk_names_its_zone(admin_client, url, fields):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(admin_client.get(url).content, "html.parser")
    for name in fields:
        help_text = soup.select_one(f".field-{name} .help")
        assert help_text is not None, name
        assert "Times are in UTC, the newsroom's time zone." in help_text.text
