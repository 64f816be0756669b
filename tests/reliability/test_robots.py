"""robots.txt: obeyed by default; 404 allows everything; 5xx and timeouts defer the host for
the run without failing its pages; Crawl-delay spaces the host's requests."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from tests.faultserver import fault_server
from tests.reliability.netcrawl import crawl

LIST = "/pages?page=1"


def test_a_missing_robots_txt_allows_the_whole_host(tmp_path: Path) -> None:
    with fault_server(robots="404") as server:
        out = crawl(
            tmp_path / "c.db", urls=[server.url(LIST)], settings={"CLOSESPIDER_PAGECOUNT": 4}
        )
        assert server.hits("/article")
    assert out.stat("robotstxt/response_status_count/404") == 1
    assert out.stat("unionwatch/robots/deferred") == 0


def test_disallowed_paths_are_not_fetched(tmp_path: Path) -> None:
    with fault_server(robots="disallow") as server:
        out = crawl(tmp_path / "c.db", urls=[server.url("/private"), server.url("/article?id=1")])
        assert server.hits("/private") == []
        assert server.hits("/article?id=1") == ["/article?id=1"]
    assert out.stat("robotstxt/forbidden") == 1


def test_a_robots_txt_server_error_defers_the_host_without_failing_its_pages(
    tmp_path: Path,
) -> None:
    with fault_server(robots="500") as server:
        out = crawl(tmp_path / "c.db", urls=[server.url(LIST), server.url("/article?id=5")])
        fetched = {hit for hit in server.hits() if hit != "/robots.txt"}
    assert fetched == set()
    assert out.stat("unionwatch/robots/deferred") == 2
    assert out.errors() == {}  # put off, not failed: the next run asks again


def test_a_robots_txt_timeout_defers_the_host(tmp_path: Path) -> None:
    with fault_server(robots="timeout") as server:
        out = crawl(tmp_path / "c.db", urls=[server.url("/article?id=5")])
        assert set(server.hits()) == {"/robots.txt"}
    assert out.stat("unionwatch/robots/deferred") == 1
    assert out.errors() == {}


def test_crawl_delay_spaces_requests_to_the_host(tmp_path: Path) -> None:
    with fault_server(robots="crawl-delay") as server:
        server.crawl_delay = 1.0
        urls = [server.url(f"/article?id={n}") for n in range(1, 5)]
        out = crawl(tmp_path / "c.db", urls=urls, settings={"CONCURRENT_REQUESTS_PER_DOMAIN": 4})
        times = server.hit_times("/article")
    assert len(times) == 4
    # A lower bound only: a slow machine makes the gaps longer, never shorter.
    assert min(b - a for a, b in pairwise(times)) >= 0.9
    assert out.stats[f"unionwatch/robots/crawl_delay/127.0.0.1:{server.server_address[1]}"] == 1.0
