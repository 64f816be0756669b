"""Pure extraction: bytes + URL + headers in, a typed :class:`Article` out. No Scrapy imports.

The crawler parses each page once: ``page = Page.from_bytes(body, url, headers)``, then
``page.links()`` for the frontier and ``extract_page(page)`` for the article;
``extract_article(body, url, headers)`` does both steps for one-off use.
"""

from __future__ import annotations

from crawler.extract.article import EXTRACTOR_VERSION, Article
from crawler.extract.extractor import extract_article, extract_page
from crawler.extract.page import Page

__all__ = ["EXTRACTOR_VERSION", "Article", "Page", "extract_article", "extract_page"]
