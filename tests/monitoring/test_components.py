"""The incremental and conditional middlewares built with from_crawler, fed hand-made requests
and responses."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.utils.misc import build_from_crawler

from crawler.conditional import ConditionalRequestsMiddleware
from crawler.database import Database
from crawler.frontier import META_REVISIT
from crawler.incremental import IncrementalMiddleware
from crawler.sites import adhoc_site
from crawler.spiders.site import SiteSpider
from storage import FailureRecord
from storage.monitoring import Validators, save_validators
from tests.scrapy_helpers import make_crawler

SITE = adhoc_site(["http://a.test/"], article=r"/c/\d{4}-\d{2}-\d{2}/\d+")
BEFORE = datetime.now(UTC) - timedelta(days=1)
LIST = "http://a.test/list.html"


def build(
    db_url: str, **spider_kwargs: object
) -> tuple[SiteSpider, Database, IncrementalMiddleware, ConditionalRequestsMiddleware]:
    crawler = make_crawler(db_url, SiteSpider, {"site": SITE, **spider_kwargs})
    spider = crawler.spider
    assert isinstance(spider, SiteSpider)
    database = crawler.get_extension(Database)
    assert database is not None
    incremental = build_from_crawler(IncrementalMiddleware, crawler)
    conditional = build_from_crawler(ConditionalRequestsMiddleware, crawler)
    return spider, database, incremental, conditional


def settle(database: Database, *urls: str) -> None:
    """Mark ``urls`` settled by an earlier run (failed for good is settled too)."""
    for url in urls:
        for _ in range(3):
            database.store.record_failure(FailureRecord("adhoc", url, url, "no body"), BEFORE)


def list_output(spider: SiteSpider, *articles: str) -> list[Request]:
    return [
        *(spider.request_for(url, "article") for url in articles),
        spider.request_for("http://a.test/list_2.html", "list"),
    ]


def test_a_list_with_only_known_articles_stops_pagination_after_a_finished_run(
    sqlite_url: str,
) -> None:
    spider, database, middleware, _ = build(sqlite_url)
    known = "http://a.test/c/2025-01-02/1"
    settle(database, known)
    response = HtmlResponse(LIST, body=b"<html></html>", request=spider.request_for(LIST, "list"))
    database.previous_run_finished = True
    assert [
        r.url for r in middleware.process_spider_output(response, list_output(spider, known))
    ] == [known]
    fresh = "http://a.test/c/2025-01-03/2"
    kept = middleware.process_spider_output(response, list_output(spider, known, fresh))
    assert [r.url for r in kept] == [known, fresh, "http://a.test/list_2.html"]
    # After an interrupted run every list is followed again, so the re-run completes it.
    database.previous_run_finished = False
    kept = middleware.process_spider_output(response, list_output(spider, known))
    assert [r.url for r in kept] == [known, "http://a.test/list_2.html"]


def test_articles_dated_before_since_are_skipped(sqlite_url: str) -> None:
    spider, database, middleware, _ = build(sqlite_url)
    spider.since = date(2025, 1, 3)
    response = HtmlResponse(LIST, body=b"<html></html>", request=spider.request_for(LIST, "list"))
    old, new = "http://a.test/c/2025-01-02/1", "http://a.test/c/2025-01-03/2"
    kept = middleware.process_spider_output(response, list_output(spider, old, new))
    assert [r.url for r in kept] == [new, "http://a.test/list_2.html"]
    database.previous_run_finished = True
    kept = middleware.process_spider_output(response, list_output(spider, old))
    assert list(kept) == []  # everything on it is older: pagination stops too


def test_validators_are_sent_to_lists_and_revisits_never_to_unstored_articles(
    sqlite_url: str,
) -> None:
    spider, database, _, conditional = build(sqlite_url)
    article = "http://a.test/c/2025-01-02/1"
    for url, kind in ((LIST, "list"), (article, "article")):
        save_validators(
            database.engine,
            site="adhoc",
            url=url,
            canonical_url=url,
            kind=kind,
            validators=Validators('"v1"', "Wed, 22 Jan 2025 00:00:00 GMT"),
            now=BEFORE,
            next_fetch_at=None,
        )
    database.previous_run_finished = True
    conditional._spider_opened(spider)
    listed = spider.request_for(LIST, "list")
    conditional.process_request(listed)
    assert listed.headers[b"If-None-Match"] == b'"v1"'
    assert listed.headers[b"If-Modified-Since"] == b"Wed, 22 Jan 2025 00:00:00 GMT"
    assert 304 in listed.meta["handle_httpstatus_list"]
    resumed = spider.request_for(article, "article")
    conditional.process_request(resumed)
    assert b"If-None-Match" not in resumed.headers
    revisit = spider.request_for(article, "article")
    revisit.meta[META_REVISIT] = True
    conditional.process_request(revisit)
    assert revisit.headers[b"If-None-Match"] == b'"v1"'
    asyncio.run(
        conditional.process_response(revisit, Response(article, status=304, request=revisit))
    )
    assert conditional.crawler.stats is not None
    assert conditional.crawler.stats.get_value("unionwatch/conditional/not_modified") == 1
