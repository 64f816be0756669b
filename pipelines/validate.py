"""Turn article pages that must not be stored into recorded extraction failures: an empty
answer, a soft 404 (an error page served with 200), a page without a title or a body, and
garbled text (a wrong decode)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crawler.extract.decode import is_garbled
from crawler.items import ArticleItem, PageFailure

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

__all__ = ["EMPTY_PAGE", "GARBLED", "SOFT_404", "ValidatePipeline", "failure_reason"]

#: The fields every stored article needs, and the failure reason when one is missing.
_REQUIRED = (("title", "no title"), ("body", "no body"))
#: The extractor's problem for a page that says it does not exist.
_NOT_FOUND_PROBLEM = "page not found"
EMPTY_PAGE = "empty page"
SOFT_404 = "soft 404"
GARBLED = "garbled text (wrong encoding)"


def failure_reason(item: ArticleItem) -> str | None:
    """Why ``item`` must not be stored as an article, or ``None`` when it may."""
    if item.response is not None and (not item.response.body or item.response.body.isspace()):
        return EMPTY_PAGE
    article = item.article
    if _NOT_FOUND_PROBLEM in article.problems:
        return SOFT_404
    missing = [reason for name, reason in _REQUIRED if not getattr(article, name)]
    if missing:
        return ", ".join(missing)
    if is_garbled(f"{article.title}\n{article.body}"):
        return GARBLED
    return None


class ValidatePipeline:
    """An :class:`ArticleItem` that must not be stored (see :func:`failure_reason`) becomes a
    :class:`PageFailure` naming why, so the store pipeline records it instead."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        reason = failure_reason(item)
        if reason is None:
            return item
        return PageFailure(
            site=item.site,
            url=item.url,
            canonical_url=item.canonical_url,
            reason=reason,
            status=item.status,
            response=item.response,
            reextracted=item.reextracted,
        )
