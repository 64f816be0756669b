"""``unionwatch sites check``: what a site config would do with one page, without crawling.

Pure: page bytes + URL + headers + a :class:`SiteConfig` in, a :class:`CheckReport` out. It
applies the same rules as the spider (:meth:`SiteConfig.classify` for every link, the same
extractor with the site's selectors and encoding), so what it shows is what a crawl does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from crawler.extract import Page, extract_page
from crawler.sites.config import LinkKind, SiteConfig

__all__ = ["CheckReport", "LinkVerdict", "check_page"]

#: How the crawl treats the page itself: ``start`` (one of the site's start URLs, read as a
#: list page), ``article``, ``list``, or a page a crawl would never reach.
PageRole = Literal["start", "article", "list", "outside", "ignored"]

_REASONS: dict[LinkKind, str] = {
    "article": "matches article_pattern",
    "list": "matches list_pattern",
    "outside": "not on allowed_hosts",
    "ignored": "matches neither article_pattern nor list_pattern",
}


@dataclass(frozen=True, slots=True)
class LinkVerdict:
    url: str
    kind: LinkKind
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"url": self.url, "kind": self.kind, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class CheckReport:
    """A site config applied to one page."""

    site: str
    url: str
    role: PageRole
    encoding: str
    links: tuple[LinkVerdict, ...]
    #: The extracted fields when the page is an article (or the site has no article pattern
    #: and extraction finds a title and a body); else ``None``.
    article: Mapping[str, Any] | None

    def of_kind(self, kind: LinkKind) -> list[str]:
        return [link.url for link in self.links if link.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "url": self.url,
            "role": self.role,
            "encoding": self.encoding,
            "follow_as_list": self.of_kind("list"),
            "follow_as_article": self.of_kind("article"),
            "ignored": [
                link.to_dict() for link in self.links if link.kind in ("ignored", "outside")
            ],
            "article": dict(self.article) if self.article is not None else None,
        }


def check_page(
    site: SiteConfig,
    body: bytes,
    url: str,
    headers: Mapping[str, str] | None = None,
    *,
    keep_script: bool = False,
) -> CheckReport:
    """What a crawl of ``site`` does with the page ``body`` found at ``url``."""
    page = Page.from_bytes(body, url, dict(headers or {}), encoding=site.encoding)
    kind = site.classify(url)
    role: PageRole = kind
    if kind != "article" and url in site.start_urls_for():
        role = "start"
    article: Mapping[str, Any] | None = None
    if role == "article" or (site.article_pattern is None and kind != "outside"):
        extracted = extract_page(page, selectors=site.selectors, keep_script=keep_script)
        if role == "article" or extracted.is_article:
            article = extracted.to_dict()
    # An article page's links are not followed (the spider only follows from list pages).
    links: tuple[LinkVerdict, ...] = ()
    if role != "article":
        links = tuple(
            LinkVerdict(link, verdict, _REASONS[verdict])
            for link in page.links()
            for verdict in (site.classify(link),)
        )
    return CheckReport(
        site=site.id,
        url=url,
        role=role,
        encoding=page.encoding,
        links=links,
        article=article,
    )
