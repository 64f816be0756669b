"""Network safety: a crawl goes only where its user sent it.

The hosts a user names -- a site config's ``allowed_hosts`` and start URLs, the start URLs
of a one-off crawl, the hosts in ``UNIONWATCH_HOST_ROUTES`` and ``UNIONWATCH_NAMED_HOSTS``
-- are fetched whatever their address (a site on the office network, the loopback demo).
Any other host is resolved first and refused when an address is loopback, private,
link-local (169.254.169.254, the cloud metadata service), reserved or otherwise not global;
the address the connection actually reached is checked again on the response, so a DNS
answer that changes between the check and the download is caught too.

Every request, redirects (HTTP and meta refresh) included, must also stay on the site's
allowed hosts. This middleware replaces Scrapy's OffsiteMiddleware, which lets a redirect of
a start request (``dont_filter``) leave the site's domains and drops other offsite redirects
when they are scheduled, where no errback sees them (an article would stay pending for ever).

A refused request raises :class:`RefusedRequest`, whose ``reason`` the spider records as a
page failure; the counts are in the stats under ``unionwatch/netsafety/``.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.asyncio import run_in_thread

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

__all__ = [
    "NetworkSafetyMiddleware",
    "RefusedRequest",
    "address_problem",
    "is_put_off",
    "refusal_reason",
]

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_METADATA = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)


class RefusedRequest(IgnoreRequest):
    """A request unionwatch will not send (or whose answer it will not read), with the reason
    recorded as the page's failure."""

    def __init__(self, reason: str, *, record: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        #: False: the page is only put off (its URL stays pending for the next run), not
        #: failed.
        self.record = record


def address_problem(address: IPAddress) -> str | None:
    """Why ``address`` is off limits for a host nobody named (``None``: a public address)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address in _METADATA:
        return "metadata"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_private:
        return "private"
    if not address.is_global:
        return "reserved"
    return None


def refusal_reason(error: BaseException | None) -> str | None:
    """The failure reason for a request refused by a safety limit (blocked address, offsite
    redirect, body size, redirect loop); ``None`` for other errors and for requests only put
    off (a host deferred by its robots.txt)."""
    if isinstance(error, RefusedRequest):
        return error.reason if error.record else None
    message = str(error)
    if isinstance(error, DownloadCancelledError):
        # Scrapy 2.19's HTTP handler cancels a download only when it crosses the size limit
        # (announced by Content-Length, or counted while reading).
        return "body larger than DOWNLOAD_MAXSIZE"
    if isinstance(error, IgnoreRequest):
        if "during decompression" in message:
            return "body larger than DOWNLOAD_MAXSIZE after decompression"
        if "max redirections" in message:
            return "too many redirects"
    return None


def is_put_off(error: BaseException | None) -> bool:
    """True for a request only put off for this run (it is fetched by a later one)."""
    return isinstance(error, RefusedRequest) and not error.record


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class NetworkSafetyMiddleware:
    """Downloader middleware (priority 40, in place of Scrapy's OffsiteMiddleware; before
    robots.txt).
    Settings: ``UNIONWATCH_NETSAFETY_ENABLED`` (default True), ``UNIONWATCH_NAMED_HOSTS``
    (more hosts allowed whatever their address)."""

    def __init__(self, stats: StatsCollector, named: Iterable[str]) -> None:
        self.stats = stats
        self.configured = {h.lower() for h in named}
        self.named = set(self.configured)
        self.spider: Spider | None = None
        self._resolved: dict[str, list[IPAddress]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("UNIONWATCH_NETSAFETY_ENABLED", True):
            raise NotConfigured
        assert crawler.stats is not None
        named = [
            *settings.getdict("UNIONWATCH_HOST_ROUTES"),
            *settings.getlist("UNIONWATCH_NAMED_HOSTS"),
        ]
        middleware = cls(crawler.stats, named)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        self.spider = spider
        config = getattr(spider, "site_config", None)
        self.named = set(self.configured)
        if config is not None:
            self.named.update(config.allowed_hosts)
            self.named.update(_host(u) for u in config.start_urls)

    def _on_site(self, url: str) -> bool:
        config = getattr(self.spider, "site_config", None)
        return config is None or _host(url) in self.named or bool(config.allows(url))

    def _refuse(self, request: Request, stat: str, reason: str) -> RefusedRequest:
        self.stats.inc_value(f"unionwatch/netsafety/{stat}")
        origin = (request.meta.get("redirect_urls") or [request.url])[0]
        logger.warning("refused %s (from %s): %s", request.url, origin, reason)
        return RefusedRequest(reason)

    async def process_request(self, request: Request) -> None:
        host = _host(request.url)
        if not host or host in self.named:
            return
        if not self._on_site(request.url):
            if request.meta.get("redirect_urls"):
                raise self._refuse(
                    request, "offsite_redirect", f"redirect outside the site to {host}"
                )
            raise self._refuse(request, "offsite", f"outside the site's hosts: {host}")
        for address in await self._addresses(host, urlsplit(request.url).port):
            problem = address_problem(address)
            if problem is not None:
                raise self._refuse(
                    request, f"blocked/{problem}", f"blocked {problem} address {address} ({host})"
                )

    def process_response(self, request: Request, response: Response) -> Response:
        host = _host(request.url)
        if not host or host in self.named or "proxy" in request.meta:
            return response
        address = response.ip_address
        problem = address_problem(address) if address is not None else None
        if problem is not None:
            raise self._refuse(
                request, f"blocked/{problem}", f"blocked {problem} address {address} ({host})"
            )
        return response

    async def _addresses(self, host: str, port: int | None) -> list[IPAddress]:
        try:
            return [ipaddress.ip_address(host.strip("[]"))]
        except ValueError:
            pass
        if host not in self._resolved:
            try:
                infos = await run_in_thread(
                    socket.getaddrinfo, host, port or 80, type=socket.SOCK_STREAM
                )
            except OSError:
                return []  # the download itself reports the DNS error
            addresses = {ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos}
            self._resolved[host] = sorted(addresses, key=str)
        return self._resolved[host]
