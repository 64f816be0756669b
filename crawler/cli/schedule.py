"""``unionwatch schedule``: crawl every enabled site on its cron schedule until stopped."""

from __future__ import annotations

import logging
from datetime import timedelta

import click

from crawler.cli.app import EXIT_USAGE, AppContext, db_option, fail, pass_app
from crawler.cli.cluster import redis_option
from crawler.schedule import CrawlScheduler, SchedulerOptions

__all__ = ["schedule"]


@click.command()
@click.option("--site", "site_ids", metavar="ID", multiple=True, help="Only these sites.")
@click.option(
    "--once",
    is_flag=True,
    help="Crawl the sites that missed a scheduled run, wait for them, and exit (for cron).",
)
@click.option(
    "--lease-minutes",
    type=click.FloatRange(min=0.01),
    default=10.0,
    show_default=True,
    help="A site's lease lasts this long unless renewed (a dead scheduler frees it then).",
)
@click.option(
    "--stop-grace",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    help="Seconds running crawls get to stop on SIGTERM before they are killed.",
)
@redis_option(
    required=False,
    help="Queue each due site on this Redis for `unionwatch worker`s instead of crawling it "
    "here (env UNIONWATCH_REDIS).",
)
@db_option
@pass_app
def schedule(
    app: AppContext,
    site_ids: tuple[str, ...],
    once: bool,
    lease_minutes: float,
    stop_grace: float,
    redis_url: str | None,
) -> None:
    """Crawl every enabled site on its cron schedule (the site's `schedule`, Asia/Shanghai
    time), each crawl in its own process. A site is never crawled twice at once, even by two
    schedulers on one database; a site that missed its scheduled run (the scheduler was
    down) is crawled once at start. SIGTERM or Ctrl-C stops the running crawls cleanly; they
    are recorded as interrupted and the next run completes them.

    \b
    Examples:
      unionwatch schedule
      unionwatch schedule --site demo-city --site demo-portal
      unionwatch schedule --once          # from cron: run what is due, then exit
      unionwatch schedule --redis redis://127.0.0.1:6379/0   # queue for the workers
    """
    registry = app.registry()
    sites = [registry.get(s) for s in dict.fromkeys(site_ids)] if site_ids else registry.enabled()
    sites = [site for site in sites if site.schedule]
    if not sites:
        fail("no enabled site has a schedule", EXIT_USAGE)
    engine = app.engine(create=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    scheduler = CrawlScheduler(
        engine,
        sites,
        SchedulerOptions(
            db_url=app.db_url,
            sites_dir=app.sites_dir,
            lease_ttl=timedelta(minutes=lease_minutes),
            stop_grace=timedelta(seconds=stop_grace),
            crawl_args=("--progress", "none", *(("--redis", redis_url) if redis_url else ())),
        ),
    )
    scheduler.install_signal_handlers()
    if once:
        scheduler.run_once()
    else:
        scheduler.start()
        click.echo(
            f"scheduling {len(sites)} site(s): "
            + ", ".join(f"{s.id} [{s.schedule}]" for s in sites),
            err=True,
        )
        scheduler.wait_for_stop()
    stopped = scheduler.stop()
    engine.dispose()
    for site_id in stopped:
        click.echo(f"stopped the running crawl of {site_id} (recorded as interrupted)", err=True)
    failed = [site for site, code in scheduler.finished if code != 0]
    if once and failed:
        fail(f"crawl failed: {', '.join(failed)}")
