"""What a page states about itself outside its visible text: ``<title>``, ``<meta>`` tags,
JSON-LD and ``<time datetime>``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree
from lxml.etree import _Element as Element

from crawler.extract.text import normalize_space, strip_pinyin
from crawler.extract.xpaths import DATE_ELEMENTS, HEAD_TITLE, JSON_LD, META_TAGS

__all__ = ["DATE_META_NAMES", "Metadata", "read_metadata"]

#: ``<meta>`` names/properties that carry the headline, best first.
_TITLE_META_NAMES = ("og:title", "articletitle", "twitter:title", "headline", "title", "dc.title")
#: ``<meta>`` names/properties that carry the publication time, best first (lower case).
DATE_META_NAMES = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "published_time",
    "publishtime",
    "firstpublishedtime",
    "datepublished",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "dcterms.issued",
    "og:release_date",
    "sailthru.date",
    "weibo:article:create_at",
    "date",
    "releasedate",
)
#: ``<meta>`` names that carry the site's own name (TRS/Hanweb CMSs: ``SiteName``).
_SITE_NAME_META_NAMES = ("og:site_name", "sitename", "application-name")
#: ``<meta>`` names that carry the source outlet (TRS CMSs: ``ContentSource``).
_SOURCE_META_NAMES = ("contentsource", "source", "og:article:source", "article:source")
#: ``<meta>`` names that carry the article's author (not plain ``author``: Chinese CMSs fill it
#: with the site or company name).
_AUTHOR_META_NAMES = ("article:author", "og:article:author", "dc.creator")
#: Characters JSON forbids raw inside strings but sloppy CMS templates emit.
_JSON_CONTROL = re.compile(r"[\x00-\x1f]")
#: JSON-LD ``@type`` values that describe the page's article.
_ARTICLE_TYPES = frozenset(
    {"newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
     "webpage", "report", "socialmediaposting", "liveblogposting"}
)  # fmt: skip

#: ``itemprop`` values of publication times (``DATE_ELEMENTS``).
_DATE_ITEMPROPS = frozenset({"datePublished", "dateCreated"})
#: What ``translate(@type, 'LDJSON', 'ldjson')`` does in ``JSON_LD``.
_LD_JSON_LOWER = str.maketrans("LDJSON", "ldjson")
#: An element's string value (``string()`` of ``HEAD_TITLE``) and its text nodes.
_STRING_VALUE = etree.XPath("string()")
_TEXT_NODES = etree.XPath("text()")


@dataclass(frozen=True, slots=True)
class Metadata:
    """The page's self-description; every value trimmed, ``None``/empty when absent."""

    #: The ``<title>`` text.
    title: str | None
    #: Headline from og:title / ArticleTitle / JSON-LD ``headline``.
    headline: str | None
    #: (name, value) publication-time candidates, best first: meta tags, JSON-LD, ``<time>``.
    dates: tuple[tuple[str, str], ...]
    #: ``ContentSource`` / ``source`` meta value.
    source: str | None
    #: ``author`` meta or JSON-LD author names.
    authors: tuple[str, ...]
    #: ``og:site_name`` / ``SiteName`` meta value.
    site_name: str | None = None


def read_metadata(root: Element, marks: Sequence[Element] | None = None) -> Metadata:
    """Collect the page's metadata in one pass over its ``<meta>`` tags and JSON-LD. ``marks``:
    the elements :func:`crawler.extract.blocks.segment` marked while walking the same document
    from its root (no XPath over the whole document is then needed)."""
    if marks is None:
        meta_tags, title, json_ld, date_elements = _find_all(root)
    else:
        meta_tags, title, json_ld, date_elements = _pick(marks)
    metas: dict[str, str] = {}
    for meta in meta_tags:
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        value = strip_pinyin(normalize_space(meta.get("content") or ""))
        if key and value:
            metas.setdefault(key.strip().lower(), value)
    ld = list(_json_ld_articles(json_ld))
    headline = next((metas[k] for k in _TITLE_META_NAMES if k in metas), None)
    if headline is None:
        headline = next((_str(item.get("headline")) for item in ld if item.get("headline")), None)
    dates = [(name, metas[name]) for name in DATE_META_NAMES if name in metas]
    for item in ld:
        for key in ("datePublished", "dateCreated"):
            stated = _str(item.get(key))
            if stated:
                dates.append((f"json-ld:{key}", stated))
    for element in date_elements:
        value = element.get("datetime") or element.get("content")
        if value and value.strip():
            dates.append((f"<{element.tag}>", value.strip()))
    authors = [metas[k] for k in _AUTHOR_META_NAMES if k in metas]
    for item in ld:
        authors.extend(_author_names(item.get("author")))
    return Metadata(
        title=strip_pinyin(normalize_space(title)) or None,
        headline=headline or None,
        dates=tuple(dates),
        source=next((metas[k] for k in _SOURCE_META_NAMES if k in metas), None),
        authors=tuple(dict.fromkeys(a for a in authors if a)),
        site_name=next((metas[k] for k in _SITE_NAME_META_NAMES if k in metas), None),
    )


def _find_all(
    root: Element,
) -> tuple[list[Element], str, list[str], list[Element]]:
    """The ``<meta content>`` tags, the first ``<title>``'s text, the JSON-LD texts and the
    machine-readable date elements of the document."""
    return META_TAGS(root), str(HEAD_TITLE(root)), JSON_LD(root), DATE_ELEMENTS(root)


def _pick(
    marks: Sequence[Element],
) -> tuple[list[Element], str, list[str], list[Element]]:
    """What :func:`_find_all` finds, picked from the marked elements (the XPaths' tests, made in
    Python)."""
    meta_tags: list[Element] = []
    title: str | None = None
    json_ld: list[str] = []
    date_elements: list[Element] = []
    for element in marks:
        tag = element.tag
        if tag == "meta":
            if element.get("content") is not None:
                meta_tags.append(element)
        elif tag == "title":
            if title is None:
                title = str(_STRING_VALUE(element))
        elif tag == "script":
            kind = element.get("type")
            if kind is not None and "ld+json" in kind.translate(_LD_JSON_LOWER):
                json_ld.extend(_TEXT_NODES(element))
        # (The date tests of DATE_ELEMENTS, the cheaper first: most marks have no itemprop.)
        if (tag == "time" and element.get("datetime") is not None) or (
            element.get("itemprop") in _DATE_ITEMPROPS
            and (element.get("content") is not None or element.get("datetime") is not None)
        ):
            date_elements.append(element)
    return meta_tags, title or "", json_ld, date_elements


def _json_ld_articles(texts: Iterable[str]) -> Iterator[dict[str, Any]]:
    """The article-like objects of the page's JSON-LD (through ``@graph`` and lists)."""
    for raw in texts:
        try:
            data = json.loads(_JSON_CONTROL.sub(" ", str(raw)))
        except ValueError:
            continue
        stack: list[Any] = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                kinds = item.get("@type")
                kind_list = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kind_list):
                    yield item


def _author_names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [normalize_space(value)]
    if isinstance(value, dict):
        return _author_names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _author_names(item)]
    return []


def _str(value: Any) -> str | None:
    return normalize_space(value) if isinstance(value, str) and value.strip() else None
