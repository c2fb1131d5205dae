"""The browser fixtures leave the process's environment as they found it.

No browser is launched here: the ``browser`` fixture holds Playwright inside
``orm_beside_playwright()``, so its teardown is this context's exit.
"""

import os

import pytest

from .orm_beside_playwright import ASYNC_UNSAFE, orm_beside_playwright


@pytest.mark.parametrize("before", [None, "false", "true"], ids=["unset", "false", "true"])
def test_the_async_unsafe_switch_is_on_inside_and_as_before_after(monkeypatch, before):
    if before is None:
        monkeypatch.delenv(ASYNC_UNSAFE, raising=False)
    else:
        monkeypatch.setenv(ASYNC_UNSAFE, before)

    with orm_beside_playwright():
        assert os.environ[ASYNC_UNSAFE] == "true"

    assert os.environ.get(ASYNC_UNSAFE) == before


def test_the_switch_is_put_back_when_a_browser_test_session_fails(monkeypatch):
    monkeypatch.delenv(ASYNC_UNSAFE, raising=False)
    with pytest.raises(RuntimeError), orm_beside_playwright():
        raise RuntimeError("Chromium crashed")
    assert ASYNC_UNSAFE not in os.environ
