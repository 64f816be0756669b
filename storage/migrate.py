"""Schema migrations (Alembic, configured in code) taken under a lock.

Two processes starting at once must not both create the tables: on PostgreSQL the migration
runs under an advisory lock, on SQLite under an exclusive lock on a ``<db>.lock`` file beside
the database.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from storage.engine import sqlite_path

__all__ = ["SchemaError", "current_revision", "ensure_schema", "head_revision", "upgrade"]

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Arbitrary constant key for pg_advisory_lock: "unionwatch" in ASCII, folded into 63 bits.
_PG_LOCK_KEY = 0x756E696F6E776174


class SchemaError(RuntimeError):
    """The database schema is not the one this version of unionwatch needs."""


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[Connection]:
    path = sqlite_path(engine.url)
    if engine.dialect.name == "sqlite" and path is not None:
        lock_path = path.with_name(path.name + ".lock")
        with lock_path.open("a+b") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                with engine.connect() as connection:
                    yield connection
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)
    elif engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
            connection.commit()
            try:
                yield connection
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
                connection.commit()
    else:
        with engine.connect() as connection:
            yield connection


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (default: the newest), under the migration lock."""
    with _migration_lock(engine) as connection:
        command.upgrade(_config(connection), revision)
        connection.commit()


def ensure_schema(engine: Engine, *, create: bool = True) -> None:
    """Make sure the schema is current: upgrade it when ``create`` (writers), otherwise raise
    :class:`SchemaError` with the command to run (readers must not create empty databases)."""
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return
    if not create:
        if current is None:
            raise SchemaError(
                "no unionwatch data in this database yet: run a crawl (or `unionwatch db upgrade`)"
            )
        raise SchemaError("the database schema is out of date: run `unionwatch db upgrade`")
    upgrade(engine)
