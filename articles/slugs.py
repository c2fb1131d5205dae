"""Slugs from names and headlines in any Latin-script language.

Django's ``slugify`` drops letters that Unicode decomposition cannot split
(``kjøpt`` becomes ``kjpt``); the admin's slug prefill (``urlify.js``) maps
them first, and so does this, so imported and hand-made slugs agree.
"""

from django.utils.text import slugify

_LETTERS = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "TH",
        "\u0131": "i",  # dotless i (Turkish)
    }
)


def latin_slug(text: str) -> str:
    return slugify(text.translate(_LETTERS))
