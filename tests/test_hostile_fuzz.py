"""Fuzzing what readers, partners and the desk can send: never a 500 (issue 14).

Hypothesis draws text of every kind (control characters, NUL, right-to-left
marks, emoji), raw bytes that are not UTF-8 at all, and numbers at every
size; each request must be answered below 500. Examples are few, so the
module runs in seconds.
"""

from datetime import timedelta
from urllib.parse import quote, quote_from_bytes

import pytest
from django.core import signing
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, DraftBuffer
from desk import previews

from .factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text as a browser could send it, and bytes no browser would.
any_text = st.text(max_size=300) | st.sampled_from(
    ["-" * 40, "\x00", "%00", "\ud7ff", "' OR 1=1 --", '"', "\u202e", "\U0001f600" * 50]
)
numbers = st.integers(min_value=-(10**30), max_value=10**30).map(str)
raw = st.binary(max_size=200).map(quote_from_bytes)


def query_string(name: str, value) -> str:
    """``name=value`` percent-encoded, for any text (lone surrogates included) or bytes."""
    if isinstance(value, str):
        value = quote(value.encode("utf-8", "surrogatepass"), safe="")
    return f"{name}={value}"


def get(client, path: str, qs: str):
    response = client.get(path, QUERY_STRING=qs)
    assert response.status_code < 500, (path, qs, response.status_code)
    return response


@pytest.fixture
def stories():
    tag = TagFactory(slug="weather")
    return [ArticleFactory(tags=[tag]) for _ in range(3)]


@pytest.fixture
def relaxed_limits(settings):
    """The fuzzer is one client making many requests; the flood limits are tested elsewhere."""
    settings.NEWSROOM_API_RATE_LIMIT = 100_000


@FUZZ
@given(q=any_text | raw, page=any_text | numbers | raw)
def test_search(client, stories, q, page):
    get(client, "/search/", f"{query_string('q', q)}&{query_string('page', page)}")


@FUZZ
@given(page=any_text | numbers | raw, path=st.sampled_from(["/", "/tags/weather/", "/2024/"]))
def test_pagination(client, stories, page, path):
    response = get(client, path, query_string("page", page))
    assert response.status_code in (200, 404)


@FUZZ
@given(
    name=st.sampled_from(["since", "cursor"]),
    value=any_text | numbers | raw | st.binary(max_size=60).map(lambda b: b.hex()),
)
def test_api_parameters(client, stories, relaxed_limits, name, value):
    response = get(client, "/api/ninjs/articles/", query_string(name, value))
    if response.status_code == 400:
        assert response.json()["error"]


@FUZZ
@given(token=any_text.filter(lambda t: "/" not in t and t.strip()))
def test_share_links(client, stories, token):
    url = "/preview/" + quote(token.encode("utf-8", "surrogatepass"), safe="") + "/"
    assert client.get(url).status_code in (404, 410)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["article", "expires", "x"]), children, max_size=3)
    ),
    max_leaves=8,
)


@FUZZ
@given(payload=json_values)
def test_share_links_signed_but_malformed(client, stories, payload):
    """Defence in depth: a payload only a leaked key could sign still never makes a 500."""
    token = signing.dumps(payload, salt=previews.SHARE_SALT)
    assert client.get(reverse("articles:share", args=[token])).status_code in (200, 404, 410)


def test_a_real_share_link_still_opens(client, stories):
    token, _ = previews.make_share_token(stories[0], timedelta(hours=1))
    assert client.get(reverse("articles:share", args=[token])).status_code == 200


@pytest.fixture
def draft():
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None)


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(["headline", "standfirst", "body", "byline", "edit_version", "other"]),
        any_text | numbers,
        max_size=6,
    )
)
def test_desk_autosave(editor_client, draft, fields):
    url = reverse("admin:articles_article_autosave", args=[draft.pk])
    body = "&".join(query_string(name, value) for name, value in fields.items())
    response = editor_client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 400), (fields, response.status_code)
    assert ("error" if response.status_code == 400 else "saved_at") in response.json()
    if response.status_code == 200:
        stored = DraftBuffer.objects.get(article=draft).fields
        assert all("\x00" not in value for value in stored.values())
