"""Byline rendering, as newspapers print it.

``By Ana Diaz and Sam Lee`` then ``Additional reporting by Lee Chen``: each
role gets its own line, names in the editors' order, each linking to the
author's page. A free-text byline replaces all of that verbatim.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from articles.models import Article, ArticleAuthor

register = template.Library()


def _join_names(links: list[SafeString]) -> SafeString:
    if len(links) == 1:
        return links[0]
    head = format_html_join(", ", "{}", ((link,) for link in links[:-1]))
    # Translators: the last two names of a byline, e.g. "Ana Diaz and Sam Lee".
    return format_html(gettext("{} and {}"), head, links[-1])


def role_lead(role: ArticleAuthor.Role) -> str:
    """``By`` for writers, ``Additional reporting by`` and so on for the rest."""
    if role == ArticleAuthor.Role.WRITER:
        return gettext("By")
    return gettext("%(role)s by") % {"role": role.label}


@register.simple_tag
def byline(article: Article) -> SafeString:
    if article.byline:
        return format_html('<span class="byline-line">{}</span>', article.byline)
    return format_html_join(
        "",
        '<span class="byline-line">{} {}</span>',
        (
            (
                role_lead(role),
                _join_names(
                    [
                        format_html('<a href="{}">{}</a>', author.get_absolute_url(), author.name)
                        for author in authors
                    ]
                ),
            )
            for role, authors in article.authors_by_role()
        ),
    )
