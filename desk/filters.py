"""Changelist filters for the desk: whose story, and where it stands."""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.models import Article, ArticleAuthor

SCHEDULED = "scheduled"


class StatusFilter(admin.SimpleListFilter):
    """The workflow states, with "Scheduled" told apart from live stories."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        choices = list(Article.Status.choices)
        published = choices.index((Article.Status.PUBLISHED, Article.Status.PUBLISHED.label))
        choices.insert(published, (SCHEDULED, pgettext_lazy("article status", "Scheduled")))
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == SCHEDULED:
            return queryset.scheduled()
        if value == Article.Status.PUBLISHED:
            return queryset.published()
        if value in Article.Status.values:
            return queryset.filter(status=value)
        return queryset


class MyArticlesFilter(admin.SimpleListFilter):
    """A reporter's own stories: the ones they created, are assigned or are bylined on."""

    title = _("whose")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", _("My articles"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        user = request.user
        # EXISTS, not a join and DISTINCT: the list keeps its indexed order.
        bylined = ArticleAuthor.objects.filter(article=OuterRef("pk"), author__user=user)
        return queryset.filter(Q(created_by=user) | Q(assigned_to=user) | Q(Exists(bylined)))
