from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from storage import (
    ArticleRecord,
    FailureRecord,
    FrontierEntry,
    ResponseRecord,
    SaveOutcome,
    Store,
    ensure_schema,
    open_engine,
)
from storage.models import Article, ArticlePerson, StoredResponse, UrlState
from storage.repository import MAX_FAILED_ATTEMPTS, ArticleWrite, UrlValidators
from storage.runs import MonitoringCounts, finish_run
from storage.search import matching_ids, plan_search

NOW = datetime(2025, 2, 1, 8, 0, tzinfo=UTC)
CST = timezone(timedelta(hours=8))


def record(n: int = 1, *, body: str | None = None, site: str = "s1") -> ArticleRecord:
    return ArticleRecord(
        site=site,
        url=f"http://a.test/c/{n}.shtml",
        canonical_url=f"http://a.test/c/{n}.shtml",
        title=f"标题{n}",
        body=body or f"正文{n}",
        content_hash=f"{n:040d}" if body is None else body.encode().hex()[:40].ljust(40, "0"),
        extractor_version="t",
        published_at=datetime(2025, 1, 23, 9, 10, 30, tzinfo=CST),
        published_precision="second",
        reporters=("郑莉", "郝赫"),
        editors=("朱晶晶",),
        editor="朱晶晶",
    )


def test_new_article_starts_its_own_cluster(engine: Engine) -> None:
    store = Store(engine)
    outcome, article_id = store.save_article(record(), run_id=None, now=NOW)
    assert outcome is SaveOutcome.NEW
    with Session(engine) as session:
        article = session.get_one(Article, article_id)
        assert article.cluster_id == article_id
        assert article.published_at == datetime(2025, 1, 23, 1, 10, 30, tzinfo=UTC)
        assert article.names("reporter") == ["郑莉", "郝赫"]
        assert article.names("editor") == ["朱晶晶"]


def test_saving_the_same_url_twice_stores_one_row(engine: Engine) -> None:
    store = Store(engine)
    first = store.save_article(record(), run_id=None, now=NOW)
    second = store.save_article(record(), run_id=None, now=NOW + timedelta(hours=1))
    assert second == (SaveOutcome.KNOWN, first[1])
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(Article)).scalar_one() == 1
        assert session.execute(select(func.count()).select_from(ArticlePerson)).scalar_one() == 3
        article = session.get_one(Article, first[1])
        assert article.last_seen_at == NOW + timedelta(hours=1)


def test_same_text_under_another_url_joins_the_cluster(engine: Engine) -> None:
    store = Store(engine)
    _, original = store.save_article(record(1, body="同一篇文章"), run_id=None, now=NOW)
    outcome, copy = store.save_article(
        replace(record(2, body="同一篇文章"), site="s2"), run_id=None, now=NOW
    )
    assert outcome is SaveOutcome.COPY
    with Session(engine) as session:
        assert session.get_one(Article, copy).cluster_id == original


def test_storing_marks_the_url_and_its_redirect_sources_stored(engine: Engine) -> None:
    store = Store(engine)
    store.add_pending(
        "s1", [FrontierEntry("http://a.test/old", "http://a.test/old", "article")], NOW
    )
    store.save_article(replace(record(), aliases=("http://a.test/old",)), run_id=None, now=NOW)
    assert store.settled_urls("s1") == {"http://a.test/c/1.shtml", "http://a.test/old"}
    assert store.pending("s1") == []


def test_pending_urls_survive_for_the_next_run(engine: Engine) -> None:
    store = Store(engine)
    entries = [
        FrontierEntry(f"http://a.test/{i}", f"http://a.test/{i}", "article") for i in range(3)
    ]
    store.add_pending("s1", entries, NOW)
    store.add_pending("s1", entries, NOW)  # rediscovered: no duplicate rows
    assert Store(engine).pending("s1") == entries
    assert Store(engine).pending("other") == []


def test_a_failure_is_retried_until_it_failed_max_times(engine: Engine) -> None:
    store = Store(engine)
    failure = FailureRecord("s1", "http://a.test/x", "http://a.test/x", "no body", 200)
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        store.record_failure(failure, NOW)
        assert "http://a.test/x" not in store.settled_urls("s1")
    store.record_failure(failure, NOW)
    assert "http://a.test/x" in store.settled_urls("s1")
    with Session(engine) as session:
        state = session.execute(select(UrlState)).scalar_one()
        assert (state.state, state.attempts, state.last_error) == ("failed", 3, "no body")


