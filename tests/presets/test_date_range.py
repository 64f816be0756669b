"""The spider's ``since``/``until``: the days a site's date templates enumerate."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

from crawler.sites import SiteRegistry
from crawler.sites.dates import today
from crawler.spiders.site import SiteSpider
from tests.scrapy_helpers import make_crawler


def spider(db_url: str, settings: dict[str, Any] | None = None, **kwargs: Any) -> SiteSpider:
    site = SiteRegistry.load().get("grrb-epaper")
    crawler = make_crawler(db_url, SiteSpider, {"site": site, **kwargs}, **(settings or {}))
    assert isinstance(crawler.spider, SiteSpider)
    return crawler.spider


def start_urls(spider: SiteSpider) -> list[str]:
    async def collect() -> list[str]:
        return [request.url async for request in spider.start()]

    return asyncio.run(collect())


def test_an_epaper_crawl_starts_at_each_edition_of_the_range(sqlite_url: str) -> None:
    s = spider(sqlite_url, since="2025-01-22", until="2025-01-23")
    assert (s.since, s.until) == (date(2025, 1, 22), date(2025, 1, 23))
    assert start_urls(s) == [
        "https://www.workercn.cn/papers/grrb/2025/01/23/1/page.html",
        "https://www.workercn.cn/papers/grrb/2025/01/22/1/page.html",
    ]


def test_without_dates_an_epaper_crawl_covers_its_last_days(sqlite_url: str) -> None:
    s = spider(sqlite_url)
    assert s.until == today() and s.since == today() - timedelta(days=2)
    assert len(start_urls(s)) == 3


def test_the_crawl_settings_carry_the_dates(sqlite_url: str) -> None:
    s = spider(sqlite_url, {"UNIONWATCH_SINCE": "2024-12-31", "UNIONWATCH_UNTIL": "2025-01-01"})
    assert start_urls(s)[-1].endswith("/2024/12/31/1/page.html")
    assert s.since == date(2024, 12, 31)


def test_a_site_without_date_templates_keeps_its_start_urls(sqlite_url: str) -> None:
    site = SiteRegistry.load().get("workercn")
    crawler = make_crawler(sqlite_url, SiteSpider, {"site": site, "since": date(2025, 1, 1)})
    assert isinstance(crawler.spider, SiteSpider)
    assert crawler.spider.since == date(2025, 1, 1) and crawler.spider.until is None
    assert start_urls(crawler.spider) == list(site.start_urls)
