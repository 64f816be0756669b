"""Politeness: robots.txt with a safe reading of its failures, Crawl-delay, Retry-After and
per-host backoff.

Scrapy 2.19's RobotsTxtMiddleware parses whatever body a robots.txt request returns, so a
500 page or a timeout allows the whole host. :class:`RobotsPolicyMiddleware` replaces it
(same place, same ``ROBOTSTXT_*`` settings) and reads the answer as RFC 9309 does:

- 2xx: the rules apply, and ``Crawl-delay`` becomes the host's minimum delay between
  requests (capped by ``UNIONWATCH_CRAWL_DELAY_MAX``, default 60 s);
- 4xx (404, 403 ...): no rules, everything is allowed;
- 5xx (after Scrapy's retries) or no answer (timeout, refused connection): the host is
  *deferred* -- none of its pages are fetched in this run (counted in
  ``unionwatch/robots/deferred``), their URLs stay pending, and the next run asks again.

Scrapy's RetryMiddleware retries 429 and 503 but at once, and AutoThrottle only follows
latency. :class:`BackoffMiddleware` makes a 429/503 slow the host down: it honours
``Retry-After`` (seconds or an HTTP date, capped by ``UNIONWATCH_RETRY_AFTER_MAX``, default
300 s) by holding the host's next requests until then, and doubles the host's delay from
``UNIONWATCH_BACKOFF_BASE_DELAY`` (default 1 s) up to ``UNIONWATCH_BACKOFF_MAX_DELAY``
(default 120 s); each answer that is not 429/503 halves it back towards the configured delay.
``UNIONWATCH_BACKOFF_ENABLED`` (default True) turns it off.
"""

from __future__ import annotations

import logging
import time
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.asyncio import sleep

from crawler.netsafety import RefusedRequest

if TYPE_CHECKING:
    from typing import Self

    from scrapy.core.downloader import Downloader
    from scrapy.crawler import Crawler

__all__ = ["BackoffMiddleware", "RobotsPolicyMiddleware", "parse_retry_after"]

logger = logging.getLogger(__name__)

BACKOFF_CODES = frozenset({429, 503})


class _HostDeferred(RobotParser):
    """The answer for a host whose robots.txt could not be read: nothing is allowed."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    @classmethod
    def from_crawler(cls, crawler: Crawler, robotstxt_body: bytes) -> Self:  # pragma: no cover
        raise NotImplementedError

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False


def _downloader(crawler: Crawler) -> Downloader:
    assert crawler.engine is not None
    return crawler.engine.downloader


def set_min_delay(crawler: Crawler, request: Request, delay: float) -> None:
    """Make ``request``'s download slot wait ``delay`` seconds between requests (without
    random jitter, so never less), now and for a slot Scrapy builds again after collecting
    an idle one."""
    downloader = _downloader(crawler)
    key = downloader.get_slot_key(request)
    downloader.per_slot_settings.setdefault(key, {}).update(delay=delay, jitter=0.0)
    slot = downloader.slots.get(key)
    if slot is not None:
        slot.delay = delay
        slot.jitter = 0.0


class RobotsPolicyMiddleware(RobotsTxtMiddleware):
    """Downloader middleware replacing ``RobotsTxtMiddleware`` (priority 100). Setting
    ``UNIONWATCH_CRAWL_DELAY_MAX``. Overrides three of the parent's private hooks
    (``_parse_robots``, ``_robots_error``, ``process_request_2``) of Scrapy 2.19."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.max_crawl_delay = crawler.settings.getfloat("UNIONWATCH_CRAWL_DELAY_MAX", 60.0)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        status = response.status
        if status >= 500:
            self._stats.inc_value(f"robotstxt/response_status_count/{status}")
            self._settle(netloc, _HostDeferred(f"robots.txt unavailable (http {status})"))
            return
        if status >= 400:  # no robots.txt: everything is allowed
            response = response.replace(body=b"")
        await super()._parse_robots(response, netloc, request)
        parser = self._parsers.get(netloc)
        crawl_delay = getattr(parser, "crawl_delay", None)
        delay = crawl_delay(self._user_agent(request)) if crawl_delay is not None else None
        if delay:
            delay = min(float(delay), self.max_crawl_delay)
            self._stats.set_value(f"unionwatch/robots/crawl_delay/{netloc}", delay)
            set_min_delay(self.crawler, request, max(delay, self._configured_delay()))

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        self._settle(netloc, _HostDeferred(f"robots.txt unavailable ({type(exc).__name__})"))

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        if isinstance(rp, _HostDeferred):
            self._stats.inc_value("unionwatch/robots/deferred")
            raise RefusedRequest(rp.reason, record=False)
        super().process_request_2(rp, request)

    def _settle(self, netloc: str, parser: _HostDeferred) -> None:
        logger.warning("deferring %s for this run: %s", netloc, parser.reason)
        pending = self._parsers[netloc]
        self._parsers[netloc] = parser
        if pending is not None and not isinstance(pending, RobotParser):
            pending.callback(parser)

    def _user_agent(self, request: Request) -> str:
        agent = self._robotstxt_useragent or request.headers.get(b"User-Agent")
        if isinstance(agent, bytes):
            return agent.decode("latin-1")
        return agent or self._default_useragent

    def _configured_delay(self) -> float:
        return self.crawler.settings.getfloat("DOWNLOAD_DELAY")


