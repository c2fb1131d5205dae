"""The editor's side in a real browser: choose a lead image, upload into the body."""

import io

import pytest
from PIL import Image as PillowImage

from articles.models import Article
from images.models import Image

from ..factories import make_library_image

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def signed_in(new_page, log_in, admin_user):
    page = new_page(width=1280, height=1000)
    log_in(page, admin_user.username, "password")  # pytest-django's admin_user
    return page


def fill_article(page, live_server, headline):
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.get_by_label("Headline").fill(headline)
    page.locator(".tox-edit-area iframe").wait_for()  # TinyMCE is up


def test_choosing_a_lead_image_from_the_library_popup(live_server, signed_in, artifacts):
    make_library_image(caption="Council chamber", alt_text="Councillors voting")
    wanted = make_library_image(caption="Night bus depot", alt_text="Buses in a depot")
    page = signed_in
    fill_article(page, live_server, "Night buses approved")

    with page.expect_popup() as popup_info:
        page.locator("#lookup_id_lead_image").click()
    popup = popup_info.value
    popup.wait_for_load_state()
    popup.locator("#searchbar").fill("depot")
    with popup.expect_navigation():
        popup.keyboard.press("Enter")
    assert popup.locator("#result_list tbody tr").count() == 1
    popup.screenshot(path=str(artifacts / "admin-image-chooser-popup.png"))
    popup.locator("#result_list tbody a[data-popup-opener]").first.click()

    assert page.locator("#id_lead_image").input_value() == str(wanted.pk)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(live_server.url + "/admin/articles/article/")
    article = Article.objects.get()
    assert article.lead_image == wanted

    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    chooser = page.locator(".field-lead_image")
    assert chooser.locator(".image-chooser__preview img").get_attribute("alt") == "Buses in a depot"
    assert chooser.locator("#add_id_lead_image").is_visible()
    chooser.screenshot(path=str(artifacts / "admin-lead-image-chooser.png"))


def test_uploading_a_picture_into_the_body_through_tinymce(live_server, signed_in, artifacts):
    page = signed_in
    fill_article(page, live_server, "Storm damage")
    page.on("dialog", lambda dialog: dialog.accept("A fallen tree across the road"))
    photo = io.BytesIO()
    PillowImage.new("RGB", (1500, 1000), (30, 140, 60)).save(photo, "JPEG")

    page.locator(".tox-tbtn[aria-label='Insert/edit image']").click()
    page.locator(".tox-dialog .tox-tab", has_text="Upload").click()
    page.locator(".tox-dialog input[type=file]").set_input_files(
        {"name": "storm.jpg", "mimeType": "image/jpeg", "buffer": photo.getvalue()}
    )
    source = page.locator(".tox-dialog input.tox-textfield").first
    page.wait_for_function(
        "(field) => field.value.includes('/images/renditions/')", arg=source.element_handle()
    )
    page.screenshot(path=str(artifacts / "admin-tinymce-image-upload.png"))
    page.locator(".tox-dialog").get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(live_server.url + "/admin/articles/article/")

    image = Image.objects.get()
    assert image.alt_text == "A fallen tree across the road"
    assert f"/images/renditions/{image.uuid.hex}/w1024.jpg" in Article.objects.get().body
    assert list(image.articles_using()) == list(Article.objects.all())
