"""Believe a client's address and scheme only from the proxy we run.

Behind nginx (deploy/nginx.conf) every request comes from the proxy; the
reader's own address and whether they used HTTPS arrive in
``X-Forwarded-For`` and ``X-Forwarded-Proto``. Those headers are believed
only when the request's peer is one of ``NEWSROOM_TRUSTED_PROXIES``; from
anyone else they are removed before any other code runs, so a client cannot
pick its own address (login throttling and rate limits key on it) or claim
HTTPS. Imports no app.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_REAL_IP",
    "HTTP_X_REQUEST_ID",
)


def parse_networks(entries: Iterable[str]) -> list[Network]:
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()]


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def is_trusted(address: str, networks: list[Network]) -> bool:
    parsed = _address(address)
    return parsed is not None and any(parsed in network for network in networks)


def client_behind(forwarded_for: str, networks: list[Network]) -> str | None:
    """The first address, from the right, that is not one of our proxies."""
    for hop in reversed([part.strip() for part in forwarded_for.split(",")]):
        if _address(hop) is None:
            return None
        if not is_trusted(hop, networks):
            return hop
    return None


class TrustedProxyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.networks = parse_networks(settings.NEWSROOM_TRUSTED_PROXIES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if self.networks and is_trusted(meta.get("REMOTE_ADDR", ""), self.networks):
            client = client_behind(meta.get("HTTP_X_FORWARDED_FOR", ""), self.networks)
            if client:
                meta["REMOTE_ADDR"] = client
        else:
            for header in FORWARDED_HEADERS:
                meta.pop(header, None)
        return self.get_response(request)


def client_address(request: HttpRequest) -> str | None:
    """The client's address as TrustedProxyMiddleware left it (for django-axes).

    From a trusted proxy that is the address it forwarded; from anyone else,
    the peer itself: a client cannot choose the address it is throttled by.
    """
    return request.META.get("REMOTE_ADDR") or None
