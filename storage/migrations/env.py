"""Alembic environment, configured in code by :mod:`storage.migrate` (there is no alembic.ini).

The connection to migrate is handed over in ``config.attributes["connection"]``, so migrations
run inside the caller's lock.
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext

from storage.models import Base
from storage.search import is_model_object
from storage.types import UTCDateTime

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when someone runs `alembic` by hand
    raise RuntimeError("run migrations with `unionwatch db upgrade`")


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Migrations must not import the app's column types: write their database type."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    render_item=render_item,
    include_object=is_model_object,
)
with context.begin_transaction():
    context.run_migrations()
