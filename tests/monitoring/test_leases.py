"""A crawl started by hand holds its sites' leases, like the scheduler: a site a scheduler
or another crawl is crawling is refused (``--all`` skips it), the lease of a crawl killed on
this machine is taken over, and the leases are released when the crawl ends."""

from __future__ import annotations

import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import main
from crawler.leases import is_dead_here
from crawler.sites import SiteRegistry
from storage import ensure_schema, open_engine
from storage.leases import acquire_lease, lease_of
from tests.e2e.conftest import unionwatch
from tests.monitoring.site import runs
from tests.reliability.test_process import slow_crawl_under_way

SCHEDULER = "sched-host:4242:0123abcd"


def leased(db: str, *sites: str) -> None:
    engine = open_engine(db, writer=True)
    ensure_schema(engine)
    for site in sites:
        assert acquire_lease(engine, site, SCHEDULER, datetime.now(UTC), timedelta(minutes=10))
    engine.dispose()


def holder(db: str, site: str) -> str | None:
    engine = open_engine(db)
    try:
        found = lease_of(engine, site, datetime.now(UTC))
    finally:
        engine.dispose()
    return found[0] if found else None


def test_a_site_another_holder_is_crawling_is_refused_in_one_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'l.db'}"
    leased(db, "demo-city")
    result = CliRunner().invoke(main, ["--db", db, "crawl", "demo-city"])
    assert result.exit_code == 1
    assert f"demo-city is being crawled by {SCHEDULER}" in result.output
    assert "Traceback" not in result.output
    assert runs(db) == []
    assert holder(db, "demo-city") == SCHEDULER  # not released by the refused crawl


def test_crawl_all_skips_the_sites_others_are_crawling(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'l.db'}"
    enabled = [site.id for site in SiteRegistry.load().enabled()]
    leased(db, *enabled)
    result = CliRunner().invoke(main, ["--db", db, "crawl", "--all"])
    assert result.exit_code == 0, result.output
    assert f"skipped {enabled[0]}: being crawled by {SCHEDULER}" in result.output
    assert "nothing to crawl" in result.output
    assert runs(db) == []


@pytest.mark.e2e
def test_a_crawl_holds_its_lease_while_it_runs_and_releases_it(tmp_path: Path) -> None:
    process, db, sites, site = slow_crawl_under_way(tmp_path)
    try:
        mine = holder(db, site)
        assert mine is not None and mine.startswith("crawl@")
        second = unionwatch("--db", db, "--sites-dir", str(sites), "crawl", site)
        assert second.returncode == 1
        assert f"{site} is being crawled by {mine}" in second.stderr
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
    assert holder(db, site) is None


@pytest.mark.e2e
def test_the_lease_of_a_crawl_killed_here_is_taken_over(tmp_path: Path) -> None:
    process, db, sites, site = slow_crawl_under_way(tmp_path)
    killed = holder(db, site)
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    assert killed is not None and is_dead_here(killed)
    rerun = unionwatch("--db", db, "--sites-dir", str(sites), "crawl", site)
    assert rerun.returncode == 0, rerun.stderr
    assert holder(db, site) is None


def test_only_a_holder_of_this_machine_that_is_gone_counts_as_dead() -> None:
    assert not is_dead_here(SCHEDULER)  # another machine
    assert not is_dead_here("worker-7")  # not a process name
