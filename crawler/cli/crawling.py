"""What ``crawl`` and ``demo`` share: start the demo server when needed, run, report."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from typing import Any

from rich.console import Console

from crawler.cli.app import AppContext, fail
from crawler.cli.progress import progress_for
from crawler.cli.render import print_summary
from crawler.runner import SiteSummary, crawl_settings, run_crawls
from crawler.sites import SiteConfig

__all__ = ["crawl_and_report", "demo_routes"]

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def demo_routes(sites: Sequence[SiteConfig]) -> Iterator[dict[str, str]]:
    """Serve the bundled demo sites on 127.0.0.1 while the block runs, when any of ``sites``
    is a demo site; yields the host routes for the crawl settings."""
    if not any(site.demo for site in sites):
        yield {}
        return
    from crawler.demo import DemoServer, build_demo

    with DemoServer(build_demo()) as server:
        routes = {host: server.proxy_url for host in server.hosts}
        logger.info("demo sites served by %s", server.proxy_url)
        yield routes


def crawl_and_report(
    app: AppContext,
    sites: Sequence[SiteConfig],
    *,
    progress: str,
    verbose: bool,
    console: Console,
    overrides: dict[str, Any] | None = None,
) -> list[SiteSummary]:
    """Crawl ``sites`` into the app's database, print the summary table, and fail (exit 1)
    when a crawl could not finish."""
    app.engine(create=True).dispose()  # migrate (or fail with one line) before Scrapy starts
    live = progress_for(progress, console)
    # The progress display (or its log lines) and the summary table replace Scrapy's INFO
    # lines and stats dump; --verbose brings them back.
    settings_overrides: dict[str, Any] = {
        "LOG_LEVEL": "INFO" if verbose else "WARNING",
        "STATS_DUMP": verbose,
        "UNIONWATCH_SITES_DIR": str(app.sites_dir or ""),
    }
    settings_overrides.update(overrides or {})
    with demo_routes(sites) as routes:
        settings = crawl_settings(app.db_url, routes=routes, overrides=settings_overrides)
        summaries = run_crawls(sites, settings, progress=live)
    print_summary(summaries, console)
    broken = [s for s in summaries if not s.ok]
    if broken:
        fail(
            "; ".join(
                f"crawl of {s.site} did not finish ({s.error or s.close_reason})" for s in broken
            )
        )
    return summaries
