"""The one spider: crawl a configured site (or a one-off set of start URLs).

It only navigates: it decides which links to follow and which pages are articles, parses each
page once into a :class:`~crawler.extract.Page`, hands article pages to the pure extractor, and
yields items. Storage, deduplication and validation happen in the pipelines.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import Request, Spider
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from crawler.caps import META_LIST_DEPTH, META_SEED, TrapCaps
from crawler.extract import Page, extract_page
from crawler.frontier import META_CANONICAL, META_KIND
from crawler.items import ArticleItem, PageFailure, RawResponse
from crawler.netsafety import is_put_off, refusal_reason
from crawler.sites import SiteConfig, SiteRegistry, adhoc_site
from crawler.sites.dates import default_range
from crawler.urls import canonicalize_url

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

__all__ = ["SiteSpider"]

logger = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml", "text/plain", "application/xml", "text/xml")


def _resolve_config(
    site: SiteConfig | str | None,
    url: str | list[str] | None,
    follow: str | None,
    article: str | None,
    max_pages: int | str | None,
    sites_dir: str | None,
) -> SiteConfig:
    """A SiteConfig from spider arguments (``scrapy crawl site -a site=ID`` or ``-a url=...``)."""
    if isinstance(site, SiteConfig):
        return site
    if site:
        extra = [Path(sites_dir)] if sites_dir else []
        return SiteRegistry.load(extra).get(site)
    if url:
        urls = url if isinstance(url, list) else [u for u in url.split(",") if u]
        return adhoc_site(
            urls,
            follow=follow,
            article=article,
            max_pages=int(max_pages) if max_pages else None,
        )
    raise ValueError("give a site (-a site=ID) or start URLs (-a url=URL[,URL...])")


def _day(value: date | str | None, name: str) -> date | None:
    """A spider argument or setting as a date (``-a since=2025-01-23``)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a date like 2025-01-23") from None


