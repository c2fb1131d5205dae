"""The pages hostile requests get: the 400 page, a busy search, the desk's 400 (issue 14)."""

import json

import pytest

from .test_reader_site import axe_script, axe_violations  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db(transaction=True)

TOO_MANY = "&".join(f"f{n}=x" for n in range(1_001))


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.usefixtures("axe_script")
def test_the_400_and_busy_search_pages(live_server, new_page, settings, artifacts, width):
    settings.NEWSROOM_SEARCH_CONCURRENT = 0  # every search finds the process busy
    page = new_page(width=width)
    found = {}
    for name, path, status, says in [
        ("400", f"/search/?{TOO_MANY}", 400, "too many fields or parameters"),
        ("search-busy", "/search/?q=harbour+strike", 429, "Too many searches"),
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == status
        assert page.locator("h1").count() == 1
        assert says in page.inner_text("main")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        page.screenshot(path=artifacts / f"hostile-{name}-{width}.png", full_page=True)
        violations = axe_violations(page)
        if violations:
            found[name] = [v["id"] for v in violations]
    assert page.input_value("#search-q") == "harbour strike", "the query is kept"
    assert not found, json.dumps(found)


def test_the_desk_s_400_page(live_server, new_page, editor, log_in, artifacts):
    page = new_page()
    log_in(page, editor.username)
    response = page.goto(live_server.url + "/admin/articles/article/?q=budget%00")
    assert response.status == 400
    assert "NUL character" in page.inner_text("#content")
    assert page.get_by_role("link", name="Back to the desk").count() == 1
    page.screenshot(path=artifacts / "hostile-desk-400.png", full_page=True)
