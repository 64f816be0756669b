"""The crawl's database: one engine per crawler, shared by its components, and its run record.

Built first among the crawl's components (it is an extension), so the frontier middleware and
the store pipeline reach the same :class:`storage.Store` with ``crawler.get_extension``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy import Spider, signals

from crawler import statkeys
from crawler.dedup import TextCopies
from storage import RunCounts, Store, default_db_url, ensure_schema, open_engine

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

__all__ = ["Database", "site_id_of"]

logger = logging.getLogger(__name__)

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
        ensure_schema(self.engine)
        self.store = Store(self.engine, near=TextCopies())
        self.run_id: int | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, crawler.settings.get("UNIONWATCH_DB_URL") or default_db_url())

    def spider_opened(self, spider: Spider) -> None:
        self.run_id = self.store.start_run(site_id_of(spider), datetime.now(UTC))
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("unionwatch/run_id", self.run_id)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        assert self.crawler.stats is not None
        stats = self.crawler.stats.get_stats()
        if self.run_id is not None:
            numbers: dict[str, Any] = {
                k: v
                for k, v in stats.items()
                if isinstance(v, int | float) and not isinstance(v, bool)
            }
            self.store.finish_run(
                self.run_id,
                status=_STATUS_BY_REASON.get(reason, "failed"),
                finished_at=datetime.now(UTC),
                counts=RunCounts(
                    pages=int(stats.get(statkeys.PAGES, 0)),
                    new=int(stats.get(statkeys.ARTICLES_NEW, 0)),
                    duplicates=int(stats.get(statkeys.ARTICLES_DUPLICATE, 0)),
                    failures=int(stats.get(statkeys.FAILURES, 0)),
                ),
                stats=numbers | {"close_reason": reason},
            )
        self.engine.dispose()
        logger.info("crawl of %s ended: %s", site_id_of(spider), reason)
