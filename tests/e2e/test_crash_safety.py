"""An interrupted crawl (kill -9) completes on the next run: nothing lost, nothing twice."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from crawler.demo import DemoSite
from crawler.sites.registry import BUILTIN_SITES_DIR
from crawler.urls import canonicalize_url
from storage import open_engine
from storage.models import Article, UrlState
from tests.e2e.conftest import spawn, stored_kinds, unionwatch

pytestmark = pytest.mark.e2e


def slow_copy_of_portal(folder: Path) -> str:
    """The demo portal under another id, one request at a time with a delay, so a crawl takes
    long enough to be killed half-way."""
    text = (BUILTIN_SITES_DIR / "demo-portal.toml").read_text(encoding="utf-8")
    text = text.replace('id = "demo-portal"', 'id = "slow-portal"')
    text = text.replace("download_delay = 0.0", "download_delay = 0.1")
    text = text.replace("concurrency = 8", "concurrency = 1")
    (folder / "slow-portal.toml").write_text(text, encoding="utf-8")
    return "slow-portal"


def count(engine: Engine) -> int:
    try:
        with Session(engine) as session:
            return session.execute(select(func.count()).select_from(Article)).scalar_one()
    except OperationalError:  # the crawler has not created the tables yet
        return 0


@pytest.mark.parametrize("kill_after", [3, 12])
def test_kill_9_then_rerun_completes_the_crawl(
    tmp_path: Path, demo: DemoSite, kill_after: int
) -> None:
    sites = tmp_path / "sites"
    sites.mkdir()
    site = slow_copy_of_portal(sites)
    db = f"sqlite:///{tmp_path / 'crash.db'}"
    process = spawn("--db", db, "--sites-dir", str(sites), "crawl", site)
    engine = open_engine(db)
    deadline = time.monotonic() + 60
    while count(engine) < kill_after and time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"crawl ended before it could be killed: {process.stderr.read()}")  # type: ignore[union-attr]
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    interrupted = count(engine)
    expected = {
        canonicalize_url(a.url) for a in demo.articles_of("demo-portal") if a.kind in stored_kinds()
    }
    assert kill_after <= interrupted < len(expected)

    rerun = unionwatch("--db", db, "--sites-dir", str(sites), "crawl", site)
    assert rerun.returncode == 0, rerun.stderr
    with Session(engine) as session:
        stored = session.execute(select(Article.canonical_url)).scalars().all()
    engine.dispose()
    assert len(stored) == len(set(stored))  # nothing twice
    assert set(stored) == expected  # nothing lost


def database_state(db: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """What a finished crawl leaves: every article's fields, and every article URL's outcome."""
    engine = open_engine(db)
    try:
        with Session(engine) as session:
            articles: list[tuple[object, ...]] = [
                tuple(row)
                for row in session.execute(
                    select(
                        Article.canonical_url,
                        Article.url,
                        Article.site,
                        Article.title,
                        Article.body,
                        Article.published_at,
                        Article.content_hash,
                    ).order_by(Article.canonical_url)
                )
            ]
            outcomes: list[tuple[object, ...]] = [
                tuple(row)
                for row in session.execute(
                    select(UrlState.canonical_url, UrlState.state, UrlState.last_error)
                    .where(UrlState.kind == "article")
                    .order_by(UrlState.canonical_url)
                )
            ]
    finally:
        engine.dispose()
    return articles, outcomes


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[tuple[object, ...]], ...]:
    """The database of the slow portal crawled once, without faults."""
    folder = tmp_path_factory.mktemp("reference")
    sites = folder / "sites"
    sites.mkdir()
    site = slow_copy_of_portal(sites)
    db = f"sqlite:///{folder / 'reference.db'}"
    result = unionwatch("--db", db, "--sites-dir", str(sites), "crawl", site)
    assert result.returncode == 0, result.stderr
    return database_state(db)


def kill_9_after(db: str, sites: Path, site: str, articles: int, delay: float) -> int:
    """Start a crawl, kill -9 it once ``articles`` are stored (then ``delay`` seconds later),
    and return how many were stored."""
    process = spawn("--db", db, "--sites-dir", str(sites), "crawl", site)
    engine = open_engine(db)
    deadline = time.monotonic() + 60
    while count(engine) < articles and time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"crawl ended before it could be killed: {process.stderr.read()}")  # type: ignore[union-attr]
        time.sleep(0.01)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    stored = count(engine)
    engine.dispose()
    return stored


#: (articles stored before the kill, extra seconds): during start-up and migration, right
#: after the first article, in the middle of a write burst, near the end; and twice in a row.
KILL_POINTS = [
    pytest.param([(0, 0.4)], id="during-start-up"),
    pytest.param([(1, 0.0)], id="after-first-article"),
    pytest.param([(8, 0.05)], id="mid-crawl"),
    pytest.param([(25, 0.0)], id="near-the-end"),
    pytest.param([(4, 0.0), (10, 0.0)], id="killed-twice"),
]


@pytest.mark.parametrize("kills", KILL_POINTS)
def test_kill_9_at_any_point_then_rerun_ends_identical_to_an_uninterrupted_crawl(
    tmp_path: Path,
    uninterrupted: tuple[list[tuple[object, ...]], ...],
    kills: list[tuple[int, float]],
) -> None:
    sites = tmp_path / "sites"
    sites.mkdir()
    site = slow_copy_of_portal(sites)
    db = f"sqlite:///{tmp_path / 'crash.db'}"
    for articles, delay in kills:
        kill_9_after(db, sites, site, articles, delay)
    rerun = unionwatch("--db", db, "--sites-dir", str(sites), "crawl", site)
    assert rerun.returncode == 0, rerun.stderr
    assert database_state(db) == uninterrupted


def test_a_failed_database_write_stops_the_crawl_and_a_rerun_completes_it(
    tmp_path: Path, demo: DemoSite
) -> None:
    db = f"sqlite:///{tmp_path / 'faulty.db'}"
    assert unionwatch("--db", db, "db", "upgrade").returncode == 0
    engine = open_engine(db)
    with engine.begin() as connection:  # the fourth article write fails, as on a full disk
        connection.exec_driver_sql(
            "CREATE TRIGGER fail_write BEFORE INSERT ON articles "
            "WHEN (SELECT count(*) FROM articles) >= 3 "
            "BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END"
        )
    failed = unionwatch("--db", db, "crawl", "demo-city")
    assert failed.returncode == 1
    assert (
        "crawl of demo-city did not finish (database write failed: "
        "IntegrityError: simulated write failure)" in failed.stderr
    )
    assert "Traceback" not in failed.stderr
    assert count(engine) == 3

    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER fail_write")
    rerun = unionwatch("--db", db, "crawl", "demo-city")
    assert rerun.returncode == 0, rerun.stderr
    with Session(engine) as session:
        stored = set(session.execute(select(Article.url)).scalars())
    engine.dispose()
    assert stored == {a.url for a in demo.articles_of("demo-city") if a.kind in stored_kinds()}
