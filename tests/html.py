"""Reading pages the way a reader's browser would."""

from bs4 import BeautifulSoup


def page(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def banner(client, url="/"):
    """The top banner of the page at ``url``, or None if the reader closed it."""
    return page(client.get(url)).select_one(".top-banner")


def visible_text(element) -> str:
    """Text as shown, without the screen-reader-only extras."""
    for hidden in element.select(".visually-hidden"):
        hidden.extract()
    return " ".join(element.get_text(" ").split())


def assert_in_order(text: str, fragments: list[str]) -> None:
    """Each fragment appears in ``text`` after the one before it."""
    position = 0
    for fragment in fragments:
        found = text.find(fragment, position)
        assert found != -1, f"{fragment!r} missing after position {position} in: {text}"
        position = found + len(fragment)
