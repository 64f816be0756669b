from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.misc import build_from_crawler
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from crawler import statkeys
from crawler.database import Database
from crawler.extract import Article
from crawler.items import ArticleItem, PageFailure
from pipelines.dedup import DuplicateUrlPipeline
from pipelines.store import NotStored, StorePipeline, to_record
from pipelines.validate import ValidatePipeline
from pipelines.writer import BatchJob, write_batch
from storage.models import Article as ArticleRow
from storage.models import UrlState
from storage.repository import UrlValidators
from tests.scrapy_helpers import make_crawler

CST = timezone(timedelta(hours=8))


def item(
    n: int = 1, *, title: str | None = "标题", body: str | None = "正文。", site: str = "s1"
) -> ArticleItem:
    url = f"http://a.test/c/{n}.shtml"
    return ArticleItem(
        site=site,
        url=url,
        canonical_url=url,
        article=Article(
            url=url,
            title=title,
            body=body,
            published_at=datetime(2025, 1, 23, 9, 10, 30, tzinfo=CST),
            published_precision="second",
            reporters=["郑莉", "郝赫"],
            editor="胡永秋、杨光宇",
        ),
    )


def store_crawler(db_url: str, **settings: Any) -> Crawler:
    """A crawler whose store pipeline writes each article at once, in the test's thread."""
    values: dict[str, Any] = {
        "UNIONWATCH_STORE_THREADED": False,
        "UNIONWATCH_STORE_BATCH_SIZE": 1,
        **settings,
    }
    return make_crawler(db_url, **values)


def stored(pipeline: StorePipeline, entry: object) -> object:
    """What the store made of ``entry`` once its write ended (raising what it raised)."""
    if isinstance(entry, ArticleItem) and not entry.reextracted:
        result = pipeline.enqueue(entry)  # what process_item awaits
    else:
        result = Deferred.fromCoroutine(pipeline.process_item(entry))
    outcome: list[object] = []
    result.addBoth(outcome.append)
    assert outcome, "the write has not ended"
    if isinstance(outcome[0], Failure):
        outcome[0].raiseException()
    return outcome[0]


def assert_counted(crawler: Crawler, *, new: int, copies: int, stored: int) -> None:
    """The store's counts: new articles, and duplicates by kind (their total too)."""
    stats = crawler.stats
    assert stats is not None
    assert stats.get_value(statkeys.ARTICLES_NEW) == new
    assert stats.get_value(statkeys.ARTICLES_DUPLICATE) == copies + stored
    assert stats.get_value(statkeys.ARTICLES_DUPLICATE_PREFIX + "copy") == copies
    assert stats.get_value(statkeys.ARTICLES_DUPLICATE_PREFIX + "stored") == stored


def engine_of(crawler: Crawler) -> Engine:
    database = crawler.get_extension(Database)
    assert database is not None
    return database.engine


def test_validate_turns_an_article_without_body_into_a_failure(sqlite_url: str) -> None:
    pipeline = build_from_crawler(ValidatePipeline, make_crawler(sqlite_url))
    result = pipeline.process_item(item(body=None))
    assert isinstance(result, PageFailure)
    assert result.reason == "no body"
    assert pipeline.process_item(item(title=None, body="")).reason == "no title, no body"


def test_validate_passes_complete_articles_and_other_items(sqlite_url: str) -> None:
    pipeline = build_from_crawler(ValidatePipeline, make_crawler(sqlite_url))
    good = item()
    assert pipeline.process_item(good) is good
    failure = PageFailure("s1", "http://a.test/x", "http://a.test/x", "http 404", 404)
    assert pipeline.process_item(failure) is failure


def test_dedup_drops_a_repeated_canonical_url(db_url: str) -> None:
    crawler = make_crawler(db_url)
    pipeline = build_from_crawler(DuplicateUrlPipeline, crawler)
    pipeline.process_item(item())
    with pytest.raises(DropItem):
        pipeline.process_item(item())
    assert crawler.stats is not None
    assert crawler.stats.get_value(statkeys.ARTICLES_DUPLICATE_PREFIX + "url") == 1


def test_to_record_splits_editors_and_hashes_the_body() -> None:
    record = to_record(item())
    assert record.editors == ("胡永秋", "杨光宇")
    assert len(record.content_hash) == 40


def test_store_saves_once_and_counts(db_url: str) -> None:
    crawler = store_crawler(db_url)
    pipeline = build_from_crawler(StorePipeline, crawler)
    assert stored(pipeline, item(1)) is not None
    with pytest.raises(DropItem, match="already stored"):
        stored(pipeline, item(1))
    copy = item(2, site="s2")
    assert stored(pipeline, copy) is copy  # same text, other URL: a stored copy
    assert_counted(crawler, new=1, copies=1, stored=1)
    with Session(engine_of(crawler)) as session:
        assert session.execute(select(func.count()).select_from(ArticleRow)).scalar_one() == 2


