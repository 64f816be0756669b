from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.misc import build_from_crawler

from crawler import statkeys
from crawler.database import Database
from crawler.frontier import FrontierMiddleware
from crawler.sites import adhoc_site
from crawler.spiders.site import SiteSpider
from storage import FrontierEntry
from tests.scrapy_helpers import make_crawler

NOW = datetime(2025, 2, 1, tzinfo=UTC)
SITE = adhoc_site(["http://a.test/"], article=r"/c/\d+")


def setup(db_url: str) -> tuple[FrontierMiddleware, SiteSpider, Database]:
    crawler = make_crawler(db_url, SiteSpider, {"site": SITE})
    spider = crawler.spider
    assert isinstance(spider, SiteSpider)
    database = crawler.get_extension(Database)
    assert database is not None
    return build_from_crawler(FrontierMiddleware, crawler), spider, database


def test_settled_articles_are_not_requested_and_new_ones_are_recorded(sqlite_url: str) -> None:
    middleware, spider, database = setup(sqlite_url)
    database.store.add_pending(
        "adhoc", [FrontierEntry("http://a.test/c/1", "http://a.test/c/1", "article")], NOW
    )
    from storage import FailureRecord

    for _ in range(3):  # failed for good
        database.store.record_failure(
            FailureRecord("adhoc", "http://a.test/c/1", "http://a.test/c/1", "no body"), NOW
        )
    response = HtmlResponse("http://a.test/", body=b"<html></html>")
    outputs = [
        spider.request_for("http://a.test/c/1", "article"),
        spider.request_for("http://a.test/c/2", "article"),
        spider.request_for("http://a.test/list2", "list"),
    ]
    kept = list(middleware.process_spider_output(response, outputs))
    assert [r.url for r in kept] == ["http://a.test/c/2", "http://a.test/list2"]
    assert [e.url for e in database.store.pending("adhoc")] == ["http://a.test/c/2"]
    assert spider.crawler.stats is not None
    assert spider.crawler.stats.get_value(statkeys.FRONTIER_SKIPPED) == 1


def test_pending_urls_of_an_interrupted_run_are_requested_at_start(sqlite_url: str) -> None:
    middleware, _spider, database = setup(sqlite_url)
    database.store.add_pending(
        "adhoc", [FrontierEntry("http://a.test/c/7", "http://a.test/c/7", "article")], NOW
    )

    async def start() -> AsyncIterator[Request]:
        yield Request("http://a.test/")

    async def collect() -> list[str]:
        return [r.url async for r in middleware.process_start(start())]

    assert asyncio.run(collect()) == ["http://a.test/", "http://a.test/c/7"]


def test_a_page_stored_from_a_gateway_copy_does_not_stand_for_its_original(
    sqlite_url: str,
) -> None:
    from dataclasses import replace

    from tests.storage.test_repository import record

    middleware, spider, database = setup(sqlite_url)
    original = "http://a.test/c/1.shtml"
    gateway = "http://big5.a.test/big5/c/1.shtml"
    canonical = spider.request_for(original, "article").meta["uw_canonical"]
    assert spider.request_for(gateway, "article").meta["uw_canonical"] == canonical
    database.store.save_article(
        replace(record(), url=gateway, canonical_url=canonical, script="traditional"),
        run_id=None,
        now=NOW,
    )
    response = HtmlResponse("http://a.test/", body=b"<html></html>")
    outputs = [spider.request_for(gateway, "article"), spider.request_for(original, "article")]
    kept = list(middleware.process_spider_output(response, outputs))
    assert [r.url for r in kept] == [original]  # fetched once, then it replaces the copy
