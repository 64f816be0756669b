"""The leased queue and the generation duplicate filter, on a real Redis."""

from __future__ import annotations

import pytest
import redis

from crawler.distributed.dupefilter import GenerationDupeFilter
from crawler.distributed.keys import ClusterKeys, connect
from crawler.distributed.queue import META_LEASE, LeasedQueue, reclaim_site
from crawler.distributed.seed import seed_site
from crawler.distributed.spider import ClusterSiteSpider
from crawler.sites import SiteRegistry
from storage import FrontierEntry

NAMES = ClusterKeys()


@pytest.fixture
def server(redis_url: str) -> redis.Redis:
    return connect(redis_url)


@pytest.fixture
def spider() -> ClusterSiteSpider:
    return ClusterSiteSpider(site_config=SiteRegistry.load().get("demo-city"))


def make_queue(server: redis.Redis, spider: ClusterSiteSpider, worker: str = "w1") -> LeasedQueue:
    return LeasedQueue(server, spider, "demo-city", keys=NAMES, worker_id=worker)


def fingerprint(server: redis.Redis, request: object) -> str:
    return GenerationDupeFilter(server, key="unused").fingerprint(request)


def test_a_popped_request_is_leased_until_acked(
    server: redis.Redis, spider: ClusterSiteSpider
) -> None:
    queue = make_queue(server, spider)
    request = spider.request_for("http://city.unionwatch.test/news_view.asp?id=1", "article")
    assert queue.push(request, fingerprint(server, request), force=False)
    popped = queue.pop()
    assert popped is not None and popped.url == request.url
    assert popped.callback == spider.parse_page and popped.errback == spider.on_error
    assert (len(queue), queue.in_flight()) == (0, 1)
    assert queue.ack([popped.meta[META_LEASE]]) == 1
    assert (len(queue), queue.in_flight()) == (0, 0)


def test_released_leases_go_back_on_the_queue(
    server: redis.Redis, spider: ClusterSiteSpider
) -> None:
    queue = make_queue(server, spider)
    queue.push(spider.request_for("http://city.unionwatch.test/", "start"))
    popped = queue.pop()
    assert popped is not None
    assert queue.release([popped.meta[META_LEASE]]) == 1
    assert (len(queue), queue.in_flight()) == (1, 0)


def test_leases_of_a_dead_worker_are_reclaimed_and_a_live_ones_kept(
    server: redis.Redis, spider: ClusterSiteSpider
) -> None:
    alive, dead = make_queue(server, spider, "alive"), make_queue(server, spider, "dead")
    for n in (1, 2):
        alive.push(
            spider.request_for(f"http://city.unionwatch.test/news_view.asp?id={n}", "article")
        )
    assert alive.pop() is not None and dead.pop() is not None
    server.set(NAMES.worker("alive"), "1")  # only the live worker's heartbeat key exists
    assert reclaim_site(server, NAMES, "demo-city") == 1
    assert (len(alive), alive.in_flight()) == (1, 1)


def test_a_url_is_queued_once_per_generation_and_again_in_the_next(
    server: redis.Redis, spider: ClusterSiteSpider
) -> None:
    queue = make_queue(server, spider)
    request = spider.request_for(
        "http://city.unionwatch.test/news_list.asp?classid=1&page=2", "list"
    )
    fp = fingerprint(server, request)
    assert queue.push(request, fp, force=False)
    assert not queue.push(request, fp, force=False)
    server.incr(NAMES.generation("demo-city"))  # the next scheduled run
    assert queue.push(request, fp, force=False)
    assert len(queue) == 1  # the same request, queued once


def test_fingerprint_sets_expire(server: redis.Redis, spider: ClusterSiteSpider) -> None:
    queue = LeasedQueue(server, spider, "demo-city", keys=NAMES, seen_ttl=60)
    request = spider.request_for("http://city.unionwatch.test/", "start")
    queue.push(request, fingerprint(server, request), force=False)
    assert 0 < server.ttl(NAMES.seen_prefix("demo-city") + "0") <= 60


def test_seeding_starts_a_generation_and_queues_start_and_pending_urls(
    server: redis.Redis, spider: ClusterSiteSpider
) -> None:
    pending = [FrontierEntry("http://city.unionwatch.test/news_view.asp?id=7", "c", "article")]
    first = seed_site(server, NAMES, spider, pending, seen_ttl=60)
    assert (first.generation, first.start, first.resumed) == (1, 1, 1)
    assert server.smembers(NAMES.sites) == {b"demo-city"}
    second = seed_site(server, NAMES, spider, pending, seen_ttl=60)
    assert second.generation == 2
    assert len(make_queue(server, spider)) == 2  # not duplicated on the queue
