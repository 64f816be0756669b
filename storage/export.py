"""Exports of filtered articles in constant memory: JSON lines, CSV and Parquet.

One query, streamed: a server-side cursor on PostgreSQL, SQLite's own incremental cursor, read
``batch`` rows at a time (``yield_per``; people and clusters loaded per batch). Nothing but the
current batch is held: Parquet is written one row group per batch.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterator
from typing import IO, Any

from sqlalchemy import Connection, Engine, select

from storage.models import Article, ArticlePerson, Cluster
from storage.queries import SHANGHAI, ArticleFilter, format_published, order_articles

__all__ = ["EXPORT_FIELDS", "EXPORT_FORMATS", "export_articles", "iter_article_batches"]

logger = logging.getLogger(__name__)

EXPORT_FORMATS = ("jsonl", "csv", "parquet")
#: Every exported article has these fields (those of ``query --format json``), in this order.
EXPORT_FIELDS = (
    "id",
    "url",
    "site",
    "title",
    "published_at",
    "published_precision",
    "reporters",
    "correspondents",
    "photographers",
    "editor",
    "source",
    "dateline",
    "agency",
    "click_count",
    "original_title",
    "script",
    "first_seen_at",
    "cluster_id",
    "canonical_id",
    "problems",
    "extractor_version",
    "body",
)
_LISTS = frozenset({"reporters", "correspondents", "photographers", "problems"})
#: Columns read for the fields computed from them.
_NEEDED = frozenset({"published_precision", "problems"})
_INTS = frozenset({"id", "click_count", "cluster_id", "canonical_id"})


def _people(connection: Connection, ids: list[int]) -> dict[int, dict[str, list[str]]]:
    found: dict[int, dict[str, list[str]]] = {}
    rows = connection.execute(
        select(ArticlePerson.article_id, ArticlePerson.role, ArticlePerson.name)
        .where(ArticlePerson.article_id.in_(ids))
        .order_by(ArticlePerson.article_id, ArticlePerson.role, ArticlePerson.position)
    )
    for article_id, role, name in rows:
        found.setdefault(article_id, {}).setdefault(role, []).append(name)
    return found


def _row_dict(row: Any, people: dict[str, list[str]]) -> dict[str, Any]:
    values = dict(zip(row._fields, row, strict=True))
    data = {name: values.get(name) for name in EXPORT_FIELDS}
    data["published_at"] = format_published(row)
    first_seen = values["first_seen_at"]
    data["first_seen_at"] = first_seen.astimezone(SHANGHAI).isoformat(timespec="seconds")
    data["reporters"] = people.get("reporter", [])
    data["correspondents"] = people.get("correspondent", [])
    data["photographers"] = people.get("photographer", [])
    data["problems"] = list(values["problems"] or ())
    return data


def iter_article_batches(
    engine: Engine, flt: ArticleFilter, batch: int = 1000
) -> Iterator[list[dict[str, Any]]]:
    """The articles ``flt`` asks for (newest first, or by relevance), ``batch`` at a time, as
    the dictionaries of ``query --format json`` (:func:`storage.queries.article_to_dict`)."""
    columns = [c for c in Article.__table__.c if c.name in EXPORT_FIELDS or c.name in _NEEDED]
    stmt = order_articles(
        select(*columns, Cluster.canonical_id).outerjoin(Cluster, Cluster.id == Article.cluster_id),
        flt,
        engine.dialect.name,
    )
    with (
        engine.connect() as connection,
        connection.execution_options(stream_results=True, yield_per=batch).execute(stmt) as result,
    ):
        for partition in result.partitions():
            people = _people(connection, [row.id for row in partition])
            yield [_row_dict(row, people.get(row.id, {})) for row in partition]


def _write_jsonl(out: IO[bytes], batches: Iterator[list[dict[str, Any]]]) -> int:
    count = 0
    for rows in batches:
        lines = "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)
        out.write(lines.encode("utf-8"))
        count += len(rows)
    return count


class _Utf8Writer:
    """A text sink encoding to a binary stream (what :mod:`csv` needs)."""

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out

    def write(self, text: str) -> int:
        self._out.write(text.encode("utf-8"))
        return len(text)


def _write_csv(out: IO[bytes], batches: Iterator[list[dict[str, Any]]]) -> int:
    writer = csv.DictWriter(_Utf8Writer(out), fieldnames=EXPORT_FIELDS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for rows in batches:
        writer.writerows(
            {k: "; ".join(v) if k in _LISTS else v for k, v in row.items()} for row in rows
        )
        count += len(rows)
    return count


def _parquet_schema() -> Any:
    import pyarrow as pa

    def field(name: str) -> Any:
        if name in _LISTS:
            return pa.field(name, pa.list_(pa.string()))
        if name in _INTS:
            return pa.field(name, pa.int64())
        return pa.field(name, pa.string())

    return pa.schema([field(name) for name in EXPORT_FIELDS])


def _write_parquet(out: IO[bytes], batches: Iterator[list[dict[str, Any]]]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    count = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for rows in batches:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))  # one row group
            count += len(rows)
    return count


_WRITERS = {"jsonl": _write_jsonl, "csv": _write_csv, "parquet": _write_parquet}


def export_articles(
    engine: Engine, flt: ArticleFilter, fmt: str, out: IO[bytes], *, batch: int = 1000
) -> int:
    """Write every article ``flt`` asks for to ``out`` in ``fmt``; the number written."""
    if fmt not in _WRITERS:
        raise ValueError(f"unknown export format {fmt!r}: one of {', '.join(EXPORT_FORMATS)}")
    count = _WRITERS[fmt](out, iter_article_batches(engine, flt, batch))
    logger.info("exported %d articles as %s", count, fmt)
    return count
