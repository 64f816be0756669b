"""``unionwatch runs``: recent crawl runs and their monitoring counts."""

from __future__ import annotations

import click
from sqlalchemy.orm import Session

from crawler.cli.app import AppContext, db_option, pass_app
from crawler.cli.render import format_option, make_console, print_records
from storage.runs import recent_runs, run_to_dict

__all__ = ["runs"]

_COLUMNS = (
    "id",
    "site",
    "started_at",
    "status",
    "requests",
    "new",
    "unchanged",
    "updated",
    "duplicates",
    "failures",
    "blocked",
)


@click.command()
@click.option("--site", metavar="ID", help="Only this site.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@format_option(("table", "json"))
@db_option
@pass_app
def runs(app: AppContext, site: str | None, limit: int, fmt: str) -> None:
    """List recent crawl runs, newest first, with their counts: requests, new, unchanged
    (304 or same text), updated (edited articles), duplicates, failures and blocked
    (anti-bot) answers. JSON adds the responses by status and the failures by reason.

    \b
    Examples:
      unionwatch runs
      unionwatch runs --site demo-city --format json
    """
    engine = app.engine(create=False)
    with Session(engine) as session:
        records = [run_to_dict(run) for run in recent_runs(session, site, limit)]
    engine.dispose()
    print_records(records, fmt, columns=_COLUMNS, console=make_console(), title="Crawl runs")
