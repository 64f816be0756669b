"""Writing a batch of articles: in the crawl's process, or in a writer process of its own.

:func:`write_batch` turns fetched articles into records (their MinHash band keys included) and
stores them in one transaction. Those two steps are most of the CPU time a crawl spends after
extraction, and both hold Python's GIL, so on a worker thread they still take turns with the
crawl. :class:`StoreWriter` runs them in a child process instead (``spawn``: nothing of the
crawl's reactor or threads is inherited), one batch at a time over a pipe, so that fetching and
extracting go on on another core. The child owns its own engine on the same database and sends
back what the batch did; the crawl's process still decides what each outcome means.

One writer serves every site crawled by a process (``unionwatch crawl --all`` runs them in one
process): the runner makes it and hands it to the crawls in the setting ``UNIONWATCH_STORE_WRITER``
(see :func:`pipelines.store.shared_store_writer`); the writes of one database are serialized
anyway (SQLite's write lock, the story-assignment lock on PostgreSQL).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing
import signal
import threading
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from crawler.dedup import TextCopies
from crawler.items import ArticleItem
from crawler.sites import SourceSites
from pipelines.records import to_record
from storage import ResponseRecord, SaveOutcome, Store
from storage.engine import retry_transient
from storage.repository import ArticleWrite

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

__all__ = ["BatchJob", "StoreWriter", "Written", "describe_error", "write_batch"]

logger = logging.getLogger(__name__)

#: What a batch write did: the outcomes of the articles stored, in order, and what stopped it
#: (the database's words; the articles after those stored were not stored).
Written = tuple[list[tuple[SaveOutcome, int]], str | None]

#: How long closing waits for the writer to finish its last batch and exit.
_CLOSE_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class BatchJob:
    """The articles of one batch (without their raw responses, which travel beside them)."""

    articles: list[tuple[ArticleItem, ResponseRecord | None]]
    run_id: int | None
    now: datetime

    @classmethod
    def of(
        cls,
        articles: list[tuple[ArticleItem, ResponseRecord | None]],
        run_id: int | None,
        now: datetime,
    ) -> BatchJob:
        """A job whose items leave their raw response out (it is in the ResponseRecord)."""
        light = [(replace(item, response=None), response) for item, response in articles]
        return cls(light, run_id, now)


def describe_error(exc: SQLAlchemyError) -> str:
    """``IntegrityError: simulated write failure``: the driver's own words, first line."""
    original = getattr(exc, "orig", None) or exc
    lines = str(original).strip().splitlines()
    return f"{type(original).__name__}: {lines[0] if lines else ''}".rstrip(": ")


def write_batch(store: Store, job: BatchJob, sources: SourceSites) -> Written:
    """Store the job's articles in one transaction. When one article fails (and takes the
    batch with it), the ones before it are stored alone, as unbatched writes would have been,
    and the write stops at the failing one. A write cut off by a lost connection is rolled
    back and run again (upserts)."""
    near = store.near if isinstance(store.near, TextCopies) else None
    writes = [
        ArticleWrite(to_record(item, sources, near), response, item.validators)
        for item, response in job.articles
    ]

    def save(part: list[ArticleWrite]) -> list[tuple[SaveOutcome, int]]:
        return retry_transient(lambda: store.save_articles(part, run_id=job.run_id, now=job.now))

    try:
        return save(writes), None
    except SQLAlchemyError:
        done: list[tuple[SaveOutcome, int]] = []
        for one in writes:
            try:
                done.extend(save([one]))
            except SQLAlchemyError as exc:
                return done, describe_error(exc)
        return done, None


class StoreWriter:
    """A child process that writes batches (:func:`write_batch`) to ``db_url``, started by the
    first :meth:`write` (or :meth:`start`). :meth:`write` blocks until the batch is written:
    call it from worker threads; batches are written one at a time."""

    def __init__(self, db_url: str, sources: SourceSites, log_level: int | str) -> None:
        self.db_url = db_url
        self.sources = sources
        self.log_level = log_level
        self._connection: Connection | None = None
        self._process: BaseProcess | None = None
        self._lock = threading.Lock()

    def __deepcopy__(self, memo: dict[int, Any]) -> StoreWriter:
        return self  # one writer shared by the crawls whose settings (copied) name it

    @property
    def started(self) -> bool:
        return self._process is not None

    def start(self) -> None:
        """Start the child process now (it imports and connects while the crawl begins)."""
        with self._lock:
            if self._process is None:
                self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        mine, theirs = context.Pipe()
        process = context.Process(
            target=_serve,
            args=(theirs, self.db_url, self.sources, self.log_level),
            name="unionwatch-store-writer",
            daemon=True,
        )
        process.start()
        theirs.close()
        self._connection, self._process = mine, process
        # A crawl stopped without closing its writer (forced) still lets it finish and exit
        # before multiprocessing's own exit hook waits for it.
        atexit.register(self.close)

    def write(self, job: BatchJob) -> Written:
        """The batch's outcome; a writer that died says so as a failed write."""
        with self._lock:
            if self._process is None:
                self._start()
            assert self._connection is not None and self._process is not None
            try:
                self._connection.send(job)
                answer: tuple[str, Any] = self._connection.recv()
            except (EOFError, OSError):
                self._process.join(5)
                return [], (
                    f"the store's writer process ended (exit code {self._process.exitcode}); "
                    "nothing of this batch was stored"
                )
        kind, value = answer
        if kind == "error":  # a bug in the child: fail the batch's items with it
            raise RuntimeError(f"the store's writer process failed: {value}")
        written: Written = value
        return written

    def close(self) -> None:
        """Let the writer finish and exit (killed if it does not within a minute)."""
        with self._lock:
            connection, process = self._connection, self._process
            self._connection = self._process = None
        if connection is None or process is None:
            return
        atexit.unregister(self.close)
        with contextlib.suppress(OSError):  # else it is gone already
            connection.send(None)
        process.join(_CLOSE_TIMEOUT)
        if process.is_alive():
            logger.error("the store's writer process did not exit; killing it")
            process.kill()
            process.join(5)
        connection.close()


def _serve(connection: Connection, db_url: str, sources: SourceSites, log_level: int | str) -> None:
    """The writer process: write each job received, answer with what it did, until None."""
    from storage import open_engine

    # Ctrl-C, and SIGTERM sent to the whole process group (the scheduler, systemd), are the
    # crawl's to handle: it drains its batches through this process, then closes it. The
    # crawl's end (even kill -9) closes the pipe, which ends this loop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    logging.basicConfig(level=log_level, format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    engine = open_engine(db_url, writer=True)
    store = Store(engine, near=TextCopies())
    try:
        while (job := _receive(connection)) is not None:
            try:
                answer: tuple[str, Any] = ("ok", write_batch(store, job, sources))
            except Exception as exc:  # a bug: the crawl's process fails the batch's items
                answer = ("error", f"{type(exc).__name__}: {exc}")
            connection.send(answer)
    finally:
        engine.dispose()
        connection.close()


def _receive(connection: Connection) -> BatchJob | None:
    try:
        job: BatchJob | None = connection.recv()
    except EOFError:  # the crawl's process is gone
        return None
    return job
