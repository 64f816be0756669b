"""A loopback HTTP server for the demo sites, which clients use as their HTTP proxy.

Scrapy sends ``GET http://portal.unionwatch.test/ HTTP/1.1`` (absolute form) to a proxy; the
server answers from the demo's responses by the target's host and path. Origin-form requests
(``GET / HTTP/1.1`` with ``Host: portal.unionwatch.test``) work too. Unknown hosts get 502,
unknown paths 404 with a small "页面不存在" page; ``/robots.txt`` allows everything.

Usage::

    with DemoServer(build_demo()) as server:
        crawl(proxy=server.proxy_url, hosts=server.hosts)
"""

from __future__ import annotations

import logging
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import MappingProxyType, TracebackType
from urllib.parse import urlsplit

from crawler.demo.model import DemoResponse, DemoSite

__all__ = ["DemoServer"]

logger = logging.getLogger(__name__)

_TEXT = MappingProxyType({"Content-Type": "text/plain; charset=utf-8"})
_ROBOTS = DemoResponse(200, _TEXT, b"User-agent: *\nDisallow:\n")
_NOT_FOUND = DemoResponse(
    404,
    MappingProxyType({"Content-Type": "text/html; charset=utf-8"}),
    (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        "<title>页面不存在</title>\n</head>\n<body>\n<h1>页面不存在</h1>\n"
        "<p>您访问的页面不存在或已被删除。</p>\n</body>\n</html>\n"
    ).encode(),
)


class _Server(ThreadingHTTPServer):
    """The HTTP server: holds the site and the request counter."""

    daemon_threads = True
    #: The listen backlog. socketserver's default of 5 drops connections when several crawls
    #: open their connection pools at once; a dropped handshake then stalls until a timeout.
    request_queue_size = 128
    # Keep-alive connections may stay open; closing the server must not wait for them.
    block_on_close = False

    def __init__(self, address: tuple[str, int], site: DemoSite) -> None:
        self.site = site
        self.served_hosts = frozenset(site.hosts)
        self._lock = threading.Lock()
        self._count = 0
        super().__init__(address, _Handler)

    def count_request(self) -> None:
        with self._lock:
            self._count += 1

    @property
    def request_count(self) -> int:
        with self._lock:
            return self._count

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return  # the client went away
        logger.error("demo server: error answering %s", client_address, exc_info=error)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "unionwatch-demo/1"
    sys_version = ""
    #: Seconds an idle keep-alive connection is kept.
    timeout = 30

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: no line per request on stderr."""

    def _target(self) -> tuple[str, str]:
        """(host, path with query) of the request, absolute-form or origin-form."""
        if self.path.startswith(("http://", "https://")):
            parts = urlsplit(self.path)
            host = parts.hostname or ""
            target = parts.path or "/"
            if parts.query:
                target += "?" + parts.query
            return host.lower(), target
        host = self.headers.get("Host", "")
        # Drop the port; an IPv6 literal keeps its colons.
        bare = host.partition("]")[0] + "]" if host.startswith("[") else host.partition(":")[0]
        return bare.lower(), self.path

    def _answer(self, *, send_body: bool) -> None:
        self.server.count_request()
        host, target = self._target()
        if host not in self.server.served_hosts:
            text = f"502 Bad Gateway: the unionwatch demo server does not serve {host!r}\n"
            response = DemoResponse(502, _TEXT, text.encode())
        else:
            found = self.server.site.responses.get((host, target))
            if found is not None:
                response = found
            elif target.split("?", 1)[0] == "/robots.txt":
                response = _ROBOTS
            else:
                response = _NOT_FOUND
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if send_body:
            self.wfile.write(response.body)


class DemoServer:
    """The demo sites on 127.0.0.1, on a free port, in a daemon thread.

    A context manager: ``with DemoServer(site) as server:`` starts it and stops it. Point an
    HTTP client's proxy at :attr:`proxy_url`, or send origin-form requests to it with a
    ``Host`` header from :attr:`hosts`.
    """

    def __init__(self, site: DemoSite, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.site = site
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> DemoServer:
        """Bind and serve; returns ``self``."""
        if self._server is not None:
            raise RuntimeError("the demo server is already running")
        server = _Server(self._address, self.site)
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="unionwatch-demo-server",
            daemon=True,
        )
        thread.start()
        self._server, self._thread = server, thread
        return self

    def stop(self) -> None:
        """Stop serving and close the socket; a stopped server may be started again."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _running(self) -> _Server:
        if self._server is None:
            raise RuntimeError("the demo server is not running")
        return self._server

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self._running().server_address[1])

    @property
    def proxy_url(self) -> str:
        """``http://127.0.0.1:PORT``: the HTTP proxy to route the demo hosts through."""
        return f"http://{self._address[0]}:{self.port}"

    @property
    def hosts(self) -> tuple[str, ...]:
        """The host names it serves, sorted."""
        return self.site.hosts

    @property
    def request_count(self) -> int:
        """Requests answered since it started (any status)."""
        return self._running().request_count
