"""The crawl's database: one engine per crawler, shared by its components, and its run record.

Built first among the crawl's components (it is an extension), so the frontier middleware and
the store pipeline reach the same :class:`storage.Store` with ``crawler.get_extension``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy import Spider, signals
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from crawler import statkeys
from crawler.dedup import LSH_VERSION, TextCopies, lsh_keys_for
from storage import Store, default_db_url, ensure_schema, open_engine
from storage.clusters import lsh_keys_are_current
from storage.engine import retry_transient, sqlite_path
from storage.runs import MonitoringCounts, finish_run, last_run_finished

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

__all__ = ["RUN_RECORD_ERROR", "Database", "monitoring_counts", "site_id_of"]

logger = logging.getLogger(__name__)

#: Stat set when the end of the run could not be written (the crawl then exits with 1).
RUN_RECORD_ERROR = "unionwatch/run_record_error"

#: Scrapy close reasons and the crawl_runs.status they become.
_STATUS_BY_REASON = {
    "finished": "finished",
    "closespider_pagecount": "finished",
    "closespider_itemcount": "finished",
    "shutdown": "interrupted",
    "cancelled": "interrupted",
}


def site_id_of(spider: Spider) -> str:
    """The site id a spider crawls (its ``site_config.id``), or the spider's name."""
    config = getattr(spider, "site_config", None)
    return str(getattr(config, "id", spider.name))


class Database:
    """Scrapy extension. Settings: ``UNIONWATCH_DB_URL`` (default: ``$UNIONWATCH_DB`` or the
    SQLite file in the user data dir). Migrates the schema (under a lock) when it starts."""

    def __init__(self, crawler: Crawler, db_url: str) -> None:
        self.crawler = crawler
        self.engine = open_engine(db_url, writer=True)
        retry_transient(lambda: ensure_schema(self.engine))
        #: An SQLite file: an engine whose reads do not wait for the write lock (see Store).
        self._reader = open_engine(db_url) if sqlite_path(self.engine.url) is not None else None
        self.store = Store(self.engine, near=TextCopies(), reader=self._reader)
        if not retry_transient(self._lsh_keys_are_current):
            logger.warning(
                "the duplicate index was built with other parameters than %s: reprints will not"
                " be matched with older articles until `unionwatch dedup rebuild` runs",
                LSH_VERSION,
            )
        self.run_id: int | None = None
        #: When this run started (``spider_opened``): URLs settled before it are "known".
        self.started_at = datetime.now(UTC)
        #: Canonical URLs this run fetches again on purpose (revisits of stored articles): the
        #: store counts them as unchanged or updated, not as duplicates.
        self.revisits: set[str] = set()
        #: Whether the site's previous run finished: only then may this run skip what it saw
        #: (stop paginating, trust 304 for list pages); after an interrupted run the lists are
        #: read again in full, so the re-run completes the crawl.
        self.previous_run_finished = False
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @property
    def read_engine(self) -> Engine:
        """The engine for reads: on an SQLite file one that does not take the write lock at
        BEGIN (the writer engine's reads would wait for the store's writer process)."""
        return self._reader if self._reader is not None else self.engine

    def _lsh_keys_are_current(self) -> bool:
        with Session(self.read_engine) as session:
            return lsh_keys_are_current(session, lsh_keys_for)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, crawler.settings.get("UNIONWATCH_DB_URL") or default_db_url())

    def spider_opened(self, spider: Spider) -> None:
        site = site_id_of(spider)
        self.previous_run_finished = retry_transient(
            lambda: last_run_finished(self.read_engine, site)
        )
        self.started_at = datetime.now(UTC)
        self.run_id = retry_transient(lambda: self.store.start_run(site, self.started_at))
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("unionwatch/run_id", self.run_id)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        assert self.crawler.stats is not None
        stats = self.crawler.stats.get_stats()
        run_id = self.run_id
        if run_id is not None:
            numbers: dict[str, Any] = {
                k: v
                for k, v in stats.items()
                if isinstance(v, int | float) and not isinstance(v, bool)
            }
            try:
                retry_transient(
                    lambda: finish_run(
                        self.engine,
                        run_id,
                        status=_STATUS_BY_REASON.get(reason, "failed"),
                        finished_at=datetime.now(UTC),
                        counts=monitoring_counts(stats),
                        stats=numbers | {"close_reason": reason},
                    )
                )
            except OperationalError as exc:  # disk full, read-only: say it in one line
                # Nothing is left to stop (the crawl is closing); the run stays "running" and
                # the next run reads the lists in full, as after any interrupted run.
                logger.error("could not record the end of the run: %s", str(exc.orig or exc))
                self.crawler.stats.set_value(RUN_RECORD_ERROR, str(exc.orig or exc))
        self.engine.dispose()
        if self._reader is not None:
            self._reader.dispose()
        logger.info("crawl of %s ended: %s", site_id_of(spider), reason)


def monitoring_counts(stats: dict[str, Any]) -> MonitoringCounts:
    """A run's counts from its Scrapy stats."""

    def number(key: str) -> int:
        return int(stats.get(key, 0) or 0)

    return MonitoringCounts(
        requests=number(statkeys.REQUESTS),
        pages=number(statkeys.PAGES),
        new=number(statkeys.ARTICLES_NEW),
        unchanged=number(statkeys.NOT_MODIFIED) + number(statkeys.ARTICLES_UNCHANGED),
        updated=number(statkeys.ARTICLES_UPDATED),
        duplicates=number(statkeys.ARTICLES_DUPLICATE),
        failures=number(statkeys.FAILURES),
        blocked=number(statkeys.BLOCKED),
        statuses=statkeys.statuses(stats),
        failure_reasons=statkeys.failure_reasons(stats),
        blocked_kinds=statkeys.blocked_kinds(stats),
    )
