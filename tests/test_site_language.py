"""One site, one language: NEWSROOM_LANGUAGE sets the page's ``lang``, the
feeds', ninjs' and the dates' formats together."""

import gettext
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse

from .factories import ArticleFactory, AuthorFactory
from .html import page, visible_text
from .live import live_story

pytestmark = pytest.mark.django_db

SEED_DAY = datetime(2024, 4, 24, 12, 0, tzinfo=UTC)


@pytest.fixture
def seed_story(time_machine, settings):
    settings.NEWSROOM_TIME_ZONE = "UTC"
    time_machine.move_to(SEED_DAY)
    return ArticleFactory(
        headline="Syria peace talks",
        byline="By our correspondents",
        published_at=datetime(2017, 1, 18, 9, 0, tzinfo=UTC),
    )


def read(client, story):
    soup = page(client.get(story.get_absolute_url()))
    return (
        soup.html["lang"],
        visible_text(soup.select_one(".top-banner__date")),
        visible_text(soup.select_one(".story__date")),
    )


def test_english_keeps_the_seed_pages_formats(client, seed_story):
    assert read(client, seed_story) == ("en", "Wednesday April 24, 2024", "January 18, 2017")


def test_british_english_writes_day_month_year(client, settings, seed_story):
    settings.LANGUAGE_CODE = "en-gb"
    assert read(client, seed_story) == ("en-gb", "Wednesday 24 April 2024", "18 January 2017")


def test_feeds_and_ninjs_agree_with_the_page(client, settings, seed_story):
    settings.LANGUAGE_CODE = "en-gb"
    feed = feedparser.parse(client.get("/feeds/rss/").content)
    assert feed.feed.language == "en-gb"
    item = client.get(f"/api/ninjs/articles/{seed_story.public_id}/").json()
    assert item["language"] == "en-GB"


def test_an_unknown_language_refuses_to_start():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**os.environ, "NEWSROOM_LANGUAGE": "klingon", "DEBUG": "true"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "NEWSROOM_LANGUAGE='klingon' is not a language code" in result.stderr


# --- Spanish, shipped complete ----------------------------------------------
# NEWSROOM_LANGUAGE=es: LANGUAGE_CODE is read when the settings load, so a
# test sets it as the environment would; Django then drops the translations
# it had activated and every page, feed and desk screen reads in Spanish.

CATALOG = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"


@pytest.fixture
def spanish(settings):
    settings.LANGUAGE_CODE = "es"
    settings.LANGUAGES = [("es", "Spanish")]


def test_spanish_article_page_reads_in_spanish(client, spanish, seed_story):
    assert read(client, seed_story) == (
        "es",
        "miércoles 24 de abril de 2024",
        "18 de enero de 2017",
    )
    soup = page(client.get(seed_story.get_absolute_url()))
    assert visible_text(soup.select_one(".skip-link")) == "Saltar al contenido principal"
    assert visible_text(soup.select_one("label[for=masthead-q]")) == "Buscar noticias"
    assert soup.select_one("#masthead-q")["placeholder"] == "Buscar noticias"
    assert visible_text(soup.select_one(".masthead__search button")) == "Buscar"
    close = soup.select_one("[data-banner-close]")
    assert close.get_text(" ", strip=True) == "Cerrar franja"
    assert visible_text(close) == "Cerrar"
    assert soup.select_one("#top-banner")["aria-label"] == "Hoy"


def test_spanish_front_page(client, spanish, seed_story):
    soup = page(client.get("/"))
    assert soup.html["lang"] == "es"
    assert soup.select_one("h1").get_text() == "Newsroom: últimas noticias".replace(
        "Newsroom", settings.NEWSROOM_SITE_NAME
    )
    assert visible_text(soup.select_one("#lead-heading")) == "Noticia principal"
    assert visible_text(soup.select_one(".archive-link")) == "Consultar el archivo por fecha"
    assert visible_text(soup.select_one(".summary time")) == "18 de enero de 2017"


