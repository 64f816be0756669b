from __future__ import annotations

import logging

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler import statkeys
from crawler.database import Database
from crawler.sites import adhoc_site
from crawler.spiders.site import SiteSpider
from storage.models import CrawlRun
from tests.scrapy_helpers import make_crawler


def run_row(db_url: str, reason: str) -> CrawlRun:
    crawler = make_crawler(db_url, SiteSpider, {"site": adhoc_site(["http://a.test/"])})
    database = crawler.get_extension(Database)
    assert database is not None and crawler.spider is not None and crawler.stats is not None
    database.spider_opened(crawler.spider)
    crawler.stats.set_value(statkeys.PAGES, 12)
    crawler.stats.inc_value(statkeys.ARTICLES_NEW, 5)
    crawler.stats.inc_value(statkeys.ARTICLES_DUPLICATE, 2)
    crawler.stats.inc_value(statkeys.FAILURES)
    database.spider_closed(crawler.spider, reason)
    from storage import open_engine

    engine = open_engine(db_url)
    with Session(engine) as session:
        row = session.execute(select(CrawlRun)).scalar_one()
    engine.dispose()
    return row


def test_a_finished_crawl_is_recorded_with_its_counts(sqlite_url: str) -> None:
    row = run_row(sqlite_url, "finished")
    assert (row.site, row.status) == ("adhoc", "finished")
    assert (row.pages, row.new, row.duplicates, row.failures) == (12, 5, 2, 1)
    assert row.finished_at is not None and row.finished_at >= row.started_at
    assert row.stats["close_reason"] == "finished"


def test_a_stopped_crawl_is_recorded_as_interrupted(sqlite_url: str) -> None:
    assert run_row(sqlite_url, "shutdown").status == "interrupted"


def test_a_database_error_marks_the_run_failed(sqlite_url: str) -> None:
    assert run_row(sqlite_url, "database_error").status == "failed"


def test_a_crawl_on_a_stale_duplicate_index_warns_to_rebuild(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    from storage import Store, ensure_schema, open_engine
    from tests.dedup.test_keys import LEAD, NOW, REST, record

    engine = open_engine(sqlite_url, writer=True)
    ensure_schema(engine)
    body = "\n".join((LEAD, *REST))
    Store(engine).save_article(record(1, body, keys=(7,)), run_id=None, now=NOW)
    engine.dispose()
    with caplog.at_level(logging.WARNING, logger="crawler.database"):
        make_crawler(sqlite_url, SiteSpider, {"site": adhoc_site(["http://a.test/"])})
    assert "unionwatch dedup rebuild" in caplog.text


def test_a_crawl_on_a_current_index_does_not_warn(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="crawler.database"):
        make_crawler(sqlite_url, SiteSpider, {"site": adhoc_site(["http://a.test/"])})
    assert "dedup rebuild" not in caplog.text
