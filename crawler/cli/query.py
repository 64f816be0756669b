"""``unionwatch query`` and ``show``: read the database."""

from __future__ import annotations

from datetime import date

import click
from sqlalchemy.orm import Session

from crawler.cli.app import EXIT_USAGE, AppContext, db_option, fail, pass_app
from crawler.cli.filters import article_filter, parse_day
from crawler.cli.render import format_option, make_console, print_records, to_json
from storage.queries import (
    article_to_dict,
    cluster_of,
    find_articles,
    find_clusters,
    get_article,
)

__all__ = ["query", "show"]

_TABLE_COLUMNS = ("id", "site", "published_at", "title", "reporters", "editor", "cluster_id")
_CLUSTER_COLUMNS = ("cluster_id", "canonical_id", "published_at", "title", "copies", "sites")


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
@click.option(
    "--text",
    metavar="WORDS",
    help="Title or body contains every word (Chinese words of 2+ characters use the index).",
)
@click.option("--rank", is_flag=True, help="With --text: best match first instead of newest.")
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
    rank: bool,
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
      unionwatch query --text 职工书屋 --rank --since 2025-01-01
      unionwatch query --clusters --since 2025-01-01
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
