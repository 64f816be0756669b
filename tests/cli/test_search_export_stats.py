"""``query --text/--rank``, ``export`` and ``stats`` from the command line, on both backends."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import click
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from crawler.cli import main
from storage import ArticleRecord, Store, ensure_schema, open_engine

CST = timezone(timedelta(hours=8))


@pytest.fixture
def filled(db_url: str) -> str:
    engine = open_engine(db_url)
    ensure_schema(engine)
    store = Store(engine)
    for n, (site, title, body, reporter) in enumerate(
        [
            ("s1", "工会驿站建成", "户外劳动者有了歇脚的地方。", "郑莉"),
            ("s2", "劳模进校园", "市总工会组织劳模宣讲。", "王明"),
            ("s2", "技能竞赛", "全市职工参加比赛。", "郑莉"),
        ],
        start=1,
    ):
        store.save_article(
            ArticleRecord(
                site=site,
                url=f"http://a.test/{n}",
                canonical_url=f"http://a.test/{n}",
                title=title,
                body=body,
                content_hash=f"{n:040d}",
                extractor_version="t",
                published_at=datetime(2025, 1, 20 + n, 9, 10, tzinfo=CST),
                published_precision="minute",
                reporters=(reporter,),
                source="工人日报" if n > 1 else None,
            ),
            run_id=None,
            now=datetime(2025, 2, 1, tzinfo=UTC),
        )
    engine.dispose()
    return db_url


def run(db: str, *args: str) -> click.testing.Result:
    return CliRunner().invoke(main, ["--db", db, *args])


def test_query_text_finds_two_character_words(filled: str) -> None:
    result = run(filled, "query", "--text", "工会", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [a["id"] for a in json.loads(result.stdout)] == [2, 1]


def test_query_text_combines_with_filters_and_ranks(filled: str) -> None:
    result = run(filled, "query", "--text", "工会", "--site", "s1", "--format", "json")
    assert [a["id"] for a in json.loads(result.stdout)] == [1]
    result = run(filled, "query", "--text", "工会", "--rank", "--format", "json")
    assert [a["id"] for a in json.loads(result.stdout)] == [1, 2]  # 工会 in the title first


def test_a_one_character_search_says_it_scans(filled: str) -> None:
    result = run(filled, "query", "--text", "劳", "--format", "json")
    assert result.exit_code == 0
    assert "one-character words are not in the search index" in result.stderr
    assert [a["id"] for a in json.loads(result.stdout)] == [2, 1]


def test_rank_without_text_is_bad_input(filled: str) -> None:
    result = run(filled, "query", "--rank")
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "--rank" in result.output


def test_export_jsonl_to_standard_output(filled: str) -> None:
    result = run(filled, "export", "--reporter", "郑莉")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == [3, 1]
    assert rows[0]["body"] == "全市职工参加比赛。"
    assert "exported 2 articles" in result.stderr


def test_export_csv_and_parquet_to_files(filled: str, tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    assert run(filled, "export", "--format", "csv", "--site", "s2", "-o", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert [r["id"] for r in rows] == ["3", "2"]
    out = tmp_path / "a.parquet"
    assert run(filled, "export", "--format", "parquet", "-o", str(out)).exit_code == 0
    assert pq.read_table(out).num_rows == 3
    assert not (tmp_path / "a.parquet.part").exists()


def test_parquet_needs_a_file(filled: str) -> None:
    result = run(filled, "export", "--format", "parquet")
    assert result.exit_code == 2
    assert "-o FILE" in result.output


def test_stats_json_and_chart(filled: str, tmp_path: Path) -> None:
    chart = tmp_path / "chart.png"
    result = run(filled, "stats", "--format", "json", "--chart", str(chart))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"][0] == {"period": "2025-01-21", "site": "s1", "articles": 1}
    assert data["top_reporters"][0] == {"name": "郑莉", "articles": 2}
    assert data["top_sources"] == [{"source": "工人日报", "articles": 2}]
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_stats_table(filled: str) -> None:
    result = run(filled, "stats", "--per", "week", "--site", "s2")
    assert result.exit_code == 0, result.output
    assert "Top reporters" in result.stdout and "王明" in result.stdout
