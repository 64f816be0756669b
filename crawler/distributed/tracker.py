"""When is a leased request finished? When everything it produced is safe elsewhere.

A response's output is requests (safe once they are on the shared queue) and items (safe once
the store pipeline has committed them: Scrapy sends ``item_scraped`` after the pipeline's
Deferred fires). The tracker counts, per lease token, the outputs still on their way; the
token is acked when the spider has finished producing output and the count is back to zero.
A worker killed before that leaves the lease in Redis, and another worker fetches the page
again: at-least-once, never lost (the store's unique constraints make the second save a no-op).

:class:`LeaseTracker` is a Scrapy extension (one per crawler), :class:`LeaseAckMiddleware`
the outermost spider middleware that sees each response's final output.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured
from twisted.python.failure import Failure

from crawler.distributed.queue import META_LEASE

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Response

__all__ = ["META_PARENT", "LeaseAckMiddleware", "LeaseTracker"]

logger = logging.getLogger(__name__)

#: Request.meta key: the lease token of the response that produced this request.
META_PARENT = "uw_parent_lease"

UNSETTLED_STAT = "unionwatch/cluster/leases_unsettled"


@dataclass(slots=True)
class _Open:
    #: ids of the requests on their way to the queue.
    requests: set[int] = field(default_factory=set)
    #: items on their way through the pipelines (a pipeline may replace an item, so they
    #: are counted, not named).
    items: int = 0
    producing: bool = True


def token_of(response: Response | Failure | None) -> str | None:
    """The lease token of the request behind a response or a download failure."""
    if response is None:
        return None
    request = getattr(response, "request", None)
    if request is None:
        return None
    token = request.meta.get(META_LEASE)
    return str(token) if token else None


class LeaseTracker:
    """Counts each leased request's outputs until they are safe, then acks the lease."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._open: dict[str, _Open] = {}
        #: Set by the scheduler: acks tokens on the shared queue.
        self.ack: Callable[[str], None] = lambda token: None
        crawler.signals.connect(self._item_done, signal=signals.item_scraped)
        crawler.signals.connect(self._item_done, signal=signals.item_dropped)
        crawler.signals.connect(self._item_done, signal=signals.item_error)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.get("UNIONWATCH_REDIS_URL"):
            raise NotConfigured  # a local crawl: nothing is leased
        return cls(crawler)

    def taken(self, token: str) -> None:
        """A request was leased from the queue."""
        self._open[token] = _Open()

    def forget(self, token: str) -> None:
        """The request was put back on the queue (a redirect, a retry): no ack of its own."""
        self._open.pop(token, None)

    def expect(self, token: str | None, output: object) -> None:
        """The response of ``token`` produced ``output`` (a request or an item)."""
        state = self._open.get(token) if token is not None else None
        if state is None:
            return
        if isinstance(output, Request):
            state.requests.add(id(output))
        else:
            state.items += 1

    def settle(self, token: str | None, output: object) -> None:
        """``output`` of ``token`` is safe: a request queued (or filtered as seen), an item
        stored or dropped."""
        state = self._open.get(token) if token is not None else None
        if state is None:
            return
        if isinstance(output, Request):
            state.requests.discard(id(output))
        else:
            state.items -= 1
        self._maybe_ack(token, state)  # type: ignore[arg-type]

    def produced(self, token: str | None) -> None:
        """The spider has produced all output for ``token``."""
        state = self._open.get(token) if token is not None else None
        if state is None:
            return
        state.producing = False
        self._maybe_ack(token, state)  # type: ignore[arg-type]

    def held(self) -> list[str]:
        return list(self._open)

    def settle_all(self) -> int:
        """The engine is idle, so nothing is on its way: ack what is still open (a path that
        produced no output signal) and say how many there were."""
        tokens = list(self._open)
        for token in tokens:
            del self._open[token]
            self.ack(token)
        if tokens:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(UNSETTLED_STAT, len(tokens))
        return len(tokens)

    def _maybe_ack(self, token: str, state: _Open) -> None:
        if not state.producing and not state.requests and state.items <= 0:
            del self._open[token]
            self.ack(token)

    def _item_done(self, item: Any, response: Response | Failure | None = None, **_: Any) -> None:
        self.settle(token_of(response), item)


class LeaseAckMiddleware:
    """Spider middleware, outermost: counts each leased response's output (the scheduler and
    the item signals settle it)."""

    def __init__(self, tracker: LeaseTracker) -> None:
        self.tracker = tracker

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        tracker = crawler.get_extension(LeaseTracker)
        if tracker is None:
            raise NotConfigured
        return cls(tracker)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        token = token_of(response)
        try:
            async for obj in result:
                self.expect(token, obj)
                yield obj
        finally:
            self.tracker.produced(token)

    def process_spider_output(self, response: Response, result: Any) -> Any:
        token = token_of(response)
        try:
            for obj in result:
                self.expect(token, obj)
                yield obj
        finally:
            self.tracker.produced(token)

    def expect(self, token: str | None, obj: Any) -> None:
        if token is None or obj is None:
            return
        if isinstance(obj, Request):
            obj.meta[META_PARENT] = token
        self.tracker.expect(token, obj)
