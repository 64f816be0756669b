"""`scrapy crawl` from the project root runs the same spider and pipelines as the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.demo import DemoServer, DemoSite
from storage import open_engine
from storage.models import Article
from tests.e2e.conftest import scrapy_crawl, stored_kinds

pytestmark = pytest.mark.e2e


def test_scrapy_crawl_site_stores_like_unionwatch_crawl(tmp_path: Path, demo: DemoSite) -> None:
    db = f"sqlite:///{tmp_path / 'scrapy.db'}"
    with DemoServer(demo) as server:
        scrapy_crawl(db, server, "demo-city")
    engine = open_engine(db)
    with Session(engine) as session:
        urls = set(session.execute(select(Article.url)).scalars())
    engine.dispose()
    assert urls == {a.url for a in demo.articles_of("demo-city") if a.kind in stored_kinds()}
