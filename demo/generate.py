"""Many realistic stories, fast: what ``manage.py generate_articles`` writes.

For benchmarks and load tests, not for readers. Everything is drawn from a
seeded random generator, so the same seed gives the same stories (story
number ``i`` is always the same text, whichever run writes it). Bodies are
600-1,500 words drawn from a Zipf-distributed vocabulary of generated
pseudo-words (plus English's commonest function words at the top), so word
frequencies, page sizes and full-text search behave like a real archive's.

Rows go in with ``bulk_create`` in batches, which sends no ``post_save``:
PostgreSQL writes each story's search document itself as the rows arrive
(triggers, articles migration 0012), and the page cache is renewed once at
the end. On PostgreSQL a batch's bylines go in before its stories (the ids
are taken from the sequence first; the foreign keys are checked at commit),
so each story's document is written once, with its authors' names, not
written and then rewritten when its bylines arrive; and two batches are
written at a time, one per core.
"""

from __future__ import annotations

import datetime
import itertools
import random
import re
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, ArticleAuthor, Author, Dateline, Tag

DEFAULT_SEED = 2026
VOCABULARY_SIZE = 24_000
# Zipf's law for word ranks: the r-th commonest word appears about 1/r^s as often.
ZIPF_EXPONENT = 1.05
BODY_WORDS = (600, 1_500)
YEARS = 8
AUTHORS, DATELINES, TAGS = 160, 60, 120
# Every generated story's slug ends "-g<number>": how a second run finds them.
SLUG_MARK = re.compile(r"-g(\d+)$")
# Batches written at once on PostgreSQL: one per core of a small server.
WRITERS = 2


def words_of(text: str) -> list[str]:
    return text.split()


FUNCTION_WORDS = words_of(
    "the of and to a in that is was he for it with as his on be at by had are but from or "
    "have an they which one you were her all she there would their we him been has when who "
    "will more no if out so said what up its about into than them can only other new some"
)
ONSETS = words_of(
    "b bl br c ch cl cr d dr f fl fr g gl gr h j k l m n p pl pr qu r s sc sh sk sl sm sn sp "
    "st str t th tr v w wh z"
)
VOWELS = words_of("a e i o u a e i o ai ea ee oa ou ie")
CODAS = ["", "", "", "n", "r", "s", "l", "t", "m", "nd", "st", "ck", "ng", "rt"]
COUNTRIES = words_of(
    "Norway Sweden Kenya Chile Japan Canada Ghana Peru Spain Poland India Brazil Egypt "
    "Vietnam Portugal Ireland Morocco Mexico Finland Australia"
)


