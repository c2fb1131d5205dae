from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import timezone

from articles.models import Article, ArticleAuthor

from .factories import ArticleFactory, AuthorFactory, DatelineFactory

pytestmark = pytest.mark.django_db


class TestPublishedRule:
    def test_only_published_and_past_articles_are_visible(self):
        live = ArticleFactory()
        ArticleFactory(status=Article.Status.DRAFT)
        ArticleFactory(status=Article.Status.REVIEW)
        ArticleFactory(status=Article.Status.WITHDRAWN)
        ArticleFactory(published_at=timezone.now() + timedelta(minutes=5))

        assert list(Article.objects.published()) == [live]

    def test_a_scheduled_article_becomes_visible_at_its_moment(self, time_machine):
        time_machine.move_to(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), tick=False)
        scheduled = ArticleFactory(published_at=datetime(2026, 3, 1, 10, 0, tzinfo=UTC))

        time_machine.move_to(datetime(2026, 3, 1, 9, 59, 59, tzinfo=UTC), tick=False)
        assert scheduled not in Article.objects.published()
        time_machine.move_to(datetime(2026, 3, 1, 10, 0, tzinfo=UTC), tick=False)
        assert scheduled in Article.objects.published()

    def test_publishing_without_a_time_stamps_now(self):
        article = ArticleFactory(published_at=None)
        assert article.published_at is not None
        assert article.published_at <= timezone.now()

    def test_a_draft_keeps_no_publication_date(self):
        draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
        assert draft.published_at is None
        assert draft.publication_date is None


class TestDatedUrl:
    def test_url_is_year_month_day_slug(self):
        article = ArticleFactory(
            slug="talks-in-astana", published_at=datetime(2017, 1, 18, 9, 30, tzinfo=UTC)
        )
        assert article.get_absolute_url() == "/2017/01/18/talks-in-astana/"

    def test_the_date_is_the_newsrooms_local_day(self, settings):
        settings.TIME_ZONE = "America/New_York"
        # 03:00 UTC on the 19th is still the evening of the 18th in New York.
        article = ArticleFactory(
            slug="late-story", published_at=datetime(2017, 1, 19, 3, 0, tzinfo=UTC)
        )
        assert article.get_absolute_url() == "/2017/01/18/late-story/"


class TestSlugUniquePerDay:
    when = datetime(2024, 4, 24, 8, 0, tzinfo=UTC)

    def test_same_slug_on_different_days_is_fine(self):
        ArticleFactory(slug="budget", published_at=self.when)
        ArticleFactory(slug="budget", published_at=self.when + timedelta(days=1))
        assert Article.objects.filter(slug="budget").count() == 2

    def test_same_slug_on_the_same_day_is_refused_with_a_clear_message(self):
        ArticleFactory(slug="budget", published_at=self.when)
        clash = ArticleFactory.build(slug="budget", published_at=self.when + timedelta(hours=3))
        with pytest.raises(ValidationError) as excinfo:
            clash.full_clean()
        assert "24 April 2024 already has this slug" in str(excinfo.value.message_dict["slug"])

    def test_the_database_enforces_it_too(self):
        ArticleFactory(slug="budget", published_at=self.when)
        with pytest.raises(IntegrityError):
            ArticleFactory(slug="budget", published_at=self.when + timedelta(hours=3))

    def test_drafts_without_a_date_may_share_a_slug(self):
        ArticleFactory(slug="untitled", status=Article.Status.DRAFT, published_at=None)
        ArticleFactory(slug="untitled", status=Article.Status.DRAFT, published_at=None)
        assert Article.objects.filter(slug="untitled").count() == 2


class TestAuthorsOrder:
    def test_authors_keep_the_order_editors_chose(self):
        zoe, adam, mia = (AuthorFactory(name=name) for name in ("Zoe", "Adam", "Mia"))
        article = ArticleFactory(authors=[zoe, adam, mia])
        assert [link.author.name for link in article.ordered_authors] == ["Zoe", "Adam", "Mia"]

    def test_reordering_changes_the_byline(self):
        zoe, adam = AuthorFactory(name="Zoe"), AuthorFactory(name="Adam")
        article = ArticleFactory(authors=[zoe, adam])
        ArticleAuthor.objects.filter(article=article, author=zoe).update(position=5)
        article.refresh_from_db()
        assert [link.author.name for link in article.ordered_authors] == ["Adam", "Zoe"]

    def test_an_author_appears_once_per_article(self):
        ana = AuthorFactory()
        article = ArticleFactory(authors=[ana])
        with pytest.raises(IntegrityError):
            ArticleAuthor.objects.create(article=article, author=ana, position=1)


class TestBody:
    def test_body_is_sanitised_on_every_save(self):
        article = ArticleFactory(body='<p onclick="x()">Hi<script>alert(1)</script></p>')
        article.refresh_from_db()
        assert article.body == "<p>Hi</p>"

    def test_dateline_runs_into_the_first_paragraph(self):
        article = ArticleFactory(
            dateline=DatelineFactory(name="Moscow"),
            body="<p>Syria peace talks begin.</p><p>More.</p>",
        )
        assert article.body_with_dateline() == (
            '<p><span class="dateline">MOSCOW:</span> Syria peace talks begin.</p><p>More.</p>'
        )

    def test_dateline_names_are_escaped(self):
        article = ArticleFactory(dateline=DatelineFactory(name="<b>Rome</b>"), body="<p>Text</p>")
        assert "&lt;B&gt;ROME&lt;/B&gt;:" in article.body_with_dateline()


class TestAddresses:
    def test_a_storys_address_is_the_one_its_page_answers_at(self):
        day = date(2017, 1, 8)
        assert Article.dated_path(day, "syria-talks") == "/2017/01/08/syria-talks/"
        assert Article.dated_path(day, "syria-talks") == reverse(
            "articles:detail", kwargs={"year": 2017, "month": 1, "day": 8, "slug": "syria-talks"}
        )

    def test_under_a_script_prefix_the_address_carries_it(self):
        set_script_prefix("/news/")
        try:
            assert Article.dated_path(date(2024, 4, 24), "a") == "/news/2024/04/24/a/"
        finally:
            set_script_prefix("/")

    def test_a_slug_no_address_takes_is_refused(self):
        with pytest.raises(NoReverseMatch):
            Article.dated_path(date(2024, 4, 24), "not a slug")
