"""The site and the desk work in Chromium under their Content-Security-Policy (issue 16).

Every page in a context reports each ``securitypolicyviolation`` event and
each console message about the policy; the tests walk the reader's site and
the desk's busiest screens and expect none.
"""

import pytest

from ..factories import ArticleFactory, AuthorFactory, TagFactory, make_library_image

pytestmark = pytest.mark.django_db(transaction=True)

REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (event) => {
  window.reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} ` +
    `at ${event.sourceFile}:${event.lineNumber} ${event.sample}`
  );
});
"""


@pytest.fixture
def watched(new_page):
    """``(page, violations)``: a page whose context reports every CSP violation."""
    violations: list[str] = []
    page = new_page(width=1280, height=1000)
    context = page.context
    context.expose_function("reportCspViolation", lambda text: violations.append(text))
    context.add_init_script(REPORT_VIOLATIONS)

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(f"console: {message.text}")

    context.on("console", on_console)
    return page, violations


@pytest.fixture
def story():
    climate = TagFactory(name="Climate", slug="climate")
    return ArticleFactory(
        headline="Night buses every fifteen minutes",
        slug="night-buses",
        standfirst="The council voted last night.",
        body="<p>Buses will run every fifteen minutes through the night.</p>",
        authors=[AuthorFactory(name="Ana Diaz")],
        tags=[climate],
    )


def settle(page):
    page.wait_for_load_state("networkidle")


def test_the_watcher_sees_a_violation(live_server, watched):
    page, violations = watched
    page.goto(live_server.url + "/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = true'; document.body.append(s); }"
    )
    page.wait_for_timeout(300)
    assert any("script-src" in violation for violation in violations)
    assert page.evaluate("() => window.ran") is None


def test_the_readers_site_runs_with_no_violation(live_server, watched, story, artifacts):
    page, violations = watched
    front = page.goto(live_server.url + "/")
    assert "script-src 'self'" in front.headers["content-security-policy"]
    settle(page)
    page.goto(live_server.url + story.get_absolute_url())
    settle(page)
    banner = page.locator(".top-banner")
    assert banner.is_visible()
    page.get_by_role("button", name="Close").click()
    assert banner.is_hidden()  # banner.js ran: no page load
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox").fill("buses")
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_url("**/search/?q=buses")
    settle(page)
    assert "Night buses" in page.locator("main").inner_text()
    page.goto(live_server.url + "/no-such-page/")
    settle(page)
    assert violations == []


def test_the_desk_runs_with_no_violation(live_server, watched, log_in, admin_user, story, artifacts):
    page, violations = watched
    wanted = make_library_image(caption="Night bus depot", alt_text="Buses in a depot")
    log_in(page, admin_user.username, "password")
    settle(page)

    change = page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    assert "'unsafe-eval'" not in change.headers["content-security-policy"]
    page.wait_for_function(
        "window.tinymce && tinymce.activeEditor && tinymce.activeEditor.initialized"
    )
    body = page.frame_locator(".tox-edit-area iframe").locator("body")
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Typed under the policy.")
    page.locator(".tox-tbtn[aria-label='Bold']").click()
    page.keyboard.type(" Bold too.")
    assert "Typed under the policy." in page.evaluate("() => tinymce.activeEditor.getContent()")
    assert "<strong>" in page.evaluate("() => tinymce.activeEditor.getContent()")
    for dialog in ("Insert/edit link", "Insert/edit image"):
        page.locator(f".tox-tbtn[aria-label='{dialog}']").click()
        assert page.locator(".tox-dialog").is_visible()
        page.keyboard.press("Escape")
        assert page.locator(".tox-dialog").count() == 0
    page.locator(".field-tags .select2-selection").click()
    page.keyboard.type("Cli")
    page.locator(".select2-results__option", has_text="Climate").click()
    page.screenshot(path=str(artifacts / "csp-desk-tinymce.png"))

    with page.expect_popup() as popup_info:
        page.locator("#lookup_id_lead_image").click()
    popup = popup_info.value
    popup.wait_for_load_state("networkidle")
    popup.locator("#result_list tbody a[data-popup-opener]").first.click()
    assert page.locator("#id_lead_image").input_value() == str(wanted.pk)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(live_server.url + "/admin/articles/article/")
    settle(page)

    page.goto(live_server.url + "/accounts/2fa/")
    settle(page)
    assert page.locator(".accounts-qr svg").is_visible()
    page.screenshot(path=str(artifacts / "csp-two-factor-setup.png"), full_page=True)
    assert violations == []
