"""What operators and load balancers rely on: health, request ids, timing, trusted proxies."""

import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from newsroom.observability import RequestIdFilter, RequestIdMiddleware
from newsroom.proxy import TrustedProxyMiddleware

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


class TestHealth:
    def test_healthz_answers_without_the_database(self, client, django_assert_num_queries):
        with django_assert_num_queries(0):
            response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
        assert response["Cache-Control"] == "no-store"

    def test_readyz_checks_the_database_and_the_cache(self, client):
        response = client.get("/readyz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database:default": "ok", "cache": "ok"}

    def test_readyz_says_what_is_failing(self, client, settings):
        settings.CACHES = {
            "default": {
                "BACKEND": "newsroom.cache.RedisCache",
                "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
            }
        }
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["cache"].startswith("failing")
        assert response.json()["database:default"] == "ok"

    def test_a_balancer_asking_by_an_unlisted_host_still_gets_an_answer(self, client, settings):
        settings.ALLOWED_HOSTS = ["news.example.org"]
        settings.SECURE_SSL_REDIRECT = True
        response = client.get("/healthz", headers={"host": "10.0.3.7:8000"})
        assert response.status_code == 200


class TestRequestIds:
    def test_every_response_names_its_request(self, client):
        first, second = client.get("/healthz/"), client.get("/")
        assert "X-Request-ID" not in first  # answered before anything else
        assert len(second["X-Request-ID"]) == 32
        assert second["X-Request-ID"] != client.get("/")["X-Request-ID"]

    def test_log_lines_written_for_a_request_carry_its_id(self):
        records = []

        class Keep(logging.Handler):
            def emit(self, record):
                records.append(record)

        handler = Keep()
        handler.addFilter(RequestIdFilter())
        logger = logging.getLogger("newsroom.test")
        logger.addHandler(handler)

        def view(request):
            logger.warning("inside the request")
            return HttpResponse("ok")

        try:
            response = RequestIdMiddleware(view)(RequestFactory().get("/"))
            logger.warning("after it")
        finally:
            logger.removeHandler(handler)
        assert records[0].request_id == response["X-Request-ID"]
        assert records[1].request_id == "-"

    @override_settings(NEWSROOM_TRUSTED_PROXIES=["127.0.0.1"])
    def test_the_proxy_s_request_id_is_kept(self):
        request = RequestFactory().get("/", headers={"x-request-id": "abcdef0123456789"})
        request.META["REMOTE_ADDR"] = "127.0.0.1"
        handler = TrustedProxyMiddleware(RequestIdMiddleware(lambda request: HttpResponse()))
        assert handler(request)["X-Request-ID"] == "abcdef0123456789"


class TestTrustedProxy:
    def seen(self, *, peer: str, **headers) -> dict:
        request = RequestFactory().get("/", headers=headers)
        request.META["REMOTE_ADDR"] = peer
        seen = {}

        def view(request):
            seen.update(request.META)
            return HttpResponse()

        TrustedProxyMiddleware(view)(request)
        return seen

    @override_settings(NEWSROOM_TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
    def test_behind_our_proxy_the_client_address_and_scheme_are_believed(self):
        meta = self.seen(
            peer="10.0.0.5",
            x_forwarded_for="6.6.6.6, 203.0.113.9, 10.0.0.2",
            x_forwarded_proto="https",
        )
        # The first address from the right that is not one of ours.
        assert meta["REMOTE_ADDR"] == "203.0.113.9"
        assert meta["HTTP_X_FORWARDED_PROTO"] == "https"

    @override_settings(NEWSROOM_TRUSTED_PROXIES=["127.0.0.1"])
    def test_from_anyone_else_the_headers_are_dropped(self):
        meta = self.seen(
            peer="198.51.100.4",
            x_forwarded_for="127.0.0.1",
            x_forwarded_proto="https",
            x_request_id="forged-request-id",
        )
        assert meta["REMOTE_ADDR"] == "198.51.100.4"
        assert "HTTP_X_FORWARDED_FOR" not in meta
        assert "HTTP_X_FORWARDED_PROTO" not in meta
        assert "HTTP_X_REQUEST_ID" not in meta

    def test_without_a_configured_proxy_nobody_is_believed(self):
        meta = self.seen(peer="127.0.0.1", x_forwarded_for="203.0.113.9")
        assert meta["REMOTE_ADDR"] == "127.0.0.1"


def test_a_page_says_where_its_time_went(client):
    ArticleFactory()
    miss = client.get("/")["Server-Timing"]
    assert miss.startswith("app;dur=")
    assert "sql;dur=" in miss
    assert '"0 queries"' not in miss
    hit = client.get("/")["Server-Timing"]
    assert 'desc="0 queries"' in hit
