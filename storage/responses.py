"""The archive of fetched article responses (raw bytes, compressed) for re-extraction.

Bodies are written with Zstandard (level 3: on ../shared/realpages 0.272 of the raw size in
0.36 ms per page, where zlib level 3, used before, gave 0.279 in 0.93 ms); each row names its
``compression``, so rows written with zlib before are still read."""

from __future__ import annotations

import hashlib
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Engine, Table, select
from sqlalchemy.orm import Session

from storage.models import StoredResponse
from storage.records import ResponseRecord
from storage.upsert import dialect_insert_of

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

__all__ = ["decompress", "iter_responses", "response_row", "save_response", "save_responses"]

_RESPONSES = cast(Table, StoredResponse.__table__)
#: Zstandard level 3 (its default).
_LEVEL = 3
#: How a stored body may be compressed (the ``compression`` column), and how it is undone.
_DECOMPRESS: dict[str, Callable[[bytes], bytes]] = {
    "zstd": zstd.decompress,
    "zlib": zlib.decompress,
}


def response_row(record: ResponseRecord) -> dict[str, Any]:
    """The ``responses`` row of ``record`` (its body compressed)."""
    return {
        "canonical_url": record.canonical_url,
        "url": record.url,
        "site": record.site,
        "status": record.status,
        "headers": dict(record.headers),
        "compression": "zstd",
        "body": zstd.compress(record.body, _LEVEL),
        "size": len(record.body),
        "sha1": hashlib.sha1(record.body).hexdigest(),
        "fetched_at": record.fetched_at,
    }


@lru_cache(maxsize=4)
def _upsert(dialect: str) -> Any:
    stmt = dialect_insert_of(dialect, _RESPONSES)
    columns = [c.name for c in _RESPONSES.columns if c.name not in ("id", "canonical_url")]
    return stmt.on_conflict_do_update(
        index_elements=["canonical_url"], set_={c: stmt.excluded[c] for c in columns}
    )


def save_responses(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Keep each row (:func:`response_row`, one per canonical URL) as the latest response of
    its canonical URL (in the caller's transaction)."""
    session.execute(_upsert(session.get_bind().dialect.name), list(rows))


def save_response(session: Session, record: ResponseRecord) -> None:
    """Keep ``record`` as the latest response of its canonical URL (in the caller's
    transaction)."""
    save_responses(session, [response_row(record)])


def decompress(body: bytes, compression: str) -> bytes:
    """A stored body as it was fetched (``compression``: ``zstd``, or ``zlib`` in rows written
    before unionwatch switched)."""
    try:
        undo = _DECOMPRESS[compression]
    except KeyError:
        raise ValueError(f"unknown compression of a stored response: {compression!r}") from None
    return undo(body)


def iter_responses(
    engine: Engine, *, site: str | None = None, since: datetime | None = None, batch: int = 200
) -> Iterator[ResponseRecord]:
    """Stored responses in id order, read one short transaction per batch (keyset pages), so
    the caller may write to the database between them."""
    last = 0
    while True:
        stmt = select(StoredResponse).where(StoredResponse.id > last)
        if site:
            stmt = stmt.where(StoredResponse.site == site)
        if since:
            stmt = stmt.where(StoredResponse.fetched_at >= since)
        with Session(engine) as session:
            rows = session.execute(stmt.order_by(StoredResponse.id).limit(batch)).scalars().all()
        if not rows:
            return
        for row in rows:
            yield ResponseRecord(
                site=row.site,
                url=row.url,
                canonical_url=row.canonical_url,
                status=row.status,
                headers={str(k): str(v) for k, v in row.headers.items()},
                body=decompress(row.body, row.compression),
                fetched_at=row.fetched_at,
            )
        last = rows[-1].id
