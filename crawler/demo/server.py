"""A loopback HTTP server for the demo sites, which clients use as their HTTP proxy.

Scrapy sends ``GET http://portal.unionwatch.test/ HTTP/1.1`` (absolute form) to a proxy; the
server answers from the demo's responses by the target's host and path. Origin-form requests
(``GET / HTTP/1.1`` with ``Host: portal.unionwatch.test``) work too. Unknown hosts get 502,
unknown paths 404 with a small "页面不存在" page; ``/robots.txt`` allows everything.

Every page carries an ``ETag`` (from its bytes) and a ``Last-Modified`` (when it last changed),
and a conditional request for an unchanged page is answered ``304 Not Modified``, as real CMS
front ends do (``conditional=False`` turns this off). Tests change the site while it is served:
:meth:`DemoServer.put` replaces or adds a page, :meth:`DemoServer.add_article` adds an article
and links it from list pages.

Usage::

    with DemoServer(build_demo()) as server:
        crawl(proxy=server.proxy_url, hosts=server.hosts)
"""

from __future__ import annotations

import email.utils
import hashlib
import logging
import sys
import threading
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
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


#: When the generated pages "last changed" (their Last-Modified until a test changes them).
_GENERATED_AT = datetime(2025, 1, 23, tzinfo=UTC)


def _target_of(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return (parts.hostname or "").lower(), target


def _charset(response: DemoResponse) -> str:
    content_type = response.headers.get("Content-Type", "")
    _, _, charset = content_type.partition("charset=")
    return charset.strip() or "utf-8"


class _Server(ThreadingHTTPServer):
    """The HTTP server: holds the site, the pages tests changed, and the request counters."""

    daemon_threads = True
    #: The listen backlog. socketserver's default of 5 drops connections when several crawls
    #: open their connection pools at once; a dropped handshake then stalls until a timeout.
    request_queue_size = 128
    # Keep-alive connections may stay open; closing the server must not wait for them.
    block_on_close = False

    def __init__(self, address: tuple[str, int], site: DemoSite, *, conditional: bool) -> None:
        self.site = site
        self.conditional = conditional
        self.served_hosts = frozenset(site.hosts)
        self._lock = threading.Lock()
        self._count = 0
        #: Pages a test put or changed, with when: (host, target) -> (response, changed at).
        self._changed: dict[tuple[str, str], tuple[DemoResponse, datetime]] = {}
        self.statuses: Counter[int] = Counter()
        #: Requests answered, by (host, path with query).
        self.requests: Counter[tuple[str, str]] = Counter()
        super().__init__(address, _Handler)

    def count_request(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._count += 1
            self.requests[key] += 1

    def count_status(self, status: int) -> None:
        with self._lock:
            self.statuses[status] += 1

    def lookup(self, key: tuple[str, str]) -> tuple[DemoResponse, datetime] | None:
        with self._lock:
            changed = self._changed.get(key)
        if changed is not None:
            return changed
        found = self.site.responses.get(key)
        return None if found is None else (found, _GENERATED_AT)

    def change(self, key: tuple[str, str], response: DemoResponse) -> None:
        with self._lock:
            self._changed[key] = (response, datetime.now(UTC).replace(microsecond=0))

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
        host, target = self._target()
        self.server.count_request((host, target))
        changed_at: datetime | None = None
        if host not in self.server.served_hosts:
            text = f"502 Bad Gateway: the unionwatch demo server does not serve {host!r}\n"
            response = DemoResponse(502, _TEXT, text.encode())
        else:
            found = self.server.lookup((host, target))
            if found is not None:
                response, changed_at = found
            elif target.split("?", 1)[0] == "/robots.txt":
                response = _ROBOTS
            else:
                response = _NOT_FOUND
        if changed_at is not None and response.status == 200:
            etag = '"' + hashlib.sha1(response.body).hexdigest()[:20] + '"'
            modified = email.utils.format_datetime(changed_at, usegmt=True)
            if self.server.conditional and self._not_modified(etag, changed_at):
                self.server.count_status(304)
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", modified)
                self.end_headers()
                return
            extra = {"ETag": etag, "Last-Modified": modified}
        else:
            extra = {}
        self.server.count_status(response.status)
        self.send_response(response.status)
        for name, value in {**response.headers, **extra}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if send_body:
            self.wfile.write(response.body)

    def _not_modified(self, etag: str, changed_at: datetime) -> bool:
        """RFC 9110: If-None-Match wins; else If-Modified-Since not before the change."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return etag in [tag.strip() for tag in if_none_match.split(",")]
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since is None:
            return False
        try:
            since = email.utils.parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        return since.tzinfo is not None and changed_at <= since


class DemoServer:
    """The demo sites on 127.0.0.1, on a free port, in a daemon thread.

    A context manager: ``with DemoServer(site) as server:`` starts it and stops it. Point an
    HTTP client's proxy at :attr:`proxy_url`, or send origin-form requests to it with a
    ``Host`` header from :attr:`hosts`.
    """

    def __init__(
        self, site: DemoSite, *, host: str = "127.0.0.1", port: int = 0, conditional: bool = True
    ) -> None:
        self.site = site
        self.conditional = conditional
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> DemoServer:
        """Bind and serve; returns ``self``."""
        if self._server is not None:
            raise RuntimeError("the demo server is already running")
        server = _Server(self._address, self.site, conditional=self.conditional)
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

    @property
    def requests(self) -> dict[tuple[str, str], int]:
        """Requests answered since it started, by (host, path with query)."""
        server = self._running()
        with server._lock:
            return dict(server.requests)

    @property
    def statuses(self) -> dict[int, int]:
        """Answers since it started, by status."""
        return dict(self._running().statuses)

    def page(self, url: str) -> DemoResponse | None:
        """What the server answers for ``url`` now."""
        found = self._running().lookup(_target_of(url))
        return None if found is None else found[0]

    def put(self, url: str, response: DemoResponse) -> None:
        """Serve ``response`` at ``url`` from now on (a new page, or an edited one: it gets a
        new ETag and Last-Modified)."""
        host, target = _target_of(url)
        if host not in self._running().served_hosts:
            raise ValueError(f"the demo does not serve {host!r}")
        self._running().change((host, target), response)

    def add_article(
        self, url: str, response: DemoResponse, title: str, list_urls: Sequence[str]
    ) -> None:
        """Publish an article at ``url`` and link it, with ``title``, at the top of the body
        of each list page in ``list_urls`` (as a CMS does when it publishes)."""
        self.put(url, response)
        for list_url in list_urls:
            page = self.page(list_url)
            if page is None:
                raise ValueError(f"no list page at {list_url}")
            link = f'<ul class="new"><li><a href="{url}">{title}</a></li></ul>'
            charset = _charset(page)
            html = page.body.decode(charset, errors="replace")
            head, found, rest = html.partition("<body")
            if not found:
                raise ValueError(f"{list_url} has no <body>")
            tag, _, after = rest.partition(">")
            changed = f"{head}<body{tag}>\n{link}{after}".encode(
                charset, errors="xmlcharrefreplace"
            )
            self.put(list_url, DemoResponse(page.status, page.headers, changed))
