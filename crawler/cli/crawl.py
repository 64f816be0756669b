"""``unionwatch crawl``: crawl configured sites, or a one-off crawl from start URLs."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from datetime import date

import click

from crawler.cli.app import EXIT_USAGE, AppContext, db_option, fail, pass_app
from crawler.cli.cluster import redis_option, seed_sites
from crawler.cli.crawling import crawl_and_report
from crawler.cli.filters import parse_day
from crawler.cli.render import make_console
from crawler.leases import HELD_BY_PARENT, SiteLeases
from crawler.sites import SiteConfig, adhoc_site

__all__ = ["crawl", "progress_option"]

progress_option = click.option(
    "--progress",
    type=click.Choice(["auto", "rich", "log", "none"]),
    default="auto",
    show_default=True,
    help="Live progress: a display on a terminal (auto), log lines, or nothing.",
)


@click.command()
@click.argument("site_ids", metavar="SITE...", nargs=-1)
@click.option("--all", "all_sites", is_flag=True, help="Crawl every enabled site.")
@click.option("--url", "urls", multiple=True, metavar="URL", help="Start URL of a one-off crawl.")
@click.option("--follow", metavar="REGEX", help="One-off crawl: follow links matching this.")
@click.option(
    "--article",
    metavar="REGEX",
    help="One-off crawl: pages matching this are articles "
    "(default: any page whose extraction finds a title and a body).",
)
@click.option(
    "--max-pages", type=click.IntRange(min=1), metavar="N", help="Stop after N pages per site."
)
@click.option(
    "--since",
    metavar="DATE",
    callback=parse_day,
    help="First day of interest (YYYY-MM-DD); e-paper sites fetch each edition from this day "
    "(default: their last few days, `date_days`).",
)
@click.option(
    "--until", metavar="DATE", callback=parse_day, help="Last day of interest (default: today)."
)
@click.option(
    "--keep-script",
    is_flag=True,
    help="Store traditional-script pages as written (default: converted to simplified).",
)
@redis_option(
    required=False,
    help="Queue the sites on this shared Redis for `unionwatch worker`s instead of crawling "
    "here (env UNIONWATCH_REDIS).",
)
@progress_option
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log lines too.")
@db_option
@pass_app
def crawl(
    app: AppContext,
    site_ids: tuple[str, ...],
    all_sites: bool,
    urls: tuple[str, ...],
    follow: str | None,
    article: str | None,
    max_pages: int | None,
    since: date | None,
    until: date | None,
    keep_script: bool,
    redis_url: str | None,
    progress: str,
    verbose: bool,
) -> None:
    """Crawl configured sites (see `unionwatch sites`) or, with --url, any site once.

    Articles already in the database are not fetched again; a crawl that was interrupted is
    completed by running it again. A site a scheduler or another crawl is crawling is refused
    (with --all: skipped).

    \b
    Examples:
      unionwatch crawl demo-portal demo-city
      unionwatch crawl --all
      unionwatch crawl grrb-epaper --since 2025-01-20 --until 2025-01-23
      unionwatch crawl --url http://www.example.org/news/ --follow '/news/' \\
          --article '/news/\\d+\\.html' --max-pages 200
      unionwatch crawl --all --redis redis://127.0.0.1:6379/0   # for the workers
    """
    if since and until and since > until:
        fail("--since is after --until", EXIT_USAGE)
    if urls and (site_ids or all_sites):
        fail("give site ids or --url start URLs, not both", EXIT_USAGE)
    if redis_url and urls:
        fail("a one-off --url crawl runs here; --redis queues configured sites", EXIT_USAGE)
    if redis_url and (max_pages or keep_script):
        fail(
            "--max-pages and --keep-script apply to a crawl in this process, not --redis",
            EXIT_USAGE,
        )
    sites: list[SiteConfig]
    if urls:
        sites = [adhoc_site(list(urls), follow=follow, article=article, max_pages=max_pages)]
    else:
        if follow or article:
            fail("--follow and --article only apply to a one-off crawl with --url", EXIT_USAGE)
        registry = app.registry()
        if all_sites:
            sites = registry.enabled()
        elif site_ids:
            sites = [registry.get(site_id) for site_id in dict.fromkeys(site_ids)]
        else:
            fail("name the sites to crawl (see `unionwatch sites`), --all, or --url", EXIT_USAGE)
        if max_pages:
            from dataclasses import replace

            sites = [replace(site, max_pages=max_pages) for site in sites]
    if redis_url:
        seed_sites(app, redis_url, sites, since=since, until=until)
        return
    console = make_console()
    with _leased(app, sites, skip_busy=all_sites, ad_hoc=bool(urls)) as free:
        if not free:
            click.echo("nothing to crawl: every site is being crawled already")
            return
        crawl_and_report(
            app,
            free,
            progress=progress,
            verbose=verbose,
            console=console,
            overrides={
                "UNIONWATCH_KEEP_SCRIPT": keep_script,
                "UNIONWATCH_SINCE": since.isoformat() if since else None,
                "UNIONWATCH_UNTIL": until.isoformat() if until else None,
            },
        )
    click.echo(f"database: {app.describe_db()}")


@contextlib.contextmanager
def _leased(
    app: AppContext, sites: Sequence[SiteConfig], *, skip_busy: bool, ad_hoc: bool
) -> Iterator[list[SiteConfig]]:
    """The sites this crawl may run, their leases held while the block runs (see
    :mod:`crawler.leases`): a site a scheduler or another crawl is crawling fails the command
    (``--all``: is skipped, said on stderr). A one-off ``--url`` crawl takes no lease, nor
    does the crawl a scheduler starts (the lease is the scheduler's)."""
    if ad_hoc or os.environ.get(HELD_BY_PARENT):
        yield list(sites)
        return
    engine = app.engine(create=True)
    try:
        leases = SiteLeases(engine)
        busy = leases.take([site.id for site in sites])
        if busy and not skip_busy:
            leases.release()
            fail(
                "; ".join(
                    f"{site} is being crawled by {holder} (its lease runs until"
                    f" {until:%Y-%m-%d %H:%M:%S} UTC)"
                    for site, holder, until in busy
                )
                + ": run it again when that crawl ends"
            )
        for site, holder, _ in busy:
            click.echo(f"unionwatch: skipped {site}: being crawled by {holder}", err=True)
        with leases:
            yield [site for site in sites if site.id in leases.held]
    finally:
        engine.dispose()
