"""Put work on the shared queue: ``unionwatch crawl SITE --redis URL`` and re-seeding after
Redis lost its data.

Seeding a site starts a new generation (list pages are fetched again, see
:mod:`.dupefilter`), queues its start URLs and the URLs an earlier run left pending in the
database, and adds the site to the set the workers watch.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from crawler.distributed.dupefilter import GenerationDupeFilter
from crawler.distributed.keys import ClusterKeys
from crawler.distributed.queue import LeasedQueue
from storage import FrontierEntry

if TYPE_CHECKING:
    import redis
    from scrapy import Spider
    from scrapy.crawler import Crawler

    from crawler.distributed.spider import ClusterSiteSpider

__all__ = ["SeedResult", "reseed_after_loss", "seed_site"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SeedResult:
    site: str
    generation: int
    start: int
    resumed: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "generation": self.generation,
            "start_requests": self.start,
            "resumed_requests": self.resumed,
        }


def seed_site(
    server: redis.Redis,
    names: ClusterKeys,
    spider: ClusterSiteSpider,
    pending: Sequence[FrontierEntry],
    *,
    seen_ttl: int,
) -> SeedResult:
    """Start a new generation of ``spider``'s site and queue its start and pending URLs."""
    site = spider.site_config.id
    server.set(names.epoch, uuid.uuid4().hex, nx=True)
    generation = int(server.incr(names.generation(site)))
    queue = LeasedQueue(server, spider, site, keys=names, seen_ttl=seen_ttl)
    start, resumed = _queue_work(queue, spider, pending)
    server.sadd(names.sites, site)
    return SeedResult(site, generation, start, resumed)


def _queue_work(
    queue: LeasedQueue, spider: ClusterSiteSpider, pending: Sequence[FrontierEntry]
) -> tuple[int, int]:
    dupefilter = GenerationDupeFilter(queue.server, key=queue.names.seen_prefix(queue.site))
    start = 0
    for url in spider.site_config.start_urls_for(spider.since, spider.until):
        request = spider.request_for(url, "start")
        start += queue.push(request, dupefilter.fingerprint(request), force=True)
    resumed = 0
    for entry in pending:
        request = spider.request_for(entry.url, entry.kind)
        resumed += queue.push(request, dupefilter.fingerprint(request), force=False)
    return start, resumed


def reseed_after_loss(
    crawler: Crawler, spider: Spider, queue: LeasedQueue, epoch: str
) -> int | None:
    """After Redis came back empty: the first worker to get here re-queues the site's start
    URLs (the lists are walked again; stored articles are skipped by the frontier) and the
    URLs pending in the database. Returns how many, or None if another worker does it."""
    from crawler.database import Database

    names, site = queue.names, queue.site
    if not queue.server.set(names.reseeded(site, epoch), "1", nx=True, ex=86400):
        return None
    database = crawler.get_extension(Database)
    pending = database.store.pending(site) if database is not None else []
    queue.server.incr(names.generation(site))
    start, resumed = _queue_work(queue, spider, pending)  # type: ignore[arg-type]
    queue.server.sadd(names.sites, site)
    return start + resumed
