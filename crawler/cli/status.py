"""``unionwatch status``: each site's health, for people and for cron / monitoring systems."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from sqlalchemy.orm import Session

from crawler.cli.app import AppContext, db_option, fail, http_url, pass_app
from crawler.cli.render import format_option, make_console, print_records, to_json
from crawler.health.alerts import AlertError, alert_payload, post_alert
from crawler.health.report import site_health
from storage.health import record_verdict, sites_with_runs

__all__ = ["status"]

_COLUMNS = (
    "site",
    "verdict",
    "last_success",
    "articles_24h",
    "articles_7d",
    "failure_rate",
    "reason",
)
#: Verdicts that make ``--check`` fail (``unknown``: never crawled, is reported but passes).
_FAILING = frozenset({"stale", "broken", "blocked"})


@click.command()
@click.option("--site", "site_ids", metavar="ID", multiple=True, help="Only these sites.")
@click.option(
    "--check",
    is_flag=True,
    help="Exit with code 1 when any site is stale, broken or blocked (for cron and monitors).",
)
@click.option(
    "--webhook",
    metavar="URL",
    envvar="UNIONWATCH_WEBHOOK",
    callback=http_url,
    help="POST a JSON alert here when a site's verdict changes (env UNIONWATCH_WEBHOOK).",
)
@format_option(("table", "json"))
@db_option
@pass_app
def status(
    app: AppContext, site_ids: tuple[str, ...], check: bool, webhook: str | None, fmt: str
) -> None:
    """Show each site's health: last successful run, articles in the last 24 hours and 7
    days, extraction failure rate of the last run, and a verdict: ok, stale (no new article
    for longer than the site's usual gap), broken (the failure rate jumped: the layout
    changed), blocked (anti-bot answers: 412/521 script challenges, captcha pages, 403/429),
    or unknown (never crawled). Verdicts are remembered; with --webhook a change is posted.

    \b
    Examples:
      unionwatch status
      unionwatch status --check --webhook http://127.0.0.1:9000/alerts
      unionwatch status --site demo-city --format json
    """
    engine = app.engine(create=False)
    if site_ids:
        for site_id in site_ids:
            app.registry().get(site_id)  # an unknown id is a one-line error
        sites = list(dict.fromkeys(site_ids))
    else:
        with Session(engine) as session:
            crawled = sites_with_runs(session)
        enabled = [site.id for site in app.registry().enabled()]
        sites = list(dict.fromkeys([*enabled, *crawled]))
    now = datetime.now(UTC)
    verdicts = site_health(engine, sites, now)
    undelivered: list[str] = []
    for health in verdicts:
        previous = record_verdict(engine, health.site, health.verdict, health.reason, now)
        before = previous.verdict if previous else None
        first_ok = before is None and health.verdict in ("ok", "unknown")
        if webhook and before != health.verdict and not first_ok:
            try:
                post_alert(webhook, alert_payload(health, before, now))
            except AlertError as exc:
                undelivered.append(str(exc))
                # Forget the new verdict, so that the next run alerts again.
                if previous is not None:
                    record_verdict(engine, health.site, previous.verdict, previous.reason, now)
    engine.dispose()
    records = [health.to_dict() for health in verdicts]
    if fmt == "json":
        click.echo(to_json(records))
    else:
        print_records(records, fmt, columns=_COLUMNS, console=make_console(), title="Site health")
    if undelivered:
        fail("; ".join(undelivered))
    failing = [h.site for h in verdicts if h.verdict in _FAILING]
    if check and failing:
        fail(f"not ok: {', '.join(failing)}")
