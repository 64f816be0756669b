"""The store's writer process: a real child process writing to a real SQLite file."""

from __future__ import annotations

import os
import signal
from datetime import UTC, datetime
from pathlib import Path

from scrapy.utils.misc import build_from_crawler
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler.sites import SourceSites
from pipelines.store import WRITER_SETTING, StorePipeline, shared_store_writer
from pipelines.writer import BatchJob, StoreWriter
from storage import SaveOutcome, ensure_schema, open_engine
from storage.models import Article as ArticleRow
from storage.models import Cluster
from tests.pipelines.test_pipelines import item
from tests.scrapy_helpers import make_crawler

NOW = datetime(2025, 1, 23, tzinfo=UTC)


def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'uw.db'}"
    engine = open_engine(url, writer=True)
    ensure_schema(engine)
    engine.dispose()
    return url


def counts(url: str) -> tuple[int, int]:
    engine = open_engine(url)
    try:
        with Session(engine) as session:
            articles = session.execute(select(func.count()).select_from(ArticleRow)).scalar_one()
            stories = session.execute(select(func.count()).select_from(Cluster)).scalar_one()
            return articles, stories
    finally:
        engine.dispose()


def test_the_writer_process_stores_a_batch_and_says_what_each_article_was(
    tmp_path: Path,
) -> None:
    url = database(tmp_path)
    writer = StoreWriter(url, SourceSites([]), "WARNING")
    writer.start()
    try:
        batch = [
            (item(1, body="第一篇正文。"), None),
            (item(2, site="s2", body="第一篇正文。"), None),
        ]
        outcomes, error = writer.write(BatchJob.of(batch, None, NOW))
        again, _ = writer.write(BatchJob.of([(item(1, body="第一篇正文。"), None)], None, NOW))
    finally:
        writer.close()
    assert error is None
    assert [outcome for outcome, _ in outcomes] == [SaveOutcome.NEW, SaveOutcome.COPY]
    assert [outcome for outcome, _ in again] == [SaveOutcome.KNOWN]
    assert counts(url) == (2, 1)  # two pages, one story


def test_a_failed_write_in_the_writer_comes_back_in_the_databases_words(tmp_path: Path) -> None:
    url = database(tmp_path)
    engine = open_engine(url, writer=True)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE article_people")
    engine.dispose()
    writer = StoreWriter(url, SourceSites([]), "WARNING")
    writer.start()
    try:
        outcomes, error = writer.write(BatchJob.of([(item(1), None)], None, NOW))
    finally:
        writer.close()
    assert outcomes == []
    assert error is not None and error.startswith("OperationalError: no such table")


def test_a_writer_that_died_fails_the_write_with_one_line_and_stores_nothing(
    tmp_path: Path,
) -> None:
    url = database(tmp_path)
    writer = StoreWriter(url, SourceSites([]), "WARNING")
    writer.start()
    assert writer._process is not None and writer._process.pid is not None
    os.kill(writer._process.pid, signal.SIGKILL)
    outcomes, error = writer.write(BatchJob.of([(item(1), None)], None, NOW))
    writer.close()
    assert outcomes == []
    assert error is not None and "writer process ended (exit code -9)" in error
    assert counts(url) == (0, 0)


def test_crawls_write_in_a_writer_process_unless_the_database_is_in_memory(
    sqlite_url: str,
) -> None:
    on_disk = build_from_crawler(StorePipeline, make_crawler(sqlite_url))
    in_memory = build_from_crawler(StorePipeline, make_crawler("sqlite://"))
    switched_off = build_from_crawler(
        StorePipeline, make_crawler(sqlite_url, UNIONWATCH_STORE_PROCESS=False)
    )
    assert on_disk.writer is not None and on_disk.writer.db_url == sqlite_url
    assert in_memory.writer is None and switched_off.writer is None


def test_the_crawls_of_one_process_share_the_writer_the_runner_made(sqlite_url: str) -> None:
    crawler = make_crawler(sqlite_url)
    shared = shared_store_writer(crawler.settings)
    assert shared is not None
    first = build_from_crawler(StorePipeline, make_crawler(sqlite_url, **{WRITER_SETTING: shared}))
    other = build_from_crawler(StorePipeline, make_crawler(sqlite_url, **{WRITER_SETTING: shared}))
    assert first.writer is shared and other.writer is shared  # the settings' copies keep it
    assert not first.owns_writer and not other.owns_writer  # the runner closes it


def test_sigterm_to_the_process_group_leaves_the_writer_to_the_crawl(tmp_path: Path) -> None:
    url = database(tmp_path)
    writer = StoreWriter(url, SourceSites([]), "WARNING")
    first, _ = writer.write(BatchJob.of([(item(1), None)], None, NOW))  # started and serving
    assert writer._process is not None and writer._process.pid is not None
    os.kill(writer._process.pid, signal.SIGTERM)  # as the scheduler's killpg does
    then, error = writer.write(BatchJob.of([(item(2, body="第二篇正文。"), None)], None, NOW))
    writer.close()  # the crawl drained its batches, then closes it
    assert error is None and [o for o, _ in first + then] == [SaveOutcome.NEW] * 2
    assert counts(url) == (2, 2)
