"""Per-site leases in the database: at most one holder crawls a site at a time, across
processes and machines. A lease expires unless its holder renews it, so a scheduler that died
does not block a site for longer than the lease's time to live."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Engine, Table, delete, or_, select, update

from storage.engine import session_factory
from storage.models import SiteLease
from storage.upsert import insert_ignoring_conflicts

__all__ = ["acquire_lease", "lease_of", "release_lease", "renew_lease", "take_over_lease"]

_LEASES = cast(Table, SiteLease.__table__)


def acquire_lease(engine: Engine, site: str, holder: str, now: datetime, ttl: timedelta) -> bool:
    """Take the site's lease unless another holder has an unexpired one."""
    with session_factory(engine).begin() as session:
        inserted = session.execute(
            insert_ignoring_conflicts(session, _LEASES, ["site"]).values(
                site=site, holder=holder, acquired_at=now, expires_at=now + ttl
            )
        )
        if int(getattr(inserted, "rowcount", 0) or 0) == 1:
            return True
        taken = session.execute(
            update(SiteLease)
            .where(
                SiteLease.site == site,
                or_(SiteLease.expires_at <= now, SiteLease.holder == holder),
            )
            .values(holder=holder, acquired_at=now, expires_at=now + ttl)
        )
        return int(getattr(taken, "rowcount", 0) or 0) == 1


def renew_lease(engine: Engine, site: str, holder: str, now: datetime, ttl: timedelta) -> bool:
    """Extend a lease this holder has; ``False`` when it lost it."""
    with session_factory(engine).begin() as session:
        result = session.execute(
            update(SiteLease)
            .where(SiteLease.site == site, SiteLease.holder == holder)
            .values(expires_at=now + ttl)
        )
        return int(getattr(result, "rowcount", 0) or 0) == 1


def release_lease(engine: Engine, site: str, holder: str) -> None:
    with session_factory(engine).begin() as session:
        session.execute(delete(SiteLease).where(SiteLease.site == site, SiteLease.holder == holder))


def lease_of(engine: Engine, site: str, now: datetime) -> tuple[str, datetime] | None:
    """Who holds the site's unexpired lease, and until when."""
    with session_factory(engine)() as session:
        row = session.execute(
            select(SiteLease.holder, SiteLease.expires_at).where(
                SiteLease.site == site, SiteLease.expires_at > now
            )
        ).one_or_none()
        return (row.holder, row.expires_at) if row is not None else None


def take_over_lease(
    engine: Engine, site: str, stale: str, holder: str, now: datetime, ttl: timedelta
) -> bool:
    """Take the site's lease from ``stale`` (a holder known to be dead), if it still has it."""
    with session_factory(engine).begin() as session:
        taken = session.execute(
            update(SiteLease)
            .where(SiteLease.site == site, SiteLease.holder == stale)
            .values(holder=holder, acquired_at=now, expires_at=now + ttl)
        )
        return int(getattr(taken, "rowcount", 0) or 0) == 1
