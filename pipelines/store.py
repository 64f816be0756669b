"""Store articles and failures in the database.

Articles are written in batches: :meth:`StorePipeline.process_item` (a coroutine) buffers an
article and waits for its batch. The buffer is written in one transaction, one batch at a time,
when it holds ``UNIONWATCH_STORE_BATCH_SIZE`` articles (default 25), when its first article
has waited ``UNIONWATCH_STORE_BATCH_SECONDS`` (default 0.25), and when the spider closes. The
batch's records (with their MinHash band keys) are made and written by a writer process of
the crawl's own once a batch fills up (:mod:`pipelines.writer`: articles arrive faster than
a thread of the crawl's process stores them; ``UNIONWATCH_STORE_PROCESS``, default on for a
database on disk or on a server), else on a worker thread (``UNIONWATCH_STORE_THREADED``): a
polite crawl of a few pages a second never starts the process nor pays its memory.
process_item returns only after the article's batch committed, so
Scrapy's ``item_scraped`` signal means the article is durable. A failed batch stops the crawl
like any failed write: none of its articles is stored and their URLs stay pending for the
next run. Failures and re-extractions (rare) are written one transaction each, at once.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet.defer import Deferred, maybeDeferred, succeed
from twisted.internet.threads import deferToThread, deferToThreadPool
from twisted.python.failure import Failure

from crawler import statkeys
from crawler.database import Database
from crawler.items import ArticleItem, PageFailure
from crawler.sites import SiteRegistry, SourceSites
from pipelines.records import to_record
from pipelines.writer import BatchJob, StoreWriter, Written, describe_error, write_batch
from storage import FailureRecord, ResponseRecord, SaveOutcome
from storage.engine import default_db_url, parse_db_url, retry_transient, sqlite_path

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector
    from sqlalchemy.engine import URL
    from twisted.internet.base import DelayedCall

__all__ = [
    "DATABASE_ERROR",
    "LAST_DATABASE_ERROR",
    "WRITER_SETTING",
    "NotStored",
    "StorePipeline",
    "shared_store_writer",
    "to_record",
]

#: Settings: articles per transaction, and how long the first of a batch may wait.
BATCH_SIZE_SETTING = "UNIONWATCH_STORE_BATCH_SIZE"
BATCH_SECONDS_SETTING = "UNIONWATCH_STORE_BATCH_SECONDS"
#: Setting: write batches on a worker thread (default True); False writes them in the
#: reactor's thread (tests, debugging).
THREADED_SETTING = "UNIONWATCH_STORE_THREADED"
#: Setting: make and write the batches' records in a writer process (default True; not for an
#: in-memory SQLite database, which another process cannot open).
PROCESS_SETTING = "UNIONWATCH_STORE_PROCESS"
#: Setting: the :class:`StoreWriter` the crawls of this process share (set by the runner, see
#: :func:`shared_store_writer`); without it each crawl has its own.
WRITER_SETTING = "UNIONWATCH_STORE_WRITER"

_Pending = tuple[ArticleItem, "Deferred[Any]"]

logger = logging.getLogger(__name__)

#: The close reason of a crawl stopped by a failed database write...
DATABASE_ERROR = "database_error"
#: ...and the stats key that holds what the database said.
LAST_DATABASE_ERROR = "unionwatch/storage/last_error"


class NotStored(DropItem):
    """The item could not be written; the crawl is stopping and its URL stays pending, so the
    next run fetches it again."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"not stored ({reason}), left pending for the next run: {url}", "ERROR")


_DUPLICATE_REASON = {SaveOutcome.COPY: "copy", SaveOutcome.KNOWN: "stored"}


