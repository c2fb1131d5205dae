"""The people, places and topics stories name: authors, datelines, tags."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Author(models.Model):
    """A name that can stand in a byline: staff, guest contributor or agency.

    Authors need no login; ``user`` links one to an account when the person
    also works in the editorial admin.
    """

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    bio = models.TextField(blank=True, help_text=_("A sentence or two shown under the article."))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text=_("The editorial account of this author, if they have one."),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:author", kwargs={"slug": self.slug})


class Dateline(models.Model):
    """The place a story was reported from (``MOSCOW:`` before the first line)."""

    name = models.CharField(max_length=120, help_text=_("The place, e.g. Moscow."))
    slug = models.SlugField(max_length=120, unique=True)
    country = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.country}" if self.country else self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:dateline", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    in_navigation = models.BooleanField(
        _("in the masthead"),
        default=False,
        help_text=_("Show this topic as a section in the site's navigation."),
    )
    navigation_order = models.PositiveSmallIntegerField(
        default=0, help_text=_("Sections are shown from the lowest number.")
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["in_navigation", "navigation_order"], name="tag_navigation"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:tag", kwargs={"slug": self.slug})
