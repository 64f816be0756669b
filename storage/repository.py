"""All writes the crawler makes, each one an idempotent statement guarded by a unique key.

Storing an article and marking its URL stored happen in one transaction, so after a crash a URL
is either stored with its article or still pending, never half-done.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Engine, Table, and_, delete, or_, select, text, update
from sqlalchemy.orm import Session, selectinload

from storage.batch import BatchRows, people_rows
from storage.clusters import NearDuplicates, assign_cluster, replace_keys
from storage.engine import session_factory
from storage.models import Article, ArticlePerson, Cluster, CrawlRun, LshKey, UrlState
from storage.records import (
    ArticleRecord,
    ArticleWrite,
    FailureRecord,
    FrontierEntry,
    ResponseRecord,
    SaveOutcome,
    UrlValidators,
)
from storage.responses import save_response
from storage.revisions import keep_revision
from storage.search import reindex_article
from storage.upsert import dialect_insert, dialect_insert_of, insert_ignoring_conflicts

__all__ = ["MAX_FAILED_ATTEMPTS", "ArticleWrite", "FrontierEntry", "Store", "UrlValidators"]

_ARTICLES = cast(Table, Article.__table__)
_PEOPLE = cast(Table, ArticlePerson.__table__)
_URL_STATES = cast(Table, UrlState.__table__)

#: A page that failed this many times is not fetched again by later runs.
MAX_FAILED_ATTEMPTS = 3
_CHUNK = 500


class Store:
    """The crawler's view of the database: runs, the frontier and article writes."""

    def __init__(
        self, engine: Engine, near: NearDuplicates | None = None, *, reader: Engine | None = None
    ) -> None:
        self.engine = engine
        #: Confirms LSH candidates as copies; without it only exact copies are clustered.
        self.near = near
        self._sessions = session_factory(engine)
        #: Reads go through ``reader`` when given: an SQLite writer engine takes the write lock
        #: at BEGIN, which a read need not wait for (another process may be writing).
        self._reads = session_factory(reader) if reader is not None else self._sessions

    # -- crawl runs -------------------------------------------------------------------------

    def start_run(self, site: str, started_at: datetime) -> int:
        with self._sessions.begin() as session:
            run = CrawlRun(site=site, started_at=started_at, status="running", stats={})
            session.add(run)
            session.flush()
            return run.id

    def settled_urls(self, site: str) -> set[str]:
        """Canonical URLs of ``site`` that need no fetch: stored, or failed for good."""
        with self._reads() as session:
            rows = session.execute(
                select(UrlState.canonical_url).where(
                    UrlState.site == site,
                    or_(
                        UrlState.state == "stored",
                        and_(
                            UrlState.state == "failed",
                            UrlState.attempts >= MAX_FAILED_ATTEMPTS,
                        ),
                    ),
                )
            )
            return set(rows.scalars())

    def settled_among(self, canonical_urls: Sequence[str]) -> dict[str, str]:
        """Which of ``canonical_urls`` need no fetch (stored, or failed for good), whatever
        site stored them (a gateway mirror's URL canonicalizes to its original's), each with
        the URL its article was stored from."""
        settled: dict[str, str] = {}
        unique = list(dict.fromkeys(canonical_urls))
        with self._reads() as session:
            for start in range(0, len(unique), _CHUNK):
                rows = session.execute(
                    select(UrlState.canonical_url, UrlState.url).where(
                        UrlState.canonical_url.in_(unique[start : start + _CHUNK]),
                        or_(
                            UrlState.state == "stored",
                            and_(
                                UrlState.state == "failed",
                                UrlState.attempts >= MAX_FAILED_ATTEMPTS,
                            ),
                        ),
                    )
                )
                settled.update((canonical, url) for canonical, url in rows)
        return settled

    def pending(self, site: str) -> list[FrontierEntry]:
        """URLs of ``site`` discovered by an earlier run that never finished them."""
        with self._reads() as session:
            rows = session.execute(
                select(UrlState.url, UrlState.canonical_url, UrlState.kind)
                .where(UrlState.site == site, UrlState.state == "pending")
                .order_by(UrlState.id)
            )
            return [FrontierEntry(url, canonical, kind) for url, canonical, kind in rows]

    def add_pending(self, site: str, entries: Sequence[FrontierEntry], now: datetime) -> None:
        """Record discovered URLs; URLs already known keep their state."""
        if not entries:
            return
        with self._sessions.begin() as session:
            stmt = insert_ignoring_conflicts(session, _URL_STATES, ["canonical_url"])
            for start in range(0, len(entries), _CHUNK):
                chunk = entries[start : start + _CHUNK]
                session.execute(
                    stmt,
                    [
                        {
                            "canonical_url": e.canonical_url,
                            "url": e.url,
                            "site": site,
                            "kind": e.kind,
                            "state": "pending",
                            "attempts": 0,
                            "first_seen_at": now,
                            "updated_at": now,
                        }
                        for e in chunk
                    ],
                )

    def has_article(self, canonical_url: str) -> bool:
        with self._reads() as session:
            found = session.execute(
                select(Article.id).where(Article.canonical_url == canonical_url)
            ).first()
            return found is not None

    # -- writes -----------------------------------------------------------------------------

    def save_article(
        self,
        record: ArticleRecord,
        *,
        run_id: int | None,
        now: datetime,
        response: ResponseRecord | None = None,
        validators: UrlValidators | None = None,
    ) -> tuple[SaveOutcome, int]:
        """Store ``record`` unless its canonical URL is stored already; link it to the cluster
        of an article with the same text; keep the raw ``response`` and the page's
        ``validators``. Returns what happened and the article id: ``UPDATED`` when the page of
        a stored article has another text now (its old version is kept in ``revisions``)."""
        write = ArticleWrite(record, response, validators)
        return self.save_articles([write], run_id=run_id, now=now)[0]

    def save_articles(
        self, writes: Sequence[ArticleWrite], *, run_id: int | None, now: datetime
    ) -> list[tuple[SaveOutcome, int]]:
        """:meth:`save_article` for each of ``writes`` in order, in one transaction: all are
        stored or none. A later article sees the earlier ones (two copies in one batch are
        one story)."""
        with self._sessions.begin() as session:
            _lock_clusters(session)
            later = BatchRows()
            saved = [self._save_one(session, write, run_id, now, later) for write in writes]
            later.write(session)
            return saved

    def _save_one(
        self,
        session: Session,
        write: ArticleWrite,
        run_id: int | None,
        now: datetime,
        later: BatchRows,
    ) -> tuple[SaveOutcome, int]:
        record = write.record
        inserted = self._insert_article(session, record, run_id, now, later)
        if inserted is None:
            later.write(session)  # the stored article is read as the batch left it
            article_id, stored_url, edited = self._seen_again(session, record, now)
            outcome = SaveOutcome.UPDATED if edited else SaveOutcome.KNOWN
        else:
            (outcome, article_id), stored_url = inserted, record.url
        later.mark_stored(record, now, stored_url, write.validators)
        if write.response is not None:
            later.add_response(write.response)
        return outcome, article_id

    def reextract_article(
        self, record: ArticleRecord, *, now: datetime
    ) -> tuple[SaveOutcome, tuple[str, ...], int]:
        """Bring a stored article up to a new extraction of its stored response: ``UPDATED``
        with the names of the fields that changed, ``UNCHANGED``, or ``NEW``/``COPY`` when the
        page had failed before and is an article now."""
        with self._sessions.begin() as session:
            _lock_clusters(session)
            article = session.execute(
                select(Article)
                .where(Article.canonical_url == record.canonical_url)
                .options(selectinload(Article.people))
            ).scalar_one_or_none()
            if article is None:
                later = BatchRows()
                inserted = self._insert_article(session, record, None, now, later)
                assert inserted is not None  # no row had this canonical URL
                later.mark_stored(record, now, record.url)
                later.write(session)
                return inserted[0], (), inserted[1]
            changed = self._apply(session, article, record)
            outcome = SaveOutcome.UPDATED if changed else SaveOutcome.UNCHANGED
            return outcome, changed, article.id

    def record_failure(
        self, record: FailureRecord, now: datetime, response: ResponseRecord | None = None
    ) -> None:
        """Remember why a page failed (and its raw ``response``, so a better extractor can try
        again); a URL whose article is stored keeps its stored state."""
        with self._sessions.begin() as session:
            if response is not None:
                save_response(session, response)
            stmt = dialect_insert(session, _URL_STATES).values(
                canonical_url=record.canonical_url,
                url=record.url,
                site=record.site,
                kind="article",
                state="failed",
                attempts=1,
                last_status=record.status,
                last_error=record.reason,
                first_seen_at=now,
                updated_at=now,
            )
            stmt = stmt.on_conflict_do_update(
                index_elements=["canonical_url"],
                set_={
                    "state": "failed",
                    "attempts": _URL_STATES.c.attempts + 1,
                    "last_status": record.status,
                    "last_error": record.reason,
                    "updated_at": now,
                },
                where=_URL_STATES.c.state != "stored",
            )
            session.execute(stmt)

    def rebuild_clusters(
        self, keys_for: Callable[[str], tuple[int, ...]], now: datetime, batch: int = 500
    ) -> tuple[int, int]:
        """Recompute every article's LSH keys and cluster from scratch, oldest article first
        (after a change of dedup parameters, or for articles stored before the index existed).
        Returns (stories, copies)."""
        with self._sessions.begin() as session:
            _lock_clusters(session)
            session.execute(delete(LshKey))
            session.execute(update(Article).values(cluster_id=None))
            session.execute(delete(Cluster))
        stories = copies = last = 0
        while True:
            with self._sessions.begin() as session:
                _lock_clusters(session)
                rows = session.execute(
                    select(Article.id, Article.content_hash, Article.body)
                    .where(Article.id > last)
                    .order_by(Article.id)
                    .limit(batch)
                ).all()
                for article_id, content_hash, body in rows:
                    copy = assign_cluster(
                        session,
                        article_id,
                        content_hash=content_hash,
                        body=body,
                        lsh_keys=keys_for(body),
                        near=self.near,
                        now=now,
                    )
                    copies += copy
                    stories += not copy
            if not rows:
                return stories, copies
            last = rows[-1][0]

    # -- helpers ----------------------------------------------------------------------------

    def _seen_again(
        self, session: Session, record: ArticleRecord, now: datetime
    ) -> tuple[int, str, bool]:
        """The stored article of an already-stored canonical URL, and whether its page was
        edited. When it was stored from a traditional-script gateway copy and this is the page
        in its own script, the page's own version replaces it (so the stored row does not
        depend on which arrived first); when the page's title or text changed, the stored
        version goes to ``revisions`` and the new one replaces it."""
        article = session.execute(
            select(Article)
            .where(Article.canonical_url == record.canonical_url)
            .options(selectinload(Article.people))
        ).scalar_one()
        article.last_seen_at = now
        if article.script == "traditional" and record.script == "simplified":
            self._apply(session, article, record)
            article.url, article.site = record.url, record.site
            article.source_site = record.source_site
        elif article.script == record.script and (
            article.content_hash != record.content_hash or article.title != record.title
        ):
            keep_revision(session, article, now)
            self._apply(session, article, record)
            return article.id, article.url, True
        return article.id, article.url, False

    def _apply(self, session: Session, article: Article, record: ArticleRecord) -> tuple[str, ...]:
        """Copy ``record``'s extracted fields onto a stored article; the changed fields' names."""
        changed = _differences(article, record)
        if "title" in changed or "body" in changed:
            reindex_article(
                session, article.id, (article.title, article.body), (record.title, record.body)
            )
        if "body" in changed:
            replace_keys(session, article.id, record.lsh_keys)
        for name in changed:
            if name in _ARTICLE_FIELDS:
                setattr(article, name, getattr(record, name))
        if "problems" in changed:
            article.problems = list(record.problems)
        if any(role in changed for role in _ROLE_FIELDS.values()):
            session.execute(delete(ArticlePerson).where(ArticlePerson.article_id == article.id))
            session.flush()
            if people := people_rows(article.id, record):
                session.execute(_PEOPLE.insert(), people)
        article.content_hash = record.content_hash
        article.extractor_version = record.extractor_version
        return changed

    def _insert_article(
        self,
        session: Session,
        record: ArticleRecord,
        run_id: int | None,
        now: datetime,
        later: BatchRows,
    ) -> tuple[SaveOutcome, int] | None:
        """Insert unless the canonical URL is taken (then ``None``); join the cluster of a
        stored article with the same text. Its people and search entry go to ``later``."""
        inserted = session.execute(
            _insert_statement(session.get_bind().dialect.name), _article_row(record, run_id, now)
        ).scalar_one_or_none()
        if inserted is None:
            return None
        copy = assign_cluster(
            session,
            inserted,
            content_hash=record.content_hash,
            body=record.body,
            lsh_keys=record.lsh_keys,
            near=self.near,
            now=now,
        )
        later.add_article(inserted, record)
        return (SaveOutcome.COPY if copy else SaveOutcome.NEW), inserted


