"""Drop an article whose canonical URL this crawl has already handled."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

from crawler import statkeys
from crawler.items import ArticleItem

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

__all__ = ["DuplicateUrlPipeline"]


class DuplicateUrlPipeline:
    """Two links can reach one page (tracking parameters, http/https, redirects). Within a crawl
    the second is dropped here; across crawls the articles table's unique canonical URL does
    the same in the store pipeline."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        if item.canonical_url in self._seen:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(statkeys.ARTICLES_DUPLICATE)
            self.crawler.stats.inc_value(statkeys.ARTICLES_DUPLICATE_PREFIX + "url")
            raise DropItem(f"duplicate URL {item.canonical_url}", log_level="INFO")
        self._seen.add(item.canonical_url)
        return item
