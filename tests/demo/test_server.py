"""The demo server on loopback: proxy (absolute-form) and origin-form requests."""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from crawler.demo import DemoServer, DemoSite

PORTAL_HOME = "http://portal.unionwatch.test/"
SEED_PAGE = "http://city.unionwatch.test/news_view.asp?id=3316"
GONE_PAGE = "http://city.unionwatch.test/news_view.asp?id=3302"


@pytest.fixture
def connection(server: DemoServer) -> Iterator[http.client.HTTPConnection]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    yield conn
    conn.close()


def _get(
    conn: http.client.HTTPConnection, target: str, host: str | None = None, method: str = "GET"
) -> tuple[http.client.HTTPResponse, bytes]:
    headers = {"Host": host} if host is not None else {}
    conn.request(method, target, headers=headers)
    response = conn.getresponse()
    return response, response.read()


def _proxy_opener(server: DemoServer) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.ProxyHandler({"http": server.proxy_url}))


def test_proxy_url_and_hosts(server: DemoServer, demo: DemoSite) -> None:
    assert server.proxy_url == f"http://127.0.0.1:{server.port}"
    assert server.hosts == demo.hosts
    assert "portal.unionwatch.test" in server.hosts


def test_proxy_requests_through_urllib(
    server: DemoServer, demo: DemoSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    opener = _proxy_opener(server)
    for url in (PORTAL_HOME, SEED_PAGE, "http://province.unionwatch.test/ghdt/index_1.html"):
        with opener.open(url, timeout=10) as response:
            body = response.read()
            expected = demo.response(url)
            assert expected is not None
            assert response.status == 200
            assert body == expected.body
            assert response.headers["Content-Type"] == expected.headers["Content-Type"]
            assert response.headers["Content-Length"] == str(len(body))


def test_absolute_form_target_wins_over_the_host_header(
    connection: http.client.HTTPConnection, demo: DemoSite
) -> None:
    response, body = _get(connection, SEED_PAGE, host="portal.unionwatch.test")
    assert response.status == 200
    expected = demo.response(SEED_PAGE)
    assert expected is not None and body == expected.body


def test_origin_form_uses_the_host_header(
    connection: http.client.HTTPConnection, demo: DemoSite
) -> None:
    for host in ("big5.portal.unionwatch.test", "big5.portal.unionwatch.test:80"):
        response, body = _get(connection, "/big5/10000/10000_2.shtml", host=host)
        assert response.status == 200
        assert response.getheader("Content-Type") == "text/html; charset=big5"
        expected = demo.response("http://big5.portal.unionwatch.test/big5/10000/10000_2.shtml")
        assert expected is not None and body == expected.body


def test_keep_alive_serves_several_requests_on_one_connection(
    connection: http.client.HTTPConnection,
) -> None:
    for target in ("/", "/10000/10000.shtml", "/10000/10000_2.shtml"):
        response, body = _get(connection, target, host="portal.unionwatch.test")
        assert response.status == 200 and body
        assert not response.will_close


def test_gone_page_is_404_with_a_chinese_page(connection: http.client.HTTPConnection) -> None:
    response, body = _get(connection, GONE_PAGE)
    assert response.status == 404
    assert "页面不存在" in body.decode("utf-8")


def test_unknown_path_is_404(connection: http.client.HTTPConnection) -> None:
    response, body = _get(connection, "http://portal.unionwatch.test/c/2025-01-01/1.shtml")
    assert response.status == 404
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert "页面不存在" in body.decode("utf-8")


def test_unknown_host_is_502_with_one_line(connection: http.client.HTTPConnection) -> None:
    response, body = _get(connection, "http://www.example.com/")
    assert response.status == 502
    assert response.getheader("Content-Type") == "text/plain; charset=utf-8"
    text = body.decode("utf-8")
    assert text.count("\n") == 1 and "www.example.com" in text
    response, _ = _get(connection, "/", host="unknown.unionwatch.test")
    assert response.status == 502


def test_robots_txt_allows_everything_on_every_host(
    connection: http.client.HTTPConnection, server: DemoServer
) -> None:
    for host in server.hosts:
        response, body = _get(connection, f"http://{host}/robots.txt")
        assert response.status == 200
        assert response.getheader("Content-Type") == "text/plain; charset=utf-8"
        assert body == b"User-agent: *\nDisallow:\n"


def test_head_sends_headers_only(
    server: DemoServer, demo: DemoSite, connection: http.client.HTTPConnection
) -> None:
    expected = demo.response(PORTAL_HOME)
    assert expected is not None
    response, body = _get(connection, PORTAL_HOME, method="HEAD")
    assert response.status == 200
    assert body == b""
    assert response.getheader("Content-Length") == str(len(expected.body))
    # The connection is still usable after a HEAD.
    response, body = _get(connection, PORTAL_HOME)
    assert body == expected.body


def test_quiet_and_counting(demo: DemoSite, capfd: pytest.CaptureFixture[str]) -> None:
    with DemoServer(demo) as fresh:
        assert fresh.request_count == 0
        conn = http.client.HTTPConnection("127.0.0.1", fresh.port, timeout=10)
        for target in (PORTAL_HOME, GONE_PAGE, "http://nowhere.test/", "/robots.txt"):
            _get(conn, target, host="city.unionwatch.test")
        conn.close()
        assert fresh.request_count == 4
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


def test_many_concurrent_requests(server: DemoServer, demo: DemoSite) -> None:
    urls = [f"http://{host}{path}" for host, path in demo.responses][:100] * 3

    def fetch(url: str) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        try:
            conn.request("GET", url)
            response = conn.getresponse()
            expected = demo.response(url)
            assert expected is not None and response.read() == expected.body
            return response.status
        finally:
            conn.close()

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(fetch, urls))
    elapsed = time.monotonic() - started
    assert len(statuses) == 300
    assert set(statuses) <= {200, 404}
    assert elapsed < 10, f"300 requests took {elapsed:.1f}s"


def test_stop_closes_the_port(demo: DemoSite) -> None:
    server = DemoServer(demo).start()
    port = server.port
    with pytest.raises(RuntimeError, match="already running"):
        server.start()
    server.stop()
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.request_count
    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection(("127.0.0.1", port), timeout=2),
    ):
        pass
    server.stop()  # stopping twice is harmless


def test_urls_never_contain_the_port(server: DemoServer, demo: DemoSite) -> None:
    opener = _proxy_opener(server)
    try:
        with opener.open(PORTAL_HOME, timeout=10) as response:
            body = response.read().decode("utf-8")
    except urllib.error.URLError as exc:  # pragma: no cover - only without loopback
        pytest.fail(f"loopback unavailable: {exc}")
    assert f"127.0.0.1:{server.port}" not in body
    assert f":{server.port}/" not in body
    for article in demo.articles:
        assert urlsplit(article.url).port is None
