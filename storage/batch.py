"""The rows an article batch writes besides the articles themselves, one statement per table.

Storing an article inserts its row and assigns its cluster at once (a later article of the same
batch must find it as a copy), but its people, its search-index entry, its URL's ``stored``
state and its raw response are read by nothing else in the batch. :class:`BatchRows` gathers
them and :meth:`BatchRows.write` sends each table's rows as one ``executemany`` before the
batch commits: per statement, SQLAlchemy's and the driver's overhead cost more than the row.
The statements are built once per backend (their compiled form is cached by SQLAlchemy).
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.orm import Session

from storage.models import ArticlePerson, UrlState
from storage.records import ArticleRecord, ResponseRecord, UrlValidators
from storage.responses import response_row, save_responses
from storage.search import index_rows
from storage.upsert import dialect_insert_of

__all__ = ["BatchRows", "people_rows"]

_PEOPLE = cast(Table, ArticlePerson.__table__)
_URL_STATES = cast(Table, UrlState.__table__)
#: The validator columns a page's own URL state takes from its answer.
_VALIDATOR_COLUMNS = ("etag", "last_modified", "next_fetch_at")


@lru_cache(maxsize=8)
def _stored_statement(dialect: str, validated: bool) -> Any:
    """Mark a URL stored (a conflict counts one more attempt); ``validated``: with the page's
    validators, else the stored ones stay."""
    stmt = dialect_insert_of(dialect, _URL_STATES)
    taken = ["url", "updated_at", *(_VALIDATOR_COLUMNS if validated else ())]
    return stmt.on_conflict_do_update(
        index_elements=["canonical_url"],
        set_={
            "state": "stored",
            "attempts": _URL_STATES.c.attempts + 1,
            "last_status": 200,
            "last_error": None,
            **{column: stmt.excluded[column] for column in taken},
        },
    )


def people_rows(article_id: int, record: ArticleRecord) -> list[dict[str, Any]]:
    """The ``article_people`` rows of ``record``: each role's names in order, once each."""
    rows: list[dict[str, Any]] = []
    for role, names in (
        ("reporter", record.reporters),
        ("correspondent", record.correspondents),
        ("photographer", record.photographers),
        ("editor", record.editors),
    ):
        seen: set[str] = set()
        for position, name in enumerate(names):
            if name not in seen:
                seen.add(name)
                rows.append(
                    {"article_id": article_id, "role": role, "name": name, "position": position}
                )
    return rows


class BatchRows:
    """Rows gathered while a batch's articles are stored, written by :meth:`write`."""

    def __init__(self) -> None:
        self._people: list[dict[str, Any]] = []
        self._index: list[tuple[int, str, str]] = []
        # By conflict key, the last row of each: one statement may not upsert a row twice
        # (PostgreSQL refuses it when the driver sends the rows as one multi-row INSERT).
        self._stored: dict[bool, dict[str, dict[str, Any]]] = {False: {}, True: {}}
        self._responses: dict[str, dict[str, Any]] = {}

    def add_article(self, article_id: int, record: ArticleRecord) -> None:
        """A newly inserted article's people and search-index entry."""
        self._people.extend(people_rows(article_id, record))
        self._index.append((article_id, record.title, record.body))

    def add_response(self, response: ResponseRecord) -> None:
        self._responses[response.canonical_url] = response_row(response)

    def mark_stored(
        self,
        record: ArticleRecord,
        now: datetime,
        stored_url: str,
        validators: UrlValidators | None = None,
    ) -> None:
        """Mark the page's canonical URL (and its redirect sources) stored, remembering the URL
        the stored article came from (the frontier tells a gateway copy from the original)
        and, on the page's own URL, its ``validators``."""
        for canonical in dict.fromkeys((record.canonical_url, *record.aliases)):
            row: dict[str, Any] = {
                "canonical_url": canonical,
                "url": stored_url,
                "site": record.site,
                "kind": "article",
                "state": "stored",
                "attempts": 1,
                "last_status": 200,
                "first_seen_at": now,
                "updated_at": now,
            }
            validated = validators is not None and canonical == record.canonical_url
            if validated:
                assert validators is not None
                row |= {
                    "etag": validators.etag,
                    "last_modified": validators.last_modified,
                    "next_fetch_at": validators.next_fetch_at,
                }
            self._stored[validated][canonical] = row

    def write(self, session: Session) -> None:
        """Send the gathered rows (in the session's transaction) and forget them."""
        dialect = session.get_bind().dialect.name
        if self._people:
            session.execute(_PEOPLE.insert(), self._people)
        if self._index:
            index_rows(session.connection(), self._index)
        for validated, rows in self._stored.items():
            if rows:
                session.execute(_stored_statement(dialect, validated), list(rows.values()))
        if self._responses:
            save_responses(session, list(self._responses.values()))
        self._people, self._index = [], []
        self._stored, self._responses = {False: {}, True: {}}, {}
