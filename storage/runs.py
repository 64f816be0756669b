"""Crawl runs: their monitoring counts, how they ended, and the rows ``unionwatch runs`` and
``unionwatch status`` read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from storage.engine import session_factory
from storage.models import CrawlRun
from storage.queries import SHANGHAI

__all__ = [
    "MonitoringCounts",
    "finish_run",
    "interrupt_runs",
    "last_run_finished",
    "last_started",
    "recent_runs",
    "run_to_dict",
]


@dataclass(frozen=True, slots=True)
class MonitoringCounts:
    """What one crawl did, as ``crawl_runs`` records it (the details stay in its stats)."""

    requests: int = 0
    pages: int = 0
    new: int = 0
    unchanged: int = 0
    updated: int = 0
    duplicates: int = 0
    failures: int = 0
    blocked: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    failure_reasons: dict[str, int] = field(default_factory=dict)
    blocked_kinds: dict[str, int] = field(default_factory=dict)


def finish_run(
    engine: Engine,
    run_id: int,
    *,
    status: str,
    finished_at: datetime,
    counts: MonitoringCounts,
    stats: dict[str, Any],
) -> None:
    """Record how a run ended with its counts; ``stats`` keeps every numeric counter."""
    with session_factory(engine).begin() as session:
        session.execute(
            update(CrawlRun)
            .where(CrawlRun.id == run_id)
            .values(
                status=status,
                finished_at=finished_at,
                requests=counts.requests,
                pages=counts.pages,
                new=counts.new,
                unchanged=counts.unchanged,
                updated=counts.updated,
                duplicates=counts.duplicates,
                failures=counts.failures,
                blocked=counts.blocked,
                stats=stats
                | {
                    "statuses": dict(counts.statuses),
                    "failure_reasons": dict(counts.failure_reasons),
                    "blocked_kinds": dict(counts.blocked_kinds),
                },
            )
        )


def interrupt_runs(engine: Engine, site: str, since: datetime, finished_at: datetime) -> int:
    """Mark the site's runs started since ``since`` that are still ``running`` as
    ``interrupted`` (their process was killed before it could say so); how many."""
    with session_factory(engine).begin() as session:
        result = session.execute(
            update(CrawlRun)
            .where(
                CrawlRun.site == site,
                CrawlRun.status == "running",
                CrawlRun.started_at >= since,
            )
            .values(status="interrupted", finished_at=finished_at)
        )
        return int(getattr(result, "rowcount", 0) or 0)


def last_started(engine: Engine, site: str) -> datetime | None:
    """When the site's newest run started (``None``: never crawled)."""
    with session_factory(engine)() as session:
        value: datetime | None = session.execute(
            select(func.max(CrawlRun.started_at)).where(CrawlRun.site == site)
        ).scalar_one()
        return value


def last_run_finished(engine: Engine, site: str) -> bool:
    """Whether the site's newest run ended ``finished`` (``False``: never crawled, or its last
    run was interrupted, failed or killed)."""
    with session_factory(engine)() as session:
        status = session.execute(
            select(CrawlRun.status)
            .where(CrawlRun.site == site)
            .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        return status == "finished"


def recent_runs(session: Session, site: str | None = None, limit: int = 20) -> Sequence[CrawlRun]:
    """The newest runs first."""
    stmt = select(CrawlRun).order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(limit)
    if site:
        stmt = stmt.where(CrawlRun.site == site)
    return session.execute(stmt).scalars().all()


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(SHANGHAI).isoformat(timespec="seconds") if value else None


def run_to_dict(run: CrawlRun) -> dict[str, Any]:
    """A run as ``unionwatch runs --format json`` shows it (ISO 8601 times, +08:00)."""
    stats = run.stats or {}
    return {
        "id": run.id,
        "site": run.site,
        "started_at": _iso(run.started_at),
        "finished_at": _iso(run.finished_at),
        "status": run.status,
        "requests": run.requests,
        "pages": run.pages,
        "responses": dict(stats.get("statuses", {})),
        "new": run.new,
        "unchanged": run.unchanged,
        "updated": run.updated,
        "duplicates": run.duplicates,
        "failures": run.failures,
        "failure_reasons": dict(stats.get("failure_reasons", {})),
        "blocked": run.blocked,
        "blocked_kinds": dict(stats.get("blocked_kinds", {})),
    }
