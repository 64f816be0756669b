"""Workers on a real Redis and PostgreSQL crawl like one process would: every page once, every
article once, the same database; a worker killed with -9 loses nothing; a Redis restart is
waited out."""

from __future__ import annotations

import json
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from crawler.demo import DemoServer, DemoSite
from crawler.distributed.keys import ClusterKeys
from storage import open_engine
from storage.models import Article
from tests.conftest import PG_ADMIN_URL
from tests.distributed.conftest import PrivateRedis
from tests.distributed.workers import clusters, outcome, routes, start_worker, wait_all
from tests.e2e.conftest import unionwatch
from tests.e2e.test_crash_safety import database_state, slow_copy_of_portal

pytestmark = pytest.mark.e2e

DEMO_SITES = ("demo-portal", "demo-portal-big5", "demo-province", "demo-city")


@pytest.fixture
def second_pg_url(pg_admin: Engine) -> Iterator[str]:
    name = f"uw_test_{uuid.uuid4().hex[:12]}"
    with pg_admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    with pg_admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def seed(db: str, redis_url: str, *sites: str, sites_dir: Path | None = None) -> None:
    options = ["--sites-dir", str(sites_dir)] if sites_dir else []
    result = unionwatch("--db", db, *options, "crawl", *sites, "--redis", redis_url)
    assert result.returncode == 0, result.stderr
    assert "queued" in result.stdout


def article_count(engine: Engine) -> int:
    try:
        with Session(engine) as session:
            return session.execute(select(func.count()).select_from(Article)).scalar_one()
    except Exception:
        return 0


def test_three_workers_fetch_every_page_once_and_store_what_one_process_stores(
    tmp_path: Path, demo: DemoSite, redis_url: str, pg_url: str, second_pg_url: str
) -> None:
    single = unionwatch("--db", second_pg_url, "crawl", *DEMO_SITES)
    assert single.returncode == 0, single.stderr

    seed(pg_url, redis_url, *DEMO_SITES)
    with DemoServer(demo) as server:
        workers = [
            start_worker(
                pg_url,
                redis_url,
                f"w{n}",
                *routes(server),
                "--exit-when-idle",
                "3",
                log=tmp_path / f"w{n}.log",
            )
            for n in (1, 2, 3)
        ]
        codes = wait_all(workers)
        fetched = server.requests
    logs = [(tmp_path / f"w{n}.log").read_text() for n in (1, 2, 3)]
    assert codes == [0, 0, 0], outcome(codes, [tmp_path / f"w{n}.log" for n in (1, 2, 3)])
    pages = {key: n for key, n in fetched.items() if key[1] != "/robots.txt"}
    assert pages and all(n == 1 for n in pages.values()), {k: n for k, n in pages.items() if n > 1}
    assert database_state(pg_url) == database_state(second_pg_url)
    assert clusters(pg_url) == clusters(second_pg_url)
    assert sum("crawling site" in log for log in logs) >= 2  # the work was shared

    status = unionwatch("cluster", "status", "--redis", redis_url, "--format", "json")
    report = json.loads(status.stdout)
    assert report["pending"] == 0 and report["workers_alive"] == 0
    assert {site["site"] for site in report["sites"]} == set(DEMO_SITES)


@pytest.fixture
def slow_site(tmp_path: Path) -> tuple[Path, str]:
    sites = tmp_path / "sites"
    sites.mkdir()
    return sites, slow_copy_of_portal(sites)


@pytest.fixture
def reference(tmp_path: Path, slow_site: tuple[Path, str]) -> tuple[object, ...]:
    sites, site = slow_site
    db = f"sqlite:///{tmp_path / 'reference.db'}"
    result = unionwatch("--db", db, "--sites-dir", str(sites), "crawl", site)
    assert result.returncode == 0, result.stderr
    return database_state(db)


def lease_holder(redis_url: str, site: str) -> str | None:
    """A worker holding requests of ``site`` in flight now."""
    owners = redis.Redis.from_url(redis_url).hvals(ClusterKeys().lease_owner(site))
    return owners[0].decode().split("|")[0] if owners else None


def test_a_worker_killed_with_9_mid_crawl_loses_nothing(
    tmp_path: Path,
    demo: DemoSite,
    redis_url: str,
    pg_url: str,
    slow_site: tuple[Path, str],
    reference: tuple[object, ...],
) -> None:
    sites, site = slow_site
    seed(pg_url, redis_url, site, sites_dir=sites)
    engine = open_engine(pg_url)
    with DemoServer(demo) as server:
        args = (*routes(server), "--exit-when-idle", "3", "--heartbeat-ttl", "2")
        workers = {
            f"w{n}": start_worker(
                pg_url, redis_url, f"w{n}", *args, log=tmp_path / f"w{n}.log", sites_dir=sites
            )
            for n in (1, 2, 3)
        }
        deadline = time.monotonic() + 120
        victim = None
        while victim is None and time.monotonic() < deadline:
            time.sleep(0.02)
            if article_count(engine) >= 6:
                victim = lease_holder(redis_url, site)
        assert victim is not None, "no worker held a lease mid-crawl"
        workers[victim].send_signal(signal.SIGKILL)
        workers[victim].wait(10)
        survivors = [p for name, p in workers.items() if name != victim]
        codes = wait_all(survivors)
    engine.dispose()
    kept = [tmp_path / f"{name}.log" for name in workers if name != victim]
    logs = "".join(log.read_text() for log in kept)
    assert codes == [0, 0], outcome(codes, kept)
    assert "left by a dead worker" in logs  # its leases went back on the queue
    assert database_state(pg_url) == reference


def test_workers_wait_out_a_redis_restart_and_finish(
    tmp_path: Path,
    demo: DemoSite,
    private_redis: PrivateRedis,
    pg_url: str,
    slow_site: tuple[Path, str],
    reference: tuple[object, ...],
) -> None:
    sites, site = slow_site
    seed(pg_url, private_redis.url, site, sites_dir=sites)
    engine = open_engine(pg_url)
    with DemoServer(demo) as server:
        args = (*routes(server), "--exit-when-idle", "3")
        workers = [
            start_worker(
                pg_url,
                private_redis.url,
                f"w{n}",
                *args,
                log=tmp_path / f"w{n}.log",
                sites_dir=sites,
            )
            for n in (1, 2)
        ]
        deadline = time.monotonic() + 120
        while article_count(engine) < 6 and time.monotonic() < deadline:
            time.sleep(0.02)
        private_redis.stop()  # it keeps nothing on disk: it comes back empty
        time.sleep(2.5)
        private_redis.start()
        codes = wait_all(workers)
    engine.dispose()
    logs = "".join((tmp_path / f"w{n}.log").read_text() for n in (1, 2))
    assert codes == [0, 0], outcome(codes, [tmp_path / f"w{n}.log" for n in (1, 2)])
    assert "is unreachable" in logs and "waiting for it" in logs
    assert "is back after" in logs
    assert "re-seeded site slow-portal" in logs
    assert database_state(pg_url) == reference
