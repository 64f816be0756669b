"""The demo server takes many simultaneous connections without stalling any."""

from __future__ import annotations

import http.client
from concurrent.futures import ThreadPoolExecutor

from crawler.demo import DemoServer, DemoSite


def test_sixty_four_simultaneous_connections_are_all_answered(demo: DemoSite) -> None:
    with DemoServer(demo) as server:

        def fetch(_: int) -> int:
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
            try:
                connection.request("GET", "/", headers={"Host": "portal.unionwatch.test"})
                return connection.getresponse().status
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=64) as pool:
            statuses = list(pool.map(fetch, range(64)))
    assert statuses == [200] * 64
