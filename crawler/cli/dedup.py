"""``unionwatch dedup``: maintain the duplicate index and the clusters."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from crawler.cli.app import AppContext, db_option, pass_app
from crawler.dedup import TextCopies, lsh_keys_for
from storage import Store

__all__ = ["dedup"]


@click.group()
def dedup() -> None:
    """Maintain the near-duplicate index and the story clusters.

    \\b
    Example:
      unionwatch dedup rebuild
    """


@dedup.command("rebuild")
@db_option
@pass_app
def dedup_rebuild(app: AppContext) -> None:
    """Recompute every stored article's duplicate fingerprints and cluster, oldest first.

    Needed once for articles stored before the near-duplicate index existed, or after the
    dedup parameters change. Safe to repeat; crawls can run meanwhile (they wait their turn).

    \\b
    Example:
      unionwatch --db sqlite:///unionwatch.db dedup rebuild
    """
    engine = app.engine(create=True)
    store = Store(engine, near=TextCopies())
    stories, copies = store.rebuild_clusters(lsh_keys_for, datetime.now(UTC))
    engine.dispose()
    click.echo(
        f"{app.describe_db()}: {stories + copies} articles in {stories} stories ({copies} copies)"
    )
