"""bench.query end to end at a tiny size: it loads, answers every query and prints its tables
(its figures are read by people; nothing here times anything)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bench.query import Generator, load_sqlite, main, queries
from storage import ensure_schema, open_engine
from storage.queries import ArticleFilter, find_articles


def test_the_bench_prints_a_table_per_backend(
    capsys: pytest.CaptureFixture[str], pg_admin: Engine
) -> None:
    url = pg_admin.url.render_as_string(hide_password=False)
    main(
        [
            "--size",
            "300",
            "--repeat",
            "1",
            "--scan-repeat",
            "1",
            "--store-rate",
            "5",
            "--pg-url",
            url,
        ]
    )
    out = capsys.readouterr().out
    assert "## sqlite: 300 articles" in out and "## postgresql: 300 articles" in out
    assert out.count("keyword 工会, limit 50") == 2
    assert out.count("store path") == 2


def test_bulk_loaded_articles_are_found_like_stored_ones(sqlite_url: str) -> None:
    engine = open_engine(sqlite_url)
    ensure_schema(engine)
    generator = Generator(pool=50)
    assert load_sqlite(engine, generator.rows(200)) == 200
    data = generator.data(200)
    with Session(engine) as session:
        found = find_articles(session, ArticleFilter(text=data.common_word, limit=None))
        assert found and all(data.common_word in a.title + a.body for a in found)
        for query in queries(data):  # ours and the scan agree on what they find
            ours, scan = query.ours(session), query.scan(session)
            session.rollback()
            assert len(ours) == len(scan), query.name  # type: ignore[arg-type]
    engine.dispose()
