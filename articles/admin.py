"""The editorial desk: Django admin with TinyMCE for the body."""

from django import forms
from django.contrib import admin
from django.db.models import Prefetch
from django.utils import timezone
from tinymce.widgets import TinyMCE

from images.widgets import ImageChooserWidget

from .models import Article, ArticleAuthor, Author, Dateline, Tag


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "body",
            "lead_image",
            "byline",
            "dateline",
            "tags",
            "status",
            "published_at",
            "front_page_position",
        ]
        widgets = {
            "body": TinyMCE(),
            "standfirst": forms.Textarea(attrs={"rows": 3}),
            "lead_image": ImageChooserWidget(Article._meta.get_field("lead_image").remote_field),
        }


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "role", "position"]
    verbose_name = "byline author"
    verbose_name_plural = "Byline (in the order shown to readers, by position)"


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = [ArticleAuthorInline]
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ["dateline", "tags"]
    list_display = [
        "headline",
        "status_label",
        "published_at",
        "byline_text",
        "front_page_position",
        "updated_at",
    ]
    list_filter = ["status", "dateline", "tags", "authors"]
    search_fields = ["headline", "standfirst"]
    date_hierarchy = "published_at"
    list_select_related = ["dateline"]
    # The form's field list, grouped as the desk works: copy, credit, timing.
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        ("Lead image", {"fields": ["lead_image"]}),
        ("Byline and place", {"fields": ["byline", "dateline", "tags"]}),
        ("Publication", {"fields": ["status", "published_at"]}),
        ("Front page", {"fields": ["front_page_position"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("article_authors", queryset=ArticleAuthor.objects.select_related("author"))
            )
        )

    @admin.display(description="Status", ordering="status")
    def status_label(self, article: Article) -> str:
        if article.status == Article.Status.PUBLISHED and article.published_at > timezone.now():
            return "Scheduled"
        return article.get_status_display()

    @admin.display(description="Byline")
    def byline_text(self, article: Article) -> str:
        if article.byline:
            return article.byline
        return ", ".join(link.author.name for link in article.ordered_authors)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["user"]


@admin.register(Dateline)
class DatelineAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "slug"]
    search_fields = ["name", "country"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "in_navigation", "navigation_order"]
    list_editable = ["in_navigation", "navigation_order"]
    list_filter = ["in_navigation"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}
