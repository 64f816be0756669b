"""``unionwatch demo``: crawl the bundled demo union sites, served on 127.0.0.1."""

from __future__ import annotations

import time

import click

from crawler.cli.app import AppContext, db_option, fail, pass_app
from crawler.cli.crawl import progress_option
from crawler.cli.crawling import crawl_and_report
from crawler.cli.render import make_console

__all__ = ["demo"]


@click.command()
@progress_option
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log lines too.")
@db_option
@pass_app
def demo(app: AppContext, progress: str, verbose: bool) -> None:
    """Crawl the bundled demo sites end to end, exactly as a real crawl.

    Four demo sites in real layouts (a 中工网-style portal, its traditional-script mirror, a
    GBK provincial TRS site and a city-union CMS) are served on 127.0.0.1 under fixed host
    names, so running the demo again stores nothing new.

    \b
    Examples:
      unionwatch demo
      unionwatch demo --db sqlite:///demo.db
    """
    sites = app.registry().demo_sites()
    if not sites:
        fail("no demo site configs found (crawler/sites/demo-*.toml)")
    console = make_console()
    started = time.monotonic()
    summaries = crawl_and_report(app, sites, progress=progress, verbose=verbose, console=console)
    elapsed = time.monotonic() - started
    new = sum(s.new for s in summaries)
    db_arg = "" if app.db_url_is_default else f" --db {app.db_url}"
    click.echo(
        f"\nDone in {elapsed:.1f} s: {new} new articles. Database: {app.describe_db()}\n"
        "\nTry:\n"
        f"  unionwatch{db_arg} query --limit 10\n"
        f"  unionwatch{db_arg} query --reporter 郑莉 --format json\n"
        f"  unionwatch{db_arg} query --site demo-province --since 2025-01-01"
        " --text 工会 --format csv"
    )
