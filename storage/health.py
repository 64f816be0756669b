"""What ``unionwatch status`` reads (a site's runs and article times) and writes (the last
verdict of each site, to alert when it changes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Engine, Table, func, select
from sqlalchemy.orm import Session

from storage.engine import session_factory
from storage.models import Article, CrawlRun, SiteHealth
from storage.upsert import dialect_insert

__all__ = [
    "SiteRecord",
    "article_counts",
    "article_times",
    "record_verdict",
    "site_runs",
    "sites_with_runs",
]

_HEALTH = cast(Table, SiteHealth.__table__)


@dataclass(frozen=True, slots=True)
class SiteRecord:
    """A site's verdict as last recorded."""

    verdict: str
    reason: str
    changed_at: datetime


def sites_with_runs(session: Session) -> list[str]:
    return sorted(session.execute(select(CrawlRun.site).distinct()).scalars())


def site_runs(session: Session, site: str, limit: int = 10) -> Sequence[CrawlRun]:
    """The site's newest runs first."""
    return (
        session.execute(
            select(CrawlRun)
            .where(CrawlRun.site == site)
            .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
            .limit(limit)
        )
        .scalars()
        .all()
    )


def article_times(session: Session, site: str, limit: int = 30) -> list[datetime]:
    """Publication (or first-seen) times of the site's newest articles, newest first."""
    published = func.coalesce(Article.published_at, Article.first_seen_at)
    rows = session.execute(
        select(Article.published_at, Article.first_seen_at)
        .where(Article.site == site)
        .order_by(published.desc())
        .limit(limit)
    )
    return [published_at or first_seen for published_at, first_seen in rows]


def article_counts(session: Session, site: str, now: datetime) -> tuple[int, int]:
    """Articles published (or first seen) in the last 24 hours and the last 7 days."""
    published = func.coalesce(Article.published_at, Article.first_seen_at)

    def since(delta: timedelta) -> int:
        return int(
            session.execute(
                select(func.count(Article.id)).where(
                    Article.site == site, published >= now - delta, published <= now
                )
            ).scalar_one()
        )

    return since(timedelta(hours=24)), since(timedelta(days=7))


def record_verdict(
    engine: Engine, site: str, verdict: str, reason: str, now: datetime
) -> SiteRecord | None:
    """Store the site's verdict; returns the one recorded before (``None`` the first time).
    ``changed_at`` moves only when the verdict changes."""
    with session_factory(engine).begin() as session:
        before = session.get(SiteHealth, site)
        previous = SiteRecord(before.verdict, before.reason, before.changed_at) if before else None
        changed = previous is None or previous.verdict != verdict
        stmt = dialect_insert(session, _HEALTH).values(
            site=site, verdict=verdict, reason=reason, changed_at=now, checked_at=now
        )
        update = {"verdict": verdict, "reason": reason, "checked_at": now}
        if changed:
            update["changed_at"] = now
        session.execute(stmt.on_conflict_do_update(index_elements=["site"], set_=update))
        return previous
