"""``unionwatch extract``: one page's extraction as JSON."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import click

from crawler.cli.app import EXIT_USAGE, fail
from crawler.cli.render import to_json
from crawler.extract import extract_article

__all__ = ["extract"]

_FETCH_TIMEOUT = 30
_MAX_BYTES = 16 * 1024 * 1024


def _fetch(url: str) -> tuple[bytes, dict[str, str]]:
    """GET ``url``; demo-site URLs are answered by the bundled demo without a network."""
    host = (urlsplit(url).hostname or "").lower()
    from crawler.demo import build_demo

    demo = build_demo()
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if (host, path) in demo.responses:
        response = demo.responses[(host, path)]
        return response.body, dict(response.headers)
    request = urllib.request.Request(url, headers={"User-Agent": "unionwatch/0.1"})
    try:
        with urllib.request.urlopen(request, timeout=_FETCH_TIMEOUT) as reply:
            return reply.read(_MAX_BYTES), dict(reply.headers.items())
    except (urllib.error.URLError, OSError, ValueError) as exc:
        fail(f"cannot fetch {url}: {getattr(exc, 'reason', exc)}")


@click.command()
@click.argument("source", metavar="FILE_OR_URL")
@click.option("--url", help="The page's URL when SOURCE is a file (dates and links use it).")
@click.option("--encoding", help="Decode with this encoding instead of detecting it.")
@click.option("--keep-script", is_flag=True, help="Keep traditional script instead of converting.")
def extract(source: str, url: str | None, encoding: str | None, keep_script: bool) -> None:
    """Print one page's extraction as JSON (the same dict the crawler stores).

    \b
    Examples:
      unionwatch extract saved-page.html --url https://www.workercn.cn/c/2025-01-22/8432101.shtml
      unionwatch extract 'http://city.unionwatch.test/news_view.asp?id=3272'
    """
    headers: dict[str, str] = {}
    if urlsplit(source).scheme in ("http", "https"):
        body, headers = _fetch(source)
        page_url = url or source
    else:
        path = Path(source)
        try:
            body = path.read_bytes()
        except OSError as exc:
            fail(f"cannot read {source}: {exc.strerror}", EXIT_USAGE)
        page_url = url or path.resolve().as_uri()
    if encoding:
        try:
            "".encode(encoding)
        except LookupError:
            fail(f"unknown encoding {encoding!r}", EXIT_USAGE)
    article = extract_article(body, page_url, headers, encoding=encoding, keep_script=keep_script)
    click.echo(to_json(article.to_dict()))