def parse_retry_after(value: bytes | str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or an HTTP date)."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


class BackoffMiddleware:
    """Downloader middleware (priority 560: sees answers before Scrapy's RetryMiddleware).
    Settings: ``UNIONWATCH_BACKOFF_ENABLED``, ``UNIONWATCH_BACKOFF_BASE_DELAY``,
    ``UNIONWATCH_BACKOFF_MAX_DELAY``, ``UNIONWATCH_RETRY_AFTER_MAX``."""

    def __init__(
        self, crawler: Crawler, base_delay: float, max_delay: float, max_retry_after: float
    ) -> None:
        self.crawler = crawler
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.max_retry_after = max_retry_after
        #: Per download slot: the configured delay, and the wall-clock time before which no
        #: request may start.
        self._normal: dict[str, float] = {}
        self._not_before: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("UNIONWATCH_BACKOFF_ENABLED", True):
            raise NotConfigured
        return cls(
            crawler,
            base_delay=settings.getfloat("UNIONWATCH_BACKOFF_BASE_DELAY", 1.0),
            max_delay=settings.getfloat("UNIONWATCH_BACKOFF_MAX_DELAY", 120.0),
            max_retry_after=settings.getfloat("UNIONWATCH_RETRY_AFTER_MAX", 300.0),
        )

    async def process_request(self, request: Request) -> None:
        key = _downloader(self.crawler).get_slot_key(request)
        wait = self._not_before.get(key, 0.0) - time.time()
        if wait > 0:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("unionwatch/backoff/waits")
            await sleep(wait)

    def process_response(self, request: Request, response: Response) -> Response:
        downloader = _downloader(self.crawler)
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is None or (
            request.meta.get("dont_obey_robotstxt") and response.status not in BACKOFF_CODES
        ):
            return response  # robots.txt's Crawl-delay is applied after this answer
        normal = self._normal.setdefault(key, slot.delay)
        if response.status not in BACKOFF_CODES:
            if slot.delay > normal:
                set_min_delay(self.crawler, request, max(normal, slot.delay / 2))
            return response
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"unionwatch/backoff/{response.status}")
        delay = min(self.max_delay, max(self.base_delay, slot.delay * 2))
        now = time.time()
        after = parse_retry_after(response.headers.get(b"Retry-After"), now)
        if after is not None:
            after = min(after, self.max_retry_after)
            self._not_before[key] = max(self._not_before.get(key, 0.0), now + after)
            self.crawler.stats.max_value("unionwatch/backoff/retry_after_max", after)
        logger.info(
            "%s answered %s: delay %.1fs, Retry-After %s", key, response.status, delay, after
        )
        set_min_delay(self.crawler, request, delay)
        return response
