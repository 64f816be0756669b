"""Every XPath the extractor evaluates, compiled once."""

from __future__ import annotations

from lxml import etree

__all__ = [
    "BASE_HREF",
    "DATE_ELEMENTS",
    "HEAD_TITLE",
    "JSON_LD",
    "LINK_HREFS",
    "META_TAGS",
    "PLAYERS",
]

#: ``<base href>``: the first one counts, as in browsers.
BASE_HREF = etree.XPath("(//base[@href])[1]/@href")

#: Link targets, in document order (``<a>`` and image-map ``<area>``).
LINK_HREFS = etree.XPath("//a/@href | //area/@href")

#: The document ``<title>`` (the first one; some pages repeat it in the body).
HEAD_TITLE = etree.XPath("string((//title)[1])")

#: ``<meta>`` tags carrying a value (name=/property=/itemprop=/http-equiv= ... content=).
META_TAGS = etree.XPath("//meta[@content]")

#: JSON-LD blocks (``type`` compared case-insensitively).
JSON_LD = etree.XPath("//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]/text()")

#: Machine-readable publication times in the markup: ``<time datetime>`` and microdata
#: ``itemprop="datePublished"`` (value in ``datetime`` or ``content``).
DATE_ELEMENTS = etree.XPath(
    "//*[@itemprop='datePublished' or @itemprop='dateCreated'][@content or @datetime]"
    " | //time[@datetime]"
)

#: Media players under an element: ``<video>``, ``<embed>``, ``<object>``, an ``<iframe>`` of a
#: video host or player, an element whose id/class names a player (JavaScript players).
PLAYERS = etree.XPath(
    "boolean(.//video | .//embed | .//object"
    " | .//iframe[contains(@src, 'video') or contains(@src, 'player') or contains(@src, 'vod')]"
    " | .//*[contains(translate(@id, 'PLAYER', 'player'), 'player')"
    " or contains(translate(@class, 'PLAYER', 'player'), 'player')])"
)
