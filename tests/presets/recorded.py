"""Recorded copies of the real sites, built from compact descriptions.

``tests/presets/sites/<preset id>/pages.toml`` describes a preset's list pages (their URLs in the
site's real scheme, the articles each links to, the pagination or other e-paper pages) and its
articles (title, publish time, credit line as written, 来源, editor, paragraphs) in the markup
family of ``layouts.py``. :func:`load_recorded` renders the pages, in the site's encoding, and
the fields a correct extraction gives. :class:`RecordingProxy` serves every recorded site on
127.0.0.1 as an HTTP proxy (absolute-form requests, like the demo server) and records what was
asked for.
"""

from __future__ import annotations

import threading
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.loopback import serve_answers
from tests.presets.layouts import LAYOUTS, ArticleSpec, ListSpec

__all__ = ["SITES_DIR", "RecordedSite", "RecordingProxy", "load_recorded", "recorded_ids"]

SITES_DIR = Path(__file__).resolve().parent / "sites"
Served = tuple[int, Mapping[str, str], bytes]


@dataclass(frozen=True, slots=True)
class RecordedSite:
    site_id: str
    pages: dict[str, Served]
    lists: tuple[str, ...]
    #: Article URL -> the fields a correct extraction gives.
    expected: dict[str, dict[str, Any]]
    since: date | None
    until: date | None

    @property
    def hosts(self) -> set[str]:
        return {urlsplit(url).hostname or "" for url in self.pages}


def recorded_ids() -> list[str]:
    return sorted(p.parent.name for p in SITES_DIR.glob("*/pages.toml"))


def _article(raw: Mapping[str, Any]) -> ArticleSpec:
    return ArticleSpec(
        url=raw["url"],
        title=raw["title"],
        published=raw["published"],
        body=tuple(raw["body"]),
        byline=raw.get("byline", ""),
        byline_at=raw.get("byline_at", "lead"),
        source=raw.get("source"),
        editor=raw.get("editor"),
        page=raw.get("page", 1),
    )


def _expected(raw: Mapping[str, Any], article: ArticleSpec) -> dict[str, Any]:
    source = raw.get("expected_source", article.source)
    return {
        "title": article.title,
        "published_at": article.published,
        "reporters": list(raw.get("reporters", [])),
        "correspondents": list(raw.get("correspondents", [])),
        "photographers": list(raw.get("photographers", [])),
        "editor": article.editor,
        "source": source or None,
        "body": "\n".join(article.body),
    }


def load_recorded(site_id: str) -> RecordedSite:
    with (SITES_DIR / site_id / "pages.toml").open("rb") as fh:
        data = tomllib.load(fh)
    layout = LAYOUTS[data["layout"]]
    charset: str = data.get("charset", "utf-8")
    name: str = data["name"]
    headers = {"Content-Type": f"text/html; charset={charset}"}
    if data.get("charset_in_meta_only"):
        headers = {"Content-Type": "text/html"}
    raw_articles = {raw["url"]: raw for raw in data["articles"]}
    articles = {url: _article(raw) for url, raw in raw_articles.items()}
    pages: dict[str, Served] = {}
    for raw in data["lists"]:
        spec = ListSpec(
            url=raw["url"],
            title=raw["title"],
            articles=tuple(articles[u] for u in raw["articles"]),
            pages=tuple(raw.get("pages", ())),
        )
        pages[spec.url] = (200, headers, layout.list_page(spec, name, charset).encode(charset))
    for url, article in articles.items():
        pages[url] = (200, headers, layout.article_page(article, name, charset).encode(charset))
    since, until = data.get("since"), data.get("until")
    return RecordedSite(
        site_id=site_id,
        pages=pages,
        lists=tuple(raw["url"] for raw in data["lists"]),
        expected={url: _expected(raw_articles[url], a) for url, a in articles.items()},
        since=since,
        until=until,
    )


def _key(url: str) -> str:
    """Scheme-less, so an https page routed as plain HTTP finds its record."""
    parts = urlsplit(url)
    return f"{(parts.hostname or '').lower()}{parts.path or '/'}" + (
        f"?{parts.query}" if parts.query else ""
    )


class RecordingProxy:
    """Serves recorded pages to a client using it as its HTTP proxy; remembers each request."""

    def __init__(self, sites: list[RecordedSite]) -> None:
        self._pages = {_key(url): page for site in sites for url, page in site.pages.items()}
        self.hosts = sorted({host for site in sites for host in site.hosts})
        self.requested: list[str] = []
        self._lock = threading.Lock()

    def _answer(self, target: str) -> Served:
        with self._lock:
            self.requested.append(target)
        if urlsplit(target).path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow:\n"
        return self._pages.get(
            _key(target), (404, {"Content-Type": "text/html; charset=utf-8"}, b"not found")
        )

    @contextmanager
    def serve(self) -> Iterator[str]:
        """Run on a free port; yields the proxy URL."""
        with serve_answers(self._answer) as url:
            yield url

    def was_requested(self, url: str) -> bool:
        key = _key(url)
        with self._lock:
            return any(_key(target) == key for target in self.requested)
