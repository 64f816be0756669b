"""What incremental crawls read and write per URL: validators (ETag / Last-Modified), URLs
known before a run, and the stored articles due for a revisit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Engine, Table, func, or_, select

from storage.engine import session_factory
from storage.models import Article, UrlState
from storage.upsert import dialect_insert

__all__ = ["Validators", "due_for_revisit", "known_before", "load_validators", "save_validators"]

_URL_STATES = cast(Table, UrlState.__table__)
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Validators:
    """A URL's last answer's validators."""

    etag: str | None
    last_modified: str | None


def load_validators(engine: Engine, site: str) -> dict[str, Validators]:
    """``{canonical_url: Validators}`` of the site's URLs that have any."""
    with session_factory(engine)() as session:
        rows = session.execute(
            select(UrlState.canonical_url, UrlState.etag, UrlState.last_modified).where(
                UrlState.site == site,
                or_(UrlState.etag.is_not(None), UrlState.last_modified.is_not(None)),
            )
        )
        return {url: Validators(etag, modified) for url, etag, modified in rows}


def save_validators(
    engine: Engine,
    *,
    site: str,
    url: str,
    canonical_url: str,
    kind: str,
    validators: Validators,
    now: datetime,
    next_fetch_at: datetime | None,
) -> None:
    """Remember a URL's validators (and when it is due again); a URL not in the frontier yet
    (a list page, a start page) gets a row of state ``listed``."""
    values = {
        "etag": validators.etag,
        "last_modified": validators.last_modified,
        "next_fetch_at": next_fetch_at,
    }
    with session_factory(engine).begin() as session:
        stmt = (
            dialect_insert(session, _URL_STATES)
            .values(
                canonical_url=canonical_url,
                url=url,
                site=site,
                kind="article" if kind == "article" else "list",
                state="pending" if kind == "article" else "listed",
                attempts=0,
                first_seen_at=now,
                updated_at=now,
                **values,
            )
            .on_conflict_do_update(index_elements=["canonical_url"], set_=values)
        )
        session.execute(stmt)


def known_before(engine: Engine, canonical_urls: Sequence[str], started_at: datetime) -> set[str]:
    """Which of ``canonical_urls`` were settled (stored or failed) before ``started_at``: the
    articles an incremental run has seen already. URLs only discovered (pending), or first
    seen during this run, are not known."""
    known: set[str] = set()
    unique = list(dict.fromkeys(canonical_urls))
    with session_factory(engine)() as session:
        for start in range(0, len(unique), _CHUNK):
            rows = session.execute(
                select(UrlState.canonical_url).where(
                    UrlState.canonical_url.in_(unique[start : start + _CHUNK]),
                    UrlState.state.in_(("stored", "failed")),
                    UrlState.first_seen_at < started_at,
                )
            )
            known.update(rows.scalars())
    return known


def due_for_revisit(
    engine: Engine, site: str, *, published_since: datetime, now: datetime, limit: int
) -> list[tuple[str, str]]:
    """``(url, canonical_url)`` of the site's stored articles published (or, without a date,
    first seen) since ``published_since`` whose next fetch is due, oldest fetch first."""
    published = func.coalesce(Article.published_at, Article.first_seen_at)
    with session_factory(engine)() as session:
        rows = session.execute(
            select(UrlState.url, UrlState.canonical_url)
            .join(Article, Article.canonical_url == UrlState.canonical_url)
            .where(
                UrlState.site == site,
                UrlState.state == "stored",
                published >= published_since,
                or_(UrlState.next_fetch_at.is_(None), UrlState.next_fetch_at <= now),
            )
            .order_by(UrlState.next_fetch_at.is_not(None), UrlState.next_fetch_at)
            .limit(limit)
        )
        return [(url, canonical) for url, canonical in rows]
