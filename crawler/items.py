"""What the spiders yield: an extracted article page, or a page that failed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from crawler.extract import Article
from storage.repository import UrlValidators

__all__ = ["ArticleItem", "PageFailure", "RawResponse"]


@dataclass(frozen=True, slots=True)
class RawResponse:
    """The response an article was extracted from, kept so a better extractor can run again
    without fetching."""

    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime


@dataclass(slots=True)
class ArticleItem:
    """A page the site config (or extraction) identified as an article."""

    site: str
    url: str
    canonical_url: str
    article: Article
    status: int = 200
    #: Canonical URLs that redirected here (they are marked stored with this page).
    redirected_from: tuple[str, ...] = field(default=())
    response: RawResponse | None = None
    #: Made by ``unionwatch reextract`` from a stored response, not by a fetch.
    reextracted: bool = False
    #: The answer's ETag / Last-Modified and next revisit, stored in the article's own
    #: transaction (set by :class:`crawler.conditional.NotModifiedMiddleware`).
    validators: UrlValidators | None = None


@dataclass(slots=True)
class PageFailure:
    """An article page that could not be fetched or extracted, with the reason."""

    site: str
    url: str
    canonical_url: str
    reason: str
    status: int | None = None
    response: RawResponse | None = None
    reextracted: bool = False
