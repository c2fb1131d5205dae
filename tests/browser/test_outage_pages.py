"""The pages a database outage shows, in a real browser: styled, accessible, from 320 px."""

import json

import pytest
from django.urls import reverse

from ..factories import ArticleFactory
from ..outages import connection_per_request, database_unreachable
from .test_reader_site import axe_script, axe_violations  # noqa: F401 - a fixture

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures(connection_per_request.__name__),
]


def test_the_reader_and_desk_outage_pages_are_styled_and_accessible(
    live_server,
    new_page,
    log_in,
    editor,
    artifacts,
    axe_script,  # noqa: F811
    tmp_path,
):
    story = ArticleFactory()
    pages = {
        "reader": story.get_absolute_url(),
        "desk": reverse("admin:articles_article_changelist"),
    }
    found = {}
    browsers = {width: new_page(width=width, height=800) for width in (320, 1280)}
    for page in browsers.values():
        log_in(page, editor.username)
    with database_unreachable(tmp_path):
        for width, page in browsers.items():
            for name, url in pages.items():
                response = page.goto(live_server.url + url)
                assert response is not None
                assert response.status == 503
                assert page.locator("h1").count() == 1
                # The stylesheet arrived: the page is laid out, not bare HTML.
                assert page.evaluate(
                    "document.styleSheets.length > 0 && document.styleSheets[0].cssRules.length > 0"
                )
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                page.screenshot(path=artifacts / f"outage-{name}-{width}.png", full_page=True)
                violations = axe_violations(page)
                if violations:
                    found[f"{name} at {width}"] = [v["id"] for v in violations]
    assert not found, json.dumps(found, indent=2)