class StorePipeline:
    """Upserts :class:`ArticleItem` (unique canonical URL; same text joins the existing
    cluster) in batches (see the module docstring), records :class:`PageFailure` with its
    reason, and keeps the raw response of each (setting ``UNIONWATCH_STORE_RESPONSES``).
    Items made by ``unionwatch reextract`` update the stored article instead. A failed
    database write stops the crawl (close reason ``database_error``): items are never dropped
    silently, and the URLs not yet stored stay pending for the next run."""

    def __init__(
        self,
        crawler: Crawler,
        database: Database,
        *,
        store_responses: bool,
        sources: SourceSites,
        batch_size: int = 25,
        batch_seconds: float = 0.25,
        threaded: bool = True,
        writer: StoreWriter | None = None,
        owns_writer: bool = True,
    ) -> None:
        self.crawler = crawler
        self.database = database
        self.store_responses = store_responses
        self.sources = sources
        self.batch_size = max(batch_size, 1)
        self.batch_seconds = max(batch_seconds, 0.0)
        self.threaded = threaded
        self.writer = writer
        self.owns_writer = owns_writer
        self._failed = False
        self._buffer: list[_Pending] = []
        self._timer: DelayedCall | None = None
        self._writing: Deferred[Any] | None = None
        self._drained: list[Deferred[None]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        database = crawler.get_extension(Database)
        if database is None:
            raise NotConfigured("the Database extension is not enabled")
        settings = crawler.settings
        sites_dir = settings.get("UNIONWATCH_SITES_DIR")
        sources = SourceSites(SiteRegistry.load([Path(sites_dir)] if sites_dir else []))
        threaded = settings.getbool(THREADED_SETTING, True)
        shared = settings.get(WRITER_SETTING)
        url = database.engine.url.render_as_string(hide_password=False)
        writer: StoreWriter | None
        if threaded and isinstance(shared, StoreWriter) and shared.db_url == url:
            writer, owned = shared, False
        else:
            writer, owned = _store_writer(settings, database.engine.url, sources), True
        return cls(
            crawler,
            database,
            store_responses=settings.getbool("UNIONWATCH_STORE_RESPONSES", True),
            sources=sources,
            batch_size=settings.getint(BATCH_SIZE_SETTING, 25),
            batch_seconds=settings.getfloat(BATCH_SECONDS_SETTING, 0.25),
            threaded=threaded,
            writer=writer,
            owns_writer=owned,
        )

    @property
    def _stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    async def process_item(self, item: Any) -> Any:
        """The item once it is stored (its transaction committed), or DropItem / NotStored."""
        if not isinstance(item, ArticleItem | PageFailure):
            return item
        if self._failed:
            raise NotStored(item.url, "the crawl is stopping after a database error")
        if isinstance(item, PageFailure) or item.reextracted:
            return self._write_now(item)
        return await maybe_deferred_to_future(self.enqueue(item))

    def enqueue(self, item: ArticleItem) -> Deferred[Any]:
        """Buffer a fetched article for the next batch; the Deferred fires with the item once
        its batch committed (or fails with DropItem / NotStored)."""
        if self._failed:
            raise NotStored(item.url, "the crawl is stopping after a database error")
        done: Deferred[Any] = Deferred()
        self._buffer.append((item, done))
        if len(self._buffer) >= self.batch_size:
            self.flush()
        elif self._timer is None:
            self._timer = _later(self.batch_seconds, self.flush)
        return done

    async def close_spider(self) -> None:
        """Write what is buffered; return when every write has ended (and the writer process
        has exited)."""
        await maybe_deferred_to_future(self.drain())
        if self.writer is not None and self.owns_writer:
            await maybe_deferred_to_future(deferToThread(self.writer.close))

    def drain(self) -> Deferred[None]:
        """Write what is buffered; fires when every write has ended."""
        self.flush()
        if self._writing is None and not self._buffer:
            return succeed(None)
        drained: Deferred[None] = Deferred()
        self._drained.append(drained)
        return drained

    def flush(self) -> None:
        """Write the buffered articles now (after the batch being written, if any)."""
        if self._timer is not None and self._timer.active():
            self._timer.cancel()
        self._timer = None
        if self._writing is not None or not self._buffer:
            return  # the end of the current write flushes again
        batch, self._buffer = self._buffer, []
        if self._failed:
            self._refuse(batch, "the crawl is stopping after a database error")
            return
        job = BatchJob.of(
            [(item, self._response(item)) for item, _ in batch],
            self.database.run_id,
            datetime.now(UTC),
        )
        self._writing = self._run(job)
        self._writing.addBoth(self._written, batch)

    def _run(self, job: BatchJob) -> Deferred[Any]:
        if not self.threaded:
            return maybeDeferred(write_batch, self.database.store, job, self.sources)
        reactor = _reactor()
        if self.writer is not None and (
            self.writer.started or len(job.articles) >= self.batch_size
        ):
            self._stats.inc_value(statkeys.STORE_WRITER_BATCHES)
            return deferToThreadPool(reactor, reactor.getThreadPool(), self.writer.write, job)
        return deferToThreadPool(
            reactor, reactor.getThreadPool(), write_batch, self.database.store, job, self.sources
        )

    def _written(self, result: Written | Failure, batch: list[_Pending]) -> None:
        self._writing = None
        if isinstance(result, Failure):  # a bug: each item fails with it, as it would alone
            for _, done in batch:
                done.errback(result)
        else:
            outcomes, error = result
            for (item, done), (outcome, article_id) in zip(batch, outcomes, strict=False):
                try:
                    kept = self._counted(item, outcome, article_id)
                except DropItem as exc:
                    done.errback(exc)
                else:
                    done.callback(kept)
            if error is not None:
                self._stop(error)
                self._refuse(batch[len(outcomes) :], error)
        if self._buffer and (len(self._buffer) >= self.batch_size or self._drained):
            self.flush()
        elif self._buffer and self._timer is None:
            self._timer = _later(self.batch_seconds, self.flush)
        if self._writing is None and not self._buffer:
            drained, self._drained = self._drained, []
            for waiter in drained:
                waiter.callback(None)

    @staticmethod
    def _refuse(batch: list[_Pending], reason: str) -> None:
        for item, done in batch:
            done.errback(NotStored(item.url, reason))

    def _write_now(self, item: ArticleItem | PageFailure) -> Any:
        now = datetime.now(UTC)
        try:
            # A write cut off by a lost connection is rolled back and run again (upserts).
            if isinstance(item, PageFailure):
                retry_transient(lambda: self._store_failure(item, now))
            return retry_transient(lambda: self._store_reextracted(item, now))
        except SQLAlchemyError as exc:
            self._stop(describe_error(exc))
            raise NotStored(item.url, describe_error(exc)) from exc

    def _counted(self, item: ArticleItem, outcome: SaveOutcome, article_id: int) -> ArticleItem:
        """Count a stored article's outcome: the item, or DropItem for one already stored."""
        if outcome is SaveOutcome.NEW:
            self._stats.inc_value(statkeys.ARTICLES_NEW)
            return item
        if outcome is SaveOutcome.UPDATED:
            self._stats.inc_value(statkeys.ARTICLES_UPDATED)
            logger.info("article %d changed; its old version is in revisions", article_id)
            return item
        if outcome is SaveOutcome.KNOWN and item.canonical_url in self.database.revisits:
            self._stats.inc_value(statkeys.ARTICLES_UNCHANGED)
            raise DropItem(f"revisited, unchanged: {item.url}", log_level="DEBUG")
        self._stats.inc_value(statkeys.ARTICLES_DUPLICATE)
        self._stats.inc_value(statkeys.ARTICLES_DUPLICATE_PREFIX + _DUPLICATE_REASON[outcome])
        if outcome is SaveOutcome.KNOWN:
            raise DropItem(f"already stored as article {article_id}: {item.url}", log_level="INFO")
        return item

    def _store_failure(self, item: PageFailure, now: datetime) -> NoReturn:
        if item.reextracted:
            # The stored article (if any) is kept: a worse extraction never deletes data.
            lost = self.database.store.has_article(item.canonical_url)
            prefix = (
                statkeys.REEXTRACT_FAILING_PREFIX
                if lost
                else statkeys.REEXTRACT_STILL_FAILING_PREFIX
            )
            self._stats.inc_value(prefix + item.reason)
            raise DropItem(f"re-extraction failed ({item.reason}): {item.url}", log_level="INFO")
        self.database.store.record_failure(
            FailureRecord(
                site=item.site,
                url=item.url,
                canonical_url=item.canonical_url,
                reason=item.reason,
                status=item.status,
            ),
            now,
            response=self._response(item),
        )
        self._stats.inc_value(statkeys.FAILURES)
        self._stats.inc_value(statkeys.FAILURE_REASON_PREFIX + item.reason)
        raise DropItem(f"extraction failed ({item.reason}): {item.url}", log_level="INFO")

    def _store_reextracted(self, item: ArticleItem, now: datetime) -> ArticleItem:
        outcome, changed, article_id = self.database.store.reextract_article(
            to_record(item, self.sources), now=now
        )
        self._stats.inc_value(statkeys.REEXTRACT_PREFIX + outcome.value)
        for name in changed:
            self._stats.inc_value(statkeys.REEXTRACT_FIELD_PREFIX + name)
        if outcome is SaveOutcome.UNCHANGED:
            raise DropItem(f"re-extraction unchanged: {item.url}", log_level="DEBUG")
        logger.info("re-extraction %s article %d (%s)", outcome.value, article_id, item.url)
        return item

    def _response(self, item: ArticleItem | PageFailure) -> ResponseRecord | None:
        raw = item.response
        if raw is None or not self.store_responses:
            return None
        return ResponseRecord(
            site=item.site,
            url=item.url,
            canonical_url=item.canonical_url,
            status=raw.status,
            headers=raw.headers,
            body=raw.body,
            fetched_at=raw.fetched_at,
        )

    def _stop(self, error: str) -> None:
        self._failed = True
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("unionwatch/storage/errors")
        self.crawler.stats.set_value(LAST_DATABASE_ERROR, error)
        logger.error("database write failed, stopping the crawl: %s", error)
        assert self.crawler.engine is not None
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=DATABASE_ERROR))


