"""``unionwatch worker`` and ``unionwatch cluster status``: distributed crawling on Redis."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar
from urllib.parse import urlsplit

import click
from rich.table import Table

from crawler.cli.app import AppContext, db_option, fail, pass_app
from crawler.cli.render import format_option, make_console, to_json
from crawler.sites import SiteConfig

__all__ = ["cluster", "redis_option", "seed_sites", "worker"]

F = TypeVar("F", bound=Callable[..., Any])


def _redis_url(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("redis", "rediss", "unix") or (
        parts.scheme != "unix" and not parts.hostname
    ):
        raise click.BadParameter(f"{value!r} is not a redis:// URL", param=param)
    return value.strip()


def redis_option(*, required: bool, help: str) -> Callable[[F], F]:
    return click.option(
        "--redis",
        "redis_url",
        metavar="URL",
        envvar="UNIONWATCH_REDIS",
        required=required,
        callback=_redis_url,
        help=help,
    )


def _route(_ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    routes = {}
    for value in values:
        host, sep, url = value.partition("=")
        if not sep or not host or not url.startswith("http://"):
            raise click.BadParameter(f"{value!r} is not HOST=http://PROXY:PORT", param=param)
        routes[host.strip().lower()] = url.strip()
    return routes


@click.command()
@redis_option(required=True, help="The shared Redis: redis://HOST:PORT/DB (env UNIONWATCH_REDIS).")
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=16,
    show_default=True,
    help="Requests in flight in this worker (each site's per-host limit holds cluster-wide).",
)
@click.option("--worker-id", metavar="ID", help="Name in `cluster status` (default host-pid).")
@click.option(
    "--exit-when-idle",
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="Exit once the whole cluster has had nothing to do for this long (batch jobs, tests).",
)
@click.option(
    "--heartbeat-ttl",
    type=click.FloatRange(min=1),
    default=15.0,
    show_default=True,
    help="A worker silent this long is dead: its requests in flight go back on the queue.",
)
@click.option(
    "--route",
    "routes",
    multiple=True,
    metavar="HOST=URL",
    callback=_route,
    help="Send HOST's requests through this local HTTP proxy (mirrors, test sites).",
)
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log lines too.")
@db_option
@pass_app
def worker(
    app: AppContext,
    redis_url: str,
    concurrency: int,
    worker_id: str | None,
    exit_when_idle: float | None,
    heartbeat_ttl: float,
    routes: dict[str, str],
    verbose: bool,
) -> None:
    """Crawl what the shared Redis queue holds, until stopped: run any number, on any number
    of machines, all with the same --redis and --db (PostgreSQL when they are on several
    machines). `unionwatch crawl SITE --redis URL` gives them work.

    \b
    Examples:
      unionwatch worker --redis redis://127.0.0.1:6379/0 \\
          --db postgresql+psycopg://unionwatch@db.example/unionwatch
      unionwatch crawl demo-portal --redis redis://127.0.0.1:6379/0
    """
    from crawler.distributed.worker import Worker, WorkerError, WorkerOptions

    app.engine(create=True).dispose()  # migrate (or fail with one line) before Scrapy starts
    options = WorkerOptions(
        redis_url=redis_url,
        db_url=app.db_url,
        worker_id=worker_id or "",
        concurrency=concurrency,
        exit_when_idle=exit_when_idle,
        heartbeat_ttl=heartbeat_ttl,
        routes=routes,
        overrides={
            "LOG_LEVEL": "DEBUG" if verbose else "INFO",
            "STATS_DUMP": verbose,
            "UNIONWATCH_SITES_DIR": str(app.sites_dir or ""),
        },
    )
    try:
        Worker(options, app.registry()).run()
    except WorkerError as exc:
        fail(str(exc))


@click.group()
def cluster() -> None:
    """The distributed crawl: queues, workers, throughput.

    \b
    Example:
      unionwatch cluster status --redis redis://127.0.0.1:6379/0
    """


@cluster.command()
@redis_option(required=True, help="The shared Redis: redis://HOST:PORT/DB (env UNIONWATCH_REDIS).")
@click.option("--prefix", default="unionwatch", show_default=True, help="Key prefix.")
@format_option(("table", "json"))
def status(redis_url: str, prefix: str, fmt: str) -> None:
    """Queue lengths per site, live workers and items per second. In JSON, `pending` is the
    number of requests waiting or in flight over all sites.

    \b
    Examples:
      unionwatch cluster status --redis redis://127.0.0.1:6379/0
      unionwatch cluster status --redis redis://127.0.0.1:6379/0 --format json
    """
    from crawler.distributed.keys import REDIS_DOWN, ClusterKeys, connect, describe_url
    from crawler.distributed.status import cluster_status

    try:
        report = cluster_status(connect(redis_url), ClusterKeys(prefix))
    except REDIS_DOWN as exc:
        fail(f"cannot reach Redis at {describe_url(redis_url)}: {exc}")
    if fmt == "json":
        click.echo(to_json(report.to_dict()))
        return
    console = make_console()
    sites = Table(title="Queues")
    for column in ("site", "queued", "in flight", "generation"):
        sites.add_column(column, justify="left" if column == "site" else "right")
    for site in report.sites:
        sites.add_row(site.site, str(site.queued), str(site.in_flight), str(site.generation))
    console.print(sites)
    workers = Table(title="Workers alive")
    for column in ("worker", "host", "pid", "sites", "items", "items/s"):
        workers.add_column(column, justify="right" if column in ("items", "items/s") else "left")
    for info in report.workers:
        workers.add_row(
            info.id,
            info.host,
            str(info.pid),
            " ".join(info.sites),
            str(info.items),
            f"{info.items_per_second:.1f}",
        )
    console.print(workers)
    click.echo(
        f"pending {report.pending} · workers alive {len(report.workers)} · "
        f"items/s {report.items_per_second:.1f}"
    )


def seed_sites(
    app: AppContext,
    redis_url: str,
    sites: Sequence[SiteConfig],
    *,
    since: date | None,
    until: date | None,
) -> None:
    """``unionwatch crawl SITE... --redis URL``: queue the sites' start URLs (and what an
    earlier run left pending in --db) for the workers, and return."""
    from crawler.distributed.dupefilter import SEEN_TTL_SECONDS
    from crawler.distributed.keys import REDIS_DOWN, ClusterKeys, connect, describe_url
    from crawler.distributed.seed import seed_site
    from crawler.distributed.spider import ClusterSiteSpider
    from storage import Store

    engine = app.engine(create=True)
    store = Store(engine)
    server = connect(redis_url)
    try:
        for site in sites:
            spider = ClusterSiteSpider(site_config=site, since=since, until=until)
            result = seed_site(
                server, ClusterKeys(), spider, store.pending(site.id), seen_ttl=SEEN_TTL_SECONDS
            )
            click.echo(
                f"queued {result.site}: {result.start} start URLs, {result.resumed} pending "
                f"from the database (generation {result.generation})"
            )
    except REDIS_DOWN as exc:
        fail(f"cannot reach Redis at {describe_url(redis_url)}: {exc}")
    finally:
        engine.dispose()
    click.echo(f"workers crawl them: `unionwatch cluster status --redis {describe_url(redis_url)}`")
