"""INSERT ... ON CONFLICT for the two supported backends."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

__all__ = ["dialect_insert", "dialect_insert_of", "insert_ignoring_conflicts"]


def dialect_insert_of(dialect: str, table: Table) -> Any:
    """The INSERT construct of the backend named ``dialect``, which has
    ``on_conflict_do_update/nothing`` (build it once for statements run often)."""
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"no upsert for {dialect}")


def dialect_insert(session: Session, table: Table) -> Any:
    """The session's backend's INSERT construct (see :func:`dialect_insert_of`)."""
    return dialect_insert_of(session.get_bind().dialect.name, table)


def insert_ignoring_conflicts(
    session: Session, table: Table, conflict_columns: Sequence[str]
) -> Any:
    """``INSERT ... ON CONFLICT (cols) DO NOTHING``; add ``.values()``/``.returning()``."""
    return dialect_insert(session, table).on_conflict_do_nothing(
        index_elements=list(conflict_columns)
    )
