"""Store articles and failures in the database, each write one idempotent transaction."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy.exc import SQLAlchemyError

from crawler import statkeys
from crawler.database import Database
from crawler.dedup import lsh_keys_for
from crawler.fingerprint import content_hash
from crawler.items import ArticleItem, PageFailure
from crawler.sites import SiteRegistry, SourceSites
from storage import ArticleRecord, FailureRecord, ResponseRecord, SaveOutcome
from storage.engine import retry_transient

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

__all__ = ["DATABASE_ERROR", "LAST_DATABASE_ERROR", "NotStored", "StorePipeline", "to_record"]

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


def _split_editors(editor: str | None) -> tuple[str, ...]:
    if not editor:
        return ()
    return tuple(n for n in (p.strip() for p in editor.replace(",", "、").split("、")) if n)


def to_record(item: ArticleItem, sources: SourceSites | None = None) -> ArticleRecord:
    """The storage form of an extracted, validated article, with its fingerprints."""
    article = item.article
    assert article.title and article.body
    return ArticleRecord(
        site=item.site,
        url=item.url,
        canonical_url=item.canonical_url,
        title=article.title,
        body=article.body,
        content_hash=content_hash(article.body),
        extractor_version=article.extractor_version,
        published_at=article.published_at,
        published_precision=article.published_precision,
        published_raw=article.published_raw,
        reporters=tuple(article.reporters),
        correspondents=tuple(article.correspondents),
        photographers=tuple(article.photographers),
        editors=_split_editors(article.editor),
        editor=article.editor,
        source=article.source,
        dateline=article.dateline,
        agency=article.agency,
        click_count=article.click_count,
        original_title=article.original_title,
        script=article.script,
        encoding=article.encoding,
        problems=tuple(article.problems),
        aliases=tuple(u for u in item.redirected_from if u != item.canonical_url),
        lsh_keys=lsh_keys_for(article.body),
        source_site=sources.site_for(article.source, item.site) if sources is not None else None,
    )


class StorePipeline:
    """Upserts :class:`ArticleItem` (unique canonical URL; same text joins the existing
    cluster), records :class:`PageFailure` with its reason, and keeps the raw response of each
    (setting ``UNIONWATCH_STORE_RESPONSES``). Items made by ``unionwatch reextract`` update the
    stored article instead. A failed database write stops the crawl (close reason
    ``database_error``): items are never dropped silently, and the URLs not yet stored stay
    pending for the next run."""

    def __init__(
        self,
        crawler: Crawler,
        database: Database,
        *,
        store_responses: bool,
        sources: SourceSites,
    ) -> None:
        self.crawler = crawler
        self.database = database
        self.store_responses = store_responses
        self.sources = sources
        self._failed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        database = crawler.get_extension(Database)
        if database is None:
            raise NotConfigured("the Database extension is not enabled")
        sites_dir = crawler.settings.get("UNIONWATCH_SITES_DIR")
        return cls(
            crawler,
            database,
            store_responses=crawler.settings.getbool("UNIONWATCH_STORE_RESPONSES", True),
            sources=SourceSites(SiteRegistry.load([Path(sites_dir)] if sites_dir else [])),
        )

    @property
    def _stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem | PageFailure):
            return item
        if self._failed:
            raise NotStored(item.url, "the crawl is stopping after a database error")
        now = datetime.now(UTC)
        try:
            # A write cut off by a lost connection is rolled back and run again (upserts).
            if isinstance(item, PageFailure):
                retry_transient(lambda: self._store_failure(item, now))
            elif item.reextracted:
                return retry_transient(lambda: self._store_reextracted(item, now))
            else:
                record = to_record(item, self.sources)
                outcome, article_id = retry_transient(
                    lambda: self.database.store.save_article(
                        record, run_id=self.database.run_id, now=now, response=self._response(item)
                    )
                )
        except SQLAlchemyError as exc:
            self._stop(exc)
            raise NotStored(item.url, _describe(exc)) from exc
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

    def _stop(self, exc: SQLAlchemyError) -> None:
        self._failed = True
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("unionwatch/storage/errors")
        self.crawler.stats.set_value(LAST_DATABASE_ERROR, _describe(exc))
        logger.error("database write failed, stopping the crawl: %s", _describe(exc))
        assert self.crawler.engine is not None
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=DATABASE_ERROR))


def _describe(exc: SQLAlchemyError) -> str:
    """``IntegrityError: simulated write failure``: the driver's own words, first line."""
    original = getattr(exc, "orig", None) or exc
    lines = str(original).strip().splitlines()
    return f"{type(original).__name__}: {lines[0] if lines else ''}".rstrip(": ")
