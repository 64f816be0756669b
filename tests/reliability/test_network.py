"""Network safety: named hosts are fetched whatever their address; redirects and unnamed
hosts that lead to loopback, private, link-local or metadata addresses are refused and
recorded."""

from __future__ import annotations

import asyncio
import ipaddress
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

from crawler.netsafety import NetworkSafetyMiddleware, RefusedRequest, address_problem
from crawler.sites import adhoc_site
from crawler.spiders.site import SiteSpider
from tests.faultserver import FaultServer, fault_server, quoted
from tests.reliability.netcrawl import crawl
from tests.scrapy_helpers import make_crawler

ROUTED = "news.union.test"


def routed_site(
    server: FaultServer, *paths: str, **extra: object
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A site on a made-up host name the test routes to the fault server (as the demo does)."""
    site = {
        "id": "faulty",
        "name": "故障站",
        "level": "city",
        "start_urls": [f"http://{ROUTED}{p}" for p in paths],
        "article_pattern": r"/(article|ok)",
        **extra,
    }
    return site, {"UNIONWATCH_HOST_ROUTES": {ROUTED: server.base}}


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "metadata"),
        ("169.254.1.1", "link-local"),
        ("100.64.0.1", "reserved"),
        ("0.0.0.0", "private"),
        ("8.8.8.8", None),
        ("2001:4860:4860::8888", None),
    ],
)
def test_addresses_are_classified(address: str, problem: str | None) -> None:
    assert address_problem(ipaddress.ip_address(address)) == problem


def test_redirect_from_a_start_url_to_loopback_is_refused_and_recorded(tmp_path: Path) -> None:
    with fault_server() as server:
        target = "http://127.0.0.1:9/admin"
        site, settings = routed_site(server, f"/redirect?to={quoted(target)}")
        out = crawl(tmp_path / "c.db", site=site, settings=settings)
        assert not server.hits("/admin")
    assert out.stat("unionwatch/netsafety/offsite_redirect") == 1
    assert out.errors() == {
        f"http://{ROUTED}/redirect?to={quoted(target)}": "redirect outside the site to 127.0.0.1"
    }


@pytest.mark.parametrize(
    "target", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]/"]
)
def test_redirects_to_metadata_and_private_addresses_are_refused(
    tmp_path: Path, target: str
) -> None:
    with fault_server() as server:
        site, settings = routed_site(server, f"/redirect?to={quoted(target)}&code=301")
        out = crawl(tmp_path / "c.db", site=site, settings=settings)
    assert out.stat("unionwatch/netsafety/offsite_redirect") == 1
    (reason,) = out.errors().values()
    assert reason is not None and reason.startswith("redirect outside the site")


def test_a_meta_refresh_to_the_metadata_address_is_refused(tmp_path: Path) -> None:
    with fault_server() as server:
        target = "http://169.254.169.254/latest/meta-data/"
        site, settings = routed_site(server, f"/meta-refresh?to={quoted(target)}")
        out = crawl(tmp_path / "c.db", site=site, settings=settings)
    assert out.stat("unionwatch/netsafety/offsite_redirect") == 1
    assert list(out.errors().values()) == ["redirect outside the site to 169.254.169.254"]


def test_a_start_url_redirected_to_another_public_host_stays_on_the_site(
    tmp_path: Path,
) -> None:
    """Scrapy lets a start request's redirect leave ``allowed_domains``; unionwatch does not."""
    with fault_server() as server:
        start = f"/redirect?to={quoted('http://elsewhere.test/')}"
        site, settings = routed_site(server, start)
        out = crawl(tmp_path / "c.db", site=site, settings=settings)
    assert out.stat("unionwatch/netsafety/offsite_redirect") == 1
    assert out.errors() == {
        f"http://{ROUTED}{start}": "redirect outside the site to elsewhere.test"
    }


def test_a_named_loopback_host_is_crawled_and_may_redirect_within_itself(
    tmp_path: Path,
) -> None:
    with fault_server() as server:
        start = server.url(f"/redirect?to={quoted(server.url('/article?id=7'))}")
        out = crawl(tmp_path / "c.db", urls=[start])
        assert server.hits("/article?id=7")
    assert out.stat("unionwatch/netsafety/offsite_redirect") == 0
    assert not any(k.startswith("unionwatch/netsafety/blocked") for k in out.stats)
    assert out.stat("item_scraped_count") == 1


def test_a_routed_site_redirecting_to_its_own_host_is_followed(tmp_path: Path) -> None:
    with fault_server() as server:
        site, settings = routed_site(
            server, f"/redirect?to={quoted(f'http://{ROUTED}/article?id=3')}"
        )
        out = crawl(tmp_path / "c.db", site=site, settings=settings)
        assert server.hits("/article?id=3")
    assert out.stat("item_scraped_count") == 1
    assert out.errors() == {}


def _middleware(db: Path, *named: str, opened: bool = True) -> NetworkSafetyMiddleware:
    crawler = make_crawler(
        f"sqlite:///{db}",
        SiteSpider,
        {"site": adhoc_site(["http://news.union.test/"])},
        UNIONWATCH_NAMED_HOSTS=list(named),
    )
    middleware = NetworkSafetyMiddleware.from_crawler(crawler)
    assert crawler.spider is not None
    if opened:  # else no site: only the address rules apply
        middleware.spider_opened(crawler.spider)
    return middleware


def test_an_unnamed_host_resolving_to_loopback_is_refused_after_dns(tmp_path: Path) -> None:
    middleware = _middleware(tmp_path / "c.db", opened=False)
    with pytest.raises(
        RefusedRequest, match=r"blocked loopback address 127\.0\.0\.1 \(localhost\)"
    ):
        asyncio.run(middleware.process_request(Request("http://localhost:8080/admin")))
    assert middleware.stats.get_value("unionwatch/netsafety/blocked/loopback") == 1


def test_a_host_off_the_site_is_refused(tmp_path: Path) -> None:
    middleware = _middleware(tmp_path / "c.db")
    with pytest.raises(RefusedRequest, match="outside the site's hosts: localhost"):
        asyncio.run(middleware.process_request(Request("http://localhost:8080/admin")))


def test_a_named_host_is_allowed_whatever_its_address(tmp_path: Path) -> None:
    middleware = _middleware(tmp_path / "c.db", "localhost")
    asyncio.run(middleware.process_request(Request("http://localhost:8080/")))
    asyncio.run(middleware.process_request(Request("http://news.union.test/a")))


def test_an_answer_from_a_private_address_for_an_unnamed_host_is_refused(tmp_path: Path) -> None:
    """The address the connection reached is checked too (a DNS answer that changed)."""
    middleware = _middleware(tmp_path / "c.db", opened=False)
    request = Request("http://cdn.example.org/a.html")
    response = HtmlResponse(
        request.url, body=b"<p>x</p>", request=request, ip_address=ipaddress.ip_address("10.0.0.8")
    )
    with pytest.raises(RefusedRequest, match=r"blocked private address 10\.0\.0\.8"):
        middleware.process_response(request, response)


def test_a_followed_article_link_redirecting_to_loopback_is_a_recorded_failure(
    tmp_path: Path,
) -> None:
    with fault_server() as server:
        article = f"/redirect?to={quoted('http://127.0.0.1:9/admin')}"
        site, settings = routed_site(server, f"/links?to={quoted(article)}")
        site["article_pattern"] = r"/redirect\?"
        out = crawl(tmp_path / "c.db", site=site, settings=settings)
    assert out.errors() == {f"http://{ROUTED}{article}": "redirect outside the site to 127.0.0.1"}