def test_store_records_a_failure_with_its_reason(db_url: str) -> None:
    crawler = store_crawler(db_url)
    pipeline = build_from_crawler(StorePipeline, crawler)
    with pytest.raises(DropItem, match="no body"):
        stored(pipeline, PageFailure("s1", "http://a.test/x", "http://a.test/x", "no body", 200))
    assert crawler.stats is not None
    assert crawler.stats.get_value(statkeys.FAILURE_REASON_PREFIX + "no body") == 1
    database = crawler.get_extension(Database)
    assert database is not None
    with Session(database.engine) as session:
        state = session.execute(select(UrlState)).scalar_one()
        assert (state.state, state.last_error) == ("failed", "no body")


def test_a_failed_database_write_stops_the_crawl_and_says_why(sqlite_url: str) -> None:
    crawler = store_crawler(sqlite_url)
    pipeline = build_from_crawler(StorePipeline, crawler)
    database = crawler.get_extension(Database)
    assert database is not None
    with database.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE article_people")
    stopped: list[str] = []
    pipeline._stop = lambda error: stopped.append(error.split(":")[0])  # type: ignore[method-assign]
    with pytest.raises(NotStored, match="OperationalError: no such table"):
        stored(pipeline, item())
    assert stopped == ["OperationalError"]
    with Session(database.engine) as session:  # the transaction rolled back: no half article
        assert session.execute(select(func.count()).select_from(ArticleRow)).scalar_one() == 0


def with_response(entry: ArticleItem) -> ArticleItem:
    from crawler.items import RawResponse

    entry.response = RawResponse(
        200, {"Content-Type": "text/html"}, b"<html>raw</html>", datetime.now(UTC)
    )
    return entry


def test_store_keeps_the_raw_response_unless_switched_off(
    sqlite_url: str, tmp_path: object
) -> None:
    from storage.responses import iter_responses

    crawler = store_crawler(sqlite_url)
    stored(build_from_crawler(StorePipeline, crawler), with_response(item(1)))
    database = crawler.get_extension(Database)
    assert database is not None
    assert [r.body for r in iter_responses(database.engine)] == [b"<html>raw</html>"]

    other = sqlite_url.replace("unionwatch.db", "off.db")
    crawler = store_crawler(other, UNIONWATCH_STORE_RESPONSES=False)
    stored(build_from_crawler(StorePipeline, crawler), with_response(item(1)))
    database = crawler.get_extension(Database)
    assert database is not None
    assert list(iter_responses(database.engine)) == []


def test_a_reextracted_item_updates_the_article_and_counts_fields(db_url: str) -> None:
    crawler = store_crawler(db_url)
    pipeline = build_from_crawler(StorePipeline, crawler)
    stored(pipeline, item(1))
    again = item(1)
    again.reextracted = True
    again.article.title = "更好的标题"
    assert stored(pipeline, again) is again
    with pytest.raises(DropItem, match="unchanged"):
        stored(pipeline, again)
    stats = crawler.stats
    assert stats is not None
    assert stats.get_value(statkeys.REEXTRACT_PREFIX + "updated") == 1
    assert stats.get_value(statkeys.REEXTRACT_PREFIX + "unchanged") == 1
    assert stats.get_value(statkeys.REEXTRACT_FIELD_PREFIX + "title") == 1
    assert stats.get_value(statkeys.ARTICLES_NEW) == 1  # only the first, fetched one


def test_a_reextracted_failure_never_deletes_the_article(db_url: str) -> None:
    crawler = store_crawler(db_url)
    pipeline = build_from_crawler(StorePipeline, crawler)
    stored(pipeline, item(1))
    lost = PageFailure("s1", item(1).url, item(1).canonical_url, "no body", 200, reextracted=True)
    with pytest.raises(DropItem):
        stored(pipeline, lost)
    assert crawler.stats is not None
    assert crawler.stats.get_value(statkeys.REEXTRACT_FAILING_PREFIX + "no body") == 1
    database = crawler.get_extension(Database)
    assert database is not None
    assert database.store.has_article(item(1).canonical_url)


class ManualWrites:
    """Stands in for the store's writer: holds each batch until told, then writes it."""

    def __init__(self, pipeline: StorePipeline) -> None:
        self.pipeline = pipeline
        self.pending: list[tuple[BatchJob, Deferred[Any]]] = []

    def __call__(self, job: BatchJob) -> Deferred[Any]:
        done: Deferred[Any] = Deferred()
        self.pending.append((job, done))
        return done

    def run_next(self) -> None:
        job, done = self.pending.pop(0)
        try:
            store = self.pipeline.database.store
            result = write_batch(store, job, self.pipeline.sources)
        except Exception as exc:
            done.errback(exc)
        else:
            done.callback(result)


def articles_in(crawler: Crawler) -> int:
    database = crawler.get_extension(Database)
    assert database is not None
    with Session(database.engine) as session:
        return session.execute(select(func.count()).select_from(ArticleRow)).scalar_one()


def batching_pipeline(db_url: str, size: int) -> tuple[Crawler, StorePipeline, ManualWrites]:
    crawler = store_crawler(db_url, UNIONWATCH_STORE_BATCH_SIZE=size)
    pipeline = build_from_crawler(StorePipeline, crawler)
    writes = ManualWrites(pipeline)
    pipeline._run = writes  # type: ignore[method-assign]
    return crawler, pipeline, writes


