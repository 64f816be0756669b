"""Limits: body size on the wire and after decompression, redirect loops, and the caps that
end pagination and calendar traps. Each refused page is a recorded failure or a counted cap,
and the crawl still finishes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crawler.sites import SiteConfig, SiteConfigError
from tests.faultserver import FaultServer, fault_server
from tests.reliability.netcrawl import crawl

MB = 1024 * 1024


def trap_site(server: FaultServer, start: str, **caps: int) -> dict[str, Any]:
    return {
        "id": "trap",
        "name": "陷阱站",
        "level": "city",
        "start_urls": [server.url(start)],
        "article_pattern": r"/article\?id=\d+$",
        "list_pattern": r"/(pages|calendar)\?",
        **caps,
    }


@pytest.mark.parametrize("path", ["/large?bytes=3000000", "/large?bytes=3000000&chunked=1"])
def test_a_body_over_the_size_limit_is_a_recorded_failure(tmp_path: Path, path: str) -> None:
    with fault_server() as server:
        out = crawl(tmp_path / "c.db", urls=[server.url(path)], settings={"DOWNLOAD_MAXSIZE": MB})
    assert out.errors() == {server.url(path): "body larger than DOWNLOAD_MAXSIZE"}


def test_a_compression_bomb_stops_at_the_limit_and_is_recorded(tmp_path: Path) -> None:
    """64 MB of zeros in 64 KB of gzip; the default 16 MB limit applies after decompression."""
    with fault_server() as server:
        url = server.url(f"/bomb?bytes={64 * MB}")
        out = crawl(tmp_path / "c.db", urls=[url])
    assert out.errors() == {url: "body larger than DOWNLOAD_MAXSIZE after decompression"}


def test_a_redirect_loop_is_a_recorded_failure(tmp_path: Path) -> None:
    with fault_server() as server:
        url = server.url("/loop?n=0&cycle=2")
        out = crawl(tmp_path / "c.db", urls=[url], settings={"REDIRECT_MAX_TIMES": 5})
        assert len(server.hits("/loop")) == 6
    assert out.errors() == {url: "too many redirects"}


def test_endless_pagination_stops_at_max_list_depth(tmp_path: Path) -> None:
    with fault_server() as server:
        site = trap_site(server, "/pages?page=1", max_list_depth=5)
        out = crawl(tmp_path / "c.db", site=site)
        lists = server.hits("/pages")
        articles = server.hits("/article")
    assert lists == [f"/pages?page={n}" for n in range(1, 7)]  # the start + 5 deeper
    assert len(articles) == 12
    assert out.stat("unionwatch/caps/list_depth") == 1
    assert out.stats["finish_reason"] == "finished"


def test_an_endless_calendar_stops_at_max_list_depth(tmp_path: Path) -> None:
    with fault_server() as server:
        site = trap_site(server, "/calendar?d=0", max_list_depth=3)
        out = crawl(tmp_path / "c.db", site=site)
        days = {hit.split("=")[1] for hit in server.hits("/calendar")}
    assert days == {str(d) for d in range(-3, 4)}  # three days either way of the start
    assert out.stat("unionwatch/caps/list_depth") >= 2


def test_one_start_url_leads_to_at_most_max_seed_pages_requests(tmp_path: Path) -> None:
    with fault_server() as server:
        site = trap_site(server, "/pages?page=1", max_seed_pages=9)
        out = crawl(tmp_path / "c.db", site=site)
        fetched = [hit for hit in server.hits() if hit != "/robots.txt"]
    assert len(fetched) == 1 + 9  # the start URL + the links it led to
    assert out.stat("unionwatch/caps/seed_pages") >= 1


def test_caps_have_defaults_and_are_validated() -> None:
    base = {"id": "s", "name": "站", "level": "city", "start_urls": ["http://a.test/"]}
    config = SiteConfig.from_mapping(base, "s.toml")
    assert (config.max_seed_pages, config.max_list_depth) == (10000, 200)
    with pytest.raises(SiteConfigError, match="max_list_depth"):
        SiteConfig.from_mapping({**base, "max_list_depth": -1}, "s.toml")
    with pytest.raises(SiteConfigError, match="max_seed_pages"):
        SiteConfig.from_mapping({**base, "max_seed_pages": 0}, "s.toml")
