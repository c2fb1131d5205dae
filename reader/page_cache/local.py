"""Polled pages kept a moment in the process's own memory (``local_seconds``).

A live story's polling address is asked hundreds of times a second with
nothing new; answering those from memory spares the shared cache a round
trip each. Renewing or killing tokens in this process forgets everything
kept here at once; another process's copy lasts ``local_seconds`` at most,
so an update reaches every reader within that much more time.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .entries import Entry
    from .policy import PagePolicy


class Recent:
    """Pages this process served lately, for policies with ``local_seconds``.

    Only pages without the banner's two copies, keyed by the address as
    asked (before any query parameter is stripped), so a hit needs no URL
    resolving either; a handful of polled addresses, so the memory is small
    and cleared when it grows.
    """

    LIMIT = 256

    def __init__(self) -> None:
        self.entries: dict[str, tuple[float, Entry, PagePolicy]] = {}
        self.lock = threading.Lock()

    def get(self, address: str) -> tuple[Entry, PagePolicy] | None:
        found = self.entries.get(address)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1], found[2]

    def keep(self, address: str, entry: Entry, policy: PagePolicy) -> None:
        with self.lock:
            if len(self.entries) >= self.LIMIT:
                self.entries.clear()
            self.entries[address] = (time.monotonic() + policy.local_seconds, entry, policy)


recent = Recent()


def forget() -> None:
    with recent.lock:
        recent.entries.clear()
