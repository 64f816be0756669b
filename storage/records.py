"""Plain values handed to the storage layer (no ORM objects cross this boundary)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

__all__ = [
    "ArticleRecord",
    "ArticleWrite",
    "FailureRecord",
    "FrontierEntry",
    "ResponseRecord",
    "SaveOutcome",
    "UrlValidators",
]


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """An extracted article ready to store."""

    site: str
    url: str
    canonical_url: str
    title: str
    body: str
    content_hash: str
    extractor_version: str
    published_at: datetime | None = None
    published_precision: str | None = None
    published_raw: str | None = None
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    editor: str | None = None
    source: str | None = None
    dateline: str | None = None
    agency: str | None = None
    click_count: int | None = None
    original_title: str | None = None
    script: str = "simplified"
    encoding: str | None = None
    problems: tuple[str, ...] = ()
    #: Other canonical URLs that led to this page (redirect sources), marked stored too.
    aliases: tuple[str, ...] = field(default=())
    #: LSH band keys of the normalized body (:func:`crawler.dedup.band_keys`); empty: exact
    #: duplicates only.
    lsh_keys: tuple[int, ...] = field(default=())
    #: The site this page's 来源 names, if it names a configured one.
    source_site: str | None = None


@dataclass(frozen=True, slots=True)
class FailureRecord:
    """A page that was expected to be an article but could not be fetched or extracted."""

    site: str
    url: str
    canonical_url: str
    reason: str
    status: int | None = None


@dataclass(frozen=True, slots=True)
class ResponseRecord:
    """A fetched article page as the server sent it (body uncompressed here)."""

    site: str
    url: str
    canonical_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime


class SaveOutcome(enum.Enum):
    """What storing an article did."""

    #: A new row that starts its own cluster.
    NEW = "new"
    #: A new row whose text is already stored under another URL (reprint or mirror).
    COPY = "copy"
    #: The canonical URL was stored before; nothing changed.
    KNOWN = "known"
    #: Re-extraction changed the stored article's fields.
    UPDATED = "updated"
    #: Re-extraction gave the same fields.
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class FrontierEntry:
    """A discovered URL: where to fetch it and what the crawler expects there."""

    url: str
    canonical_url: str
    kind: str  # "article" | "list"


@dataclass(frozen=True, slots=True)
class UrlValidators:
    """A page's ETag / Last-Modified and when it is due for a revisit, written with it."""

    etag: str | None
    last_modified: str | None
    next_fetch_at: datetime | None


@dataclass(frozen=True, slots=True)
class ArticleWrite:
    """One article of a batch (:meth:`Store.save_articles`): its record, its raw response and
    its page's validators."""

    record: ArticleRecord
    response: ResponseRecord | None = None
    validators: UrlValidators | None = None
