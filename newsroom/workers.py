"""gunicorn's threaded worker, recycled without cutting a kept-alive connection.

When a worker stops (``max_requests`` reached, a graceful restart), the
stock gthread worker closes every connection whose request finishes after
that moment, even when the response it just sent promised to keep the
connection open. A client (or nginx) that sends its next request on that
connection at once gets a reset instead of an answer: the errors readers
saw at every recycle under load. This worker keeps such a connection
through the graceful shutdown like any other: a request that arrives on it
is answered (with ``Connection: close``), an idle one is closed after the
usual keep-alive time. gunicorn.conf.py names it; tests/test_worker_recycling.py
holds it to no errors. Imports no app.
"""

from __future__ import annotations

import selectors
from functools import partial

from gunicorn.workers.gthread import ThreadWorker

# How often the shutdown loop looks for kept-alive connections gone idle.
SHUTDOWN_TICK_SECONDS = 1.0


class KeepAliveThreadWorker(ThreadWorker):
    def finish_request(self, conn, fs) -> None:
        promised_keepalive = (
            not self.alive and not fs.cancelled() and fs.exception() is None and fs.result()
        )
        if not promised_keepalive:
            super().finish_request(conn, fs)
            return
        # Shutting down, but the client was told the connection stays open.
        conn.sock.setblocking(False)
        conn.set_timeout()
        self.keepalived_conns.append(conn)
        self.poller.register(
            conn.sock, selectors.EVENT_READ, partial(self.on_client_socket_readable, conn)
        )

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        # The shutdown loop would wait up to graceful_timeout for an event;
        # idle kept-alive connections must be let go after their own timeout.
        super().wait_for_and_dispatch_events(min(timeout, SHUTDOWN_TICK_SECONDS))
