"""Live crawl progress: a rich display on a terminal, plain log lines otherwise."""

from __future__ import annotations

import time
from collections.abc import Sequence

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from scrapy.crawler import Crawler

from crawler.runner import summarize
from crawler.sites import SiteConfig

__all__ = ["LogProgress", "RichProgress", "progress_for"]


def _line(site: SiteConfig, crawler: Crawler, elapsed: float) -> str:
    stats = crawler.stats.get_stats() if crawler.stats is not None else {}
    s = summarize(site, stats)
    rate = s.pages / elapsed if elapsed > 0 else 0.0
    return (
        f"{s.pages} pages, {s.new} new, {s.duplicates} duplicates, {s.failures} failed"
        f" ({rate:.1f} pages/s)"
    )


class RichProgress:
    """One live line per site: pages, new / duplicate / failed articles, rate."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            SpinnerColumn(finished_text="[green]✓"),
            TextColumn("[bold]{task.fields[site]:<20}"),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self._tasks: list[tuple[SiteConfig, Crawler, TaskID]] = []
        self._started = time.monotonic()

    def start(self, crawls: Sequence[tuple[SiteConfig, Crawler]]) -> None:
        self._started = time.monotonic()
        self._progress.start()
        for site, crawler in crawls:
            task = self._progress.add_task("starting", site=site.id, total=None)
            self._tasks.append((site, crawler, task))

    def refresh(self) -> None:
        elapsed = time.monotonic() - self._started
        for site, crawler, task in self._tasks:
            done = (
                crawler.crawling is False
                and crawler.stats is not None
                and bool(crawler.stats.get_value("finish_reason"))
            )
            self._progress.update(
                task,
                description=_line(site, crawler, elapsed),
                total=1 if done else None,
                completed=1 if done else 0,
            )

    def stop(self) -> None:
        self._progress.stop()


class LogProgress:
    """A plain line per site every ``interval`` seconds (for logs and pipes)."""

    def __init__(self, interval: float = 5.0) -> None:
        self._interval = interval
        self._crawls: Sequence[tuple[SiteConfig, Crawler]] = ()
        self._started = time.monotonic()
        self._last = 0.0

    def start(self, crawls: Sequence[tuple[SiteConfig, Crawler]]) -> None:
        self._crawls = crawls
        self._started = self._last = time.monotonic()
        click.echo(f"crawling {', '.join(site.id for site, _ in crawls)}", err=True)

    def refresh(self) -> None:
        now = time.monotonic()
        if now - self._last >= self._interval:
            self._last = now
            self._print(now)

    def _print(self, now: float) -> None:
        for site, crawler in self._crawls:
            click.echo(f"progress {site.id}: {_line(site, crawler, now - self._started)}", err=True)

    def stop(self) -> None:
        self._print(time.monotonic())


def progress_for(mode: str, console: Console) -> RichProgress | LogProgress | None:
    """``auto`` picks the rich display on a terminal and log lines otherwise."""
    if mode == "none":
        return None
    if mode == "rich" or (mode == "auto" and console.is_terminal):
        return RichProgress(console)
    return LogProgress()