def _later(seconds: float, call: Callable[[], None]) -> DelayedCall:
    return cast("DelayedCall", _reactor().callLater(seconds, call))


def _reactor() -> Any:
    """The installed reactor (imported late: Scrapy installs it)."""
    from twisted.internet import reactor

    return reactor


def shared_store_writer(settings: BaseSettings) -> StoreWriter | None:
    """A writer for every crawl of a process run with ``settings`` (None when its crawls write
    on a thread or in their own process: an in-memory database, the settings say so). The
    caller hands it to the crawls as ``UNIONWATCH_STORE_WRITER``, starts and closes it."""
    url = parse_db_url(settings.get("UNIONWATCH_DB_URL") or default_db_url())
    sites_dir = settings.get("UNIONWATCH_SITES_DIR")
    sources = SourceSites(SiteRegistry.load([Path(sites_dir)] if sites_dir else []))
    return _store_writer(settings, url, sources)


def _store_writer(settings: BaseSettings, url: URL, sources: SourceSites) -> StoreWriter | None:
    in_memory = url.get_backend_name() == "sqlite" and sqlite_path(url) is None
    if in_memory or not settings.getbool(THREADED_SETTING, True):
        return None
    if not settings.getbool(PROCESS_SETTING, True):
        return None
    db_url = url.render_as_string(hide_password=False)
    return StoreWriter(db_url, sources, settings.get("LOG_LEVEL") or "INFO")