def pseudo_words(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct pronounceable words, shortest first (as in real text,
    the commonest words are the short ones)."""
    words: set[str] = set()
    while len(words) < count:
        syllables = rng.choices((1, 2, 3, 4), weights=(3, 5, 3, 1))[0]
        word = "".join(
            rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables)
        )
        if word not in FUNCTION_WORDS:
            words.add(word)
    return sorted(words, key=lambda word: (len(word), word))


@dataclass
class Vocabulary:
    """The generated language: its words in rank order and Zipf's weights for them."""

    seed: int = DEFAULT_SEED
    size: int = VOCABULARY_SIZE

    @cached_property
    def words(self) -> list[str]:
        return FUNCTION_WORDS + pseudo_words(random.Random(self.seed), self.size)  # noqa: S311

    @cached_property
    def cumulative_weights(self) -> list[float]:
        return list(
            itertools.accumulate(1 / rank**ZIPF_EXPONENT for rank in range(1, len(self.words) + 1))
        )

    @cached_property
    def content_words(self) -> list[str]:
        """The pseudo-words without the function words: names, headlines, tags."""
        return self.words[len(FUNCTION_WORDS) :]

    def draw(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative_weights, k=count)

    def name(self, rng: random.Random, words: int = 1) -> str:
        # Mid-frequency words read best as names: not the commonest, not the rarest.
        pool = self.content_words[200:6_000]
        return " ".join(rng.choice(pool).capitalize() for _ in range(words))


def sentence(words: list[str]) -> str:
    text = " ".join(words)
    return text[:1].upper() + text[1:] + "."


def paragraphs(rng: random.Random, words: list[str]) -> Iterator[str]:
    """The words cut into sentences of 6-28 words and paragraphs of 2-6 sentences."""
    at = 0
    while at < len(words):
        sentences = []
        for _ in range(rng.randint(2, 6)):
            if at >= len(words):
                break
            length = rng.randint(6, 28)
            sentences.append(sentence(words[at : at + length]))
            at += length
        yield " ".join(sentences)


@dataclass
class Cast:
    """The authors, datelines and tags generated stories are credited to, placed and filed under."""

    authors: list[Author]
    datelines: list[Dateline]
    tags: list[Tag]
    # Tags are Zipf-popular too: a few topics carry most stories.
    tag_weights: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.tag_weights = list(
            itertools.accumulate(1 / rank for rank in range(1, len(self.tags) + 1))
        )


def _ensure(model, wanted: dict[str, dict]) -> list:
    """The rows with these slugs, creating the missing ones in one insert, in ``wanted``'s order."""
    have = {row.slug: row for row in model.objects.filter(slug__in=wanted)}
    missing = [model(slug=slug, **values) for slug, values in wanted.items() if slug not in have]
    model.objects.bulk_create(missing)
    have |= {row.slug: row for row in model.objects.filter(slug__in=[m.slug for m in missing])}
    return [have[slug] for slug in wanted]


def ensure_cast(vocabulary: Vocabulary) -> Cast:
    rng = random.Random(vocabulary.seed + 1)  # noqa: S311 - content, not secrets
    authors: dict[str, dict] = {}
    while len(authors) < AUTHORS:
        name = vocabulary.name(rng, 2)
        authors.setdefault(f"gen-{slugify(name)}", {"name": name, "bio": f"{name} reports."})
    datelines: dict[str, dict] = {}
    while len(datelines) < DATELINES:
        name = vocabulary.name(rng)
        datelines.setdefault(
            f"gen-{slugify(name)}", {"name": name, "country": rng.choice(COUNTRIES)}
        )
    tags: dict[str, dict] = {}
    while len(tags) < TAGS:
        name = vocabulary.name(rng, rng.choice((1, 1, 2)))
        tags.setdefault(f"gen-{slugify(name)}", {"name": name})
    return Cast(_ensure(Author, authors), _ensure(Dateline, datelines), _ensure(Tag, tags))


@dataclass
class Story:
    """One generated story, before it is written."""

    article: Article
    authors: list[tuple[Author, str]]
    tags: list[Tag]


def make_story(index: int, vocabulary: Vocabulary, cast: Cast, now: datetime.datetime) -> Story:
    """Story number ``index``: the same text for the same seed, whenever it is made."""
    rng = random.Random(vocabulary.seed * 1_000_003 + index)  # noqa: S311 - content, not secrets
    headline = sentence(
        [rng.choice(vocabulary.content_words[:8_000]) for _ in range(rng.randint(5, 10))]
    )[:-1]
    standfirst = sentence(vocabulary.draw(rng, rng.randint(14, 30)))
    body = "".join(
        f"<p>{text}</p>" for text in paragraphs(rng, vocabulary.draw(rng, rng.randint(*BODY_WORDS)))
    )
    published_at = now - datetime.timedelta(seconds=rng.randrange(60, YEARS * 365 * 86_400))
    writers = rng.sample(cast.authors, 2 if rng.random() < 0.2 else 1)
    roles = [ArticleAuthor.Role.WRITER, ArticleAuthor.Role.ADDITIONAL_REPORTING]
    tags = set(rng.choices(cast.tags, cum_weights=cast.tag_weights, k=rng.randint(1, 4)))
    article = Article(
        headline=headline,
        slug=f"{slugify(headline)[:80].rstrip('-')}-g{index}",
        standfirst=standfirst,
        # Only <p> and letters: already what the sanitiser would keep.
        body=body,
        dateline=rng.choice(cast.datelines) if rng.random() < 0.85 else None,
        status=Article.Status.PUBLISHED,
        published_at=published_at,
        publication_date=timezone.localdate(published_at),
        public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
    )
    return Story(article, list(zip(writers, roles, strict=False)), sorted(tags, key=lambda t: t.pk))


def generated_count() -> tuple[int, int]:
    """How many generated stories exist, and the number the next one gets."""
    numbers = [
        int(match.group(1))
        for slug in Article.objects.filter(slug__regex=r"-g[0-9]+$").values_list("slug", flat=True)
        if (match := SLUG_MARK.search(slug))
    ]
    return len(numbers), max(numbers, default=-1) + 1


def _reserve_ids(count: int) -> list[int]:
    """The next ``count`` article ids from PostgreSQL's sequence."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('articles_article', 'id')) "
            "FROM generate_series(1, %s)",
            [count],
        )
        return [row[0] for row in cursor.fetchall()]


def write_batch(stories: list[Story]) -> None:
    bylines_first = connection.vendor == "postgresql"
    with transaction.atomic():
        if bylines_first:
            for story, pk in zip(stories, _reserve_ids(len(stories)), strict=True):
                story.article.pk = pk
        links = [
            ArticleAuthor(article=story.article, author=author, role=role, position=position)
            for story in stories
            for position, (author, role) in enumerate(story.authors)
        ]
        if bylines_first:
            # The search trigger on the stories' insert finds their authors here.
            ArticleAuthor.objects.bulk_create(links)
        Article.objects.bulk_create([story.article for story in stories])
        if not bylines_first:
            for link in links:
                link.article_id = link.article.pk
            ArticleAuthor.objects.bulk_create(links)
        Article.tags.through.objects.bulk_create(
            Article.tags.through(article_id=story.article.pk, tag_id=tag.pk)
            for story in stories
            for tag in story.tags
        )


def generate(
    count: int,
    *,
    seed: int = DEFAULT_SEED,
    batch_size: int = 1_000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Make sure ``count`` generated stories exist; returns how many were added."""
    have, next_number = generated_count()
    wanted = max(count - have, 0)
    if not wanted:
        return 0
    vocabulary = Vocabulary(seed)
    cast = ensure_cast(vocabulary)
    now = timezone.now() - datetime.timedelta(minutes=1)
    numbers = range(next_number, next_number + wanted)
    batches = [numbers[start : start + batch_size] for start in range(0, wanted, batch_size)]

    def make_batch(batch: range) -> list[Story]:
        return [make_story(number, vocabulary, cast, now) for number in batch]

    def make_and_write(batch: range) -> int:
        try:
            write_batch(make_batch(batch))
        finally:
            connections.close_all()  # this thread's own connection
        return len(batch)

    done = 0
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        # SQLite has one writer; inside a transaction (tests) other
        # connections would not see the cast: one batch after another.
        for batch in batches:
            write_batch(make_batch(batch))
            done += len(batch)
            if progress is not None:
                progress(done)
        return wanted
    # Each thread makes a batch (Python) and writes it on its own connection:
    # while one waits for PostgreSQL the other makes the next one.
    with ThreadPoolExecutor(max_workers=WRITERS) as writers:
        for written in writers.map(make_and_write, batches):
            done += written
            if progress is not None:
                progress(done)
    with connection.cursor() as cursor:
        # The planner's statistics, so the first searches and pages after a
        # big load are planned for the archive as it now is.
        cursor.execute("ANALYZE articles_article, articles_articleauthor, articles_article_tags")
    return wanted
