"""The site spider as a worker runs it: requests come from the shared queue, not from
``start()``; politeness is held in Redis; download failures settle their lease."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.distributed.tracker import LeaseTracker, token_of
from crawler.items import PageFailure
from crawler.sites import SiteConfig
from crawler.spiders.site import SiteSpider

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler

__all__ = ["ClusterSiteSpider", "site_config_of"]


class ClusterSiteSpider(SiteSpider):
    """Spider arguments as :class:`SiteSpider` (``site``: an id or a SiteConfig)."""

    name = "cluster-site"

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # The delay between requests to a host is kept across workers, in Redis
        # (crawler.distributed.politeness); Scrapy's own per-process delay would add to it.
        if crawler.settings.getbool("UNIONWATCH_CLUSTER_POLITENESS", True):
            crawler.settings.set("DOWNLOAD_DELAY", 0, priority="spider")
        return spider

    @property
    def tracker(self) -> LeaseTracker | None:
        return self.crawler.get_extension(LeaseTracker)

    async def start(self) -> AsyncIterator[Any]:
        """Nothing: ``unionwatch crawl SITE --redis`` put the start URLs on the queue."""
        return
        yield  # an async generator

    def on_error(self, failure: Failure) -> Iterator[PageFailure]:
        # A download failure's output does not pass the spider middlewares: count it here.
        # (An HTTP error status is raised by a spider middleware: its output passes them.)
        token = None if isinstance(failure.value, HttpError) else token_of(failure)
        tracker = self.tracker
        try:
            for item in super().on_error(failure):
                if tracker is not None:
                    tracker.expect(token, item)
                yield item
        finally:
            if tracker is not None:
                tracker.produced(token)


def site_config_of(spider: Spider) -> SiteConfig:
    """The site a (site) spider crawls."""
    config = getattr(spider, "site_config", None)
    if not isinstance(config, SiteConfig):
        raise TypeError(f"spider {spider.name!r} has no site_config")
    return config
