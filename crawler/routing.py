"""Route chosen host names to a local server acting as an HTTP proxy.

The demo sites (and, in tests, recorded copies of real sites) keep their real-looking host
names in every URL; only the connection goes to 127.0.0.1. That keeps stored URLs stable across
runs whatever port the local server gets.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

__all__ = ["HostRoutingMiddleware"]

logger = logging.getLogger(__name__)


class HostRoutingMiddleware:
    """Downloader middleware. Setting ``UNIONWATCH_HOST_ROUTES``: ``{host: proxy_url}``.
    Must run before Scrapy's HttpProxyMiddleware (priority 750)."""

    def __init__(self, routes: Mapping[str, str]) -> None:
        self.routes = {host.lower(): proxy for host, proxy in routes.items()}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        routes = crawler.settings.getdict("UNIONWATCH_HOST_ROUTES")
        if not routes:
            raise NotConfigured  # no message: off is the normal case, not worth a warning
        return cls(routes)

    def process_request(self, request: Request) -> None:
        host = (urlsplit(request.url).hostname or "").lower()
        proxy = self.routes.get(host)
        if proxy is not None and "proxy" not in request.meta:
            request.meta["proxy"] = proxy