def test_spanish_search_page(client, spanish, seed_story):
    soup = page(client.get("/search/", {"q": "Syria"}))
    assert soup.html["lang"] == "es"
    assert visible_text(soup.select_one("h1")) == "Resultados de la búsqueda de Syria"
    assert visible_text(soup.select_one("label[for=search-q]")) == "Afine su búsqueda"
    assert soup.select_one("section.story-list")["aria-label"] == "Resultados"
    empty = page(client.get("/search/"))
    assert "Escriba una o dos palabras" in visible_text(empty.select_one("main"))


def test_spanish_not_found_page(client, spanish, seed_story):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "es"
    assert visible_text(soup.select_one("h1")) == "Página no encontrada"
    assert visible_text(soup.select_one(".error-page .button-link")) == "Ir a la portada"


def test_spanish_feeds_and_ninjs(client, spanish, seed_story):
    feed = feedparser.parse(client.get("/feeds/rss/").content)
    assert feed.feed.language == "es"
    assert feed.feed.description == f"Las últimas noticias de {settings.NEWSROOM_SITE_NAME}."
    item = client.get(f"/api/ninjs/articles/{seed_story.public_id}/").json()
    assert item["language"] == "es"


def test_spanish_desk_for_an_editor(spanish, editor_client, seed_story):
    draft = ArticleFactory(headline="Borrador", status="draft", published_at=None)
    soup = page(editor_client.get(f"/admin/articles/article/{draft.pk}/change/"))
    assert soup.html["lang"] == "es"
    buttons = [visible_text(b) for b in soup.select(".workflow-actions button")]
    assert "Guardar y publicar" in buttons
    assert "Guardar y enviar a revisión" in buttons
    assert (
        soup.select_one(".workflow-actions")["aria-label"]
        == "Guardar y cambiar el estado del artículo"
    )
    home = page(editor_client.get("/admin/"))
    assert "Pendientes de revisión" in visible_text(home)


def po_entries(path: Path) -> dict:
    """A .po file's entries as GNUTranslations keys them, with their flags."""
    entries: dict = {}
    fields: dict[str, str] = {}
    flags = ""
    current = ""

    def unquote(text: str) -> str:
        text = text.strip()[1:-1]
        return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), text)

    def finish():
        if fields.get("msgid"):
            key = fields["msgid"]
            if "msgctxt" in fields:
                key = f"{fields['msgctxt']}\x04{key}"
            if "msgid_plural" in fields:
                for n in range(2):
                    entries[(key, n)] = (fields.get(f"msgstr[{n}]", ""), flags)
            else:
                entries[key] = (fields.get("msgstr", ""), flags)

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            finish()
            fields, flags, current = {}, "", ""
        elif line.startswith("#,"):
            flags = line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            fields[current] += unquote(line)
        else:
            current, _, value = line.partition(" ")
            fields[current] = unquote(value)
    return entries


