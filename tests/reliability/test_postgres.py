"""PostgreSQL: a pooled connection whose backend died is replaced (pre-ping), a write cut off
by a terminated backend is rolled back and run again, and a crawl whose backends are
terminated again and again mid-run still stores every article exactly once. The fault is real:
``pg_terminate_backend`` on the crawl's own backends (the server itself is never restarted,
other tests use it)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError

from crawler.demo import DemoSite
from crawler.urls import canonicalize_url
from storage import open_engine
from storage.engine import is_transient, retry_transient
from tests.e2e.conftest import spawn, stored_kinds, unionwatch
from tests.e2e.test_crash_safety import slow_copy_of_portal
from tests.reliability.helpers import stored_urls

pytestmark = pytest.mark.e2e


def terminate_backends(admin: Engine, database: str) -> int:
    """Terminate every backend connected to ``database``; how many there were."""
    with admin.connect() as connection:
        return len(
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": database},
            ).all()
        )


@pytest.fixture
def table(pg_url: str) -> Engine:
    engine = open_engine(pg_url, writer=True)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE items (key text PRIMARY KEY, n int)"))
    return engine


def count_items(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM items")).scalar_one())


def test_a_pooled_connection_whose_backend_died_is_replaced(
    table: Engine, pg_url: str, pg_admin: Engine
) -> None:
    assert count_items(table) == 0  # a connection now idles in the pool
    assert terminate_backends(pg_admin, str(make_url(pg_url).database)) >= 1
    assert count_items(table) == 0  # pre-ping found it dead and opened another


def test_a_write_cut_off_by_a_terminated_backend_is_rolled_back_and_run_again(
    table: Engine, pg_admin: Engine
) -> None:
    attempts: list[int] = []

    def write() -> None:
        with table.begin() as connection:
            attempts.append(1)
            connection.execute(
                text("INSERT INTO items VALUES ('a', 1) ON CONFLICT (key) DO NOTHING")
            )
            if len(attempts) == 1:
                pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
                with pg_admin.connect() as admin:
                    admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            connection.execute(text("UPDATE items SET n = n + 1 WHERE key = 'a'"))

    retry_transient(write, pause=0.05)
    assert len(attempts) == 2
    with table.connect() as connection:
        assert connection.execute(text("SELECT key, n FROM items")).all() == [("a", 2)]


def test_an_error_a_retry_cannot_fix_is_raised_at_once(table: Engine) -> None:
    attempts: list[int] = []

    def write() -> None:
        attempts.append(1)
        with table.begin() as connection:
            connection.execute(text("INSERT INTO items VALUES ('b', 1)"))

    retry_transient(write)
    with pytest.raises(IntegrityError) as raised:
        retry_transient(write)
    assert not is_transient(raised.value)
    assert len(attempts) == 2


def test_a_write_that_keeps_failing_gives_up_after_its_attempts(
    pg_url: str, pg_admin: Engine
) -> None:
    engine = open_engine(pg_url, writer=True)
    name = str(make_url(pg_url).database)
    attempts: list[int] = []

    def write() -> None:
        with engine.begin() as connection:
            attempts.append(1)
            connection.execute(text("SELECT 1"))
            terminate_backends(pg_admin, name)
            connection.execute(text("SELECT 1"))

    with pytest.raises(OperationalError) as raised:
        retry_transient(write, attempts=3, pause=0.01)
    assert is_transient(raised.value)
    assert len(attempts) == 3
    engine.dispose()


def test_a_crawl_whose_backends_are_terminated_mid_run_loses_and_duplicates_nothing(
    tmp_path: Path, demo: DemoSite, pg_url: str, pg_admin: Engine
) -> None:
    sites = tmp_path / "sites"
    sites.mkdir()
    site = slow_copy_of_portal(sites)
    assert unionwatch("--db", pg_url, "db", "upgrade").returncode == 0
    name = str(make_url(pg_url).database)
    process = spawn("--db", pg_url, "--sites-dir", str(sites), "crawl", site)
    terminated: list[int] = []
    stop = threading.Event()

    def fault() -> None:
        while not stop.wait(0.3):
            terminated.append(terminate_backends(pg_admin, name))

    injector = threading.Thread(target=fault)
    injector.start()
    try:
        _out, err = process.communicate(timeout=180)
    finally:
        stop.set()
        injector.join()
    print(f"backends terminated: {sum(terminated)} in {len(terminated)} rounds")
    # (SQLAlchemy's pool may log the broken connection it discards, with its stack.)
    assert process.returncode == 0, err
    assert sum(terminated) >= 5, terminated  # the faults really hit the crawl
    stored = stored_urls(pg_url)
    assert len(stored) == len(set(stored))  # nothing twice
    expected = {
        canonicalize_url(a.url) for a in demo.articles_of("demo-portal") if a.kind in stored_kinds()
    }
    assert set(stored) == expected  # nothing lost
