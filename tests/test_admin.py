from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .admin_forms import ADD_URL, article_form
from .factories import ArticleFactory, AuthorFactory, DatelineFactory, TagFactory

pytestmark = pytest.mark.django_db


def with_authors(data: dict, *authors) -> dict:
    data["article_authors-TOTAL_FORMS"] = str(len(authors))
    for index, (author, role) in enumerate(authors):
        data[f"article_authors-{index}-author"] = str(author.pk)
        data[f"article_authors-{index}-role"] = role
        data[f"article_authors-{index}-position"] = str(index)
    return data


class TestWritingAnArticle:
    def test_add_page_offers_tinymce_and_slug_prefill(self, admin_client):
        response = admin_client.get(ADD_URL)
        assert response.status_code == 200
        content = response.content.decode()
        assert "tinymce" in content
        assert "prepopulated" in content
        assert "council" not in content

    def test_editor_publishes_and_it_is_on_the_front_page(self, admin_client, admin_user):
        ana, sam = AuthorFactory(name="Ana Diaz"), AuthorFactory(name="Sam Lee")
        moscow = DatelineFactory(name="Moscow")
        transport = TagFactory(name="Transport")
        data = with_authors(
            article_form(byline="", dateline=str(moscow.pk), tags=[str(transport.pk)]),
            (sam, "writer"),
            (ana, "writer"),
        )
        response = admin_client.post(ADD_URL, data)
        assert response.status_code == 302, response.context["adminform"].form.errors

        article = Article.objects.get(slug="council-approves-night-buses")
        assert article.created_by == admin_user
        assert article.is_live
        assert [link.author for link in article.ordered_authors] == [sam, ana]
        front = admin_client.get("/").content.decode()
        assert "Council approves night buses" in front
        detail = admin_client.get(article.get_absolute_url()).content.decode()
        assert "MOSCOW:</span> The council voted on Thursday." in detail
        assert "Sam Lee</a> and <a" in detail

    def test_changing_an_article(self, admin_client):
        article = ArticleFactory(headline="Old headline", slug="old")
        url = reverse("admin:articles_article_change", args=[article.pk])
        data = article_form(
            headline="New headline",
            slug="old",
            _workflow="",
            edit_version=str(article.version),
            published_at_0=article.published_at.strftime("%Y-%m-%d"),
            published_at_1=article.published_at.strftime("%H:%M:%S"),
        )
        response = admin_client.post(url, data)
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.headline == "New headline"

    def test_a_slug_clash_is_explained_and_the_typing_kept(self, admin_client):
        ArticleFactory(slug="council-approves-night-buses", published_at=None)
        response = admin_client.post(ADD_URL, article_form(body="<p>My unsaved words.</p>"))
        assert response.status_code == 200
        content = response.content.decode()
        assert "already has this slug" in content
        assert "My unsaved words." in content
        assert Article.objects.count() == 1

    def test_list_shows_status_and_byline_and_searches_headlines(self, admin_client):
        ArticleFactory(headline="Findable story", byline="By our correspondents")
        ArticleFactory(headline="Other story")
        response = admin_client.get(reverse("admin:articles_article_changelist"), {"q": "Findable"})
        content = response.content.decode()
        assert "Findable story" in content
        assert "Other story" not in content
        assert "By our correspondents" in content
        assert "Published" in content

    def test_scheduled_articles_are_labelled(self, admin_client):
        ArticleFactory(headline="Tomorrow", published_at=timezone.now() + timedelta(days=1))
        content = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()
        assert "Scheduled" in content

    def test_readers_cannot_reach_the_admin(self, client):
        response = client.get(ADD_URL)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


# Each payload, and what must never reach the page. The text around the
# payload ("before"/"after") must survive.
XSS_PAYLOADS = [
    ("<script>alert(1)</script>", ["<script", "alert(1)"]),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", ["<script", "evil.example"]),
    ('<img src=x onerror="alert(1)">', ["onerror"]),
    ('<img src="javascript:alert(1)" alt="x">', ["javascript:"]),
    ('<a href="javascript:alert(1)">link</a>', ["javascript:"]),
    ('<a href="JaVaScRiPt:alert(1)">link</a>', ["javascript:", "JaVaScRiPt"]),
    ('<a href="&#106;avascript:alert(1)">link</a>', ["avascript:"]),
    ('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', ["data:"]),
    ('<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="x">', ["data:"]),
    ('<iframe src="https://evil.example"></iframe>', ["<iframe", "evil.example"]),
    ("<svg onload=alert(1)>", ["<svg", "onload"]),
    ('<p style="background:url(javascript:alert(1))">styled</p>', ["style=", "javascript:"]),
    ("<style>body{display:none}</style>", ["<style", "display:none"]),
    ('<body onload="alert(1)">', ["onload"]),
    ('<div onmouseover="alert(1)">hover</div>', ["onmouseover"]),
    ('<object data="https://evil.example/x.swf"></object>', ["<object", "evil.example"]),
    ('<embed src="https://evil.example/x.swf">', ["<embed"]),
    ('<form action="https://evil.example"><input name="q"></form>', ["<form", "<input"]),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example">', ["<meta http"]),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', ["evil.example"]),
    ('<base href="https://evil.example/">', ["<base"]),
    ('<a href="vbscript:msgbox(1)">vb</a>', ["vbscript:"]),
    ("<math><mtext><script>alert(1)</script></mtext></math>", ["<script", "<math"]),
    ('<details open ontoggle="alert(1)">', ["ontoggle"]),
    ('"><script>alert(1)</script>', ["<script"]),
    ("<!--<script>alert(1)</script>-->", ["<script", "<!--"]),
    ('<a href="https://ok.example" target="_blank" onclick="steal()">ok</a>', ["onclick", "steal"]),
]


@pytest.mark.parametrize(("payload", "forbidden"), XSS_PAYLOADS, ids=range(len(XSS_PAYLOADS)))
def test_xss_payloads_never_reach_the_page(admin_client, payload, forbidden):
    body = f"<p>before</p>{payload}<p>after</p>"
    response = admin_client.post(ADD_URL, article_form(body=body))
    assert response.status_code == 302

    article = Article.objects.get()
    page = admin_client.get(article.get_absolute_url()).content.decode()
    story = page[page.index('class="story__body"') : page.index("</article>")]
    for fragment in forbidden:
        assert fragment.lower() not in article.body.lower()
        assert fragment.lower() not in story.lower()
    assert "<p>before</p>" in story
    assert "<p>after</p>" in story


def test_allowed_formatting_survives(admin_client):
    body = (
        "<h2>Sub</h2><h3>Sub</h3><h4>Sub</h4><p><em>e</em> <strong>s</strong> "
        '<a href="https://example.org/a">web</a> <a href="mailto:desk@example.org">mail</a>'
        "<br></p><ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>q</p></blockquote>"
        '<figure><img src="https://example.org/p.jpg" alt="A photo"><figcaption>c</figcaption>'
        "</figure>"
    )
    admin_client.post(ADD_URL, article_form(body=body))
    stored = Article.objects.get().body
    for kept in [
        "<h2>Sub</h2>",
        "<h4>Sub</h4>",
        "<em>e</em>",
        "<strong>s</strong>",
        'href="https://example.org/a"',
        'href="mailto:desk@example.org"',
        "<br>",
        "<li>one</li>",
        "<blockquote>",
        '<img src="https://example.org/p.jpg" alt="A photo">',
        "<figcaption>c</figcaption>",
    ]:
        assert kept in stored
