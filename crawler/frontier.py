"""The database-backed crawl frontier.

Scrapy's JOBDIR loses most of a crawl after kill -9, so unionwatch keeps the frontier in the
database instead: every article link the spider discovers is recorded as ``pending`` before it
is scheduled, the store pipeline marks it ``stored`` in the same transaction as the article,
and the next run re-reads the table: stored articles are not fetched again, and pending ones
left by an interrupted run are fetched first.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from scrapy import Request, Spider
from scrapy.exceptions import NotConfigured

from crawler import statkeys
from crawler.database import Database, site_id_of
from crawler.offload import off_loop
from crawler.urls import is_gateway_url
from storage import FrontierEntry
from storage.engine import retry_transient

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Response

__all__ = ["FrontierMiddleware", "FrontierSpider"]

logger = logging.getLogger(__name__)

#: Request.meta keys the spider sets on the requests it makes.
META_KIND = "uw_kind"
META_CANONICAL = "uw_canonical"
#: Request.meta key: a stored article requested again to detect an edit (a revisit).
META_REVISIT = "uw_revisit"


class FrontierSpider(Protocol):
    """What the frontier needs from a spider: a way to rebuild a request for a stored URL."""

    def request_for(self, url: str, kind: str) -> Request: ...


class FrontierMiddleware:
    """Spider middleware. Setting ``UNIONWATCH_FRONTIER_ENABLED`` (default True)."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("UNIONWATCH_FRONTIER_ENABLED", True):
            raise NotConfigured  # switched off on purpose: no warning
        database = crawler.get_extension(Database)
        if database is None:
            raise NotConfigured("the Database extension is not enabled")
        self.crawler = crawler
        self.store = database.store
        #: Canonical URLs this run recorded (their url_states row exists: recording them again
        #: would change nothing), so that the links every article page repeats (related news,
        #: sidebars) cost no write.
        self._recorded: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def _spider(self) -> Spider:
        assert self.crawler.spider is not None
        return self.crawler.spider

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for obj in start:
            yield obj
        spider = self._spider
        if not hasattr(spider, "request_for"):
            return
        site = site_id_of(spider)
        pending = retry_transient(lambda: self.store.pending(site))
        if pending:
            logger.info("frontier: resuming %d URLs an earlier run left pending", len(pending))
        assert self.crawler.stats is not None
        for entry in pending:
            self.crawler.stats.inc_value(statkeys.FRONTIER_RESUMED)
            yield spider.request_for(entry.url, entry.kind)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        return self._filter(list(result))

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        """As :meth:`process_spider_output`, with the database calls on a worker thread."""
        outputs = [obj async for obj in result]
        canonicals = _article_links(outputs)
        if canonicals is None:
            kept = outputs
        else:
            settled = await off_loop(lambda: self._settled(canonicals)) if canonicals else {}
            kept, discovered = self._keep(outputs, settled)
            if discovered:
                await off_loop(lambda: self._record(discovered))
                self._recorded.update(e.canonical_url for e in discovered)
        for obj in kept:
            yield obj

    def _filter(self, outputs: list[Any]) -> list[Any]:
        """Drop article requests the database has settled (one query per response); record
        the rest as pending, in one transaction per response, before they are scheduled."""
        canonicals = _article_links(outputs)
        if canonicals is None:
            return outputs
        kept, discovered = self._keep(outputs, self._settled(canonicals) if canonicals else {})
        if discovered:
            self._record(discovered)
            self._recorded.update(e.canonical_url for e in discovered)
        return kept

    def _settled(self, canonicals: list[str]) -> dict[str, str]:
        return retry_transient(lambda: self.store.settled_among(canonicals))

    def _record(self, discovered: list[FrontierEntry]) -> None:
        site, now = site_id_of(self._spider), datetime.now(UTC)
        retry_transient(lambda: self.store.add_pending(site, discovered, now))

    def _keep(
        self, outputs: list[Any], settled: dict[str, str]
    ) -> tuple[list[Any], list[FrontierEntry]]:
        """The outputs without the settled articles, and the article links to record (those
        this run has not recorded yet)."""
        kept: list[Any] = []
        discovered: list[FrontierEntry] = []
        assert self.crawler.stats is not None
        for obj in outputs:
            if isinstance(obj, Request) and obj.meta.get(META_KIND) == "article":
                canonical = obj.meta.get(META_CANONICAL)
                if canonical in settled and _covers(settled[canonical], obj.url):
                    self.crawler.stats.inc_value(statkeys.FRONTIER_SKIPPED)
                    continue
                if canonical and canonical not in self._recorded:
                    discovered.append(FrontierEntry(obj.url, canonical, "article"))
            kept.append(obj)
        return kept, discovered


def _article_links(outputs: list[Any]) -> list[str] | None:
    """The canonical URLs of the article requests among a response's outputs; None when it
    made no request at all (an article page: nothing to look up or record)."""
    canonicals = [
        str(obj.meta[META_CANONICAL])
        for obj in outputs
        if isinstance(obj, Request)
        and obj.meta.get(META_KIND) == "article"
        and obj.meta.get(META_CANONICAL)
    ]
    if not canonicals and not any(isinstance(obj, Request) for obj in outputs):
        return None
    return canonicals


def _covers(stored_url: str, requested_url: str) -> bool:
    """A page stored from a traditional-script gateway copy does not stand for its original:
    the original is still fetched once and replaces it (see ``Store.save_article``)."""
    return not is_gateway_url(stored_url) or is_gateway_url(requested_url)
