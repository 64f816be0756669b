"""A misbehaving HTTP server on 127.0.0.1 for reliability tests (in the spirit of Scrapy's
own mockserver): each path in :data:`ROUTES` answers with one kind of fault.

Use::

    with fault_server() as server:          # or fault_server(robots="disallow")
        server.url("/status?seq=503,503,200")
        server.hits("/status")              # paths (with query) requested so far

Parameters travel in the query string so a test can read the URL and know what it gets.
Every response is HTTP/1.1; handlers run in threads, so a hang never blocks other requests.
``python -m tests.faultserver [PORT]`` runs it by hand.

Robots variants (``robots=`` or ``server.robots = ...``): ``allow`` (default), ``404``,
``500``, ``timeout`` (never answers), ``disallow`` (``Disallow: /private``), ``disallow-all``,
``crawl-delay`` (``Crawl-delay: <server.crawl_delay>``, default 2, plus ``Disallow: /private``).
"""

from __future__ import annotations

import gzip
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

__all__ = ["ROUTES", "FaultServer", "fault_server"]

HTML = "text/html; charset=utf-8"


def _html(title: str, body: str) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body>{body}</body></html>"
    ).encode()


def article_html(number: int) -> bytes:
    """A plausible article page: the shape the site spider and extractor expect."""
    paragraphs = "".join(
        f"<p>第{number}号稿件第{i}段：市总工会组织开展职工技能竞赛，推动产业工人队伍建设改革，"
        f"切实维护职工合法权益。</p>"
        for i in range(1, 7)
    )
    return _html(
        f"职工新闻{number}",
        f"<h1>职工新闻{number}</h1><div class='info'>发布时间：2024-03-05 10:00 来源：工人日报</div>"
        f"<div class='content'>{paragraphs}</div>",
    )


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FaultServer

    # -- plumbing ----------------------------------------------------------------------
    def do_GET(self) -> None:
        parts = urlsplit(self.path)  # an absolute URL when the server acts as a proxy
        self.query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        self.server.record(parts.path + ("?" + parts.query if parts.query else ""))
        route = ROUTES.get(parts.path)
        if route is None:
            self.reply(404, _html("404", "<h1>404 Not Found</h1>"))
            return
        route(self)

    def reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": HTML, **(headers or {})}.items():
            self.send_header(name, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def arg(self, name: str, default: str) -> str:
        return self.query.get(name, default)

    def hang(self) -> None:
        """Keep the connection open without answering until the server stops."""
        self.server.stopping.wait()
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        return None

    # -- endpoints ----------------------------------------------------------------------
    def ok(self) -> None:
        self.reply(200, _html("ok", "<p>ok</p>"))

    def article(self) -> None:
        self.reply(200, article_html(int(self.arg("id", "1"))))

    def status(self) -> None:
        """``?seq=503,503,200&key=k``: the n-th request for ``key`` gets the n-th status (the
        last repeats). ``retry_after=S`` adds a Retry-After header to 429/503 answers."""
        seq = [int(s) for s in self.arg("seq", "200").split(",")]
        n = self.server.next_count("status:" + self.arg("key", self.arg("seq", "")))
        code = seq[min(n, len(seq) - 1)]
        headers = {}
        if code in (429, 503) and "retry_after" in self.query:
            headers["Retry-After"] = self.query["retry_after"]
        body = article_html(int(self.arg("id", "1"))) if code == 200 else b"busy"
        self.reply(code, body, headers)

    def delay(self) -> None:
        """``?s=2``: answer after S seconds."""
        self.server.stopping.wait(float(self.arg("s", "1")))
        self.reply(200, article_html(1))

    def hang_route(self) -> None:
        self.hang()

    def drop(self) -> None:
        """Headers promise 2,000 bytes, 100 arrive, then the connection closes."""
        self.send_response(200)
        self.send_header("Content-Type", HTML)
        self.send_header("Content-Length", "2000")
        self.end_headers()
        self.wfile.write(article_html(1)[:100])
        self.wfile.flush()
        self.close_connection = True

    def short(self) -> None:
        """``Content-Length`` larger than the whole body that is sent."""
        body = article_html(1)
        self.send_response(200)
        self.send_header("Content-Type", HTML)
        self.send_header("Content-Length", str(len(body) + 500))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True

    def large(self) -> None:
        """``?bytes=N``: an N-byte page (default 5 MB), declared in Content-Length unless
        ``chunked=1`` (then no length: the size is only known while reading)."""
        size = int(self.arg("bytes", str(5 * 1024 * 1024)))
        body = (b"<p>" + "职工".encode() * 40 + b"</p>\n") * (size // 130 + 1)
        body = body[:size]
        if self.arg("chunked", "0") == "1":
            self.send_response(200)
            self.send_header("Content-Type", HTML)
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True
            return
        self.reply(200, body)

    def bomb(self) -> None:
        """``?bytes=N``: a gzip ``Content-Encoding`` body that inflates to N bytes of zeros
        (default 200 MB, about 200 KB on the wire)."""
        size = int(self.arg("bytes", str(200 * 1024 * 1024)))
        body = self.server.bomb(size)
        self.reply(200, body, {"Content-Encoding": "gzip"})

    def gbk(self) -> None:
        """GBK bytes declared as UTF-8 (header and meta)."""
        text = article_html(1).decode()
        self.reply(200, text.encode("gbk"), {"Content-Type": "text/html; charset=utf-8"})

    def garbled(self) -> None:
        """An article half of whose text is mojibake, served as valid UTF-8 so no decoder can
        repair it: ``?kind=latin`` (UTF-8 once read as Latin-1: ``å·¥ä¼š``) or ``gbk`` (UTF-8
        once read as GBK, its broken bytes saved as 锟斤拷)."""
        kind = self.arg("kind", "latin")

        def mangle(text: str) -> str:
            if kind == "latin":
                return text.encode().decode("cp1252", "replace")
            return text.encode().decode("gbk", "replace").replace("\ufffd", "锟斤拷")

        page = article_html(1).decode()
        head, _, rest = page.partition("<div class='content'>")
        content, _, tail = rest.partition("</div>")
        parts = content.removeprefix("<p>").removesuffix("</p>").split("</p><p>")
        # Every other paragraph: the page still reads as an article, half of it garbled.
        paragraphs = "".join(f"<p>{mangle(p) if i % 2 else p}</p>" for i, p in enumerate(parts))
        html = f"{head}<div class='content'>{paragraphs}</div>{tail}"
        self.reply(200, html.encode(), {"Content-Type": HTML})

    def broken_chunks(self) -> None:
        """A chunked body cut off after its first chunk (no terminating chunk)."""
        body = article_html(1)
        self.send_response(200)
        self.send_header("Content-Type", HTML)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.write(b"%x\r\n%s\r\n" % (200, body[:200]))
        self.wfile.flush()
        self.close_connection = True

    def redirect(self) -> None:
        """``?to=URL&code=302``: redirect anywhere (127.0.0.1, 169.254.169.254, 10.x ...)."""
        to = self.arg("to", "/ok")
        self.reply(int(self.arg("code", "302")), b"", {"Location": to})

    def loop(self) -> None:
        """``/loop?n=K``: redirects to ``/loop?n=K+1`` for ever (``cycle=2``: a->b->a)."""
        cycle = int(self.arg("cycle", "0"))
        n = int(self.arg("n", "0")) + 1
        if cycle:
            n %= cycle
        self.reply(302, b"", {"Location": f"/loop?n={n}&cycle={cycle}"})

    def meta_refresh(self) -> None:
        """``?to=URL``: a 200 page whose ``<meta http-equiv=refresh>`` points at URL."""
        to = self.arg("to", "/ok")
        self.reply(
            200,
            _html("跳转", f"<meta http-equiv='refresh' content='0; url={to}'><p>正在跳转</p>"),
        )

    def soft404(self) -> None:
        self.reply(
            200, _html("页面不存在", "<h1>页面不存在</h1><p>您访问的页面不存在或已被删除。</p>")
        )

    def empty(self) -> None:
        self.reply(200, b"")

    def pages(self) -> None:
        """``?page=N``: a list page linking two articles and ``?page=N+1``, for ever."""
        page = int(self.arg("page", "1"))
        links = "".join(
            f"<li><a href='/article?id={page * 10 + i}'>职工新闻{page * 10 + i}</a></li>"
            for i in range(2)
        )
        self.reply(
            200,
            _html(
                f"列表 第{page}页", f"<ul>{links}</ul><a href='/pages?page={page + 1}'>下一页</a>"
            ),
        )

    def calendar(self) -> None:
        """``?d=N``: a calendar page linking the day before and after, for ever."""
        day = int(self.arg("d", "0"))
        self.reply(
            200,
            _html(
                f"日历 {day}",
                f"<a href='/calendar?d={day - 1}'>前一天</a><a href='/calendar?d={day + 1}'>后一天</a>",
            ),
        )

    def links(self) -> None:
        """``?to=URL&to2=URL``: a page whose only links are the given URLs."""
        anchors = "".join(
            f"<a href='{self.query[k]}'>链接{i}</a>"
            for i, k in enumerate(sorted(k for k in self.query if k.startswith("to")))
        )
        self.reply(200, _html("链接", anchors))

    def robots(self) -> None:
        variant = self.server.robots
        if variant == "404":
            self.reply(404, b"not found", {"Content-Type": "text/plain"})
        elif variant == "500":
            self.reply(500, b"server error", {"Content-Type": "text/plain"})
        elif variant == "timeout":
            self.hang()
        else:
            text = ROBOTS[variant].format(delay=self.server.crawl_delay)
            self.reply(200, text.encode(), {"Content-Type": "text/plain"})


ROBOTS = {
    "allow": "User-agent: *\nDisallow:\n",
    "disallow": "User-agent: *\nDisallow: /private\n",
    "disallow-all": "User-agent: *\nDisallow: /\n",
    "crawl-delay": "User-agent: *\nCrawl-delay: {delay:g}\nDisallow: /private\n",
}

ROUTES: dict[str, Callable[[Handler], None]] = {
    "/ok": Handler.ok,
    "/article": Handler.article,
    "/private": Handler.article,
    "/status": Handler.status,
    "/delay": Handler.delay,
    "/hang": Handler.hang_route,
    "/drop": Handler.drop,
    "/short": Handler.short,
    "/large": Handler.large,
    "/bomb": Handler.bomb,
    "/gbk": Handler.gbk,
    "/garbled": Handler.garbled,
    "/broken-chunks": Handler.broken_chunks,
    "/redirect": Handler.redirect,
    "/loop": Handler.loop,
    "/meta-refresh": Handler.meta_refresh,
    "/soft404": Handler.soft404,
    "/empty": Handler.empty,
    "/pages": Handler.pages,
    "/calendar": Handler.calendar,
    "/links": Handler.links,
    "/robots.txt": Handler.robots,
}


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, robots: str = "allow", port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.robots = robots
        #: Seconds in the ``crawl-delay`` robots variant.
        self.crawl_delay = 2.0
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._counts: dict[str, int] = defaultdict(int)
        self._hits: list[tuple[float, str]] = []
        self._bombs: dict[int, bytes] = {}

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def record(self, path: str) -> None:
        with self._lock:
            self._hits.append((time.monotonic(), path))

    def hits(self, prefix: str = "") -> list[str]:
        """Requested paths (with query) starting with ``prefix``, in arrival order."""
        with self._lock:
            return [path for _, path in self._hits if path.startswith(prefix)]

    def hit_times(self, prefix: str = "") -> list[float]:
        with self._lock:
            return [at for at, path in self._hits if path.startswith(prefix)]

    def next_count(self, key: str) -> int:
        with self._lock:
            n = self._counts[key]
            self._counts[key] = n + 1
            return n

    def bomb(self, size: int) -> bytes:
        with self._lock:
            if size not in self._bombs:
                self._bombs[size] = gzip.compress(b"\0" * size, compresslevel=9)
            return self._bombs[size]

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up mid-body (a crawler refusing a large page) is expected."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()


@contextmanager
def fault_server(robots: str = "allow") -> Iterator[FaultServer]:
    server = FaultServer(robots)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop()


def quoted(url: str) -> str:
    """``url`` made safe for a ``?to=`` parameter."""
    return quote(url, safe="")


if __name__ == "__main__":  # pragma: no cover - manual use
    server = FaultServer(port=int(sys.argv[1]) if len(sys.argv) > 1 else 8099)
    print(server.base, flush=True)
    server.serve_forever()
