from __future__ import annotations

import asyncio
import sqlite3
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
from storage import ArticleRecord, FrontierEntry
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


def test_links_the_run_recorded_already_cost_no_write(sqlite_url: str) -> None:
    middleware, spider, database = setup(sqlite_url)
    written: list[list[str]] = []
    add_pending = database.store.add_pending

    def recording(site: str, entries: list[FrontierEntry], now: datetime) -> None:
        written.append([e.url for e in entries])
        add_pending(site, entries, now)

    database.store.add_pending = recording  # type: ignore[method-assign]
    for page, links in (("p1", (1, 2)), ("p2", (2, 1)), ("p3", (2, 3))):
        response = HtmlResponse(f"http://a.test/{page}", body=b"<html></html>")
        outputs = [spider.request_for(f"http://a.test/c/{n}", "article") for n in links]
        kept = list(middleware.process_spider_output(response, outputs))
        assert len(kept) == len(links)  # still requested: Scrapy's own filter drops repeats
    assert written == [["http://a.test/c/1", "http://a.test/c/2"], ["http://a.test/c/3"]]
    assert {e.url for e in database.store.pending("adhoc")} == {
        f"http://a.test/c/{n}" for n in (1, 2, 3)
    }


def test_on_the_event_loop_the_lookups_and_writes_do_not_wait_for_the_write_lock(
    sqlite_url: str,
) -> None:
    middleware, spider, database = setup(sqlite_url)
    database.store.add_pending(
        "adhoc", [FrontierEntry("http://a.test/c/1", "http://a.test/c/1", "article")], NOW
    )
    database.store.save_article(
        to_record_of("http://a.test/c/1"), run_id=None, now=NOW
    )  # settled: stored
    response = HtmlResponse("http://a.test/", body=b"<html></html>")
    outputs = [
        spider.request_for("http://a.test/c/1", "article"),
        spider.request_for("http://a.test/c/2", "article"),
    ]

    async def result() -> AsyncIterator[Request]:
        for obj in outputs:
            yield obj

    async def run() -> list[str]:
        # Another process holds SQLite's write lock for a while (the store's writer does,
        # while it writes a batch): the loop goes on, the write waits on a worker thread.
        holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), timeout=5)
        holder.isolation_level = None
        holder.execute("BEGIN IMMEDIATE")
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        ticker = asyncio.create_task(tick())
        kept = asyncio.create_task(
            collect_urls(middleware.process_spider_output_async(response, result()))
        )
        await asyncio.sleep(0.3)
        assert not kept.done() and ticks >= 5  # waiting for the lock, the loop still runs
        holder.execute("COMMIT")
        holder.close()
        urls = await kept
        ticker.cancel()
        return urls

    assert asyncio.run(run()) == ["http://a.test/c/2"]
    assert [e.url for e in database.store.pending("adhoc")] == ["http://a.test/c/2"]


async def collect_urls(outputs: AsyncIterator[Request]) -> list[str]:
    return [r.url async for r in outputs]


def to_record_of(url: str) -> ArticleRecord:
    from dataclasses import replace

    from tests.storage.test_repository import record

    return replace(record(), url=url, canonical_url=url)


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
