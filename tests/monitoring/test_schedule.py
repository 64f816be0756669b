"""`unionwatch schedule`: catch-up once, no overlap across schedulers, clean SIGTERM; the lease
and the due rule on their own."""

from __future__ import annotations

import signal
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from crawler.schedule import CrawlScheduler, SchedulerOptions, due_sites
from crawler.sites import SiteRegistry
from storage import Store
from storage.leases import acquire_lease, release_lease, renew_lease
from storage.models import SiteLease
from tests.monitoring.site import (
    LoopbackSite,
    finish,
    runs,
    serve_site,
    spawn,
    unionwatch,
    wait_for,
    write_site,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
TTL = timedelta(minutes=5)


def test_a_lease_has_one_holder_until_it_expires_or_is_released(engine: Engine) -> None:
    assert acquire_lease(engine, "s", "a", NOW, TTL)
    assert not acquire_lease(engine, "s", "b", NOW + timedelta(minutes=1), TTL)
    assert acquire_lease(engine, "s", "a", NOW + timedelta(minutes=1), TTL)  # its own: renewed
    assert renew_lease(engine, "s", "a", NOW + timedelta(minutes=2), TTL)
    assert not acquire_lease(engine, "s", "b", NOW + timedelta(minutes=6), TTL)
    assert acquire_lease(engine, "s", "b", NOW + timedelta(minutes=8), TTL)  # a's expired
    assert not renew_lease(engine, "s", "a", NOW + timedelta(minutes=8), TTL)
    release_lease(engine, "s", "a")  # not a's any more: b keeps it
    assert not acquire_lease(engine, "s", "a", NOW + timedelta(minutes=9), TTL)
    release_lease(engine, "s", "b")
    assert acquire_lease(engine, "s", "a", NOW + timedelta(minutes=9), TTL)


def test_a_site_is_due_once_whatever_number_of_runs_it_missed(
    engine: Engine, tmp_path: Path
) -> None:
    sites = write_site(tmp_path / "sites", "hourly", "http://127.0.0.1:9", schedule="0 * * * *")
    site = SiteRegistry.load([sites]).get("hourly")
    now = datetime.now(UTC)
    assert due_sites(engine, [site], now) == [site]  # never crawled
    store = Store(engine)
    store.start_run("hourly", now - timedelta(days=3))  # 72 runs missed: still one catch-up
    assert due_sites(engine, [site], now) == [site]
    store.start_run("hourly", now)
    assert due_sites(engine, [site], now) == []


def test_a_signal_landing_inside_the_wait_stops_the_scheduler_instead_of_hanging_it(
    engine: Engine, tmp_path: Path
) -> None:
    sites = write_site(tmp_path / "sites", "s", "http://127.0.0.1:9")
    scheduler = CrawlScheduler(
        engine, [SiteRegistry.load([sites]).get("s")], SchedulerOptions(db_url="sqlite://")
    )
    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
    scheduler.install_signal_handlers()
    handler = signal.getsignal(signal.SIGTERM)
    assert callable(handler)
    try:
        # Where a signal often lands: Event.wait() between checks, holding its condition's lock.
        with scheduler._stopping._cond:  # type: ignore[attr-defined]
            handling = threading.Thread(target=handler, args=(signal.SIGTERM, None), daemon=True)
            handling.start()
            handling.join(5)
            assert not handling.is_alive(), "the signal handler waits for a lock"
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)
    stopping = threading.Thread(target=scheduler.wait_for_stop, daemon=True)
    stopping.start()
    stopping.join(5)
    assert not stopping.is_alive()
    assert scheduler.stop() == []


@pytest.mark.e2e
def test_a_missed_run_is_caught_up_once(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.db'}"
    site = LoopbackSite()
    site.publish(range(1, 4), datetime.now(UTC))
    with serve_site(site) as base:
        sites = write_site(tmp_path / "sites", "testsite", base)  # yearly, on 1 January
        first = unionwatch(
            "--db", db, "--sites-dir", str(sites), "schedule", "--site", "testsite", "--once"
        )
        assert first.returncode == 0, first.stderr
        again = unionwatch(
            "--db", db, "--sites-dir", str(sites), "schedule", "--site", "testsite", "--once"
        )
        assert again.returncode == 0, again.stderr
    (run,) = runs(db)
    assert (run.site, run.status, run.new + run.duplicates) == ("testsite", "finished", 3)


@pytest.mark.e2e
def test_two_schedulers_never_crawl_one_site_at_once(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.db'}"
    site = LoopbackSite(delay=1.0)  # a long crawl: both schedulers start while it runs
    site.publish(range(1, 5), datetime.now(UTC))
    with serve_site(site) as base:
        sites = write_site(tmp_path / "sites", "testsite", base)
        unionwatch("--db", db, "db", "upgrade")
        schedulers = [
            spawn("--db", db, "--sites-dir", str(sites), "schedule", "--site", "testsite", "--once")
            for _ in range(2)
        ]
        outputs = [finish(p, 180) for p in schedulers]
    assert [p.returncode for p in schedulers] == [0, 0], outputs
    assert len(runs(db)) == 1
    assert sum("being crawled by another scheduler" in err for _, err in outputs) == 1


@pytest.mark.e2e
def test_sigterm_stops_the_running_crawl_records_it_and_frees_the_site(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.db'}"
    site = LoopbackSite(delay=2.0)
    site.publish(range(1, 30), datetime.now(UTC))
    with serve_site(site) as base:
        sites = write_site(tmp_path / "sites", "testsite", base)
        scheduler = spawn(
            "--db",
            db,
            "--sites-dir",
            str(sites),
            "schedule",
            "--site",
            "testsite",
            "--stop-grace",
            "60",
        )
        try:
            assert wait_for(lambda: any(r.status == "running" for r in _runs(db)), 90)
            scheduler.send_signal(signal.SIGTERM)
            _, err = finish(scheduler, 90)
        finally:
            if scheduler.poll() is None:
                scheduler.kill()
    assert scheduler.returncode == 0, err
    assert "stopped the running crawl of testsite" in err
    (run,) = runs(db)
    assert run.status == "interrupted" and run.finished_at is not None
    from storage import open_engine

    engine = open_engine(db)
    with Session(engine) as session:
        assert session.execute(select(SiteLease)).first() is None
    engine.dispose()


def _runs(db: str) -> list[object]:
    try:
        return list(runs(db))
    except Exception:  # the database is not created yet
        return []
