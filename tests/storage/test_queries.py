from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from storage import ArticleRecord, Store
from storage.queries import ArticleFilter, article_to_dict, cluster_of, find_articles

CST = timezone(timedelta(hours=8))
NOW = datetime(2025, 3, 1, tzinfo=UTC)


def _rec(n: int, day: int, **kw: object) -> ArticleRecord:
    base = ArticleRecord(
        site="s1",
        url=f"http://a.test/{n}",
        canonical_url=f"http://a.test/{n}",
        title=f"职工技能竞赛{n}",
        body=f"第{n}篇正文，工会组织。",
        content_hash=f"{n:040d}",
        extractor_version="t",
        published_at=datetime(2025, 1, day, 23, 30, tzinfo=CST),
        published_precision="minute",
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def _fill(engine: Engine) -> None:
    store = Store(engine)
    store.save_article(_rec(1, 20, reporters=("郑莉",), source="工人日报"), run_id=None, now=NOW)
    store.save_article(_rec(2, 21, site="s2", editors=("朱晶晶",)), run_id=None, now=NOW)
    store.save_article(_rec(3, 22, title="困难职工帮扶", body="帮扶"), run_id=None, now=NOW)


def _ids(engine: Engine, flt: ArticleFilter) -> list[int]:
    with Session(engine) as session:
        return [a.id for a in find_articles(session, flt)]


def test_newest_first(engine: Engine) -> None:
    _fill(engine)
    assert _ids(engine, ArticleFilter()) == [3, 2, 1]


def test_filters_combine(engine: Engine) -> None:
    _fill(engine)
    assert _ids(engine, ArticleFilter(site="s1")) == [3, 1]
    assert _ids(engine, ArticleFilter(reporter="郑莉")) == [1]
    assert _ids(engine, ArticleFilter(editor="朱晶晶")) == [2]
    assert _ids(engine, ArticleFilter(source="工人")) == [1]
    assert _ids(engine, ArticleFilter(text="帮扶")) == [3]
    assert _ids(engine, ArticleFilter(text="工会 第1篇")) == [1]
    assert _ids(engine, ArticleFilter(limit=1)) == [3]


def test_date_range_is_in_shanghai_days_inclusive(engine: Engine) -> None:
    _fill(engine)
    # 2025-01-21 23:30 +08:00 is 15:30 UTC: it belongs to the 21st in Shanghai.
    assert _ids(engine, ArticleFilter(since=date(2025, 1, 21), until=date(2025, 1, 21))) == [2]
    assert _ids(engine, ArticleFilter(since=date(2025, 1, 21))) == [3, 2]


def test_json_form_carries_offset_people_and_cluster(engine: Engine) -> None:
    _fill(engine)
    with Session(engine) as session:
        (article,) = find_articles(session, ArticleFilter(reporter="郑莉"))
        data = article_to_dict(article)
        assert data["published_at"] == "2025-01-20T23:30+08:00"
        assert data["reporters"] == ["郑莉"]
        assert data["cluster_id"] == article.id
        assert [c.id for c in cluster_of(session, article)] == [article.id]


def test_day_precision_prints_a_date(engine: Engine) -> None:
    Store(engine).save_article(
        _rec(9, 5, published_at=datetime(2025, 1, 5, tzinfo=CST), published_precision="day"),
        run_id=None,
        now=NOW,
    )
    with Session(engine) as session:
        (article,) = find_articles(session, ArticleFilter())
        assert article_to_dict(article)["published_at"] == "2025-01-05"
