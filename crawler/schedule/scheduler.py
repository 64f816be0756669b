"""Run each enabled site's crawl on its cron schedule, in a process of its own.

* **Schedule.** APScheduler 3 (``BackgroundScheduler``): one cron job per site
  (``CronTrigger.from_crontab``, Asia/Shanghai), ``max_instances=1``, ``coalesce=True`` and a
  misfire grace time, so runs missed while the scheduler was busy or the machine slept are
  made up by a single run.
* **Catch-up across restarts.** At start, a site whose next scheduled time after its last run
  (from ``crawl_runs``) has passed is crawled once at once, however many times it was missed.
* **One run per site.** Before a crawl starts the scheduler takes the site's lease in the
  database (:mod:`storage.leases`) and renews it while the crawl runs; a site whose lease is
  held (by another scheduler, on any machine) is skipped.
* **Shutdown.** On SIGTERM / SIGINT no new crawl starts; running crawls get SIGTERM (Scrapy
  closes them gracefully: their runs are recorded ``interrupted``), are killed after a grace
  period, runs left ``running`` by a killed crawl are marked ``interrupted``, leases released.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import Engine

from crawler.leases import HELD_BY_PARENT
from crawler.sites import SiteConfig
from storage.leases import acquire_lease, release_lease, renew_lease
from storage.runs import interrupt_runs, last_started

__all__ = ["CrawlScheduler", "SchedulerOptions", "due_sites"]

logger = logging.getLogger(__name__)

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: How often the main thread looks for a signal noted by the handler (seconds).
_SIGNAL_POLL = 0.2


@dataclass(frozen=True, slots=True)
class SchedulerOptions:
    """How the scheduler runs crawls."""

    db_url: str
    sites_dir: Path | None = None
    #: A lease not renewed for this long is free again (its scheduler died).
    lease_ttl: timedelta = timedelta(minutes=10)
    #: How late a scheduled run may still start (APScheduler misfire grace time).
    misfire_grace: timedelta = timedelta(hours=1)
    #: How long running crawls get to stop after SIGTERM before they are killed.
    stop_grace: timedelta = timedelta(seconds=30)
    #: Extra ``unionwatch crawl`` options.
    crawl_args: tuple[str, ...] = field(default=("--progress", "none"))


def trigger_for(site: SiteConfig) -> CronTrigger:
    assert site.schedule is not None
    return CronTrigger.from_crontab(site.schedule, timezone=SHANGHAI)


def due_sites(engine: Engine, sites: Sequence[SiteConfig], now: datetime) -> list[SiteConfig]:
    """The sites that missed a scheduled run: never crawled, or a scheduled time passed since
    their last run started."""
    due = []
    for site in sites:
        last = last_started(engine, site.id)
        if last is None:
            due.append(site)
            continue
        following = trigger_for(site).get_next_fire_time(None, last.astimezone(SHANGHAI))
        if following is not None and following <= now:
            due.append(site)
    return due


class CrawlScheduler:
    """Crawls ``sites`` (those with a ``schedule``) on their schedules until :meth:`stop`."""

    def __init__(self, engine: Engine, sites: Sequence[SiteConfig], options: SchedulerOptions):
        self.engine = engine
        self.sites = [site for site in sites if site.schedule]
        self.options = options
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._stopping = threading.Event()
        #: The signal that asked the scheduler to stop (see :meth:`install_signal_handlers`).
        self._signalled: int | None = None
        self._lock = threading.Lock()
        self._children: dict[str, subprocess.Popen[bytes]] = {}
        self._stopped: dict[str, subprocess.Popen[bytes]] = {}
        #: Sites this scheduler is crawling now (their lease is this holder's).
        self._active: set[str] = set()
        self._scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(max(len(self.sites), 1))},
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": int(options.misfire_grace.total_seconds()),
            },
            timezone=SHANGHAI,
        )
        #: Finished crawls: (site, exit code), for the caller and tests.
        self.finished: list[tuple[str, int]] = []

    # -- running ----------------------------------------------------------------------------

    def start(self, *, catch_up: bool = True) -> None:
        """Schedule every site and, with ``catch_up``, start the missed runs now."""
        now = datetime.now(UTC)
        for site in self.sites:
            self._scheduler.add_job(
                self.run_site, trigger_for(site), args=[site], id=site.id, name=site.id
            )
        if catch_up:
            for site in due_sites(self.engine, self.sites, now):
                logger.info("%s missed a scheduled run: crawling it now", site.id)
                self._scheduler.add_job(
                    self.run_site, args=[site], id=f"{site.id}:catch-up", name=site.id
                )
        self._scheduler.start()

    def run_once(self) -> None:
        """Crawl the sites that missed a scheduled run, concurrently, and return when they
        are done (or stopped): ``unionwatch schedule --once``, for cron."""
        due = due_sites(self.engine, self.sites, datetime.now(UTC))
        threads = [
            threading.Thread(target=self.run_site, args=[site], name=f"crawl-{site.id}")
            for site in due
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():
                thread.join(_SIGNAL_POLL)
                if self._take_signal():
                    self._stop_children()

    def run_site(self, site: SiteConfig) -> int | None:
        """Crawl one site in a child process while holding its lease; its exit code, or
        ``None`` when it did not run (lease held elsewhere, or stopping)."""
        with self._lock:
            if self._stopping.is_set() or site.id in self._active:
                return None  # stopping, or its catch-up run and a cron run coincide
            self._active.add(site.id)
        try:
            return self._run_leased(site)
        finally:
            with self._lock:
                self._active.discard(site.id)

    def _run_leased(self, site: SiteConfig) -> int | None:
        ttl = self.options.lease_ttl
        if not acquire_lease(self.engine, site.id, self.holder, datetime.now(UTC), ttl):
            logger.info("%s is being crawled by another scheduler: skipped", site.id)
            return None
        started = datetime.now(UTC)
        try:
            with self._lock:
                if self._stopping.is_set():
                    return None
                child = subprocess.Popen(
                    self._command(site),
                    start_new_session=True,
                    env={**os.environ, HELD_BY_PARENT: self.holder},  # its lease is ours
                )
                self._children[site.id] = child
            logger.info("crawl of %s started (pid %d)", site.id, child.pid)
            code = self._wait(site, child, ttl)
            with self._lock:
                self._children.pop(site.id, None)
                self.finished.append((site.id, code))
            if code != 0:
                marked = interrupt_runs(self.engine, site.id, started, datetime.now(UTC))
                logger.warning(
                    "crawl of %s exited with code %d%s",
                    site.id,
                    code,
                    f"; {marked} run(s) marked interrupted" if marked else "",
                )
            else:
                logger.info("crawl of %s finished", site.id)
            return code
        finally:
            release_lease(self.engine, site.id, self.holder)

    def _wait(self, site: SiteConfig, child: subprocess.Popen[bytes], ttl: timedelta) -> int:
        renew_every = max(ttl.total_seconds() / 3, 0.5)
        while True:
            try:
                return child.wait(timeout=renew_every)
            except subprocess.TimeoutExpired:
                if not renew_lease(self.engine, site.id, self.holder, datetime.now(UTC), ttl):
                    logger.error("lost the lease of %s while crawling it", site.id)

    def _command(self, site: SiteConfig) -> list[str]:
        command = [sys.executable, "-c", "from crawler.cli import main; main()"]
        command += ["--db", self.options.db_url]
        if self.options.sites_dir is not None:
            command += ["--sites-dir", str(self.options.sites_dir)]
        return [*command, "crawl", site.id, *self.options.crawl_args]

    # -- stopping ---------------------------------------------------------------------------

    def install_signal_handlers(self) -> None:
        """SIGTERM and SIGINT stop the scheduler (call from the main thread).

        The handler only notes the signal; the main thread's loops (:meth:`wait_for_stop`,
        :meth:`run_once`) act on it. A handler that set the Event or logged would take a lock
        that the thread it interrupted may hold (``Event.wait`` holds its condition's lock
        between checks): the scheduler would hang forever on that signal."""

        def handler(signum: int, _frame: FrameType | None) -> None:
            self._signalled = signum

        signal.signal(signal.SIGTERM, handler)
        signal.signal(signal.SIGINT, handler)

    def wait_for_stop(self) -> None:
        """Block the calling (main) thread until a signal arrives."""
        while not self._take_signal():
            self._stopping.wait(_SIGNAL_POLL)

    def _take_signal(self) -> bool:
        """Whether the scheduler is stopping: a signal noted by the handler starts it."""
        signum = self._signalled
        if signum is not None and not self._stopping.is_set():
            logger.info("%s received: stopping", signal.Signals(signum).name)
            self._stopping.set()
        return self._stopping.is_set()

    def stop(self) -> list[str]:
        """Stop scheduling, stop running crawls (SIGTERM, then SIGKILL after the grace
        period), wait for them to be recorded; the sites whose crawl was stopped."""
        self._stopping.set()
        if self._scheduler.running:
            self._scheduler.pause()
        self._stop_children()
        if self._scheduler.running:
            # The job threads record the exit codes, mark killed runs, release the leases.
            self._scheduler.shutdown(wait=True)
        return sorted(self._stopped)

    def _stop_children(self) -> list[str]:
        with self._lock:
            running = dict(self._children)
            self._stopped.update(running)
        for site_id, child in running.items():
            logger.info("stopping the crawl of %s (pid %d)", site_id, child.pid)
            _signal(child, signal.SIGTERM)
        deadline = datetime.now(UTC) + self.options.stop_grace
        for site_id, child in running.items():
            remaining = max((deadline - datetime.now(UTC)).total_seconds(), 0.0)
            try:
                child.wait(timeout=remaining)
            except subprocess.TimeoutExpired:
                logger.warning("the crawl of %s did not stop in time: killed", site_id)
                _signal(child, signal.SIGKILL)
                child.wait()
        return sorted(running)


def _signal(child: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signum)
