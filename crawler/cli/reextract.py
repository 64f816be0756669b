"""``unionwatch reextract``: run the current extractor over stored responses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import click

from crawler import statkeys
from crawler.cli.app import AppContext, db_option, fail, pass_app
from crawler.cli.filters import parse_day
from crawler.cli.render import format_option, make_console, print_records, to_json
from crawler.extract import EXTRACTOR_VERSION
from crawler.runner import crawl_settings, run_spider
from crawler.spiders.reextract import ReextractSpider
from storage.queries import SHANGHAI

__all__ = ["reextract"]

_OUTCOMES = ("updated", "unchanged", "new", "copy")


@click.command()
@click.option("--site", metavar="ID", help="Only this site's pages.")
@click.option(
    "--since", metavar="DATE", callback=parse_day, help="Only pages fetched on or after this day."
)
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log lines too.")
@format_option(("table", "json"))
@db_option
@pass_app
def reextract(
    app: AppContext, site: str | None, since: date | None, verbose: bool, fmt: str
) -> None:
    """Re-run the current extractor over stored responses, without fetching.

    Every article page's response is kept when it is fetched; this re-extracts them, updates
    the stored articles through the same pipelines as a crawl, and reports what changed (pages
    that had failed and now extract are stored as new articles; articles whose page no longer
    extracts are kept and counted).

    \b
    Examples:
      unionwatch reextract
      unionwatch reextract --site demo-city --since 2025-01-01 --format json
    """
    if site and site not in app.registry():
        fail(f"unknown site {site!r} (see `unionwatch sites`)", 2)
    app.engine(create=True).dispose()
    settings = crawl_settings(
        app.db_url,
        overrides={
            "LOG_LEVEL": "INFO" if verbose else "WARNING",
            "STATS_DUMP": verbose,
            "UNIONWATCH_SITES_DIR": str(app.sites_dir or ""),
        },
    )
    stats = run_spider(
        ReextractSpider,
        settings,
        site=site,
        since=datetime.combine(since, time.min, tzinfo=SHANGHAI) if since else None,
        sites_dir=str(app.sites_dir) if app.sites_dir else None,
    )
    report = ReextractReport.from_stats(stats)
    if fmt == "json":
        click.echo(to_json(report.to_dict()))
        return
    console = make_console()
    console.print(
        f"Re-extracted {report.pages} stored pages with extractor {EXTRACTOR_VERSION}: "
        + ", ".join(f"{n} {name}" for name, n in report.outcomes.items())
        + f", {sum(report.failing.values())} no longer extracting (kept),"
        + f" {sum(report.still_failing.values())} still failing."
    )
    rows = [{"field": k, "articles": v} for k, v in report.changed_fields.items()]
    rows += [{"field": f"now failing: {k}", "articles": v} for k, v in report.failing.items()]
    rows += [
        {"field": f"still failing: {k}", "articles": v} for k, v in report.still_failing.items()
    ]
    if rows:
        print_records(
            rows, "table", columns=("field", "articles"), console=console, title="What changed"
        )


@dataclass(frozen=True, slots=True)
class ReextractReport:
    """What a re-extraction did, from its stats."""

    outcomes: dict[str, int]
    changed_fields: dict[str, int]
    #: Stored articles whose page no longer extracts (kept), per reason.
    failing: dict[str, int]
    #: Pages that had failed and still fail, per reason.
    still_failing: dict[str, int]

    @property
    def pages(self) -> int:
        return (
            sum(self.outcomes.values())
            + sum(self.failing.values())
            + sum(self.still_failing.values())
        )

    @classmethod
    def from_stats(cls, stats: Mapping[str, Any]) -> ReextractReport:
        def counts(prefix: str) -> dict[str, int]:
            return {k[len(prefix) :]: int(stats[k]) for k in sorted(stats) if k.startswith(prefix)}

        return cls(
            outcomes={n: int(stats.get(statkeys.REEXTRACT_PREFIX + n, 0)) for n in _OUTCOMES},
            changed_fields=counts(statkeys.REEXTRACT_FIELD_PREFIX),
            failing=counts(statkeys.REEXTRACT_FAILING_PREFIX),
            still_failing=counts(statkeys.REEXTRACT_STILL_FAILING_PREFIX),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "extractor_version": EXTRACTOR_VERSION,
            "pages": self.pages,
            **self.outcomes,
            "failing": sum(self.failing.values()),
            "still_failing": sum(self.still_failing.values()),
            "changed_fields": dict(self.changed_fields),
            "failing_reasons": dict(self.failing),
            "still_failing_reasons": dict(self.still_failing),
        }