def test_an_article_is_acknowledged_only_after_its_batch_committed(db_url: str) -> None:
    crawler, pipeline, writes = batching_pipeline(db_url, 3)
    results: list[object] = []
    for n in (1, 2, 3):
        pipeline.enqueue(item(n, body=f"第{n}篇正文。")).addBoth(results.append)
    assert len(writes.pending) == 1  # the third filled the batch: one transaction
    assert results == [] and articles_in(crawler) == 0
    writes.run_next()
    assert [r.url for r in results] == [item(n).url for n in (1, 2, 3)]  # type: ignore[attr-defined]
    assert articles_in(crawler) == 3
    assert crawler.stats is not None
    assert crawler.stats.get_value(statkeys.ARTICLES_NEW) == 3


def test_copies_in_one_batch_are_one_story_and_counted_exactly(db_url: str) -> None:
    crawler, pipeline, writes = batching_pipeline(db_url, 3)
    results: list[object] = []
    for entry in (item(1), item(2, site="s2"), item(1)):
        pipeline.enqueue(entry).addBoth(results.append)
    writes.run_next()
    assert isinstance(results[0], ArticleItem) and isinstance(results[1], ArticleItem)
    assert isinstance(results[2], Failure) and isinstance(results[2].value, DropItem)
    assert_counted(crawler, new=1, copies=1, stored=1)
    with Session(engine_of(crawler)) as session:
        clusters = session.execute(select(ArticleRow.cluster_id)).scalars().all()
    assert len(clusters) == 2 and len(set(clusters)) == 1


def test_a_failed_batch_stores_nothing_and_stops_the_crawl_once(sqlite_url: str) -> None:
    crawler, pipeline, writes = batching_pipeline(sqlite_url, 2)
    database = crawler.get_extension(Database)
    assert database is not None
    with database.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE article_people")
    stopped: list[str] = []
    pipeline._stop = lambda error: stopped.append(error.split(":")[0])  # type: ignore[method-assign]
    results: list[object] = []
    for n in (1, 2):
        pipeline.enqueue(item(n, body=f"第{n}篇正文。")).addBoth(results.append)
    writes.run_next()
    assert stopped == ["OperationalError"]
    assert all(isinstance(r, Failure) and isinstance(r.value, NotStored) for r in results)
    assert "OperationalError: no such table" in str(results[0])
    assert articles_in(crawler) == 0  # the batch rolled back: its URLs stay pending
    pipeline._failed = True  # what the real _stop sets
    with pytest.raises(NotStored, match="stopping"):
        stored(pipeline, item(3))


def test_closing_the_spider_writes_what_is_buffered(db_url: str) -> None:
    crawler, pipeline, writes = batching_pipeline(db_url, 10)
    results: list[object] = []
    for n in (1, 2):
        pipeline.enqueue(item(n, body=f"第{n}篇正文。")).addBoth(results.append)
    closed: list[object] = []
    pipeline.drain().addBoth(closed.append)
    assert closed == [] and len(writes.pending) == 1
    writes.run_next()
    assert closed == [None] and len(results) == 2 and articles_in(crawler) == 2


def test_an_articles_validators_are_written_with_it(db_url: str) -> None:
    crawler = store_crawler(db_url)
    pipeline = build_from_crawler(StorePipeline, crawler)
    entry = item(1)
    due = datetime(2025, 1, 24, tzinfo=UTC)
    entry.validators = UrlValidators('"v1"', "Wed, 22 Jan 2025 00:00:00 GMT", due)
    stored(pipeline, entry)
    database = crawler.get_extension(Database)
    assert database is not None
    with Session(database.engine) as session:
        state = session.execute(select(UrlState)).scalar_one()
    assert (state.state, state.etag, state.last_modified) == (
        "stored",
        '"v1"',
        "Wed, 22 Jan 2025 00:00:00 GMT",
    )
    assert state.next_fetch_at is not None
    assert state.next_fetch_at.replace(tzinfo=UTC) == due


def test_the_articles_before_a_failing_one_in_its_batch_are_still_stored(
    sqlite_url: str,
) -> None:
    crawler, pipeline, writes = batching_pipeline(sqlite_url, 4)
    database = crawler.get_extension(Database)
    assert database is not None
    with database.engine.begin() as connection:  # the third write fails, as on a full disk
        connection.exec_driver_sql(
            "CREATE TRIGGER fail_write BEFORE INSERT ON articles "
            "WHEN (SELECT count(*) FROM articles) >= 2 "
            "BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END"
        )
    stopped: list[str] = []
    pipeline._stop = lambda error: stopped.append(error.split(":")[0])  # type: ignore[method-assign]
    results: list[object] = []
    for n in (1, 2, 3, 4):
        pipeline.enqueue(item(n, body=f"第{n}篇正文。")).addBoth(results.append)
    writes.run_next()
    assert [isinstance(r, ArticleItem) for r in results] == [True, True, False, False]
    assert all(isinstance(r, Failure) and isinstance(r.value, NotStored) for r in results[2:])
    assert stopped == ["IntegrityError"] and articles_in(crawler) == 2