def test_a_failure_never_downgrades_a_stored_url(engine: Engine) -> None:
    store = Store(engine)
    store.save_article(record(), run_id=None, now=NOW)
    store.record_failure(
        FailureRecord("s1", record().url, record().canonical_url, "http 404", 404), NOW
    )
    with Session(engine) as session:
        assert session.execute(select(UrlState.state)).scalar_one() == "stored"


def test_a_run_is_recorded_with_its_counts(engine: Engine) -> None:
    store = Store(engine)
    run_id = store.start_run("s1", NOW)
    finish_run(
        engine,
        run_id,
        status="finished",
        finished_at=NOW + timedelta(minutes=1),
        counts=MonitoringCounts(pages=10, new=5, duplicates=2, failures=1),
        stats={"x": 1},
    )
    from storage.models import CrawlRun

    with Session(engine) as session:
        run = session.get_one(CrawlRun, run_id)
        assert (run.status, run.pages, run.new, run.duplicates, run.failures) == (
            "finished",
            10,
            5,
            2,
            1,
        )


def test_the_page_in_its_own_script_replaces_a_gateway_copy(engine: Engine) -> None:
    store = Store(engine)
    gateway = replace(
        record(), url="http://big5.a.test/big5/c/1.shtml", script="traditional", site="mirror"
    )
    _, article_id = store.save_article(gateway, run_id=None, now=NOW)
    outcome, same_id = store.save_article(record(), run_id=None, now=NOW)
    assert (outcome, same_id) == (SaveOutcome.KNOWN, article_id)
    with Session(engine) as session:
        article = session.get_one(Article, article_id)
        assert (article.url, article.site, article.script) == (record().url, "s1", "simplified")
        state = session.execute(select(UrlState)).scalar_one()
        assert state.url == record().url
    # ...and never the other way round.
    store.save_article(gateway, run_id=None, now=NOW)
    with Session(engine) as session:
        assert session.get_one(Article, article_id).url == record().url


def test_reads_through_a_reader_engine_do_not_wait_for_the_write_lock(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'uw.db'}"
    writer, reader = open_engine(url, writer=True), open_engine(url)
    ensure_schema(writer)
    store = Store(writer, reader=reader)
    store.save_article(record(1), run_id=None, now=NOW)
    holder = sqlite3.connect(tmp_path / "uw.db", timeout=5)
    holder.isolation_level = None
    holder.execute("BEGIN IMMEDIATE")  # another process is writing a batch
    try:
        settled = store.settled_among([record(1).canonical_url, record(2).canonical_url])
        known = store.has_article(record(1).canonical_url)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        writer.dispose()
        reader.dispose()
    assert settled == {record(1).canonical_url: record(1).url} and known


def _found(engine: Engine, word: str) -> set[int]:
    with Session(engine) as session:
        ids = matching_ids(engine.dialect.name, plan_search(word))
        return set(session.execute(ids).scalars())


def test_one_batch_holding_a_page_twice_and_its_edit_stores_it_as_the_last_copy_says(
    engine: Engine,
) -> None:
    first = record(1, body="市总工会举办职工技能竞赛开幕式")
    edited = replace(first, body="市总工会举办职工技能大赛闭幕式", content_hash="e" * 40)
    response = ResponseRecord("s1", first.url, first.canonical_url, 200, {}, b"<html/>", NOW)
    writes = [
        ArticleWrite(first, response, None),
        ArticleWrite(first, response, UrlValidators('"v1"', None, NOW)),
        ArticleWrite(edited, None, None),
    ]
    saved = Store(engine).save_articles(writes, run_id=None, now=NOW)
    assert [outcome for outcome, _ in saved] == [
        SaveOutcome.NEW,
        SaveOutcome.KNOWN,
        SaveOutcome.UPDATED,
    ]
    article_id = saved[0][1]
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(Article)).scalar_one() == 1
        assert session.get_one(Article, article_id).names("reporter") == ["郑莉", "郝赫"]
        (state,) = session.execute(select(UrlState)).scalars()
        assert (state.state, state.etag) == ("stored", '"v1"')
        assert session.execute(select(func.count()).select_from(StoredResponse)).scalar_one() == 1
    assert _found(engine, "大赛闭幕") == {article_id}
    assert _found(engine, "竞赛开幕") == set()
