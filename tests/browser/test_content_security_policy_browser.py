"""The site and the desk work in Chromium under their Content-Security-Policy (issue 16).

Every page in a context reports each ``securitypolicyviolation`` event and
each console message about the policy; the tests walk the reader's site and
the desk's busiest screens and expect none.
"""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..factories import (
    PASSWORD,
    ArticleFactory,
    AuthorFactory,
    TagFactory,
    make_library_image,
)

pytestmark = pytest.mark.django_db(transaction=True)

REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (event) => {
  window.reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} ` +
    `at ${event.sourceFile}:${event.lineNumber} ${event.sample}`
  );
});
"""


def watch(context, violations: list[str]) -> None:
    """Every CSP violation in the context's pages and frames goes into ``violations``."""
    context.expose_function("reportCspViolation", lambda text: violations.append(text))
    context.add_init_script(REPORT_VIOLATIONS)

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(f"console: {message.text}")

    context.on("console", on_console)


@pytest.fixture
def watched(new_page):
    """``(page, violations)``: a page whose context reports every CSP violation."""
    violations: list[str] = []
    page = new_page(width=1280, height=1000)
    watch(page.context, violations)
    return page, violations


@pytest.fixture
def story():
    TagFactory(name="Climate", slug="climate")
    return ArticleFactory(
        headline="Night buses every fifteen minutes",
        slug="night-buses",
        standfirst="The council voted last night.",
        body="<p>Buses will run every fifteen minutes through the night.</p>",
        authors=[AuthorFactory(name="Ana Diaz")],
        tags=[TagFactory(name="Transport", slug="transport")],
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


def test_the_desk_runs_with_no_violation(
    live_server, watched, log_in, admin_user, story, artifacts
):
    page, violations = watched
    wanted = make_library_image(caption="Night bus depot", alt_text="Buses in a depot")
    log_in(page, admin_user.username, "password")
    settle(page)

    change = page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    assert "'unsafe-eval'" not in change.headers["content-security-policy"]
    # TinyMCE is up (a locator: a polled string predicate would need eval).
    page.locator(".tox-edit-area iframe").wait_for()
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
    assert page.locator(".field-tags .select2-selection__choice", has_text="Climate").is_visible()
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


def test_two_factor_login_and_the_lockout_page_in_the_browser(
    live_server, watched, new_page, editor, artifacts
):
    page, violations = watched
    device = TOTPDevice.objects.create(user=editor, name="Authenticator app", confirmed=True)
    login = live_server.url + reverse("admin:login")
    page.goto(login)
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/accounts/2fa/verify/?next=%2Fadmin%2F")
    page.screenshot(path=str(artifacts / "two-factor-verify.png"))
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Code").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(live_server.url + reverse("admin:index"))

    stranger = new_page(width=800, height=700)
    watch(stranger.context, violations)
    for _ in range(5):
        stranger.goto(login)
        stranger.get_by_label("Username").fill("editor")
        stranger.get_by_label("Password").fill("not the password at all")
        stranger.get_by_role("button", name="Log in").click()
    assert "Too many sign-in attempts" in stranger.locator("main").inner_text()
    stranger.screenshot(path=str(artifacts / "login-locked-out.png"))
    assert violations == []
