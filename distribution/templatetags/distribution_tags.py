"""Template helpers for machine-read formats (sitemaps, structured data)."""

from datetime import datetime

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from distribution import structured_data
from distribution.ninjs import ninjs_time
from reader.site import absolute_url

register = template.Library()


@register.filter
def w3c_datetime(moment: datetime | None) -> str:
    """``2024-05-01T12:00:00Z``: what sitemaps and Google News expect."""
    return ninjs_time(moment) if moment else ""


@register.simple_tag(takes_context=True)
def article_head(context, article) -> SafeString:
    """Canonical link, Open Graph and Twitter meta, and NewsArticle JSON-LD.

    Only for a story readers can see: a preview or share link of a draft
    has no public address or date to announce, and is noindex anyway.
    """
    if not article.is_live:
        return SafeString("")
    return format_html(
        '<link rel="canonical" href="{}">\n{}\n{}',
        absolute_url(article.get_absolute_url()),
        format_html_join(
            "\n", '<meta {}="{}" content="{}">', structured_data.social_meta(article, absolute_url)
        ),
        structured_data.json_ld(structured_data.news_article(article, absolute_url)),
    )


@register.simple_tag
def live_blog_head(article, updates) -> SafeString:
    """LiveBlogPosting JSON-LD, beside the NewsArticle, for a story that is or was live."""
    if not article.is_live or article.live_started_at is None:
        return SafeString("")
    posting = structured_data.live_blog_posting(article, updates, absolute_url)
    return structured_data.json_ld(posting)


@register.simple_tag(takes_context=True)
def front_page_head(context) -> SafeString:
    """WebSite and Organization JSON-LD for the front page."""
    graph = structured_data.front_page_graph(absolute_url)
    return format_html_join("\n", "{}", ((structured_data.json_ld(node),) for node in graph))
