"""The cluster scheduler when Redis is down as a site's crawl opens (a real, private Redis)."""

from __future__ import annotations

from scrapy.utils.test import get_crawler

from crawler.distributed.keys import ClusterKeys, connect
from crawler.distributed.scheduler import RESEEDED_STAT, ClusterScheduler
from crawler.distributed.spider import ClusterSiteSpider
from crawler.distributed.tracker import LeaseTracker
from crawler.sites import SiteRegistry
from tests.distributed.conftest import PrivateRedis

NAMES = ClusterKeys()


def scheduler_for(url: str) -> tuple[ClusterScheduler, ClusterSiteSpider]:
    spider = ClusterSiteSpider(site_config=SiteRegistry.load().get("demo-city"))
    crawler = get_crawler(ClusterSiteSpider, {"UNIONWATCH_REDIS_URL": url})
    scheduler = ClusterScheduler(
        connect(url),
        crawler,
        LeaseTracker(crawler),
        url=url,
        keys=NAMES,
        worker_id="w1",
        seen_ttl=60,
        poll_interval=0.1,
    )
    return scheduler, spider


def test_a_crawl_opened_while_redis_is_down_waits_and_then_resumes_without_reseeding(
    private_redis: PrivateRedis,
) -> None:
    scheduler, spider = scheduler_for(private_redis.url)
    private_redis.stop()

    scheduler.open(spider)  # the worker saw Redis a moment ago; it is gone now

    assert scheduler.has_pending_requests()  # waits rather than closing the crawl
    assert scheduler.next_request() is None
    private_redis.start()
    connect(private_redis.url).set(NAMES.epoch, "e1")  # the cluster's data, never read here
    scheduler._next_try = 0.0  # do not wait out the retry pause
    assert scheduler.next_request() is None  # Redis answers; the queue is empty
    assert scheduler.epoch == "e1"
    assert scheduler.crawler.stats.get_value(RESEEDED_STAT) is None
