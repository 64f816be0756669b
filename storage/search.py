"""Full-text search over Chinese titles and bodies: a character-bigram index on both backends.

Chinese has no spaces, and the words people search for are mostly two characters long (工会,
郑莉). Every run of letters and digits in a title or body is cut into overlapping character
bigrams ("职工之家" -> 职工 工之 之家), and the bigrams are what the index holds:

* SQLite: a contentless FTS5 table ``article_search(title, body)`` (``rowid`` = article id,
  ``detail=full``, the ``ascii`` tokenizer, so a bigram is exactly one token).
* PostgreSQL: a table ``article_search(article_id, terms tsvector)`` with a GIN index; the
  tsvector is built from the bigrams directly (no text-search parser), title bigrams weighted A.

A query word becomes its bigrams, all of which must be in the article (an index lookup); a
word longer than two characters is then confirmed on the real text (``LIKE``), because the
bigrams of 工会会员 can also come from 工会 and 会员 in different places. A one-character word
has no bigram: it is answered by scanning the texts (:attr:`SearchPlan.scan_words`).

The store keeps the index in sync in the transaction that writes the article
(:func:`index_rows`, :func:`reindex_article`); migration 0004 builds it for existing rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Integer,
    Select,
    Subquery,
    bindparam,
    cast,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY, TSVECTOR
from sqlalchemy.orm import Session

__all__ = [
    "COMMON_MATCHES",
    "NEWEST_INDEX",
    "SEARCH_TABLE",
    "SearchPlan",
    "bigrams",
    "build_index",
    "index_rows",
    "is_common",
    "is_model_object",
    "matching_ids",
    "pg_query",
    "pg_terms",
    "plan_search",
    "reindex_article",
    "relevance",
    "sqlite_match",
    "sqlite_terms",
]

SEARCH_TABLE = "article_search"
#: PostgreSQL only: articles in "newest first" order (see migration 0004).
NEWEST_INDEX = "ix_articles_newest"


def is_model_object(_obj: object, name: str | None, type_: str, *_: object) -> bool:
    """Alembic's ``include_object``: False for the search index (backend-specific SQL made
    by migration 0004, not a model), so autogenerate neither drops nor compares it."""
    if type_ == "index" and name == NEWEST_INDEX:
        return False
    return not (type_ == "table" and (name or "").startswith(SEARCH_TABLE))


#: Runs of letters and digits (no underscore) at least two characters long.
_RUN = re.compile(r"[^\W_]{2,}")


def bigrams(text: str) -> list[str]:
    """The overlapping character bigrams of every run of letters/digits in ``text``, lowered,
    in text order (repeats included)."""
    out: list[str] = []
    for run in _RUN.findall(text.lower()):
        out.extend([a + b for a, b in pairwise(run)])
    return out


def sqlite_terms(text: str) -> str:
    """An FTS5 column value: the bigrams separated by spaces."""
    return " ".join(bigrams(text))


def pg_terms(title: str, body: str) -> str:
    """A tsvector literal: the title's bigrams with weight A (so ``ts_rank`` prefers title
    matches), the body's other bigrams without positions (the index needs only the lexemes)."""
    head = dict.fromkeys(bigrams(title))
    rest = set(bigrams(body)).difference(head)
    # Bigrams hold only letters and digits, so no quoting beyond the enclosing quotes.
    return " ".join([*(f"'{gram}':1A" for gram in head), *(f"'{gram}'" for gram in rest)])


@dataclass(frozen=True, slots=True)
class SearchPlan:
    """How to answer ``--text WORDS``: the bigrams the index must hold (all of them), the
    words to confirm on the text (longer than one bigram), and the words the index cannot serve
    (a single character), which are answered by a scan."""

    terms: tuple[str, ...]
    confirm_words: tuple[str, ...]
    scan_words: tuple[str, ...]

    @property
    def indexed(self) -> bool:
        return bool(self.terms)


def plan_search(words: str) -> SearchPlan:
    terms: dict[str, None] = {}
    confirm: list[str] = []
    scan: list[str] = []
    for word in words.split():
        runs = _RUN.findall(word.lower())
        grams = bigrams(word)
        if not grams:
            scan.append(word)
            continue
        terms.update(dict.fromkeys(grams))
        # Exact when the word is one bigram of one run; otherwise confirm on the text.
        if len(grams) > 1 or len(runs) != 1 or runs[0] != word.lower():
            confirm.append(word)
    return SearchPlan(tuple(terms), tuple(confirm), tuple(scan))


def sqlite_match(terms: Sequence[str]) -> str:
    """An FTS5 MATCH expression requiring every bigram."""
    return " AND ".join(f'"{term}"' for term in terms)


def pg_query(terms: Sequence[str]) -> str:
    """A tsquery literal requiring every bigram."""
    return " & ".join(f"'{term}'" for term in terms)


# -- writes ---------------------------------------------------------------------------------


def _sqlite_insert(connection: Connection, rows: Sequence[tuple[int, str, str]]) -> None:
    connection.execute(
        text(f"INSERT INTO {SEARCH_TABLE} (rowid, title, body) VALUES (:id, :title, :body)"),
        [{"id": i, "title": sqlite_terms(t), "body": sqlite_terms(b)} for i, t, b in rows],
    )


