"""429 and 503: Retry-After is honoured and the host backs off before Scrapy's retry."""

from __future__ import annotations

import time
from email.utils import formatdate
from itertools import pairwise
from pathlib import Path

import pytest

from crawler.politeness import parse_retry_after
from tests.faultserver import fault_server
from tests.reliability.netcrawl import crawl


@pytest.mark.parametrize(
    ("header", "seconds"), [("120", 120.0), (b"0", 0.0), ("soon", None), (None, None)]
)
def test_retry_after_is_read_as_seconds(header: str | bytes | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=1000.0) == seconds


def test_retry_after_is_read_as_an_http_date() -> None:
    now = time.time()
    wait = parse_retry_after(formatdate(now + 30, usegmt=True), now)
    assert wait is not None and 28 <= wait <= 31


def test_a_429_with_retry_after_waits_that_long_before_the_retry(tmp_path: Path) -> None:
    with fault_server() as server:
        url = server.url("/status?seq=429,200&retry_after=2")
        out = crawl(tmp_path / "c.db", urls=[url])
        times = server.hit_times("/status")
    assert len(times) == 2
    assert times[1] - times[0] >= 1.9  # a lower bound: never sooner than the server asked
    assert out.stat("unionwatch/backoff/429") == 1
    assert out.stat("item_scraped_count") == 1


def test_repeated_503s_double_the_hosts_delay(tmp_path: Path) -> None:
    with fault_server() as server:
        url = server.url("/status?seq=503,503,503,200")
        out = crawl(
            tmp_path / "c.db",
            urls=[url],
            settings={"RETRY_TIMES": 3, "UNIONWATCH_BACKOFF_BASE_DELAY": 0.4},
        )
        times = server.hit_times("/status")
    gaps = [b - a for a, b in pairwise(times)]
    assert len(gaps) == 3
    assert gaps[0] >= 0.35 and gaps[1] >= 0.75 and gaps[2] >= 1.5  # 0.4, 0.8, 1.6 s
    assert out.stat("unionwatch/backoff/503") == 3
    assert out.stat("item_scraped_count") == 1


def test_a_huge_retry_after_is_capped(tmp_path: Path) -> None:
    with fault_server() as server:
        url = server.url("/status?seq=503,200&retry_after=86400")
        out = crawl(tmp_path / "c.db", urls=[url], settings={"UNIONWATCH_RETRY_AFTER_MAX": 1})
    assert out.stats["unionwatch/backoff/retry_after_max"] == 1
    assert out.stat("item_scraped_count") == 1
