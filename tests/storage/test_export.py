from __future__ import annotations

import csv
import json
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq
from sqlalchemy import Engine, insert

from storage import ArticleRecord, Store
from storage.export import EXPORT_FIELDS, export_articles
from storage.models import Article, ArticlePerson
from storage.queries import ArticleFilter

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def _fill(engine: Engine) -> None:
    store = Store(engine)
    for n in range(1, 4):
        store.save_article(
            ArticleRecord(
                site="s1" if n < 3 else "s2",
                url=f"http://a.test/{n}",
                canonical_url=f"http://a.test/{n}",
                title=f"工会新闻{n}",
                body=f"第{n}篇，工会组织职工。" * 3,
                content_hash=f"{n:040d}",
                extractor_version="t",
                published_at=NOW - timedelta(days=n),
                published_precision="minute",
                reporters=("郑莉", "郝赫") if n == 1 else (),
            ),
            run_id=None,
            now=NOW,
        )


def _export(engine: Engine, fmt: str, path: Path, **kw: object) -> int:
    with path.open("wb") as out:
        return export_articles(engine, ArticleFilter(limit=None, **kw), fmt, out, batch=2)  # type: ignore[arg-type]


def test_jsonl_has_one_article_per_line_newest_first(engine: Engine, tmp_path: Path) -> None:
    _fill(engine)
    assert _export(engine, "jsonl", tmp_path / "a.jsonl") == 3
    rows = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text("utf-8").splitlines()]
    assert [r["title"] for r in rows] == ["工会新闻1", "工会新闻2", "工会新闻3"]
    assert rows[0]["reporters"] == ["郑莉", "郝赫"]
    assert tuple(rows[0]) == EXPORT_FIELDS


def test_csv_has_a_header_and_joined_lists(engine: Engine, tmp_path: Path) -> None:
    _fill(engine)
    assert _export(engine, "csv", tmp_path / "a.csv", site="s1") == 2
    with (tmp_path / "a.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == ["1", "2"]
    assert rows[0]["reporters"] == "郑莉; 郝赫"


def test_parquet_writes_one_row_group_per_batch(engine: Engine, tmp_path: Path) -> None:
    _fill(engine)
    assert _export(engine, "parquet", tmp_path / "a.parquet", text="工会") == 3
    parquet = pq.ParquetFile(tmp_path / "a.parquet")
    assert parquet.metadata.num_row_groups == 2
    table = parquet.read()
    assert table.column_names == list(EXPORT_FIELDS)
    assert table.column("reporters").to_pylist()[0] == ["郑莉", "郝赫"]
    assert table.column("id").to_pylist() == [1, 2, 3]


def _bulk(engine: Engine, start: int, count: int) -> None:
    body = "全市职工职业技能竞赛在市工人文化宫开幕，市总工会有关负责人表示。" * 10
    rows = [
        {
            "url": f"http://b.test/{n}",
            "canonical_url": f"http://b.test/{n}",
            "site": "bulk",
            "title": f"职工技能竞赛{n}",
            "body": body,
            "script": "simplified",
            "problems": [],
            "content_hash": f"{n:040d}",
            "extractor_version": "t",
            "published_at": NOW - timedelta(minutes=n),
            "first_seen_at": NOW,
            "last_seen_at": NOW,
        }
        for n in range(start, start + count)
    ]
    with engine.begin() as connection:
        ids = connection.execute(insert(Article).returning(Article.id), rows).scalars().all()
        connection.execute(
            insert(ArticlePerson),
            [{"article_id": i, "role": "reporter", "name": "郑莉", "position": 0} for i in ids],
        )


def _peak(engine: Engine, fmt: str, path: Path) -> int:
    tracemalloc.start()
    try:
        with path.open("wb") as out:
            export_articles(engine, ArticleFilter(limit=None), fmt, out, batch=500)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_articles(engine: Engine, tmp_path: Path) -> None:
    """The peak of Python allocations while exporting 2,000 and then 20,000 articles to
    Parquet stays about the same (a reading that kept every row would need ten times more)."""
    _bulk(engine, 0, 2_000)
    small = _peak(engine, "parquet", tmp_path / "small")
    _bulk(engine, 2_000, 18_000)
    large = _peak(engine, "parquet", tmp_path / "large")
    assert large < 2 * small, (small, large)