@lru_cache(maxsize=4)
def _insert_statement(dialect: str) -> Any:
    """INSERT an article row unless its canonical URL is stored; RETURNING its id."""
    return (
        dialect_insert_of(dialect, _ARTICLES)
        .on_conflict_do_nothing(index_elements=["canonical_url"])
        .returning(_ARTICLES.c.id)
    )


def _article_row(record: ArticleRecord, run_id: int | None, now: datetime) -> dict[str, Any]:
    return {
        "url": record.url,
        "canonical_url": record.canonical_url,
        "site": record.site,
        "title": record.title,
        "published_at": record.published_at,
        "published_precision": record.published_precision,
        "published_raw": record.published_raw,
        "editor": record.editor,
        "source": record.source,
        "dateline": record.dateline,
        "agency": record.agency,
        "click_count": record.click_count,
        "original_title": record.original_title,
        "body": record.body,
        "script": record.script,
        "encoding": record.encoding,
        "problems": list(record.problems),
        "content_hash": record.content_hash,
        "extractor_version": record.extractor_version,
        "first_seen_at": now,
        "last_seen_at": now,
        "run_id": run_id,
        "source_site": record.source_site,
    }


#: Article columns a re-extraction may change (the record's attribute of the same name).
_ARTICLE_FIELDS = (
    "title",
    "body",
    "published_at",
    "published_precision",
    "published_raw",
    "editor",
    "source",
    "dateline",
    "agency",
    "click_count",
    "original_title",
    "script",
    "encoding",
)
#: People roles and the record attribute that lists them.
_ROLE_FIELDS = {
    "reporter": "reporters",
    "correspondent": "correspondents",
    "photographer": "photographers",
    "editor": "editors",
}


def _differences(article: Article, record: ArticleRecord) -> tuple[str, ...]:
    """Names of the fields whose stored value differs from ``record``'s."""
    changed = [n for n in _ARTICLE_FIELDS if getattr(article, n) != getattr(record, n)]
    changed.extend(
        attribute
        for role, attribute in _ROLE_FIELDS.items()
        if tuple(article.names(role)) != tuple(dict.fromkeys(getattr(record, attribute)))
    )
    if list(article.problems) != list(record.problems):
        changed.append("problems")
    return tuple(changed)


#: pg_advisory_xact_lock key serializing cluster assignment across processes ("clusters").
_CLUSTER_LOCK = 0x636C757374657273


def _lock_clusters(session: Session) -> None:
    """Writers that may create or merge clusters take turns, across processes: on PostgreSQL a
    transaction-scoped advisory lock; SQLite write transactions are already serialized
    (``BEGIN IMMEDIATE``, see :func:`storage.engine.open_engine`)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CLUSTER_LOCK})
