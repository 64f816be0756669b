"""The database schema as SQLAlchemy 2.x typed models.

Every schema change is an Alembic revision in ``storage/migrations/versions``; constraint and
index names come from the naming convention so migrations can refer to them on every backend.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import UTCDateTime

__all__ = [
    "PERSON_ROLES",
    "Article",
    "ArticlePerson",
    "Base",
    "Cluster",
    "CrawlRun",
    "LshKey",
    "Revision",
    "SiteHealth",
    "SiteLease",
    "StoredResponse",
    "UrlState",
]

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Roles a person can have on an article (article_people.role).
PERSON_ROLES = ("reporter", "correspondent", "photographer", "editor")

# BigInteger on PostgreSQL, INTEGER (the rowid alias) on SQLite.
IntPK = Annotated[
    int, mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True)
]
Url = Annotated[str, mapped_column(Text)]
Timestamp = Annotated[datetime, mapped_column(UTCDateTime())]
SiteId = Annotated[str, mapped_column(String(64))]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


class Cluster(Base):
    """One story: an original article and every stored copy of it (reprints, mirrors,
    near-duplicates). ``canonical_id`` is the original: the earliest publication day,
    preferring the site the copies name in their 来源."""

    __tablename__ = "clusters"

    id: Mapped[IntPK]
    #: The original article's id (kept up to date by the store; not a foreign key, since the
    #: article and its cluster are created together).
    canonical_id: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"))
    size: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[Timestamp]
    updated_at: Mapped[Timestamp]


class LshKey(Base):
    """The persisted LSH index: one row per (band key, article). A new article's candidates
    are the articles sharing any of its band keys (:mod:`crawler.dedup`)."""

    __tablename__ = "lsh_keys"
    __table_args__ = ({"sqlite_with_rowid": False},)

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"),
        type_=BigInteger().with_variant(Integer(), "sqlite"),
        primary_key=True,
        autoincrement=False,
    )


class CrawlRun(Base):
    """One crawl of one site: when, how it ended, and its counts."""

    __tablename__ = "crawl_runs"

    id: Mapped[IntPK]
    site: Mapped[SiteId] = mapped_column(index=True)
    started_at: Mapped[Timestamp]
    finished_at: Mapped[datetime | None]
    #: running | finished | interrupted | failed
    status: Mapped[str] = mapped_column(String(16))
    pages: Mapped[int] = mapped_column(default=0)
    new: Mapped[int] = mapped_column(default=0)
    duplicates: Mapped[int] = mapped_column(default=0)
    failures: Mapped[int] = mapped_column(default=0)
    #: Monitoring counts (0005): requests sent, pages answered 304 or with an unchanged text,
    #: stored articles whose text changed, anti-bot answers.
    requests: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    blocked: Mapped[int] = mapped_column(default=0)
    #: The crawl's full counters (Scrapy stats that are numbers).
    stats: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Article(Base):
    """One stored page of one article. Reprints and mirrors are rows of their own that share
    ``cluster_id`` with their original (the row whose id equals the cluster_id)."""

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("canonical_url"),
        Index(None, "site", "published_at"),
        Index(None, "published_at"),
        Index(None, "content_hash"),
        Index(None, "cluster_id"),
    )

    id: Mapped[IntPK]
    url: Mapped[Url]
    canonical_url: Mapped[Url]
    site: Mapped[SiteId]
    title: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime | None]
    published_precision: Mapped[str | None] = mapped_column(String(8))
    published_raw: Mapped[str | None] = mapped_column(Text)
    editor: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    dateline: Mapped[str | None] = mapped_column(Text)
    agency: Mapped[str | None] = mapped_column(Text)
    click_count: Mapped[int | None]
    original_title: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    script: Mapped[str] = mapped_column(String(16))
    encoding: Mapped[str | None] = mapped_column(String(32))
    problems: Mapped[list[str]] = mapped_column(default=list)
    #: SHA-1 of the normalized body (simplified script, no whitespace or punctuation).
    content_hash: Mapped[str] = mapped_column(String(40))
    #: The story this page is a copy of (see :class:`Cluster`).
    cluster_id: Mapped[int | None] = mapped_column(
        ForeignKey("clusters.id", ondelete="SET NULL"),
        type_=BigInteger().with_variant(Integer(), "sqlite"),
    )
    #: The site the page's 来源 names (from the site configs' ``source_names``), if any.
    source_site: Mapped[str | None] = mapped_column(String(64))
    extractor_version: Mapped[str] = mapped_column(String(32))
    first_seen_at: Mapped[Timestamp]
    last_seen_at: Mapped[Timestamp]
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("crawl_runs.id", ondelete="SET NULL"),
        type_=BigInteger().with_variant(Integer(), "sqlite"),
    )

    cluster: Mapped[Cluster | None] = relationship(lazy="raise")
    people: Mapped[list[ArticlePerson]] = relationship(
        back_populates="article",
        order_by="(ArticlePerson.role, ArticlePerson.position)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def names(self, role: str) -> list[str]:
        return [p.name for p in self.people if p.role == role]


class ArticlePerson(Base):
    """A person credited on an article, in one role; indexed by name for "all articles by X"."""

    __tablename__ = "article_people"
    __table_args__ = (
        UniqueConstraint("article_id", "role", "name"),
        Index(None, "name", "role"),
    )

    id: Mapped[IntPK]
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"),
        type_=BigInteger().with_variant(Integer(), "sqlite"),
    )
    #: reporter | correspondent | photographer | editor
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(64))
    #: Order of the name in its byline.
    position: Mapped[int] = mapped_column(default=0)

    article: Mapped[Article] = relationship(back_populates="people")


class UrlState(Base):
    """The crawl frontier, kept in the database so an interrupted crawl completes on re-run.

    A URL is ``pending`` once discovered, ``stored`` once its article is in ``articles``, and
    ``failed`` (with ``last_error``) when it could not be fetched or extracted.
    """

    __tablename__ = "url_states"
    __table_args__ = (
        UniqueConstraint("canonical_url"),
        Index(None, "site", "state"),
    )

    id: Mapped[IntPK]
    canonical_url: Mapped[Url]
    url: Mapped[Url]
    site: Mapped[SiteId]
    #: article | list
    kind: Mapped[str] = mapped_column(String(16))
    #: pending | stored | failed
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    last_status: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    first_seen_at: Mapped[Timestamp]
    updated_at: Mapped[Timestamp]
    next_fetch_at: Mapped[datetime | None]
    #: The validators of the last 200 answer, sent back as If-None-Match / If-Modified-Since.
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(64))


class StoredResponse(Base):
    """The last response fetched for an article page (stored or failed), so that a better
    extractor can run again without fetching (``unionwatch reextract``). The body is kept as
    the raw bytes the server sent, compressed (zstd), so encoding detection runs again too."""

    __tablename__ = "responses"
    __table_args__ = (
        UniqueConstraint("canonical_url"),
        Index(None, "site", "fetched_at"),
    )

    id: Mapped[IntPK]
    canonical_url: Mapped[Url]
    url: Mapped[Url]
    site: Mapped[SiteId]
    status: Mapped[int]
    headers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: ``zstd`` (``zlib`` in rows written before 2026-11-24): how ``body`` is compressed.
    compression: Mapped[str] = mapped_column(String(8))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    #: Length of the uncompressed body, and its SHA-1 (to tell an unchanged page).
    size: Mapped[int]
    sha1: Mapped[str] = mapped_column(String(40))
    fetched_at: Mapped[Timestamp]


class Revision(Base):
    """An earlier version of an article whose page changed (a revisit found another text):
    the fields it had until ``changed_at``."""

    __tablename__ = "revisions"
    __table_args__ = (Index(None, "article_id", "changed_at"),)

    id: Mapped[IntPK]
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"),
        type_=BigInteger().with_variant(Integer(), "sqlite"),
    )
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime | None]
    published_precision: Mapped[str | None] = mapped_column(String(8))
    published_raw: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(40))
    changed_at: Mapped[Timestamp]


class SiteLease(Base):
    """Who crawls a site now: a scheduler takes the lease before it starts a crawl and renews
    it while the crawl runs, so two schedulers never crawl one site at once."""

    __tablename__ = "site_leases"

    site: Mapped[SiteId] = mapped_column(primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    acquired_at: Mapped[Timestamp]
    expires_at: Mapped[Timestamp]


class SiteHealth(Base):
    """The last verdict ``unionwatch status`` gave a site, to alert when it changes."""

    __tablename__ = "site_health"

    site: Mapped[SiteId] = mapped_column(primary_key=True)
    #: ok | stale | broken | blocked | unknown
    verdict: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[Timestamp]
    checked_at: Mapped[Timestamp]
