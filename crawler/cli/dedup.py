"""``unionwatch dedup``: maintain the duplicate index and the clusters."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from sqlalchemy.orm import Session

from crawler.cli.app import AppContext, db_option, fail, pass_app
from crawler.dedup import LSH_VERSION, TextCopies, lsh_keys_for
from storage import Store
from storage.clusters import lsh_keys_are_current

__all__ = ["dedup"]


@click.group()
def dedup() -> None:
    """Maintain the near-duplicate index and the story clusters.

    \b
    Example:
      unionwatch dedup rebuild
    """


@dedup.command("rebuild")
@db_option
@pass_app
def dedup_rebuild(app: AppContext) -> None:
    """Recompute every stored article's duplicate fingerprints and cluster, oldest first.

    Needed once for articles stored before the near-duplicate index existed, or after the
    dedup parameters change (``unionwatch dedup check`` tells). Safe to repeat; crawls can run
    meanwhile (they wait their turn).

    \b
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


@dedup.command("check")
@db_option
@pass_app
def dedup_check(app: AppContext) -> None:
    """Tell whether the near-duplicate index was built with today's parameters (exit code 1
    when it needs ``unionwatch dedup rebuild``).

    \b
    Example:
      unionwatch --db sqlite:///unionwatch.db dedup check
    """
    engine = app.engine(create=False)
    with Session(engine) as session:
        current = lsh_keys_are_current(session, lsh_keys_for)
    engine.dispose()
    if not current:
        fail(
            f"{app.describe_db()}: the duplicate index was built with other parameters than"
            f" {LSH_VERSION}: run `unionwatch dedup rebuild`"
        )
    click.echo(f"{app.describe_db()}: the duplicate index is current ({LSH_VERSION})")
