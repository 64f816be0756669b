"""Reading the demo's pages the way a crawler does: detect the encoding, parse, follow links."""

from __future__ import annotations

import html
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from parsel import Selector
from w3lib.encoding import html_to_unicode

from crawler.demo import DemoResponse, DemoSite

SITES_DIR = Path(__file__).resolve().parents[2] / "crawler" / "sites"
DEMO_SITE_IDS = ("demo-portal", "demo-portal-big5", "demo-province", "demo-city")


def load_config(site_id: str) -> dict[str, Any]:
    with (SITES_DIR / f"{site_id}.toml").open("rb") as fh:
        return tomllib.load(fh)


def decode(response: DemoResponse) -> tuple[str, str]:
    """(encoding, text) as Scrapy finds them: header charset, else the meta tag, else sniffing."""
    encoding, text = html_to_unicode(response.headers.get("Content-Type"), response.body)
    return str(encoding), str(text)


def page_text(response: DemoResponse) -> str:
    """The page's markup decoded, with character references resolved."""
    return html.unescape(decode(response)[1])


def links(url: str, response: DemoResponse) -> Iterator[str]:
    """Absolute http(s) URLs of the page's ``<a href>`` links, fragments dropped."""
    selector = Selector(text=decode(response)[1])
    for href in selector.css("a::attr(href)").getall():
        absolute = urldefrag(urljoin(url, href.strip()))[0]
        if urlsplit(absolute).scheme in ("http", "https"):
            yield absolute


@dataclass(frozen=True)
class Walk:
    """What following a site config's ``list_pattern`` from its start URLs reaches."""

    articles: frozenset[str]
    lists: frozenset[str]


def walk(demo: DemoSite, config: Mapping[str, Any]) -> Walk:
    """Follow list links from the start URLs; collect article links; never fetch articles."""
    article_re = re.compile(config["article_pattern"])
    list_re = re.compile(config["list_pattern"])
    queue = list(config["start_urls"])
    seen = set(queue)
    articles: set[str] = set()
    while queue:
        url = queue.pop(0)
        response = demo.response(url)
        assert response is not None, f"{url} is linked but not served"
        assert response.status == 200, f"list page {url} answers {response.status}"
        for link in links(url, response):
            if article_re.search(link):
                articles.add(link)
            elif list_re.search(link) and link not in seen:
                seen.add(link)
                queue.append(link)
    return Walk(frozenset(articles), frozenset(seen))
