from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from sqlalchemy import inspect

from storage import SchemaError, ensure_schema, open_engine
from storage.migrate import current_revision, head_revision, upgrade
from storage.search import SEARCH_TABLE, is_model_object


def test_upgrade_from_empty_creates_every_table(db_url: str) -> None:
    engine = open_engine(db_url)
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"articles", "article_people", "url_states", "crawl_runs"} <= tables
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_upgrade_twice_is_a_no_op(db_url: str) -> None:
    engine = open_engine(db_url)
    upgrade(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_reader_refuses_to_create_a_schema(sqlite_url: str) -> None:
    engine = open_engine(sqlite_url)
    with pytest.raises(SchemaError, match="no unionwatch data"):
        ensure_schema(engine, create=False)
    engine.dispose()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(sqlite_url: str) -> None:
    engine = open_engine(sqlite_url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    engine.dispose()


def _migrate(url: str) -> None:
    engine = open_engine(url)
    ensure_schema(engine)
    engine.dispose()


def test_two_processes_migrating_at_once_both_succeed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'race.db'}"
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_migrate, args=(url,)) for _ in range(3)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert [p.exitcode for p in processes] == [0, 0, 0]
    engine = open_engine(url)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_migrations_build_exactly_the_models_schema(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from storage.models import Base

    engine = open_engine(db_url)
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": is_model_object}
        )
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_upgrade_from_the_baseline_keeps_stored_articles(db_url: str) -> None:
    from datetime import UTC, datetime

    from storage import Store
    from storage.responses import iter_responses
    from tests.storage.test_repository import record

    engine = open_engine(db_url)
    upgrade(engine, "0001")
    with engine.begin() as connection:  # an article stored by the 0001 schema
        connection.exec_driver_sql(
            "INSERT INTO articles (url, canonical_url, site, title, body, script, problems,"
            " content_hash, extractor_version, first_seen_at, last_seen_at)"
            " VALUES ('http://a.test/1', 'http://a.test/1', 's1', 't', 'b', 'simplified', '[]',"
            " 'h', 'v', '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
        )
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    store = Store(engine)
    assert store.settled_urls("s1") == set()
    store.save_article(record(2), run_id=None, now=datetime.now(UTC))
    assert list(iter_responses(engine)) == []
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM articles").scalar() == 2
    engine.dispose()


def test_upgrade_from_0003_indexes_the_stored_articles_for_search(db_url: str) -> None:
    from sqlalchemy.orm import Session

    from storage.queries import ArticleFilter, find_articles

    engine = open_engine(db_url)
    upgrade(engine, "0003")
    with engine.begin() as connection:  # articles stored by the 0003 schema
        for n, title, body in ((1, "工会驿站建成", "户外劳动者"), (2, "劳模", "记者郑莉报道")):
            connection.exec_driver_sql(
                "INSERT INTO articles (url, canonical_url, site, title, body, script, problems,"
                " content_hash, extractor_version, first_seen_at, last_seen_at)"
                f" VALUES ('http://a.test/{n}', 'http://a.test/{n}', 's1', '{title}', '{body}',"
                " 'simplified', '[]', 'h', 'v', '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
            )
    upgrade(engine, "0004")
    with Session(engine) as session:
        assert [a.id for a in find_articles(session, ArticleFilter(text="驿站"))] == [1]
        assert [a.id for a in find_articles(session, ArticleFilter(text="郑莉"))] == [2]
        assert [a.id for a in find_articles(session, ArticleFilter(text="劳动者"))] == [1]
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_upgrade_from_empty_builds_an_empty_search_index(db_url: str) -> None:
    engine = open_engine(db_url)
    upgrade(engine, "0004")
    with engine.connect() as connection:
        assert connection.exec_driver_sql(f"SELECT count(*) FROM {SEARCH_TABLE}").scalar() == 0
    engine.dispose()
