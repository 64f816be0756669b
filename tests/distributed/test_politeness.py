"""Per-host politeness is one Redis script shared by every worker."""

from __future__ import annotations

import redis

from crawler.distributed.keys import ClusterKeys, connect
from crawler.distributed.politeness import _RESERVE

NAMES = ClusterKeys()
KEYS = [NAMES.host_next("a.test"), NAMES.host_active("a.test")]


def reserve(server: redis.Redis, token: str, *, delay_ms: int, concurrency: int) -> int:
    script = server.register_script(_RESERVE)
    return int(script(keys=KEYS, args=[delay_ms, concurrency, token, 60_000]))


def test_requests_from_any_worker_are_spaced_by_the_delay(redis_url: str) -> None:
    worker_a, worker_b = connect(redis_url), connect(redis_url)
    waits = [
        reserve(worker_a, "a1", delay_ms=500, concurrency=10),
        reserve(worker_b, "b1", delay_ms=500, concurrency=10),
        reserve(worker_a, "a2", delay_ms=500, concurrency=10),
    ]
    assert waits[0] == 0
    assert 450 <= waits[1] <= 500
    assert 950 <= waits[2] <= 1000


def test_no_more_than_the_concurrency_download_from_a_host_at_once(redis_url: str) -> None:
    worker_a, worker_b = connect(redis_url), connect(redis_url)
    assert reserve(worker_a, "a1", delay_ms=0, concurrency=2) == 0
    assert reserve(worker_b, "b1", delay_ms=0, concurrency=2) == 0
    assert reserve(worker_b, "b2", delay_ms=0, concurrency=2) == -1  # wait for a slot
    worker_a.zrem(KEYS[1], "a1")  # a download ended
    assert reserve(worker_b, "b2", delay_ms=0, concurrency=2) == 0
