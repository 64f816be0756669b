"""Incremental monitoring runs: stop paginating once a list holds nothing new, honour
``--since``, and revisit recent articles to catch edits.

:class:`IncrementalMiddleware` is a spider middleware between the spider and the frontier:

* **Stop rule.** A list (or start) page whose article links were all settled before this run
  started (stored or failed, from the database, so it holds across restarts and processes)
  yields no list links: its pagination is not followed. A page without any article link (a
  navigation page) is always followed, and so is every page when the site's previous run did
  not finish (after a crash the lists are read again in full, so a re-run completes it).
* **Since.** With ``spider.since`` (a date, set by ``unionwatch crawl --since``), article links
  whose URL date or list date (the date printed beside the link) is before it are not
  requested; a list page whose dated links are all older stops pagination too.
* **Revisits.** At the start, stored articles published within the revisit window (site key
  ``revisit_days``, else setting ``UNIONWATCH_REVISIT_DAYS``) whose next fetch is due are
  requested again (conditionally, see :mod:`crawler.conditional`); the store pipeline keeps the
  old version in ``revisions`` when the text changed.

Settings: ``UNIONWATCH_INCREMENTAL_ENABLED`` (default True), ``UNIONWATCH_REVISIT_DAYS``
(default 2; 0 turns revisits off), ``UNIONWATCH_REVISIT_MAX`` (revisits per run, default 200).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from scrapy import Request, Spider
from scrapy.exceptions import NotConfigured
from scrapy.http import Response, TextResponse

from crawler import statkeys
from crawler.database import Database, site_id_of
from crawler.frontier import META_CANONICAL, META_KIND, META_REVISIT
from crawler.listdates import list_dates, url_date
from storage.engine import retry_transient
from storage.monitoring import due_for_revisit, known_before

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

__all__ = ["META_REVISIT", "IncrementalMiddleware"]

logger = logging.getLogger(__name__)


class IncrementalMiddleware:
    """Spider middleware; see the module docstring."""

    def __init__(
        self, crawler: Crawler, database: Database, revisit_days: float, revisit_max: int
    ) -> None:
        self.crawler = crawler
        self.database = database
        self.revisit_days = revisit_days
        self.revisit_max = revisit_max

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("UNIONWATCH_INCREMENTAL_ENABLED", True):
            raise NotConfigured
        database = crawler.get_extension(Database)
        if database is None:
            raise NotConfigured("the Database extension is not enabled")
        return cls(
            crawler,
            database,
            revisit_days=settings.getfloat("UNIONWATCH_REVISIT_DAYS", 2.0),
            revisit_max=settings.getint("UNIONWATCH_REVISIT_MAX", 200),
        )

    @property
    def _spider(self) -> Spider:
        assert self.crawler.spider is not None
        return self.crawler.spider

    @property
    def _stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    def _window_days(self) -> float:
        config = getattr(self._spider, "site_config", None)
        days = getattr(config, "revisit_days", None)
        return float(days) if isinstance(days, int | float) else self.revisit_days

    def _since(self) -> date | None:
        since = getattr(self._spider, "since", None)
        if isinstance(since, datetime):
            return since.date()
        if isinstance(since, str) and since:  # ``scrapy crawl site -a since=2025-01-20``
            try:
                return date.fromisoformat(since)
            except ValueError:
                return None
        return since if isinstance(since, date) else None

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for obj in start:
            yield obj
        spider = self._spider
        days = self._window_days()
        if days <= 0 or self.revisit_max <= 0 or not hasattr(spider, "request_for"):
            return
        now = datetime.now(UTC)
        site = site_id_of(spider)
        due = retry_transient(
            lambda: due_for_revisit(
                self.database.read_engine,
                site,
                published_since=now - timedelta(days=days),
                now=now,
                limit=self.revisit_max,
            )
        )
        if due:
            logger.info("revisiting %d recent articles to detect edits", len(due))
        for url, canonical in due:
            request: Request = spider.request_for(url, "article")
            request.meta[META_REVISIT] = True
            self.database.revisits.add(canonical)
            self._stats.inc_value(statkeys.REVISITS)
            yield request

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        return self._filter(response, list(result))

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        for obj in self._filter(response, [obj async for obj in result]):
            yield obj

    def _filter(self, response: Response, outputs: list[Any]) -> list[Any]:
        if response.meta.get(META_KIND) == "article":
            return outputs
        articles = [
            obj
            for obj in outputs
            if isinstance(obj, Request)
            and obj.meta.get(META_KIND) == "article"
            and obj.meta.get(META_CANONICAL)
        ]
        if not articles:
            return outputs
        dropped: set[int] = set()
        since = self._since()
        if since is not None:
            printed = list_dates(response) if isinstance(response, TextResponse) else {}
            for request in articles:
                day = url_date(request.url) or printed.get(request.url)
                if day is not None and day < since:
                    dropped.add(id(request))
                    self._stats.inc_value(statkeys.INCREMENTAL_SINCE_SKIPPED)
        current = [r for r in articles if id(r) not in dropped]
        if not self.database.previous_run_finished:
            return [obj for obj in outputs if id(obj) not in dropped]
        canonicals = [str(r.meta[META_CANONICAL]) for r in current]
        known = retry_transient(
            lambda: known_before(self.database.read_engine, canonicals, self.database.started_at)
        )
        if any(str(r.meta[META_CANONICAL]) not in known for r in current):
            return [obj for obj in outputs if id(obj) not in dropped]
        self._stats.inc_value(statkeys.INCREMENTAL_STOPPED)
        logger.debug("nothing new on %s: not following its list links", response.url)
        return [
            obj
            for obj in outputs
            if id(obj) not in dropped
            and not (isinstance(obj, Request) and obj.meta.get(META_KIND) in ("list", "start"))
        ]
