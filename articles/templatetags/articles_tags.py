"""Byline rendering, as newspapers print it.

``By Ana Diaz and Sam Lee`` then ``Additional reporting by Lee Chen``: each
role gets its own line, names in the editors' order, each linking to the
author's page. A free-text byline replaces all of that verbatim.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from articles.models import Article, ArticleAuthor

register = template.Library()

ROLE_LEADS = {
    ArticleAuthor.Role.WRITER: "By",
    ArticleAuthor.Role.ADDITIONAL_REPORTING: "Additional reporting by",
    ArticleAuthor.Role.PHOTOGRAPHS: "Photographs by",
    ArticleAuthor.Role.ANALYSIS: "Analysis by",
}


def _join_names(links: list[SafeString]) -> SafeString:
    if len(links) == 1:
        return links[0]
    head = format_html_join(", ", "{}", ((link,) for link in links[:-1]))
    return format_html("{} and {}", head, links[-1])


@register.simple_tag
def byline(article: Article) -> SafeString:
    if article.byline:
        return format_html('<span class="byline-line">{}</span>', article.byline)
    by_role: dict[str, list[SafeString]] = {}
    for link in article.ordered_authors:
        by_role.setdefault(link.role, []).append(
            format_html('<a href="{}">{}</a>', link.author.get_absolute_url(), link.author.name)
        )
    return format_html_join(
        "",
        '<span class="byline-line">{} {}</span>',
        (
            (ROLE_LEADS[role], _join_names(by_role[role]))
            for role in ArticleAuthor.Role
            if role in by_role
        ),
    )
