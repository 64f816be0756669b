"""Opening databases: URL validation, the default SQLite file, and per-backend settings.

SQLite runs in WAL mode with a busy timeout so a reader never blocks the crawler and two
writers wait for each other instead of failing with "database is locked". A writer engine
starts its transactions with ``BEGIN IMMEDIATE``: a transaction that reads and then writes
(cluster assignment) takes the write lock up front, so two processes never both read, then
deadlock on the upgrade to a write lock (which the busy timeout cannot resolve). PostgreSQL
connections are pre-pinged so a restarted server does not fail the next write, and
:func:`retry_transient` runs a write again (its transaction was rolled back) when the server
dropped the connection in the middle of it: a terminated backend, a restart, a failover.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

__all__ = [
    "DB_ENV_VAR",
    "DatabaseURLError",
    "default_db_url",
    "is_transient",
    "open_engine",
    "parse_db_url",
    "retry_transient",
    "session_factory",
    "sqlite_path",
]

#: Environment variable that names the database when ``--db`` is not given.
DB_ENV_VAR = "UNIONWATCH_DB"
SQLITE_BUSY_TIMEOUT_MS = 30_000
_SUPPORTED = ("sqlite", "postgresql")
#: SQLSTATE classes of errors a new attempt can get past: connection exceptions (08), the
#: server shutting down or killing the backend (57P), serialization failures and deadlocks.
_TRANSIENT_SQLSTATES = ("08", "57P", "40001", "40P01")
#: Attempts of a write and the pause before the first retry (doubled each time): about 6 s in
#: all, enough for a PostgreSQL restart.
RETRY_ATTEMPTS = 5
RETRY_FIRST_PAUSE = 0.4

logger = logging.getLogger(__name__)
T = TypeVar("T")


class DatabaseURLError(ValueError):
    """The database URL is malformed or names an unsupported backend."""


def default_db_url() -> str:
    """``$UNIONWATCH_DB``, else an SQLite file in the user's data directory."""
    from_env = os.environ.get(DB_ENV_VAR, "").strip()
    if from_env:
        return from_env
    return f"sqlite:///{Path(user_data_dir('unionwatch', appauthor=False)) / 'unionwatch.db'}"


def parse_db_url(raw: str) -> URL:
    """Validate a database URL; a bare file path is taken as an SQLite file."""
    raw = raw.strip()
    if not raw:
        raise DatabaseURLError("empty database URL")
    if "://" not in raw:
        raw = f"sqlite:///{Path(raw).expanduser().resolve()}"
    try:
        url = make_url(raw)
    except ArgumentError:
        raise DatabaseURLError(f"not a database URL: {raw!r}") from None
    if url.get_backend_name() not in _SUPPORTED:
        raise DatabaseURLError(
            f"unsupported database {url.get_backend_name()!r} in {url.render_as_string()!r}"
            " (use sqlite:///PATH or postgresql+psycopg://...)"
        )
    if url.get_backend_name() == "postgresql" and url.get_driver_name() in ("", "psycopg2"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def sqlite_path(url: URL) -> Path | None:
    """The file behind an SQLite URL (``None`` for in-memory or other backends)."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def open_engine(raw_url: str | URL, *, writer: bool = False, echo: bool = False) -> Engine:
    """An engine for ``raw_url`` with the settings its backend needs; ``writer`` for the
    engines that store (see the module docstring). For an SQLite file the parent folder is
    created."""
    url = raw_url if isinstance(raw_url, URL) else parse_db_url(raw_url)
    kwargs: dict[str, Any] = {"echo": echo}
    path = sqlite_path(url)
    if url.get_backend_name() == "sqlite":
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseURLError(f"cannot create {path.parent}: {exc.strerror}") from None
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(url, **kwargs)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise DatabaseURLError(f"cannot open {url.render_as_string()}: {exc}") from None
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
        if writer:
            event.listen(engine, "connect", _sqlite_manual_transactions)
            event.listen(engine, "begin", _sqlite_begin_immediate)
    return engine


def _sqlite_manual_transactions(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own implicit BEGIN is deferred; let SQLAlchemy's "begin" event issue it.
    dbapi_connection.isolation_level = None


def _sqlite_begin_immediate(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def is_transient(exc: BaseException) -> bool:
    """True for a database error that a new attempt of the whole transaction can get past: the
    connection was lost (SQLAlchemy invalidated it) or the server said so in its SQLSTATE."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    if not hasattr(exc.orig, "sqlstate"):  # SQLite: locked, full, read-only are not transient
        return False
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if (
        sqlstate is None
    ):  # psycopg: the client lost or broke the connection, the server said nothing
        return isinstance(exc, OperationalError)
    return str(sqlstate).startswith(_TRANSIENT_SQLSTATES)


def retry_transient(
    write: Callable[[], T],
    *,
    attempts: int = RETRY_ATTEMPTS,
    pause: float = RETRY_FIRST_PAUSE,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run ``write`` (one whole transaction, idempotent: an upsert) and run it again when it
    failed on a transient error (see :func:`is_transient`); its transaction was rolled back
    and the broken connection discarded, and pre-ping gives the next attempt a live one. Any
    other error, or the last attempt's, is raised."""
    for attempt in range(1, attempts + 1):
        try:
            return write()
        except DBAPIError as exc:
            if attempt == attempts or not is_transient(exc):
                raise
            wait = pause * 2 ** (attempt - 1)
            said = str(exc.orig or exc).strip().splitlines()
            logger.warning(
                "database connection lost (%s); writing again in %.1f s (attempt %d of %d)",
                said[0] if said else type(exc).__name__,
                wait,
                attempt + 1,
                attempts,
            )
            sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover
