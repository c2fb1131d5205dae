"""The article change form as a browser would post it, for admin tests."""

from django.urls import reverse
from django.utils import timezone

from articles.models import Article


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
        "article_authors-TOTAL_FORMS": "0",
        "article_authors-INITIAL_FORMS": "0",
        "article_authors-MIN_NUM_FORMS": "0",
        "article_authors-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data
