"""Conditional requests: send back each URL's ETag / Last-Modified, count 304 answers.

:class:`ConditionalRequestsMiddleware` (downloader) adds ``If-None-Match`` and
``If-Modified-Since`` from the validators stored for the URL -- to list and start pages once
the site's previous run finished, and to revisits of stored articles (never to an article not
stored yet, which a 304 would lose) --, lets a ``304 Not Modified``
through to the spider, and stores the validators of every 200 answer with the URL's next
fetch time (an article is not revisited before ``UNIONWATCH_REVISIT_INTERVAL_HOURS``): a list
page's at once, an article page's in the transaction that stores the article (they travel on
the request's meta to the item; a page that is not stored needs none, since only stored
articles are requested conditionally).
:class:`NotModifiedMiddleware` (spider) drops everything the spider makes of a 304 answer:
its body is empty and there is nothing new on it; on other answers it hands the article
page's validators to its item.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from scrapy import Request, Spider, signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler import statkeys
from crawler.database import Database, site_id_of
from crawler.frontier import META_CANONICAL, META_KIND, META_REVISIT
from crawler.items import ArticleItem
from crawler.offload import off_loop
from storage.engine import retry_transient
from storage.monitoring import Validators, load_validators, save_validators
from storage.repository import UrlValidators

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

__all__ = [
    "META_CONDITIONAL",
    "META_VALIDATORS",
    "ConditionalRequestsMiddleware",
    "NotModifiedMiddleware",
]

logger = logging.getLogger(__name__)

#: Request.meta key: the request carries validators, so a 304 answer is expected.
META_CONDITIONAL = "uw_conditional"
#: Request.meta key: an article answer's :class:`UrlValidators`, for its item.
META_VALIDATORS = "uw_validators"
_NOT_MODIFIED = 304


class ConditionalRequestsMiddleware:
    """Downloader middleware. Settings: ``UNIONWATCH_CONDITIONAL_ENABLED`` (default True),
    ``UNIONWATCH_REVISIT_INTERVAL_HOURS`` (default 6: an article fetched now is due for a
    revisit after that)."""

    def __init__(self, crawler: Crawler, database: Database, revisit_interval: timedelta):
        self.crawler = crawler
        self.database = database
        self.revisit_interval = revisit_interval
        self._validators: dict[str, Validators] | None = None
        crawler.signals.connect(self._spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("UNIONWATCH_CONDITIONAL_ENABLED", True):
            raise NotConfigured
        database = crawler.get_extension(Database)
        if database is None:
            raise NotConfigured("the Database extension is not enabled")
        hours = settings.getfloat("UNIONWATCH_REVISIT_INTERVAL_HOURS", 6.0)
        return cls(crawler, database, timedelta(hours=max(hours, 0.0)))

    @property
    def _stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    def _spider_opened(self, spider: Spider) -> None:
        site = site_id_of(spider)
        self._validators = retry_transient(lambda: load_validators(self.database.read_engine, site))

    def process_request(self, request: Request) -> None:
        canonical = request.meta.get(META_CANONICAL)
        if not canonical or self._validators is None or b"If-None-Match" in request.headers:
            return
        if request.meta.get(META_KIND) == "article":
            if not request.meta.get(META_REVISIT):
                return  # not stored yet (a resumed URL): a 304 would lose it
        elif not self.database.previous_run_finished:
            return  # the previous run did not finish: its list pages are read again in full
        known = self._validators.get(str(canonical))
        if known is None:
            return
        if known.etag:
            request.headers[b"If-None-Match"] = known.etag.encode("latin-1")
        if known.last_modified:
            request.headers[b"If-Modified-Since"] = known.last_modified.encode("latin-1")
        handled = list(request.meta.get("handle_httpstatus_list", ()))
        request.meta["handle_httpstatus_list"] = [*handled, _NOT_MODIFIED]
        request.meta[META_CONDITIONAL] = True
        self._stats.inc_value(statkeys.CONDITIONAL_SENT)

    async def process_response(self, request: Request, response: Response) -> Response:
        canonical = request.meta.get(META_CANONICAL)
        kind = str(request.meta.get(META_KIND, "list"))
        if not canonical or self._validators is None:
            return response
        now = datetime.now(UTC)
        if response.status == _NOT_MODIFIED and request.meta.get(META_CONDITIONAL):
            self._stats.inc_value(statkeys.NOT_MODIFIED)
            known = self._validators[str(canonical)]
            if kind == "article":
                await self._save(request, str(canonical), kind, known, now)
            return response
        if response.status != 200:
            return response
        found = Validators(
            etag=_header(response, b"ETag"), last_modified=_header(response, b"Last-Modified")
        )
        if kind == "article":  # written with the article (see NotModifiedMiddleware)
            request.meta[META_VALIDATORS] = UrlValidators(
                found.etag, found.last_modified, now + self.revisit_interval
            )
            return response
        has_validators = found.etag is not None or found.last_modified is not None
        if has_validators and self._validators.get(canonical) != found:
            await self._save(request, str(canonical), kind, found, now)
        return response

    async def _save(
        self, request: Request, canonical: str, kind: str, found: Validators, now: datetime
    ) -> None:
        """Write the page's validators (on a worker thread: the write may wait for the lock)."""
        assert self.crawler.spider is not None
        site = site_id_of(self.crawler.spider)
        await off_loop(lambda: self._write(request, canonical, kind, found, now, site))
        assert self._validators is not None
        if found.etag is not None or found.last_modified is not None:
            self._validators[canonical] = found

    def _write(
        self,
        request: Request,
        canonical: str,
        kind: str,
        found: Validators,
        now: datetime,
        site: str,
    ) -> None:
        retry_transient(  # a lost connection must not lose the page: write again
            lambda: save_validators(
                self.database.engine,
                site=site,
                url=request.url,
                canonical_url=canonical,
                kind=kind,
                validators=found,
                now=now,
                next_fetch_at=now + self.revisit_interval if kind == "article" else None,
            )
        )


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    if not value:
        return None
    text = value.decode("latin-1").strip()
    return text[:256] or None


class NotModifiedMiddleware:
    """Spider middleware: a 304 answer yields nothing (the spider saw an empty body); the
    article of a 200 answer carries the answer's validators to the store."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("UNIONWATCH_CONDITIONAL_ENABLED", True):
            raise NotConfigured
        return cls()

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        if response.status == _NOT_MODIFIED:
            return []
        validators = response.meta.get(META_VALIDATORS)
        if validators is None:
            return result
        return (_carrying(obj, validators) for obj in result)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        validators = response.meta.get(META_VALIDATORS)
        async for obj in result:
            if response.status != _NOT_MODIFIED:
                yield obj if validators is None else _carrying(obj, validators)


def _carrying(obj: Any, validators: UrlValidators) -> Any:
    if isinstance(obj, ArticleItem) and obj.validators is None:
        obj.validators = validators
    return obj
