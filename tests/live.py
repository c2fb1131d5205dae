"""Helpers for the live coverage tests: a live story and its updates."""

import uuid
from datetime import timedelta

from django.utils import timezone

from articles.models import Article, LiveUpdate

from .factories import ArticleFactory, AuthorFactory


def live_story(**fields) -> Article:
    """A published story in live coverage since half an hour ago."""
    fields.setdefault("live_started_at", timezone.now() - timedelta(minutes=30))
    fields.setdefault("standfirst", "Flooding closes the harbour road.")
    return ArticleFactory(**fields)


def add_updates(article: Article, count: int, *, start=None, **fields) -> list[LiveUpdate]:
    """``count`` published updates a minute apart, the last the newest, with an author."""
    start = start or timezone.now() - timedelta(minutes=count + 1)
    author = AuthorFactory()
    made = LiveUpdate.objects.bulk_create(
        LiveUpdate(
            article=article,
            title=f"Update {n}",
            body=f"<p>Water level report number {n}.</p>",
            status=LiveUpdate.Status.PUBLISHED,
            published_at=start + timedelta(minutes=n),
            idempotency_key=uuid.uuid4(),
            **fields,
        )
        for n in range(count)
    )
    LiveUpdate.authors.through.objects.bulk_create(
        LiveUpdate.authors.through(liveupdate_id=update.pk, author_id=author.pk) for update in made
    )
    return made
