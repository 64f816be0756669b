"""Route chosen host names to a local server acting as an HTTP proxy.

The demo sites (and, in tests, recorded copies of real sites) keep their real-looking host
names in every URL; only the connection goes to 127.0.0.1. That keeps stored URLs stable across
runs whatever port the local server gets.

Real sites served over https (www.workercn.cn) are routed too: :class:`RoutedHTTPSDownloadHandler`
sends a routed host's https request to the local server as a plain-HTTP proxy request (no
CONNECT tunnel, no TLS) and gives the response its https URL back; other https requests are
downloaded as usual.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

__all__ = ["HostRoutingMiddleware", "RoutedHTTPSDownloadHandler"]

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


class RoutedHTTPSDownloadHandler(HTTP11DownloadHandler):
    """The ``https`` download handler (``DOWNLOAD_HANDLERS``): Scrapy's own, except that a host
    in ``UNIONWATCH_HOST_ROUTES`` is fetched from its local server over plain HTTP."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        routes = crawler.settings.getdict("UNIONWATCH_HOST_ROUTES")
        self.routes = {host.lower(): proxy for host, proxy in routes.items()}

    async def download_request(self, request: Request) -> Response:
        host = (urlsplit(request.url).hostname or "").lower()
        proxy = self.routes.get(host)
        if proxy is None or not request.url.startswith("https://"):
            return await super().download_request(request)
        plain = request.replace(
            url="http://" + request.url[len("https://") :], meta={**request.meta, "proxy": proxy}
        )
        response = await super().download_request(plain)
        return response.replace(url=request.url, request=request)