@pytest.mark.parametrize(("domain", "at_least"), [("django", 400), ("djangojs", 40)])
def test_every_spanish_entry_is_translated(domain, at_least):
    entries = po_entries(CATALOG / f"{domain}.po")
    assert len(entries) > at_least
    untranslated = [key for key, (text, _) in entries.items() if not text]
    fuzzy = [key for key, (_, flags) in entries.items() if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_committed_mo_matches_the_po(domain):
    """The compiled catalogs are committed; each must say what its .po says."""
    with (CATALOG / f"{domain}.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    compiled = {key: text for key, text in compiled.items() if key != ""}
    written = {key: text for key, (text, _) in po_entries(CATALOG / f"{domain}.po").items()}
    assert compiled == written, "locale/es: run manage.py compilemessages and commit the .mo"


def test_spanish_byline(client, spanish, seed_story):
    story = ArticleFactory(
        headline="Acuerdo", authors=[AuthorFactory(name="Ana Díaz"), AuthorFactory(name="Sam Lee")]
    )
    soup = page(client.get(story.get_absolute_url()))
    assert visible_text(soup.select_one(".story__byline")) == "Por Ana Díaz y Sam Lee"


def test_spanish_desk_list_moves_and_columns(spanish, editor_client, seed_story):
    """The list's column headers, its status filter and what a workflow move reports."""
    ready = ArticleFactory(status="review", published_at=None, headline="Lista")
    held = ArticleFactory(
        status="review",
        published_at=None,
        headline="Retenida",
        embargo_until=datetime(2024, 4, 24, 15, 0, tzinfo=UTC),
    )
    response = editor_client.post(
        "/admin/articles/article/",
        {"action": "workflow_publish", "_selected_action": [ready.pk, held.pk]},
        follow=True,
    )
    soup = page(response)
    said = [visible_text(message) for message in soup.select(".messagelist li")]
    assert "Publicar: 1 artículo." in said
    refused = next(text for text in said if text.startswith("Sin cambio de estado — "))
    assert "«Retenida»: " in refused
    headers = [visible_text(th) for th in soup.select("#result_list thead th")]
    assert "Publicación (UTC)" in headers
    assert "Última edición (UTC)" in headers
    actions = [option.get_text() for option in soup.select("select[name=action] option")]
    assert "Publicar (artículos seleccionados)" in actions
    # "Scheduled" as an article's state agrees with "artículo"; the desk
    # home's heading (stories) and the notifications keep their own word.
    ArticleFactory(headline="Mañana", published_at=datetime(2024, 4, 25, 9, 0, tzinfo=UTC))
    listing = page(editor_client.get("/admin/articles/article/", {"status": "scheduled"}))
    assert "Programado" in [visible_text(a) for a in listing.select("#changelist-filter a")]
    assert visible_text(listing.select_one("#result_list td.field-status_label")) == "Programado"


def test_spanish_change_form_keeps_its_special_sections(spanish, editor_client, seed_story):
    """The byline and search sections are found by class, so their translated
    names still get the byline section and the search and card previews."""
    soup = page(editor_client.get(f"/admin/articles/article/{seed_story.pk}/change/"))
    headings = [visible_text(h) for h in soup.select("fieldset h2")]
    assert "Buscadores y redes sociales" in headings
    assert "Imagen principal" in headings
    assert soup.select_one("fieldset.byline-section") is not None
    assert soup.select_one("[data-seo-previews]") is not None


def test_spanish_javascript_catalog(client, spanish):
    """The scripts' words (live.js, the desk's) from /jsi18n/, public and cacheable."""
    response = client.get(reverse("jsi18n"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    text = response.content.decode()
    assert '"%(count)s new update": [' in text
    assert "%(count)s actualizaci\\u00f3n nueva" in text
    assert '"just now": "ahora mismo"' in text
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=3600"} <= cache_control
    # Only the site's own scripts' words: the admin's scripts load the admin's catalog.
    assert '"Choose a Date"' not in text
    # A second asking is answered from the cache, with the same words.
    assert client.get(reverse("jsi18n")).content == response.content


def test_the_javascript_catalog_is_loaded_before_the_scripts_that_need_it(
    client, editor_client, seed_story
):
    catalog = reverse("jsi18n")
    story = page(editor_client.get(f"/admin/articles/article/{seed_story.pk}/change/"))
    scripts = [script.get("src") or "" for script in story.select("script")]
    assert scripts.index(catalog) < min(
        i for i, src in enumerate(scripts) if src.endswith(("article_form.js", "keep_text.js"))
    )
    # A reader's page loads it only with live.js, just before it.
    assert catalog not in [s.get("src") for s in page(client.get("/")).select("script")]
    live = live_story()
    scripts = [
        script.get("src") or ""
        for script in page(client.get(live.get_absolute_url())).select("script")
    ]
    at = scripts.index(catalog)
    assert scripts[at + 1].endswith("live.js")
