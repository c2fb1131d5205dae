"""``make bench`` runs on a machine with nothing set but the services."""

from benchmarks import live_polling, run


def test_live_polling_uses_the_benchmarks_redis_when_none_is_named(monkeypatch, tmp_path):
    """``make bench`` runs the page benchmark, then live polling: a fresh
    machine with no ``BENCH_REDIS_URL`` must get through both, on the same
    Redis database of the benchmark's own."""
    monkeypatch.delenv("BENCH_REDIS_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)

    assert live_polling.environment(tmp_path)["REDIS_URL"] == run.Config().redis_url
