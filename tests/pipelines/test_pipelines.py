from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.misc import build_from_crawler
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler import statkeys
from crawler.database import Database
from crawler.extract import Article
from crawler.items import ArticleItem, PageFailure
from pipelines.dedup import DuplicateUrlPipeline
from pipelines.store import NotStored, StorePipeline, to_record
from pipelines.validate import ValidatePipeline
from storage.models import Article as ArticleRow
from storage.models import UrlState
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
    crawler = make_crawler(db_url)
    pipeline = build_from_crawler(StorePipeline, crawler)
    assert pipeline.process_item(item(1)) is not None
    with pytest.raises(DropItem, match="already stored"):
        pipeline.process_item(item(1))
    copy = item(2, site="s2")
    assert pipeline.process_item(copy) is copy  # same text, other URL: a stored copy
    stats = crawler.stats
    assert stats is not None
    assert stats.get_value(statkeys.ARTICLES_NEW) == 1
    assert stats.get_value(statkeys.ARTICLES_DUPLICATE) == 2
    assert stats.get_value(statkeys.ARTICLES_DUPLICATE_PREFIX + "copy") == 1
    assert stats.get_value(statkeys.ARTICLES_DUPLICATE_PREFIX + "stored") == 1
    database = crawler.get_extension(Database)
    assert database is not None
    with Session(database.engine) as session:
        assert session.execute(select(func.count()).select_from(ArticleRow)).scalar_one() == 2


def test_store_records_a_failure_with_its_reason(db_url: str) -> None:
    crawler = make_crawler(db_url)
    pipeline = build_from_crawler(StorePipeline, crawler)
    with pytest.raises(DropItem, match="no body"):
        pipeline.process_item(
            PageFailure("s1", "http://a.test/x", "http://a.test/x", "no body", 200)
        )
    assert crawler.stats is not None
    assert crawler.stats.get_value(statkeys.FAILURE_REASON_PREFIX + "no body") == 1
    database = crawler.get_extension(Database)
    assert database is not None
    with Session(database.engine) as session:
        state = session.execute(select(UrlState)).scalar_one()
        assert (state.state, state.last_error) == ("failed", "no body")


def test_a_failed_database_write_stops_the_crawl_and_says_why(sqlite_url: str) -> None:
    crawler = make_crawler(sqlite_url)
    pipeline = build_from_crawler(StorePipeline, crawler)
    database = crawler.get_extension(Database)
    assert database is not None
    with database.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE article_people")
    stopped: list[str] = []
    pipeline._stop = lambda exc: stopped.append(type(exc).__name__)  # type: ignore[method-assign]
    with pytest.raises(NotStored, match="OperationalError: no such table"):
        pipeline.process_item(item())
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

    crawler = make_crawler(sqlite_url)
    build_from_crawler(StorePipeline, crawler).process_item(with_response(item(1)))
    database = crawler.get_extension(Database)
    assert database is not None
    assert [r.body for r in iter_responses(database.engine)] == [b"<html>raw</html>"]

    other = sqlite_url.replace("unionwatch.db", "off.db")
    crawler = make_crawler(other, UNIONWATCH_STORE_RESPONSES=False)
    build_from_crawler(StorePipeline, crawler).process_item(with_response(item(1)))
    database = crawler.get_extension(Database)
    assert database is not None
    assert list(iter_responses(database.engine)) == []


def test_a_reextracted_item_updates_the_article_and_counts_fields(db_url: str) -> None:
    crawler = make_crawler(db_url)
    pipeline = build_from_crawler(StorePipeline, crawler)
    pipeline.process_item(item(1))
    again = item(1)
    again.reextracted = True
    again.article.title = "更好的标题"
    assert pipeline.process_item(again) is again
    with pytest.raises(DropItem, match="unchanged"):
        pipeline.process_item(again)
    stats = crawler.stats
    assert stats is not None
    assert stats.get_value(statkeys.REEXTRACT_PREFIX + "updated") == 1
    assert stats.get_value(statkeys.REEXTRACT_PREFIX + "unchanged") == 1
    assert stats.get_value(statkeys.REEXTRACT_FIELD_PREFIX + "title") == 1
    assert stats.get_value(statkeys.ARTICLES_NEW) == 1  # only the first, fetched one


def test_a_reextracted_failure_never_deletes_the_article(db_url: str) -> None:
    crawler = make_crawler(db_url)
    pipeline = build_from_crawler(StorePipeline, crawler)
    pipeline.process_item(item(1))
    lost = PageFailure("s1", item(1).url, item(1).canonical_url, "no body", 200, reextracted=True)
    with pytest.raises(DropItem):
        pipeline.process_item(lost)
    assert crawler.stats is not None
    assert crawler.stats.get_value(statkeys.REEXTRACT_FAILING_PREFIX + "no body") == 1
    database = crawler.get_extension(Database)
    assert database is not None
    assert database.store.has_article(item(1).canonical_url)
