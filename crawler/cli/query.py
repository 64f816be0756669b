"""``unionwatch query``, ``show`` and ``runs``: read the database."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import click
from sqlalchemy.orm import Session

from crawler.cli.app import EXIT_USAGE, AppContext, db_option, fail, pass_app
from crawler.cli.render import format_option, make_console, print_records, to_json
from storage.queries import (
    SHANGHAI,
    ArticleFilter,
    article_to_dict,
    cluster_of,
    find_articles,
    find_clusters,
    get_article,
    recent_runs,
)

__all__ = ["parse_day", "query", "runs", "show"]

_TABLE_COLUMNS = ("id", "site", "published_at", "title", "reporters", "editor", "cluster_id")
_CLUSTER_COLUMNS = ("cluster_id", "canonical_id", "published_at", "title", "copies", "sites")


def parse_day(_ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2025-01-23", param=param) from None


@click.command()
@click.option("--site", metavar="ID", help="Only this site.")
@click.option(
    "--since", metavar="DATE", callback=parse_day, help="Published on or after (YYYY-MM-DD)."
)
@click.option("--until", metavar="DATE", callback=parse_day, help="Published on or before.")
@click.option("--reporter", metavar="NAME", help="Articles by this reporter (记者).")
@click.option("--correspondent", metavar="NAME", help="Articles by this correspondent (通讯员).")
@click.option("--editor", metavar="NAME", help="Articles edited by (责任编辑).")
@click.option("--source", metavar="NAME", help="Source (来源) contains this.")
@click.option("--text", metavar="WORDS", help="Title or body contains every word.")
@click.option("--cluster", type=int, metavar="ID", help="Only copies of one article.")
@click.option(
    "--clusters",
    "by_cluster",
    is_flag=True,
    help="One row per story (cluster): its original, number of copies and sites.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="At most N articles, newest first (0: all).",
)
@format_option()
@db_option
@pass_app
def query(
    app: AppContext,
    site: str | None,
    since: date | None,
    until: date | None,
    reporter: str | None,
    correspondent: str | None,
    editor: str | None,
    source: str | None,
    text: str | None,
    cluster: int | None,
    by_cluster: bool,
    limit: int,
    fmt: str,
) -> None:
    """Find stored articles, newest first.

    \b
    Examples:
      unionwatch query --limit 10
      unionwatch query --reporter 郑莉 --format json
      unionwatch query --site demo-province --since 2025-01-01 --until 2025-01-31 --format csv
      unionwatch query --text "工会 驿站" --format jsonl
      unionwatch query --clusters --since 2025-01-01
    """
    if since and until and since > until:
        fail("--since is after --until", EXIT_USAGE)
    flt = ArticleFilter(
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
    )
    engine = app.engine(create=False)
    with Session(engine) as session:
        if by_cluster:
            records = [row.to_dict() for row in find_clusters(session, flt)]
        else:
            records = [
                article_to_dict(a, with_body=fmt != "table") for a in find_articles(session, flt)
            ]
    engine.dispose()
    if by_cluster:
        print_records(
            records, fmt, columns=_CLUSTER_COLUMNS, console=make_console(), title="Stories"
        )
    else:
        print_records(
            records, fmt, columns=_TABLE_COLUMNS, console=make_console(), title="Articles"
        )


@click.command()
@click.argument("article_id", metavar="ID", type=int)
@format_option(("table", "json"))
@db_option
@pass_app
def show(app: AppContext, article_id: int, fmt: str) -> None:
    """Show one article with every stored copy of it (reprints, mirrors).

    \b
    Examples:
      unionwatch show 12
      unionwatch show 12 --format json
    """
    engine = app.engine(create=False)
    with Session(engine) as session:
        article = get_article(session, article_id)
        if article is None:
            fail(f"no article with id {article_id}", EXIT_USAGE)
        data = article_to_dict(article)
        data["copies"] = [
            article_to_dict(c, with_body=False)
            for c in cluster_of(session, article)
            if c.id != article.id
        ]
    engine.dispose()
    if fmt == "json":
        click.echo(to_json(data))
        return
    console = make_console()
    for key, value in data.items():
        if key in ("body", "copies"):
            continue
        shown = " ".join(value) if isinstance(value, list) else value
        console.print(f"[bold]{key:>20}[/bold]  {'' if shown is None else shown}")
    console.print()
    console.print(data["body"])
    if data["copies"]:
        print_records(
            data["copies"],
            "table",
            columns=("id", "site", "published_at", "title", "url"),
            console=console,
            title="Copies of this article",
        )


@click.command()
@click.option("--site", metavar="ID", help="Only this site.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@format_option(("table", "json"))
@db_option
@pass_app
def runs(app: AppContext, site: str | None, limit: int, fmt: str) -> None:
    """List recent crawl runs with their counts.

    \b
    Examples:
      unionwatch runs
      unionwatch runs --site demo-city --format json
    """
    engine = app.engine(create=False)
    with Session(engine) as session:
        records = [_run_dict(run) for run in recent_runs(session, site, limit)]
    engine.dispose()
    print_records(
        records,
        fmt,
        columns=("id", "site", "started_at", "status", "pages", "new", "duplicates", "failures"),
        console=make_console(),
        title="Crawl runs",
    )


def _local(value: datetime | None) -> str | None:
    return value.astimezone(SHANGHAI).isoformat(timespec="seconds") if value else None


def _run_dict(run: Any) -> dict[str, Any]:
    return {
        "id": run.id,
        "site": run.site,
        "started_at": _local(run.started_at),
        "finished_at": _local(run.finished_at),
        "status": run.status,
        "pages": run.pages,
        "new": run.new,
        "duplicates": run.duplicates,
        "failures": run.failures,
    }
