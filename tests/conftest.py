"""Shared fixtures: databases on both backends, Redis, and the services rule.

Tests that need a server (PostgreSQL) skip with the reason when it is absent, unless
UNIONWATCH_REQUIRE_SERVICES=1 (set by .ci/run): then they fail, so CI can't pass by skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from storage import ensure_schema, open_engine

PG_ADMIN_URL = os.environ.get(
    "UNIONWATCH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def services_required(variable: str = "UNIONWATCH_REQUIRE_SERVICES") -> bool:
    return os.environ.get(variable, "") not in ("", "0", "false")


def missing_service(reason: str, variable: str = "UNIONWATCH_REQUIRE_SERVICES") -> None:
    """Skip (on a user's machine) or fail (in CI, where ``variable`` is set) a test whose
    server, or other part it needs, is not there."""
    if services_required(variable):
        pytest.fail(f"{reason} ({variable} is set, so this is a failure)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        engine.dispose()
        missing_service(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {type(exc).__name__}")
    yield engine
    engine.dispose()


@pytest.fixture
def pg_url(pg_admin: Engine) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"uw_test_{uuid.uuid4().hex[:12]}"
    with pg_admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    with pg_admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'unionwatch.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'unionwatch.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated database on each backend."""
    engine = open_engine(db_url)
    ensure_schema(engine)
    yield engine
    engine.dispose()


REDIS_TEST_URL = os.environ.get("UNIONWATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def redis_url() -> Iterator[str]:
    """An empty Redis database for one test (flushed before and after)."""
    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.exceptions.RedisError as exc:
        missing_service(f"Redis not reachable at {REDIS_TEST_URL}: {type(exc).__name__}")
    yield REDIS_TEST_URL
    client.flushdb()
    client.close()
