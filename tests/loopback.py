"""A small real HTTP server on 127.0.0.1 serving fixed pages, for crawl tests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Page = tuple[int, Mapping[str, str], bytes]


@contextmanager
def serve_answers(answer: Callable[[str], Page]) -> Iterator[str]:
    """Serve GET requests with ``answer(path with query)`` on a free port of 127.0.0.1 and
    yield the base URL."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            status, headers, body = answer(self.path)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return None

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        block_on_close = False
        request_queue_size = 64

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve(pages: Mapping[str, Page]) -> Iterator[str]:
    """Serve ``pages`` (path with query → status, headers, body) and yield the base URL."""
    missing: Page = (404, {"Content-Type": "text/html; charset=utf-8"}, "页面不存在".encode())
    with serve_answers(lambda path: pages.get(path, missing)) as url:
        yield url
