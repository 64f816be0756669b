"""Request fingerprints that expire with their crawl generation.

scrapy-redis keeps one fingerprint set per spider for ever: with ``SCHEDULER_PERSIST`` the
next run never fetches a list page again, without it every run forgets everything. Here each
seeding of a site (``unionwatch crawl SITE --redis``, a scheduled run) starts a new
*generation*: fingerprints go to ``seen:<generation>``, a set that expires
``UNIONWATCH_REDIS_SEEN_TTL_HOURS`` after its last use. So the next run fetches its list pages
again, and nothing grows without bound. Article pages are not fetched again because their
state is durable in the database, shared by every worker: the frontier drops links to stored
articles before they are queued (see :mod:`crawler.frontier`).
"""

from __future__ import annotations

from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter

__all__ = ["SEEN_TTL_SECONDS", "GenerationDupeFilter"]

#: How long a generation's fingerprints live after their last use (a week).
SEEN_TTL_SECONDS = 7 * 86400


class GenerationDupeFilter(RFPDupeFilter):  # type: ignore[misc]
    """scrapy-redis's fingerprints (method, canonical URL, body); the set is chosen, and the
    test-and-queue done atomically, by :meth:`crawler.distributed.queue.LeasedQueue.push`."""

    def fingerprint(self, request: Request) -> str:
        return str(self.request_fingerprint(request))
