"""generate_articles: many realistic published stories for benchmarks, added only once."""

import random
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ArticleAuthor
from demo.generate import FUNCTION_WORDS, Vocabulary, ensure_cast, make_story

pytestmark = pytest.mark.django_db

TAGS = re.compile(r"<[^>]+>")


def generate(count: int) -> str:
    out = StringIO()
    call_command("generate_articles", count=count, stdout=out)
    return out.getvalue()


def test_thirty_realistic_published_stories():
    assert "Generated 30 stories" in generate(30)

    stories = Article.objects.published().for_article_page()
    assert stories.count() == 30
    assert not Article.objects.exclude(status=Article.Status.PUBLISHED).exists()
    for story in stories:
        words = TAGS.sub(" ", story.body).split()
        assert 600 <= len(words) <= 1_500, story.slug
        assert story.body.startswith("<p>")
        assert story.body.endswith("</p>")
        assert story.headline
        assert story.standfirst
        assert 1 <= len(story.ordered_authors) <= 2
        assert 1 <= len(story.tags.all()) <= 4
        assert story.publication_date is not None
    assert Article.objects.filter(dateline__isnull=False).count() >= 15
    days = sorted(story.publication_date for story in stories)
    assert (days[-1] - days[0]).days > 365, "dates spread over years"
    assert ArticleAuthor.objects.count() >= 30


def test_each_story_page_and_list_shows(client):
    generate(5)
    story = Article.objects.published().first()
    page = client.get(story.get_absolute_url())
    assert page.status_code == 200
    assert story.headline in page.content.decode()
    front = client.get("/")
    assert front.status_code == 200
    assert story.headline in front.content.decode()


def test_search_finds_a_generated_story_by_a_word_of_its_headline(client):
    generate(12)
    story = Article.objects.published().order_by("pk").last()
    rare = max(story.headline.split(), key=len).lower()
    response = client.get("/search/", {"q": rare})
    assert response.status_code == 200
    assert story.headline in response.content.decode()


def test_running_again_adds_only_what_is_missing():
    generate(10)
    before = set(Article.objects.values_list("slug", flat=True))
    assert "Generated 0 stories" in generate(10)
    assert "Generated 5 stories" in generate(15)
    after = set(Article.objects.values_list("slug", flat=True))
    assert before < after
    assert len(after) == 15


def test_the_vocabulary_is_large_and_zipf_distributed():
    vocabulary = Vocabulary()
    assert len(set(vocabulary.words)) >= 20_000 + len(FUNCTION_WORDS)
    counts = Counter(vocabulary.draw(random.Random(1), 200_000))
    ranked = [count for _word, count in counts.most_common()]
    # Zipf: the commonest word about twice the second, ten times the tenth.
    assert 1.5 < ranked[0] / ranked[1] < 2.8
    assert 6 < ranked[0] / ranked[9] < 16
    assert len(counts) > 10_000, "a long tail of rare words"


def test_the_same_seed_gives_the_same_story():
    from django.utils import timezone

    vocabulary = Vocabulary()
    cast = ensure_cast(vocabulary)
    now = timezone.now()
    first, again = make_story(7, vocabulary, cast, now), make_story(7, vocabulary, cast, now)
    assert first.article.body == again.article.body
    assert first.article.headline == again.article.headline
    assert make_story(8, vocabulary, cast, now).article.body != first.article.body


def test_a_negative_count_is_refused():
    with pytest.raises(CommandError, match="--count"):
        call_command("generate_articles", count=-1)


@pytest.mark.django_db(transaction=True)
def test_stories_written_batch_by_batch_are_found_by_their_authors_names(client):
    """Outside a transaction PostgreSQL gets two batches at a time, bylines first:
    every story is searchable by its author at once."""
    call_command("generate_articles", count=24, batch_size=5, stdout=StringIO())

    assert Article.objects.published().count() == 24
    assert ArticleAuthor.objects.values("article").distinct().count() == 24
    by_author = Counter(ArticleAuthor.objects.values_list("author__name", flat=True))
    name = next(name for name, stories in by_author.items() if stories == 1)
    story = Article.objects.get(authors__name=name)
    page = client.get("/search/", {"q": f'"{name}"'})
    assert story.headline in page.content.decode()
