"""Incremental runs of the demo portal, each in a new process (a restart between runs), with
the test's own demo server so the site can change between runs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler.demo import DemoResponse, DemoServer, DemoSite, build_demo
from crawler.listdates import url_date
from storage import open_engine
from storage.models import Article, Revision
from tests.e2e.conftest import scrapy_crawl
from tests.monitoring.site import runs

pytestmark = pytest.mark.e2e

HOME = "http://portal.unionwatch.test/"
SITE = "demo-portal"


@pytest.fixture(scope="module")
def demo() -> DemoSite:
    return build_demo()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'inc.db'}"


@pytest.fixture
def server(demo: DemoSite) -> Iterator[DemoServer]:
    with DemoServer(demo) as running:
        yield running


def crawl(db: str, server: DemoServer, *args: str, site: str = SITE) -> None:
    scrapy_crawl(db, server, site, *args)


def articles(db: str) -> dict[str, Article]:
    engine = open_engine(db)
    with Session(engine) as session:
        rows = {a.url: a for a in session.execute(select(Article)).scalars()}
    engine.dispose()
    return rows


def test_second_run_of_an_unchanged_site_makes_a_tenth_of_the_requests_and_stores_nothing(
    db: str, server: DemoServer
) -> None:
    crawl(db, server)
    stored = articles(db)
    crawl(db, server)
    first, second = runs(db)
    assert second.requests <= first.requests / 10, (first.requests, second.requests)
    assert second.new == 0 and second.duplicates == 0
    assert articles(db).keys() == stored.keys()
    assert second.unchanged >= 1  # the home page answered 304
    assert server.statuses.get(304, 0) >= 1


def test_pagination_stops_at_known_articles_without_conditional_requests(
    db: str, demo: DemoSite
) -> None:
    with DemoServer(demo, conditional=False) as plain:
        crawl(db, plain)
        crawl(db, plain)
        assert 304 not in plain.statuses
    first, second = runs(db)
    assert second.requests <= first.requests / 10, (first.requests, second.requests)
    assert second.new == 0 and second.unchanged == 0


def _new_article(server: DemoServer, demo: DemoSite) -> tuple[str, DemoResponse, str]:
    """A page for a new article: an existing page with another title and text."""
    model = next(a for a in demo.articles_of(SITE) if a.kind == "original")
    page = server.page(model.url)
    assert page is not None and model.body
    title = "全国总工会部署冬季送温暖活动"
    html = page.body.decode("utf-8").replace(model.title, title)
    first = model.body.splitlines()[0]
    html = html.replace(
        first, "各级工会要深入基层一线，走访慰问困难职工和户外劳动者，把温暖送到职工心坎上。" * 3
    )
    return (
        "http://portal.unionwatch.test/c/2025-01-24/9000001.shtml",
        DemoResponse(200, page.headers, html.encode()),
        title,
    )


def test_a_new_article_appears_after_one_run(db: str, server: DemoServer, demo: DemoSite) -> None:
    crawl(db, server)
    url, response, title = _new_article(server, demo)
    list_page = "http://portal.unionwatch.test/10093/10093.shtml"
    server.add_article(url, response, title, [HOME, list_page])
    crawl(db, server)
    assert articles(db)[url].title == title
    first, second = runs(db)
    assert second.new == 1
    assert second.requests <= first.requests / 4


def test_an_edited_article_keeps_its_old_version_in_revisions(
    db: str, server: DemoServer, demo: DemoSite
) -> None:
    revisit = ["-s", "UNIONWATCH_REVISIT_DAYS=100000", "-s", "UNIONWATCH_REVISIT_INTERVAL_HOURS=0"]
    crawl(db, server, *revisit)
    model = next(a for a in demo.articles_of(SITE) if a.kind == "original")
    assert model.body
    page = server.page(model.url)
    assert page is not None
    old_first = model.body.splitlines()[0]
    edited = page.body.decode("utf-8").replace(old_first, old_first + "（本文已更正）")
    server.put(model.url, DemoResponse(200, page.headers, edited.encode()))
    crawl(db, server, *revisit)
    first, second = runs(db)
    assert second.updated == 1
    assert second.unchanged >= first.new - 1  # the other revisits answered 304
    assert second.new == 0
    article = articles(db)[model.url]
    assert "（本文已更正）" in article.body
    engine = open_engine(db)
    with Session(engine) as session:
        history = (
            session.execute(select(Revision).where(Revision.article_id == article.id))
            .scalars()
            .all()
        )
        total = session.execute(select(func.count(Revision.id))).scalar_one()
    engine.dispose()
    assert total == 1
    (old,) = history
    assert old.title == article.title and old_first in old.body and "（本文已更正）" not in old.body


def test_since_skips_articles_dated_before_it(db: str, server: DemoServer, demo: DemoSite) -> None:
    days = sorted({d for a in demo.articles_of(SITE) if (d := url_date(a.url))})
    since = days[len(days) // 2]
    crawl(db, server, "-a", f"since={since.isoformat()}")
    stored = articles(db)
    assert stored
    dates = [url_date(url) for url in stored]
    assert all(d is not None and d >= since for d in dates), since
    assert min(d for d in dates if d) >= since > date(2000, 1, 1)
