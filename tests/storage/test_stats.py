from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from storage import ArticleRecord, Store, ensure_schema, open_engine
from storage.queries import ArticleFilter, find_articles
from storage.stats import collect_stats, top_reporters

CST = timezone(timedelta(hours=8))
NOW = datetime(2025, 3, 1, tzinfo=UTC)


def _save(store: Store, n: int, site: str, when: datetime, body: str, **kw: object) -> None:
    store.save_article(
        ArticleRecord(
            site=site,
            url=f"http://{site}.test/{n}",
            canonical_url=f"http://{site}.test/{n}",
            title=f"标题{n}",
            body=body,
            content_hash=body.encode().hex()[:40].ljust(40, "0"),
            extractor_version="t",
            published_at=when,
            published_precision="minute",
            **kw,  # type: ignore[arg-type]
        ),
        run_id=None,
        now=NOW,
    )


def _fill(engine: Engine) -> None:
    store = Store(engine)
    # 2025-01-06 (a Monday) 23:30 in Shanghai is still the 6th there, the 6th 15:30 UTC.
    _save(store, 1, "s1", datetime(2025, 1, 6, 23, 30, tzinfo=CST), "甲文", reporters=("郑莉",))
    _save(store, 2, "s1", datetime(2025, 1, 7, 0, 30, tzinfo=CST), "乙文", reporters=("郑莉",))
    _save(store, 3, "s1", datetime(2025, 1, 13, 9, 0, tzinfo=CST), "丙文", source="工人日报")
    # A reprint of 甲文 on another site, later.
    _save(store, 4, "s2", datetime(2025, 1, 8, 9, 0, tzinfo=CST), "甲文", source="工人日报")
    _save(store, 5, "s2", datetime(2025, 1, 8, 10, 0, tzinfo=CST), "丁文", reporters=("王明",))


def _stats(engine: Engine, per: str = "day", **kw: object) -> dict[str, object]:
    with Session(engine) as session:
        return collect_stats(session, ArticleFilter(limit=None, **kw), per=per).to_dict()  # type: ignore[arg-type]


def test_articles_per_site_per_shanghai_day(engine: Engine) -> None:
    _fill(engine)
    assert _stats(engine)["articles"] == [
        {"period": "2025-01-06", "site": "s1", "articles": 1},
        {"period": "2025-01-07", "site": "s1", "articles": 1},
        {"period": "2025-01-08", "site": "s2", "articles": 2},
        {"period": "2025-01-13", "site": "s1", "articles": 1},
    ]


def test_weeks_start_on_monday(engine: Engine) -> None:
    _fill(engine)
    assert _stats(engine, per="week")["articles"] == [
        {"period": "2025-01-06", "site": "s1", "articles": 2},
        {"period": "2025-01-06", "site": "s2", "articles": 2},
        {"period": "2025-01-13", "site": "s1", "articles": 1},
    ]


def test_tops_and_reprints(engine: Engine) -> None:
    _fill(engine)
    stats = _stats(engine)
    assert stats["top_reporters"] == [
        {"name": "郑莉", "articles": 2},
        {"name": "王明", "articles": 1},
    ]
    assert stats["top_sources"] == [{"source": "工人日报", "articles": 2}]
    assert stats["sites"] == [
        {"site": "s1", "articles": 3, "originals": 3, "copies": 0, "undated": 0},
        {"site": "s2", "articles": 2, "originals": 1, "copies": 1, "undated": 0},
    ]
    (story,) = stats["top_stories"]  # type: ignore[misc]
    assert story["copies"] == 2 and story["sites"] == 2 and story["title"] == "标题1"


def test_filters_apply_to_every_figure(engine: Engine) -> None:
    _fill(engine)
    stats = _stats(engine, site="s1", since=date(2025, 1, 7))
    assert [row["period"] for row in stats["articles"]] == ["2025-01-07", "2025-01-13"]  # type: ignore[attr-defined]
    assert stats["top_reporters"] == [{"name": "郑莉", "articles": 1}]
    assert stats["top_stories"] == []


def _plans(engine: Engine, run: Callable[[Session], object]) -> str:
    """The SQLite query plans of the SELECTs ``run`` makes."""
    statements: list[tuple[str, Any]] = []

    def grab(*args: Any) -> None:
        if args[2].lstrip().upper().startswith("SELECT"):
            statements.append((args[2], args[3]))

    event.listen(engine, "before_cursor_execute", grab)
    with Session(engine) as session:
        run(session)
    event.remove(engine, "before_cursor_execute", grab)
    with engine.connect() as connection:
        return "\n".join(
            row[3]
            for sql, params in statements
            for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params)
        )


def test_people_questions_are_answered_from_indexes(sqlite_url: str) -> None:
    engine = open_engine(sqlite_url)
    ensure_schema(engine)
    by_reporter = _plans(engine, lambda s: find_articles(s, ArticleFilter(reporter="郑莉")))
    assert "USING INDEX ix_article_people_name_role (name=? AND role=?)" in by_reporter
    month = ArticleFilter(site="s1", since=date(2025, 1, 1), until=date(2025, 1, 31))
    top = _plans(engine, lambda s: top_reporters(s, month))
    assert "INDEX ix_articles_site_published_at (site=? AND published_at>? AND" in top
    assert "SEARCH article_people USING COVERING INDEX" in top
    assert "SCAN" not in top and "SCAN" not in by_reporter
    engine.dispose()
