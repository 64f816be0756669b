"""The archive of fetched article responses (raw bytes, zlib-compressed) for re-extraction."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator
from datetime import datetime
from typing import cast

from sqlalchemy import Engine, Table, select
from sqlalchemy.orm import Session

from storage.models import StoredResponse
from storage.records import ResponseRecord
from storage.upsert import dialect_insert

__all__ = ["iter_responses", "save_response"]

_RESPONSES = cast(Table, StoredResponse.__table__)
_LEVEL = 6


def save_response(session: Session, record: ResponseRecord) -> None:
    """Keep ``record`` as the latest response of its canonical URL (in the caller's
    transaction)."""
    values = {
        "canonical_url": record.canonical_url,
        "url": record.url,
        "site": record.site,
        "status": record.status,
        "headers": dict(record.headers),
        "compression": "zlib",
        "body": zlib.compress(record.body, _LEVEL),
        "size": len(record.body),
        "sha1": hashlib.sha1(record.body).hexdigest(),
        "fetched_at": record.fetched_at,
    }
    stmt = dialect_insert(session, _RESPONSES).values(values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["canonical_url"],
        set_={k: stmt.excluded[k] for k in values if k != "canonical_url"},
    )
    session.execute(stmt)


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
                body=zlib.decompress(row.body),
                fetched_at=row.fetched_at,
            )
        last = rows[-1].id
