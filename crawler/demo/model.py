"""The demo's public types: served responses, the ground truth, and the site list."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

__all__ = ["DemoArticle", "DemoResponse", "DemoSite", "DemoSiteInfo", "Kind", "Level", "Precision"]

#: ``original``: the first publication of a text; ``reprint``: another site's copy of a portal
#: original (same paragraphs, its own title, date and editor); ``mirror``: the portal's own
#: traditional-script Big5 copy; ``no-body``: a page with a headline but no text (photos only),
#: which the crawler must record as an extraction failure; ``gone``: a listed link that answers 404.
Kind = Literal["original", "reprint", "mirror", "no-body", "gone"]

Level = Literal["national", "provincial", "city", "paper"]

#: How much of ``published_at`` the page gives (as :class:`crawler.extract.Article` says it).
Precision = Literal["day", "minute", "second"]


@dataclass(frozen=True, slots=True)
class DemoResponse:
    """What the demo server answers for one (host, path-with-query)."""

    status: int
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True, slots=True)
class DemoArticle:
    """Ground truth for one article URL a demo site links to.

    Text fields are in simplified script whatever the page uses, and hold what an ideal
    extractor returns (the fields of :class:`crawler.extract.Article`). Credit rules: a name
    after 记者 is a reporter, after 通讯员 a correspondent; a credit line ending in 摄 or
    摄影报道 makes every name in that line a photographer too.
    """

    site_id: str
    url: str
    kind: Kind
    #: For ``reprint`` and ``mirror``: the portal original's URL; else None.
    original_url: str | None
    #: The headline without the site suffix. For ``gone``: the link text of the list page.
    title: str
    #: ISO 8601 with +08:00 at the precision shown (``2025-01-22T19:35+08:00``); None for ``gone``.
    published_at: str | None
    published_precision: Precision | None
    reporters: list[str]
    correspondents: list[str]
    photographers: list[str]
    #: 责任编辑 / 责编 / 编辑; several names joined with "、".
    editor: str | None
    #: 来源 as the page states it; None when the page shows none.
    source: str | None
    #: 电头 with place and date (``北京1月22日电``, ``拉萨2月11日讯``); a bare 本报讯 is none.
    dateline: str | None
    #: Paragraphs joined by "\n", without byline, dateline, photo credits, 原标题 and editor
    #: lines. None for ``no-body`` and ``gone``.
    body: str | None
    #: 点击量 where the page shows a number.
    click_count: int | None
    #: The agency a byline names, its dash written "-" (``工人日报-中工网``, ``西藏日报``).
    agency: str | None = None
    #: 原标题 of a reprinted text, when the page states it.
    original_title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values."""
        return {
            "site_id": self.site_id,
            "url": self.url,
            "kind": self.kind,
            "original_url": self.original_url,
            "title": self.title,
            "published_at": self.published_at,
            "published_precision": self.published_precision,
            "reporters": list(self.reporters),
            "correspondents": list(self.correspondents),
            "photographers": list(self.photographers),
            "editor": self.editor,
            "source": self.source,
            "dateline": self.dateline,
            "body": self.body,
            "click_count": self.click_count,
            "agency": self.agency,
            "original_title": self.original_title,
        }


@dataclass(frozen=True, slots=True)
class DemoSiteInfo:
    """One demo site as its ``crawler/sites/<site_id>.toml`` describes it."""

    site_id: str
    name: str
    level: Level
    start_urls: tuple[str, ...]
    hosts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DemoSite:
    """Everything the demo serves, and the truth about it."""

    #: Keyed by (host, path with query):
    #: ``("city.unionwatch.test", "/news_view.asp?id=3316")``.
    responses: Mapping[tuple[str, str], DemoResponse]
    #: One entry per article URL any demo site links to, in site then publication order.
    articles: tuple[DemoArticle, ...]
    #: By site id.
    sites: Mapping[str, DemoSiteInfo]

    @property
    def hosts(self) -> tuple[str, ...]:
        """Every host name the demo serves, sorted."""
        return tuple(sorted({host for info in self.sites.values() for host in info.hosts}))

    def response(self, url: str) -> DemoResponse | None:
        """The response for an absolute ``http://host/path?query`` URL, if the demo has one."""
        parts = urlsplit(url)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        return self.responses.get(((parts.hostname or "").lower(), target))

    def articles_of(self, site_id: str) -> tuple[DemoArticle, ...]:
        """The truth entries of one site."""
        return tuple(article for article in self.articles if article.site_id == site_id)
