from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawler.routing import HostRoutingMiddleware


def test_routed_hosts_go_through_the_local_proxy() -> None:
    crawler = get_crawler(
        settings_dict={"UNIONWATCH_HOST_ROUTES": {"Portal.Test": "http://127.0.0.1:9"}}
    )
    middleware = build_from_crawler(HostRoutingMiddleware, crawler)
    routed = Request("http://portal.test/c/1.shtml")
    other = Request("http://elsewhere.test/")
    middleware.process_request(routed)
    middleware.process_request(other)
    assert routed.meta["proxy"] == "http://127.0.0.1:9"
    assert "proxy" not in other.meta


def test_a_request_with_its_own_proxy_keeps_it() -> None:
    crawler = get_crawler(
        settings_dict={"UNIONWATCH_HOST_ROUTES": {"portal.test": "http://127.0.0.1:9"}}
    )
    middleware = build_from_crawler(HostRoutingMiddleware, crawler)
    request = Request("http://portal.test/", meta={"proxy": "http://10.0.0.1:3128"})
    middleware.process_request(request)
    assert request.meta["proxy"] == "http://10.0.0.1:3128"


def test_without_routes_the_middleware_is_off() -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(HostRoutingMiddleware, get_crawler())
