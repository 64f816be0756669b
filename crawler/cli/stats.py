"""``unionwatch stats``: articles per site and day or week, top reporters and sources, reprints;
``--chart FILE.png`` draws articles per day per site."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from sqlalchemy.orm import Session

from crawler.cli.app import AppContext, db_option, pass_app
from crawler.cli.filters import article_filter, parse_day
from crawler.cli.render import format_option, make_console, print_records, to_json
from storage.stats import PERIODS, Stats, collect_stats

__all__ = ["draw_chart", "stats"]


@click.command()
@click.option("--site", metavar="ID", help="Only this site.")
@click.option(
    "--since", metavar="DATE", callback=parse_day, help="Published on or after (YYYY-MM-DD)."
)
@click.option("--until", metavar="DATE", callback=parse_day, help="Published on or before.")
@click.option("--per", type=click.Choice(PERIODS), default="day", show_default=True, help="Period.")
@click.option(
    "--top", type=click.IntRange(min=1), default=10, show_default=True, help="Length of tops."
)
@click.option(
    "--chart",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.png",
    help="Also draw articles per day (or week) per site into this PNG.",
)
@format_option(("table", "json"))
@db_option
@pass_app
def stats(
    app: AppContext,
    site: str | None,
    since: date | None,
    until: date | None,
    per: str,
    top: int,
    chart: Path | None,
    fmt: str,
) -> None:
    """Statistics: articles per site per day (or week), top reporters, top sources (来源),
    originals and reprints per site, the most reprinted stories.

    \b
    Examples:
      unionwatch stats --since 2025-01-01
      unionwatch stats --site demo-city --per week --format json
      unionwatch stats --since 2025-01-01 --chart articles.png
    """
    flt = article_filter(site=site, since=since, until=until)
    engine = app.engine(create=False)
    with Session(engine) as session:
        result = collect_stats(session, flt, per=per, top=top)
    engine.dispose()
    if chart is not None:
        draw_chart(result, chart)
    if fmt == "json":
        click.echo(to_json(result.to_dict()))
    else:
        _print_tables(result, make_console())
    if chart is not None:
        click.echo(f"chart written to {chart}", err=True)


def _pivot(result: Stats) -> tuple[list[str], list[dict[str, Any]]]:
    """Articles per period as rows, one column per site."""
    sites = sorted({row["site"] for row in result.articles})
    rows: dict[str, dict[str, Any]] = {}
    for row in result.articles:
        rows.setdefault(row["period"], {"period": row["period"]})[row["site"]] = row["articles"]
    return sites, list(rows.values())


def _print_tables(result: Stats, console: Console) -> None:
    sites, periods = _pivot(result)
    print_records(
        periods,
        "table",
        columns=("period", *sites),
        console=console,
        title=f"Articles per {result.per} (Asia/Shanghai)",
    )
    print_records(
        result.sites,
        "table",
        columns=("site", "articles", "originals", "copies", "undated"),
        console=console,
        title="Articles per site (copies: reprints and mirrors of another article)",
    )
    print_records(
        result.top_reporters,
        "table",
        columns=("name", "articles"),
        console=console,
        title="Top reporters",
    )
    print_records(
        result.top_sources,
        "table",
        columns=("source", "articles"),
        console=console,
        title="Top sources (来源)",
    )
    print_records(
        result.top_stories,
        "table",
        columns=("cluster_id", "canonical_id", "title", "copies", "sites"),
        console=console,
        title="Most reprinted stories",
    )


def draw_chart(result: Stats, path: Path) -> None:
    """A line per site: articles per period (matplotlib's Agg renderer, no display needed)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    series: dict[str, tuple[list[Any], list[int]]] = {}
    for row in result.articles:
        days, counts = series.setdefault(row["site"], ([], []))
        days.append(date.fromisoformat(row["period"]))
        counts.append(row["articles"])
    figure = Figure(figsize=(11, 5.5), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    for site in sorted(series):
        days, counts = series[site]
        axes.plot(days, counts, marker="." if len(days) < 60 else None, label=site)
    axes.set_title(f"Articles per {result.per} per site")
    axes.set_xlabel(f"{result.per} (Asia/Shanghai)")
    axes.set_ylabel("articles")
    axes.grid(alpha=0.3)
    if series:
        axes.legend(loc="upper left", fontsize="small")
    else:
        axes.text(0.5, 0.5, "no dated articles", ha="center", transform=axes.transAxes)
    figure.autofmt_xdate()
    figure.tight_layout()
    figure.savefig(path, format="png")
