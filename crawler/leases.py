"""The site leases a crawl started by hand holds while it runs (see :mod:`storage.leases`):
a scheduler skips a site a manual crawl is crawling, and a manual crawl refuses a site a
scheduler (or another manual crawl) is crawling. The leases are renewed on a thread until
released; a crawl killed without releasing them frees its sites when they expire."""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from types import TracebackType

from sqlalchemy import Engine

from storage.engine import retry_transient
from storage.leases import (
    acquire_lease,
    lease_of,
    release_lease,
    renew_lease,
    take_over_lease,
)

__all__ = ["HELD_BY_PARENT", "Busy", "SiteLeases", "holder_name", "is_dead_here"]

logger = logging.getLogger(__name__)

#: Set by the scheduler for the crawl it starts: the lease is the scheduler's already.
HELD_BY_PARENT = "UNIONWATCH_LEASE_HOLDER"
#: A manual crawl's lease lasts this long unless renewed.
TTL = timedelta(minutes=10)

#: A site another holder is crawling: (site, holder, lease expiry).
Busy = tuple[str, str, datetime]


class SiteLeases:
    """Leases of the sites one crawl process runs: :meth:`take`, then ``with`` to keep them
    renewed until the block ends (they are released then)."""

    def __init__(self, engine: Engine, ttl: timedelta = TTL) -> None:
        self.engine = engine
        self.ttl = ttl
        self.holder = holder_name("crawl")
        self.held: list[str] = []
        self._stop = threading.Event()
        self._renewing: threading.Thread | None = None

    def take(self, site_ids: Sequence[str]) -> list[Busy]:
        """Take each site's lease; the sites others hold, with their holder, are returned."""
        busy: list[Busy] = []
        for site in site_ids:
            now = datetime.now(UTC)
            if self._acquire(site, now):
                self.held.append(site)
                continue
            holder = retry_transient(partial(lease_of, self.engine, site, now))
            if holder is None:
                taken = self._acquire(site, now)  # released between the two statements
            elif is_dead_here(holder[0]):  # a crawl on this machine killed before releasing
                logger.warning("taking over the lease of %s from %s (gone)", site, holder[0])
                take = partial(
                    take_over_lease, self.engine, site, holder[0], self.holder, now, self.ttl
                )
                taken = retry_transient(take)
            else:
                busy.append((site, *holder))
                continue
            if taken:
                self.held.append(site)
            else:
                busy.append((site, "another crawl", now + self.ttl))
        return busy

    def release(self) -> None:
        for site in self.held:
            retry_transient(partial(release_lease, self.engine, site, self.holder))
        self.held = []

    def _acquire(self, site: str, now: datetime) -> bool:
        take = partial(acquire_lease, self.engine, site, self.holder, now, self.ttl)
        return retry_transient(take)

    def __enter__(self) -> SiteLeases:
        if self.held:
            self._renewing = threading.Thread(
                target=self._renew, name="unionwatch-leases", daemon=True
            )
            self._renewing.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._renewing is not None:
            self._renewing.join()
        self.release()

    def _renew(self) -> None:
        while not self._stop.wait(self.ttl.total_seconds() / 3):
            for site in self.held:
                try:
                    kept = renew_lease(self.engine, site, self.holder, datetime.now(UTC), self.ttl)
                except Exception as exc:  # a renewal is tried again a third of the TTL later
                    logger.warning("could not renew the lease of %s: %s", site, exc)
                    continue
                if not kept:
                    logger.error("lost the lease of %s while crawling it", site)


#: ``crawl@HOST:PID`` (a manual crawl) or ``HOST:PID:TAG`` (a scheduler).
_HOLDER = re.compile(r"^(?:crawl@)?(?P<host>[^:@]+):(?P<pid>\d+)(?::[0-9a-f]+)?$")


def holder_name(kind: str) -> str:
    """How a process names itself as a lease holder: ``KIND@HOST:PID``."""
    return f"{kind}@{socket.gethostname()}:{os.getpid()}"


def is_dead_here(holder: str) -> bool:
    """Whether ``holder`` names a process of this machine that no longer runs."""
    found = _HOLDER.match(holder)
    if found is None or found["host"] != socket.gethostname():
        return False
    pid = int(found["pid"])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False
