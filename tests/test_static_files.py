"""Static files get hashed names and are served by WhiteNoise, as in production."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_collected_css_and_js_have_hashed_names_and_are_served(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.INSTALLED_APPS = [
        app for app in settings.INSTALLED_APPS if app not in {"django.contrib.admin", "tinymce"}
    ]
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.contrib.staticfiles.storage import staticfiles_storage

    css = staticfiles_storage.url("css/site.css")
    js = staticfiles_storage.url("js/banner.js")
    assert css != "/static/css/site.css"
    assert css.startswith("/static/css/site.")
    assert js.startswith("/static/js/banner.")

    response = client.get(css)
    assert response.status_code == 200
    assert "max-age=315360000" in response["Cache-Control"]
    assert b".top-banner" in b"".join(response.streaming_content)
