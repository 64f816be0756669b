"""``unionwatch db``: schema migrations."""

from __future__ import annotations

import click

from crawler.cli.app import AppContext, db_option, pass_app
from storage import open_engine
from storage.migrate import current_revision, head_revision, upgrade

__all__ = ["db"]


@click.group()
def db() -> None:
    """Manage the database schema (Alembic migrations).

    \b
    Examples:
      unionwatch db upgrade
      unionwatch --db postgresql+psycopg://postgres@127.0.0.1/unionwatch db upgrade
    """


@db.command("upgrade")
@db_option
@pass_app
def db_upgrade(app: AppContext) -> None:
    """Create the tables, or bring them to this version's schema (safe to repeat).

    \b
    Example:
      unionwatch db upgrade
    """
    engine = open_engine(app.db_url, writer=True)
    before = current_revision(engine)
    upgrade(engine)
    after = current_revision(engine)
    engine.dispose()
    if before == after:
        click.echo(f"{app.describe_db()}: schema already at revision {after}")
    else:
        click.echo(f"{app.describe_db()}: schema upgraded from {before or 'empty'} to {after}")


@db.command("current")
@db_option
@pass_app
def db_current(app: AppContext) -> None:
    """Show the database and its schema revision.

    \b
    Example:
      unionwatch db current
    """
    engine = open_engine(app.db_url)
    revision = current_revision(engine)
    engine.dispose()
    head = head_revision()
    state = "current" if revision == head else f"needs `unionwatch db upgrade` to {head}"
    click.echo(f"{app.describe_db()}: revision {revision or 'none'} ({state})")
