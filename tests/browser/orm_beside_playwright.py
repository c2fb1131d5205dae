"""Letting the ORM run in the thread where Playwright's sync API keeps its loop.

Between its calls Playwright leaves its event loop marked as running in this
thread, so Django would refuse every synchronous query the tests and
pytest-django make here. ``DJANGO_ALLOW_ASYNC_UNSAFE`` lifts that for as
long as Playwright runs and no longer: the variable is then put back as it
was (unset, or its old value), so the tests after the browser's get Django's
check again.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@contextmanager
def orm_beside_playwright() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ASYNC_UNSAFE, "true")
        yield
