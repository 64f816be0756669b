"""``unionwatch export``: every matching article as JSON lines, CSV or Parquet, streamed."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from crawler.cli.app import EXIT_USAGE, AppContext, db_option, fail, pass_app
from crawler.cli.filters import article_filter, filter_options
from storage.export import EXPORT_FORMATS, export_articles

__all__ = ["export_command"]


@click.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl", show_default=True
)
@filter_options
@click.option("--rank", is_flag=True, help="With --text: best match first instead of newest.")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="At most N articles, newest first (0: all).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE (default: standard output; Parquet needs a file).",
)
@db_option
@pass_app
def export_command(
    app: AppContext,
    fmt: str,
    site: str | None,
    since: date | None,
    until: date | None,
    reporter: str | None,
    correspondent: str | None,
    editor: str | None,
    source: str | None,
    text: str | None,
    cluster: int | None,
    rank: bool,
    limit: int,
    output: Path | None,
) -> None:
    """Export matching articles with every field (and the body), newest first.

    Streams in constant memory, whatever the number of articles: Parquet is written one row
    group per 1,000 articles. A file is written under a temporary name and renamed when
    complete.

    \b
    Examples:
      unionwatch export --format jsonl > articles.jsonl
      unionwatch export --format csv --site demo-city --since 2025-01-01 -o city.csv
      unionwatch export --format parquet --text 工会 -o union.parquet
    """
    flt = article_filter(
        site=site,
        since=since,
        until=until,
        reporter=reporter,
        correspondent=correspondent,
        editor=editor,
        source=source,
        text=text,
        cluster=cluster,
        limit=limit or None,
        rank=rank,
    )
    if fmt == "parquet" and output is None:
        fail("Parquet is written to a file: give -o FILE", EXIT_USAGE)
    engine = app.engine(create=False)
    try:
        if output is None:
            count = export_articles(engine, flt, fmt, sys.stdout.buffer)
        else:
            partial = output.with_name(output.name + ".part")
            try:
                with partial.open("wb") as out:
                    count = export_articles(engine, flt, fmt, out)
                os.replace(partial, output)
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
    finally:
        engine.dispose()
    where = f" to {output}" if output is not None else ""
    click.echo(f"exported {count} articles{where}", err=True)