class SiteSpider(Spider):
    """Spider arguments: ``site`` (an id or a SiteConfig) or ``url`` (+ ``follow``,
    ``article``, ``max_pages``); ``sites_dir`` adds a folder of site files; ``since`` and
    ``until`` (dates, or settings ``UNIONWATCH_SINCE``/``UNIONWATCH_UNTIL``) bound the days a
    site's ``date_start_urls`` enumerate."""

    name = "site"

    def __init__(
        self,
        site_config: SiteConfig,
        keep_script: bool = False,
        since: date | None = None,
        until: date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.site_config = site_config
        self.allowed_domains = list(site_config.allowed_hosts)
        #: UNIONWATCH_KEEP_SCRIPT: keep a traditional page's script instead of converting.
        self.keep_script = keep_script
        if site_config.date_start_urls:
            since, until = default_range(site_config.date_days, since, until)
        if since and until and since > until:
            raise ValueError(f"since {since} is after until {until}")
        #: The first day of interest (``--since``); for a site with date start URLs, the first
        #: day enumerated. ``None``: no lower bound.
        self.since: date | None = since
        #: The last day of interest (``--until``); ``None``: no upper bound.
        self.until: date | None = until
        #: Crawler-trap caps (set in ``from_crawler``, where the stats are).
        self.caps: TrapCaps | None = None

    @classmethod
    def from_crawler(
        cls,
        crawler: Crawler,
        *args: Any,
        site: SiteConfig | str | None = None,
        url: str | list[str] | None = None,
        follow: str | None = None,
        article: str | None = None,
        max_pages: int | str | None = None,
        sites_dir: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        **kwargs: Any,
    ) -> Self:
        sites_dir = sites_dir or crawler.settings.get("UNIONWATCH_SITES_DIR") or None
        config = _resolve_config(site, url, follow, article, max_pages, sites_dir)
        spider = super().from_crawler(
            crawler,
            *args,
            site_config=config,
            keep_script=crawler.settings.getbool("UNIONWATCH_KEEP_SCRIPT"),
            since=_day(since or crawler.settings.get("UNIONWATCH_SINCE"), "since"),
            until=_day(until or crawler.settings.get("UNIONWATCH_UNTIL"), "until"),
            **kwargs,
        )
        # Spiders are built before the settings freeze: politeness comes from the site config.
        settings = crawler.settings
        settings.set("DOWNLOAD_DELAY", config.politeness.download_delay, priority="spider")
        settings.set(
            "CONCURRENT_REQUESTS_PER_DOMAIN", config.politeness.concurrency, priority="spider"
        )
        if config.max_pages:
            settings.set("CLOSESPIDER_PAGECOUNT", config.max_pages, priority="spider")
        spider.caps = TrapCaps(config.max_seed_pages, config.max_list_depth, crawler)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        for url in self.site_config.start_urls_for(self.since, self.until):
            yield self.request_for(url, "start")

    def _canonical(self, url: str) -> str:
        return canonicalize_url(url, self.site_config.url_rules)

    def request_for(self, url: str, kind: str) -> Request:
        """The request for ``url``, expected to be an ``article``, a ``list`` or a ``start``
        page (the frontier rebuilds resumed requests with this too)."""
        return Request(
            url,
            callback=self.parse_page,
            errback=self.on_error,
            meta={META_KIND: kind, META_CANONICAL: self._canonical(url)},
            dont_filter=kind == "start",
        )

    def parse_page(self, response: Response) -> Iterator[Any]:
        config = self.site_config
        kind = response.meta.get(META_KIND, "list")
        expect_article = kind == "article" or config.is_article(response.url)
        if not config.allows(response.url):
            logger.warning("not extracting %s: outside the site's hosts", response.url)
            return
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        if content_type and not content_type.startswith(_HTML_TYPES):
            if expect_article:
                yield self._failure(response.url, f"not an HTML page ({content_type})", 200)
            return
        headers = {
            key.decode("latin-1"): b", ".join(values).decode("latin-1")
            for key, values in response.headers.items()
        }
        page = Page.from_bytes(response.body, response.url, headers, encoding=config.encoding)
        if expect_article or config.article_pattern is None:
            raw = RawResponse(response.status, headers, response.body, datetime.now(UTC))
            item = self._article_item(page, response, expect_article, raw)
            if item is not None:
                yield item
        if not expect_article:
            seed = response.meta.get(META_SEED, response.url)
            yield from self._follow(page, seed, response.meta.get(META_LIST_DEPTH, 0))

    def _article_item(
        self, page: Page, response: Response, expected: bool, raw: RawResponse
    ) -> ArticleItem | PageFailure | None:
        try:
            article = extract_page(
                page, selectors=self.site_config.selectors, keep_script=self.keep_script
            )
        except Exception as exc:  # an extractor bug must not lose the page: record it
            logger.exception("extraction crashed on %s", response.url)
            failure = self._failure(response.url, f"extractor error: {type(exc).__name__}", 200)
            failure.response = raw
            return failure
        if not expected and not article.is_article:
            return None  # one-off crawl: a page without title and body is not an article
        redirects = tuple(self._canonical(u) for u in response.meta.get("redirect_urls", ()) if u)
        return ArticleItem(
            site=self.site_config.id,
            url=response.url,
            canonical_url=self._canonical(response.url),
            article=article,
            status=response.status,
            redirected_from=redirects,
            response=raw,
        )

    def _follow(self, page: Page, seed: str, depth: int) -> Iterator[Request]:
        config = self.site_config
        for link in page.links():
            kind = config.classify(link)
            if kind not in ("article", "list"):
                continue
            link_depth = depth + 1 if kind == "list" else depth
            if self.caps is not None and not self.caps.admit(seed, kind, link_depth):
                continue
            request = self.request_for(link, kind)
            request.meta[META_SEED] = seed
            request.meta[META_LIST_DEPTH] = link_depth
            yield request

    def on_error(self, failure: Failure) -> Iterator[PageFailure]:
        request: Request = failure.request  # type: ignore[attr-defined]
        if is_put_off(failure.value):  # e.g. robots.txt unreadable: the next run fetches it
            logger.info("put off %s: %s", request.url, failure.value)
            return
        refused = refusal_reason(failure.value)
        if refused is not None:  # a safety limit: always recorded, under the URL asked for
            yield self._failure(
                (request.meta.get("redirect_urls") or [request.url])[0], refused, None
            )
            return
        reason, status = _failure_reason(failure)
        kind = request.meta.get(META_KIND)
        if kind == "article" or self.site_config.is_article(request.url):
            yield self._failure(request.url, reason, status)
        else:
            logger.warning("could not fetch %s page %s: %s", kind, request.url, reason)
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(f"unionwatch/list_errors/{reason}")

    def _failure(self, url: str, reason: str, status: int | None) -> PageFailure:
        return PageFailure(
            site=self.site_config.id,
            url=url,
            canonical_url=self._canonical(url),
            reason=reason,
            status=status,
        )


def _failure_reason(failure: Failure) -> tuple[str, int | None]:
    error = failure.value
    if isinstance(error, HttpError):
        status = error.response.status
        return f"http {status}", status
    if isinstance(error, ResponseDataLossError):
        return "truncated response", None
    if isinstance(error, DNSLookupError | CannotResolveHostError):
        return "dns error", None
    if isinstance(error, TimeoutError | TCPTimedOutError | DownloadTimeoutError):
        return "timeout", None
    if isinstance(error, DownloadConnectionRefusedError):
        return "connection refused", None
    return f"network error: {type(failure.value).__name__}", None
