"""Printing results: tables for people, JSON / JSON lines / CSV for scripts."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:  # the runner imports Scrapy: commands that only print do not need it
    from crawler.runner import SiteSummary

__all__ = [
    "FORMATS",
    "format_option",
    "make_console",
    "print_records",
    "print_summary",
    "to_json",
]

FORMATS = ("table", "json", "jsonl", "csv")
F = TypeVar("F", bound=Callable[..., Any])
_PIPE_WIDTH = 160


def format_option(choices: Sequence[str] = FORMATS, default: str = "table") -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help="Output format.",
    )


def make_console() -> Console:
    """A console for tables: the terminal's width, or a wide fixed width in pipes and logs
    (rich would otherwise wrap Chinese titles at 80 columns)."""
    console = Console()
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = Console(width=_PIPE_WIDTH)
    return console


def to_json(value: Any, *, indent: int | None = 2) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, default=str)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    return str(value)


def print_records(
    records: Sequence[Mapping[str, Any]],
    fmt: str,
    *,
    columns: Sequence[str],
    console: Console,
    title: str | None = None,
) -> None:
    """``records`` in ``fmt``; a table shows ``columns`` only, the other formats every key."""
    if fmt == "json":
        click.echo(to_json(list(records)))
    elif fmt == "jsonl":
        for record in records:
            click.echo(to_json(record, indent=None))
    elif fmt == "csv":
        click.echo(_csv(records), nl=False)
    else:
        table = Table(title=title, show_lines=False)
        for column in columns:
            table.add_column(column, overflow="fold")
        for record in records:
            table.add_row(*(_cell(record.get(c)) for c in columns))
        console.print(table)


def _csv(records: Sequence[Mapping[str, Any]]) -> str:
    if not records:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(records[0].keys()), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(
            {
                k: "; ".join(map(str, v)) if isinstance(v, list | tuple) else v
                for k, v in record.items()
            }
        )
    return buffer.getvalue()


def print_summary(summaries: Iterable[SiteSummary], console: Console) -> None:
    """The end-of-crawl table: per site, pages, new, duplicates, failures with reasons."""
    table = Table(title="Crawl summary")
    for column, justify in (
        ("site", "left"),
        ("pages", "right"),
        ("new", "right"),
        ("duplicates", "right"),
        ("failed", "right"),
        ("failure reasons", "left"),
        ("ended", "left"),
    ):
        table.add_column(column, justify=justify, no_wrap=column != "failure reasons")  # type: ignore[arg-type]
    totals = [0, 0, 0, 0]
    for s in summaries:
        reasons = ", ".join(f"{reason} ×{n}" for reason, n in sorted(s.failure_reasons.items()))
        ended = s.close_reason if s.error is None else f"error: {s.error}"
        table.add_row(
            s.site, str(s.pages), str(s.new), str(s.duplicates), str(s.failures), reasons, ended
        )
        for i, value in enumerate((s.pages, s.new, s.duplicates, s.failures)):
            totals[i] += value
    table.add_section()
    table.add_row("total", *(str(t) for t in totals), "", "")
    console.print(table)
