"""The article add and change forms as a browser would post them, for admin tests."""

from django.urls import reverse
from django.utils import timezone

from articles.models import Article

ADD_URL = reverse("admin:articles_article_add")
# The byline inline's management form, with no rows.
NO_BYLINE_ROWS = {
    "article_authors-TOTAL_FORMS": "0",
    "article_authors-INITIAL_FORMS": "0",
    "article_authors-MIN_NUM_FORMS": "0",
    "article_authors-MAX_NUM_FORMS": "1000",
}


def article_form(**overrides) -> dict:
    """The admin's add form as a browser posts it (with an empty byline inline)."""
    data = {
        "headline": "Council approves night buses",
        "slug": "council-approves-night-buses",
        "standfirst": "A two-year trial.",
        "body": "<p>The council voted on Thursday.</p>",
        "byline": "By our city desk",
        "dateline": "",
        "tags": [],
        # Publishing is a workflow button, not a status field.
        "_workflow": "publish",
        "published_at_0": "",
        "published_at_1": "",
        **NO_BYLINE_ROWS,
    }
    data.update(overrides)
    return data


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def _split(moment) -> tuple[str, str]:
    if moment is None:
        return "", ""
    local = timezone.localtime(moment)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def change_form(article: Article, **overrides) -> dict:
    """Everything the change form posts for ``article`` unchanged, then ``overrides``."""
    published_date, published_time = _split(article.published_at)
    embargo_date, embargo_time = _split(article.embargo_until)
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "byline": article.byline,
        "dateline": str(article.dateline_id or ""),
        "tags": [str(tag.pk) for tag in article.tags.all()] if article.pk else [],
        "published_at_0": published_date,
        "published_at_1": published_time,
        "embargo_until_0": embargo_date,
        "embargo_until_1": embargo_time,
        "edit_version": str(article.version),
        "workflow_note": "",
        **NO_BYLINE_ROWS,
    }
    data.update(overrides)
    return data
