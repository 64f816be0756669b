"""Run crawls of several sites in one process and report what each did.

The CLI (``unionwatch crawl`` and ``unionwatch demo``) calls :func:`run_crawls`; it uses the
same spider, middlewares and pipelines as ``scrapy crawl site -a site=ID``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from scrapy import Spider
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from twisted.python.failure import Failure

from crawler import statkeys
from crawler.database import RUN_RECORD_ERROR
from crawler.gcpolicy import collector_tuned
from crawler.sites import SiteConfig
from crawler.spiders.site import SiteSpider
from pipelines.store import (
    DATABASE_ERROR,
    LAST_DATABASE_ERROR,
    WRITER_SETTING,
    shared_store_writer,
)

__all__ = [
    "CrawlProgress",
    "SiteSummary",
    "crawl_settings",
    "run_crawls",
    "run_spider",
    "summarize",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SiteSummary:
    """What one site's crawl did, read from its Scrapy stats."""

    site: str
    name: str
    pages: int
    requests: int
    new: int
    duplicates: int
    failures: int
    failure_reasons: dict[str, int] = field(default_factory=dict)
    skipped_known: int = 0
    close_reason: str = "finished"
    elapsed: float = 0.0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.close_reason in (
            "finished",
            "closespider_pagecount",
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "name": self.name,
            "pages": self.pages,
            "requests": self.requests,
            "new": self.new,
            "duplicates": self.duplicates,
            "failures": self.failures,
            "failure_reasons": dict(self.failure_reasons),
            "skipped_known": self.skipped_known,
            "close_reason": self.close_reason,
            "elapsed_seconds": round(self.elapsed, 3),
            "error": self.error,
        }


def summarize(site: SiteConfig, stats: Mapping[str, Any], elapsed: float = 0.0) -> SiteSummary:
    def number(key: str) -> int:
        return int(stats.get(key, 0) or 0)

    return SiteSummary(
        site=site.id,
        name=site.name,
        pages=number(statkeys.PAGES),
        requests=number("downloader/request_count"),
        new=number(statkeys.ARTICLES_NEW),
        duplicates=number(statkeys.ARTICLES_DUPLICATE),
        failures=number(statkeys.FAILURES),
        failure_reasons=statkeys.failure_reasons(dict(stats)),
        skipped_known=number(statkeys.FRONTIER_SKIPPED),
        close_reason=str(stats.get("finish_reason", "not finished")),
        elapsed=elapsed,
        error=_error_of(stats),
    )


def _error_of(stats: Mapping[str, Any]) -> str | None:
    if stats.get("finish_reason") == DATABASE_ERROR:
        return f"database write failed: {stats.get(LAST_DATABASE_ERROR, 'unknown error')}"
    if stats.get(RUN_RECORD_ERROR):
        return f"database write failed: {stats[RUN_RECORD_ERROR]}"
    return None


class CrawlProgress(Protocol):
    """Something that shows the crawls while they run (see ``crawler.cli.progress``)."""

    def start(self, crawls: Sequence[tuple[SiteConfig, Crawler]]) -> None: ...

    def refresh(self) -> None: ...

    def stop(self) -> None: ...


def crawl_settings(
    db_url: str,
    *,
    routes: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """The project settings plus the database, host routes and any overrides."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("UNIONWATCH_DB_URL", db_url, priority="cmdline")
    if routes:
        settings.set("UNIONWATCH_HOST_ROUTES", dict(routes), priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawls(
    sites: Sequence[SiteConfig],
    settings: Settings,
    *,
    progress: CrawlProgress | None = None,
    refresh_interval: float = 0.2,
) -> list[SiteSummary]:
    """Crawl ``sites`` concurrently in this process (the Twisted reactor runs once per
    process) and return one summary per site, in order. When articles come in faster than a
    thread stores them, one writer process writes them (see :mod:`pipelines.writer`)."""
    writer = shared_store_writer(settings)
    if writer is not None:
        settings = settings.copy()
        settings.set(WRITER_SETTING, writer, priority="cmdline")
    try:
        return _run_crawls(sites, settings, progress, refresh_interval)
    finally:
        if writer is not None:
            writer.close()


def _run_crawls(
    sites: Sequence[SiteConfig],
    settings: Settings,
    progress: CrawlProgress | None,
    refresh_interval: float,
) -> list[SiteSummary]:
    process = CrawlerProcess(settings)
    crawls: list[tuple[SiteConfig, Crawler]] = []
    errors: dict[int, str] = {}
    started = time.monotonic()
    finished: dict[int, float] = {}

    for index, site in enumerate(sites):
        crawler = process.create_crawler(SiteSpider)
        crawls.append((site, crawler))
        deferred = process.crawl(crawler, site=site)

        def done(result: Any, index: int = index, site_id: str = site.id) -> Any:
            finished[index] = time.monotonic() - started
            if isinstance(result, Failure):
                errors[index] = f"{type(result.value).__name__}: {result.value}"
                logger.error("the crawl of %s failed: %s", site_id, errors[index])
                return None
            return result

        deferred.addBoth(done)

    loop = None
    if progress is not None:
        from twisted.internet import task

        progress.start(crawls)
        loop = task.LoopingCall(progress.refresh)
        loop.start(refresh_interval, now=False)
    try:
        with collector_tuned(settings):
            process.start()
    finally:
        if loop is not None and loop.running:
            loop.stop()
        if progress is not None:
            progress.refresh()
            progress.stop()

    summaries = []
    for index, (site, crawler) in enumerate(crawls):
        stats = crawler.stats.get_stats() if crawler.stats is not None else {}
        summary = summarize(site, stats, finished.get(index, time.monotonic() - started))
        if index in errors:
            summary = replace(summary, error=errors[index])
        summaries.append(summary)
    return summaries


def run_spider(spidercls: type[Spider], settings: Settings, **kwargs: Any) -> dict[str, Any]:
    """Run one spider to the end in this process and return its stats (raising what the crawl
    raised, if it could not start)."""
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spidercls)
    errors: list[Failure] = []
    process.crawl(crawler, **kwargs).addErrback(errors.append)
    with collector_tuned(settings):
        process.start()
    if errors:
        errors[0].raiseException()
    return crawler.stats.get_stats() if crawler.stats is not None else {}
