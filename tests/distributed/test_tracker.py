"""A lease is acked only when everything its response produced is safe."""

from __future__ import annotations

from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.distributed.tracker import LeaseTracker


def tracker() -> tuple[LeaseTracker, list[str]]:
    acked: list[str] = []
    result = LeaseTracker(get_crawler())
    result.ack = acked.append
    return result, acked


def test_a_lease_waits_for_its_links_to_be_queued_and_its_item_stored() -> None:
    leases, acked = tracker()
    leases.taken("t")
    link, item = Request("http://a.test/1"), {"title": "x"}
    leases.expect("t", link)
    leases.expect("t", item)
    leases.produced("t")
    leases.settle("t", link)
    assert acked == []
    leases.settle("t", {"replaced": "by a pipeline"})  # items are counted, not named
    assert acked == ["t"]


def test_a_response_with_no_output_is_acked_when_the_spider_is_done() -> None:
    leases, acked = tracker()
    leases.taken("t")
    leases.produced("t")
    assert acked == ["t"]


def test_a_request_put_back_on_the_queue_is_not_acked_by_this_lease() -> None:
    leases, acked = tracker()
    leases.taken("t")
    leases.forget("t")
    leases.produced("t")
    assert acked == [] and leases.held() == []


def test_leases_still_open_when_the_engine_is_idle_are_acked() -> None:
    leases, acked = tracker()
    leases.taken("t")
    leases.expect("t", Request("http://a.test/lost"))
    assert leases.settle_all() == 1 and acked == ["t"]
