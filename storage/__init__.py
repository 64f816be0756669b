"""Storage: SQLAlchemy models, engines, migrations, writes and queries."""

from __future__ import annotations

from storage.engine import DatabaseURLError, default_db_url, open_engine, parse_db_url
from storage.migrate import SchemaError, ensure_schema
from storage.records import ArticleRecord, FailureRecord, ResponseRecord, SaveOutcome
from storage.repository import FrontierEntry, Store

__all__ = [
    "ArticleRecord",
    "DatabaseURLError",
    "FailureRecord",
    "FrontierEntry",
    "ResponseRecord",
    "SaveOutcome",
    "SchemaError",
    "Store",
    "default_db_url",
    "ensure_schema",
    "open_engine",
    "parse_db_url",
]
