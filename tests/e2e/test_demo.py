"""`unionwatch demo` and `unionwatch crawl` against the demo sites on loopback."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler.demo import DemoSite
from crawler.urls import canonicalize_url
from storage import open_engine
from storage.models import Article, UrlState
from tests.e2e.conftest import stored_kinds, unionwatch

pytestmark = pytest.mark.e2e

SEED_URL = "http://city.unionwatch.test/news_view.asp?id=3316"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The demo crawled once into a fresh SQLite file; returns (db url, CLI output)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    result = unionwatch("--db", url, "demo")
    assert result.returncode == 0, result.stderr
    return url, result.stdout + result.stderr


def test_demo_stores_every_article_once_and_records_failures(
    demo_db: tuple[str, str], demo: DemoSite
) -> None:
    url, _ = demo_db
    # Big5 gateway pages canonicalize to the page they transcode: one row for both.
    expected = [a for a in demo.articles if a.kind in ("original", "reprint")]
    engine = open_engine(url)
    with Session(engine) as session:
        rows = session.execute(
            select(Article.site, Article.canonical_url, Article.title, Article.cluster_id)
        ).all()
        failures = session.execute(
            select(UrlState.url, UrlState.last_error).where(UrlState.state == "failed")
        ).all()
    engine.dispose()
    assert len(rows) == len(expected) >= 55
    assert Counter(site for site, _, _, _ in rows) == Counter(a.site_id for a in expected)
    by_url = {canonical: (title, cluster) for _, canonical, title, cluster in rows}
    for article in demo.articles:
        if article.kind in stored_kinds():
            assert by_url[canonicalize_url(article.url)][0] == article.title, article.url
    bad = {a.url: a.kind for a in demo.articles if a.kind not in stored_kinds()}
    assert {u: e for u, e in failures} == {
        u: ("no body" if kind == "no-body" else "http 404") for u, kind in bad.items()
    }
    # One story per original; every reprint (the seed's city copy too) joins its original.
    assert len({cluster for _, _, _, cluster in rows}) == sum(
        a.kind == "original" for a in demo.articles
    )
    for article in demo.articles:
        if article.kind == "reprint" and article.original_url:
            copy = by_url[canonicalize_url(article.url)][1]
            assert copy == by_url[canonicalize_url(article.original_url)][1], article.url


def test_demo_output_has_summary_database_and_example_queries(
    demo_db: tuple[str, str], demo: DemoSite
) -> None:
    url, output = demo_db
    for site in ("demo-portal", "demo-portal-big5", "demo-province", "demo-city"):
        assert site in output
    assert "Crawl summary" in output
    assert "http 404 ×1" in output and "no body ×1" in output
    assert url.removeprefix("sqlite:///") in output
    examples = [
        line.strip() for line in output.splitlines() if line.strip().startswith("unionwatch")
    ]
    assert len(examples) == 3
    for example in examples:  # the printed commands work as pasted
        result = unionwatch(*example.split()[1:])
        assert result.returncode == 0, (example, result.stderr)
        assert result.stdout.strip()


def test_seed_article_fields_in_the_database(demo_db: tuple[str, str]) -> None:
    url, _ = demo_db
    result = unionwatch(
        "--db", url, "query", "--site", "demo-city", "--reporter", "郑莉", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    (seed,) = json.loads(result.stdout)
    assert seed["url"] == SEED_URL
    assert (
        seed["title"] == "2025年全国工会维护劳动领域政治安全工作座谈会在京召开 王东明出席会议并讲话"
    )
    assert seed["published_at"] == "2025-01-23T09:10:30+08:00"
    assert seed["reporters"] == ["郑莉", "郝赫"]
    assert seed["editor"] == "朱晶晶"
    assert seed["dateline"] == "北京1月22日电"
    assert "(huì)" not in seed["body"] and "工会" in seed["body"]


def test_running_the_demo_again_stores_nothing_new(demo_db: tuple[str, str]) -> None:
    url, _ = demo_db
    engine = open_engine(url)
    with Session(engine) as session:
        before = session.execute(select(func.count()).select_from(Article)).scalar_one()
    again = unionwatch("--db", url, "demo")
    assert again.returncode == 0, again.stderr
    with Session(engine) as session:
        after = session.execute(select(func.count()).select_from(Article)).scalar_one()
    engine.dispose()
    assert after == before
    assert "0 new articles" in again.stdout
    runs = json.loads(unionwatch("--db", url, "runs", "--format", "json").stdout)
    first, second = runs[4:8], runs[:4]  # newest first: four sites per demo run
    assert {r["status"] for r in runs} == {"finished"}
    assert sum(r["new"] for r in second) == 0
    # Stored articles are not fetched again: only list pages and the failed pages.
    assert sum(r["pages"] for r in second) < 0.5 * sum(r["pages"] for r in first)


def test_crawl_one_site_then_query_it(tmp_path: Path, demo: DemoSite) -> None:
    url = f"sqlite:///{tmp_path / 'city.db'}"
    result = unionwatch("--db", url, "crawl", "demo-city")
    assert result.returncode == 0, result.stderr
    listed = json.loads(unionwatch("--db", url, "query", "--limit", "0", "--format", "json").stdout)
    expected = [a for a in demo.articles_of("demo-city") if a.kind in stored_kinds()]
    assert sorted(r["url"] for r in listed) == sorted(a.url for a in expected)
    assert {r["site"] for r in listed} == {"demo-city"}


def test_demo_on_postgresql_stores_the_same_articles(pg_url: str, demo_db: tuple[str, str]) -> None:
    first = unionwatch("--db", pg_url, "demo")
    assert first.returncode == 0, first.stderr
    again = unionwatch("--db", pg_url, "demo")
    assert "0 new articles" in again.stdout

    def articles(url: str) -> set[tuple[str, str, str | None]]:
        engine = open_engine(url)
        with Session(engine) as session:
            rows = session.execute(select(Article.url, Article.title, Article.content_hash)).all()
        engine.dispose()
        return {tuple(row) for row in rows}  # type: ignore[misc]

    assert articles(pg_url) == articles(demo_db[0])
