"""Turn article pages without a title or a body into recorded extraction failures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crawler.items import ArticleItem, PageFailure

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

__all__ = ["ValidatePipeline"]

#: The fields every stored article needs, and the failure reason when one is missing.
_REQUIRED = (("title", "no title"), ("body", "no body"))


class ValidatePipeline:
    """An :class:`ArticleItem` missing a required field becomes a :class:`PageFailure` naming
    what is missing, so the store pipeline records it instead of storing an article."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        missing = [reason for name, reason in _REQUIRED if not getattr(item.article, name)]
        if not missing:
            return item
        return PageFailure(
            site=item.site,
            url=item.url,
            canonical_url=item.canonical_url,
            reason=", ".join(missing),
            status=item.status,
            response=item.response,
            reextracted=item.reextracted,
        )
