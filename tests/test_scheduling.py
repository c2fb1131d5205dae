"""Scheduled stories appear at their time by themselves; edits show "Updated"."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from articles import workflow
from articles.models import Article

from .admin_forms import change_form, change_url
from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def at(hour: int, minute: int = 0) -> dt.datetime:
    day = dt.date(2031, 3, 14)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def test_scheduled_for_ten_is_404_at_959_and_on_the_front_page_at_ten(client, editor):
    with time_machine.travel(at(8), tick=False):
        article = ArticleFactory(
            headline="Budget day", status=Article.Status.REVIEW, published_at=None
        )
        workflow.transition(article, action="schedule", user=editor, publish_at=at(10))
        url = article.get_absolute_url()

    with time_machine.travel(at(9, 59), tick=False):
        assert client.get(url).status_code == 404
        assert "Budget day" not in client.get("/").content.decode()

    with time_machine.travel(at(10), tick=False):
        assert client.get(url).status_code == 200
        assert "Budget day" in client.get("/").content.decode()


def test_a_substantive_edit_shows_updated_and_keeps_the_first_date(client, editor):
    with time_machine.travel(at(7), tick=False):
        article = ArticleFactory(headline="Storm warning", published_at=at(6))
    with time_machine.travel(at(11, 30), tick=False):
        client.force_login(editor)  # a session from "now" would have expired by 2031
        response = client.post(
            change_url(article),
            change_form(article, body="<p>The storm has turned north.</p>"),
        )
        assert response.status_code == 302
        page = client.get(article.get_absolute_url()).content.decode()
    assert "March 14, 2031</time>" in page
    assert 'Updated <time datetime="2031-03-14T11:30:00' in page
    article.refresh_from_db()
    assert article.published_at == at(6)


def test_an_unchanged_story_shows_no_update(client):
    page = client.get(ArticleFactory().get_absolute_url()).content.decode()
    assert "Updated" not in page