def _pg_upsert(connection: Connection, rows: Sequence[tuple[int, str, str]]) -> None:
    connection.execute(
        text(
            f"INSERT INTO {SEARCH_TABLE} (article_id, terms)"
            " VALUES (:id, CAST(:terms AS tsvector))"
            " ON CONFLICT (article_id) DO UPDATE SET terms = excluded.terms"
        ),
        [{"id": i, "terms": pg_terms(t, b)} for i, t, b in rows],
    )


def index_rows(connection: Connection, rows: Sequence[tuple[int, str, str]]) -> None:
    """Index new articles given as (id, title, body)."""
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        _pg_upsert(connection, rows)
    else:
        _sqlite_insert(connection, rows)


def reindex_article(
    session: Session, article_id: int, old: tuple[str, str], new: tuple[str, str]
) -> None:
    """Re-index an article whose title or body changed from ``old`` to ``new``."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        # A contentless FTS5 table forgets a row given the values it was indexed with.
        connection.execute(
            text(
                f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rowid, title, body)"
                " VALUES ('delete', :id, :title, :body)"
            ),
            {"id": article_id, "title": sqlite_terms(old[0]), "body": sqlite_terms(old[1])},
        )
    index_rows(connection, [(article_id, *new)])


def build_index(connection: Connection, batch: int = 1000) -> int:
    """Index every stored article (migration 0004). Returns the number indexed."""
    last, total = 0, 0
    select_batch = text(
        "SELECT id, title, body FROM articles WHERE id > :last ORDER BY id LIMIT :n"
    ).bindparams(bindparam("last"), bindparam("n"))
    while True:
        rows = connection.execute(select_batch, {"last": last, "n": batch}).all()
        chunk = [(int(i), str(t), str(b)) for i, t, b in rows]
        if not chunk:
            return total
        index_rows(connection, chunk)
        total += len(chunk)
        last = chunk[-1][0]


# -- reads ----------------------------------------------------------------------------------

_FTS = table(SEARCH_TABLE, column("rowid", Integer), column(SEARCH_TABLE))
_PG = table(SEARCH_TABLE, column("article_id", BigInteger), column("terms", TSVECTOR))

#: On SQLite, a search whose bigrams match at least this many articles is "common": newest
#: first, it is answered by reading the newest articles and checking their text, which finds
#: the first page long before the full list of matches would be read and sorted.
COMMON_MATCHES = 5000


def matching_ids(dialect: str, plan: SearchPlan) -> Select[tuple[int]]:
    """The ids of the articles holding every bigram of ``plan`` (a superset of the matches
    when ``plan.confirm_words``)."""
    if dialect == "postgresql":
        return select(_PG.c.article_id).where(
            _PG.c.terms.op("@@")(cast(pg_query(plan.terms), TSQUERY))
        )
    return select(_FTS.c.rowid).where(_FTS.c[SEARCH_TABLE].op("MATCH")(sqlite_match(plan.terms)))


def relevance(dialect: str, plan: SearchPlan) -> Subquery:
    """(id, score) of the matching articles, the best score the lowest."""
    if dialect == "postgresql":
        score: ColumnElement[float] = -func.ts_rank(
            _PG.c.terms, cast(pg_query(plan.terms), TSQUERY)
        )
        return (
            select(_PG.c.article_id.label("id"), score.label("score"))
            .where(_PG.c.terms.op("@@")(cast(pg_query(plan.terms), TSQUERY)))
            .subquery("relevance")
        )
    # bm25 (lower is better); a match in the title weighs four times one in the body.
    bm25 = func.bm25(literal_column(SEARCH_TABLE), 4.0, 1.0)
    return (
        select(_FTS.c.rowid.label("id"), bm25.label("score"))
        .where(_FTS.c[SEARCH_TABLE].op("MATCH")(sqlite_match(plan.terms)))
        .subquery("relevance")
    )


def is_common(session: Session, plan: SearchPlan, threshold: int = COMMON_MATCHES) -> bool:
    """Whether at least ``threshold`` articles hold every bigram of ``plan``.

    SQLite counts the index's matches up to ``threshold``. PostgreSQL reads the estimate its
    planner keeps (``pg_stats``: the most common lexemes and their frequencies, refreshed by
    ANALYZE): a bigram absent from that list is not common.
    """
    if session.get_bind().dialect.name != "postgresql":
        capped = matching_ids("sqlite", plan).limit(threshold).subquery()
        found = session.execute(select(func.count()).select_from(capped)).scalar_one()
        return bool(found >= threshold)
    row = session.execute(
        text(
            "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples"
            " FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename"
            " WHERE s.tablename = :table AND s.attname = 'terms'"
            " AND s.schemaname = current_schema()"
        ),
        {"table": SEARCH_TABLE},
    ).first()
    if row is None or row[0] is None:
        return False
    frequency = dict(zip(row[0], row[1], strict=False))
    rarest = min(frequency.get(term, 0.0) for term in plan.terms)
    return bool(rarest * max(float(row[2]), 0.0) >= threshold)
