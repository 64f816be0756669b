"""The article filters shared by ``export`` and ``stats`` (the options of ``query``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click

from crawler.cli.app import EXIT_USAGE, fail
from storage.queries import ArticleFilter
from storage.search import plan_search

__all__ = ["article_filter", "filter_options", "note_unindexed", "parse_day"]

F = TypeVar("F", bound=Callable[..., Any])


def parse_day(_ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2025-01-23", param=param) from None


def note_unindexed(text: str) -> None:
    """Say on stderr when a search cannot use the index (one-character words)."""
    scanned = plan_search(text).scan_words
    if scanned:
        click.echo(
            f"note: {' '.join(scanned)}: one-character words are not in the search index;"
            " every article's text is scanned for them (slow on a large database)",
            err=True,
        )


_OPTIONS = (
    click.option("--site", metavar="ID", help="Only this site."),
    click.option(
        "--since", metavar="DATE", callback=parse_day, help="Published on or after (YYYY-MM-DD)."
    ),
    click.option("--until", metavar="DATE", callback=parse_day, help="Published on or before."),
    click.option("--reporter", metavar="NAME", help="Articles by this reporter (记者)."),
    click.option("--correspondent", metavar="NAME", help="Articles by this correspondent."),
    click.option("--editor", metavar="NAME", help="Articles edited by (责任编辑)."),
    click.option("--source", metavar="NAME", help="Source (来源) contains this."),
    click.option("--text", metavar="WORDS", help="Title or body contains every word."),
    click.option("--cluster", type=int, metavar="ID", help="Only copies of one article."),
)


def filter_options(func: F) -> F:
    """Add the filter options; the command receives them as ``filters`` (a dict)."""
    for option in reversed(_OPTIONS):
        func = option(func)
    return func


def article_filter(
    *,
    site: str | None = None,
    since: date | None = None,
    until: date | None = None,
    reporter: str | None = None,
    correspondent: str | None = None,
    editor: str | None = None,
    source: str | None = None,
    text: str | None = None,
    cluster: int | None = None,
    limit: int | None = None,
    rank: bool = False,
) -> ArticleFilter:
    """The filter the options ask for; bad combinations are one-line usage errors."""
    if since and until and since > until:
        fail("--since is after --until", EXIT_USAGE)
    if rank and not text:
        fail("--rank orders a --text search: give --text WORDS", EXIT_USAGE)
    if text:
        note_unindexed(text)
    return ArticleFilter(
        site=site,
        since=since,
        until=until,
        reporter=reporter,
        correspondent=correspondent,
        editor=editor,
        source=source,
        text=text,
        cluster=cluster,
        limit=limit,
        rank=rank,
    )
