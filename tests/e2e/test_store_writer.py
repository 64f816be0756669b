"""A crawl whose batches fill up writes them in the store's writer process, and stores what a
crawl writing on a thread stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from crawler import statkeys
from crawler.demo import DemoServer, DemoSite
from storage import open_engine
from storage.models import Article, Cluster, CrawlRun
from tests.e2e.conftest import scrapy_crawl

pytestmark = pytest.mark.e2e


def crawl(db: str, server: DemoServer, *args: str) -> None:
    # Batches of 3 that wait up to 30 s fill up: the writer process takes them.
    batches = ("-s", "UNIONWATCH_STORE_BATCH_SIZE=3", "-s", "UNIONWATCH_STORE_BATCH_SECONDS=30")
    scrapy_crawl(db, server, "demo-portal", *batches, *args)


def stored(db: str) -> tuple[list[tuple[str, str, str]], int]:
    """Each article (URL, title, its story's original URL), and the writer's batches."""
    engine = open_engine(db)
    original = aliased(Article)
    try:
        with Session(engine) as session:
            rows = session.execute(
                select(Article.url, Article.title, original.url)
                .join(Cluster, Cluster.id == Article.cluster_id)
                .join(original, original.id == Cluster.canonical_id)
                .order_by(Article.url)
            )
            articles = [(url, title, story) for url, title, story in rows]
            stats = session.execute(select(CrawlRun.stats)).scalar_one() or {}
    finally:
        engine.dispose()
    return articles, int(stats.get(statkeys.STORE_WRITER_BATCHES, 0))


def test_the_writer_process_stores_what_a_thread_stores(tmp_path: Path, demo: DemoSite) -> None:
    in_process, on_thread = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    with DemoServer(demo) as server:
        crawl(in_process, server)
        crawl(on_thread, server, "-s", "UNIONWATCH_STORE_PROCESS=False")
    articles, writer_batches = stored(in_process)
    expected, no_batches = stored(on_thread)
    assert writer_batches > 0 and no_batches == 0
    assert articles == expected and len(articles) > 10
