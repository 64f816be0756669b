from __future__ import annotations

import zlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from storage import ResponseRecord, SaveOutcome, Store
from storage.models import StoredResponse
from storage.responses import decompress, iter_responses
from tests.storage.test_repository import NOW, record

PAGE = "<html><head><meta charset=gbk></head><body>工会</body></html>".encode("gbk")


def response(n: int = 1, body: bytes = PAGE, when: datetime = NOW) -> ResponseRecord:
    url = f"http://a.test/c/{n}.shtml"
    return ResponseRecord("s1", url, url, 200, {"Content-Type": "text/html"}, body, when)


def test_a_stored_article_keeps_its_raw_response_compressed(engine: Engine) -> None:
    big = PAGE * 200
    Store(engine).save_article(record(), run_id=None, now=NOW, response=response(body=big))
    with Session(engine) as session:
        row = session.execute(select(StoredResponse)).scalar_one()
        assert row.size == len(big) and len(row.body) < len(big) / 10
    (back,) = iter_responses(engine)
    assert back.body == big  # raw bytes, so decoding runs again on re-extraction
    assert back.headers == {"Content-Type": "text/html"}


def test_the_latest_response_replaces_the_previous_one(engine: Engine) -> None:
    store = Store(engine)
    store.save_article(record(), run_id=None, now=NOW, response=response())
    later = NOW + timedelta(days=1)
    store.save_article(record(), run_id=None, now=later, response=response(body=b"v2", when=later))
    (back,) = iter_responses(engine)
    assert (back.body, back.fetched_at) == (b"v2", later)
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(StoredResponse)).scalar_one() == 1


def test_responses_filter_by_site_and_fetch_time(engine: Engine) -> None:
    store = Store(engine)
    store.save_article(record(1), run_id=None, now=NOW, response=response(1))
    later = NOW + timedelta(days=10)
    store.save_article(
        record(2, site="s2"),
        run_id=None,
        now=NOW,
        response=replace(response(2, when=later), site="s2"),
    )
    assert [r.url for r in iter_responses(engine, site="s2")] == ["http://a.test/c/2.shtml"]
    assert [r.url for r in iter_responses(engine, since=NOW + timedelta(days=1))] == [
        "http://a.test/c/2.shtml"
    ]


def test_reextraction_updates_changed_fields_and_people(engine: Engine) -> None:
    store = Store(engine)
    store.save_article(record(), run_id=None, now=NOW)
    better = replace(record(), title="新标题", reporters=("郑莉",), extractor_version="t2")
    outcome, changed, article_id = store.reextract_article(better, now=NOW)
    assert outcome is SaveOutcome.UPDATED
    assert set(changed) == {"title", "reporters"}
    assert store.reextract_article(better, now=NOW)[:2] == (SaveOutcome.UNCHANGED, ())
    from storage.models import Article

    with Session(engine) as session:
        article = session.get_one(Article, article_id)
        assert article.title == "新标题"
        assert article.names("reporter") == ["郑莉"]
        assert article.extractor_version == "t2"


def test_reextraction_stores_a_page_that_had_failed(engine: Engine) -> None:
    store = Store(engine)
    outcome, changed, _ = store.reextract_article(record(5), now=NOW)
    assert (outcome, changed) == (SaveOutcome.NEW, ())
    assert "http://a.test/c/5.shtml" in store.settled_urls("s1")
    assert datetime.now(UTC) > NOW


def test_responses_are_stored_with_zstd_and_zlib_rows_of_before_still_read(engine: Engine) -> None:
    store = Store(engine)
    store.save_article(record(1), run_id=None, now=NOW, response=response(1, body=PAGE * 50))
    store.save_article(record(2), run_id=None, now=NOW, response=response(2, body=PAGE * 60))
    with Session(engine) as session, session.begin():  # row 2 as written before zstd
        old = session.execute(
            select(StoredResponse).where(StoredResponse.url.endswith("/2.shtml"))
        ).scalar_one()
        old.compression, old.body = "zlib", zlib.compress(PAGE * 60, 3)
    with Session(engine) as session:
        kinds = session.execute(select(StoredResponse.compression).order_by(StoredResponse.id))
        assert kinds.scalars().all() == ["zstd", "zlib"]
    assert [r.body for r in iter_responses(engine)] == [PAGE * 50, PAGE * 60]


def test_an_unknown_compression_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown compression of a stored response: 'lz4'"):
        decompress(b"x", "lz4")
