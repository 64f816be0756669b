"""An article answer's validators travel to its item and are written with the article, not
in a transaction of their own; a list page's are written at once."""

from __future__ import annotations

import asyncio

from scrapy.http import HtmlResponse
from scrapy.utils.misc import build_from_crawler
from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.conditional import (
    META_VALIDATORS,
    ConditionalRequestsMiddleware,
    NotModifiedMiddleware,
)
from crawler.database import Database
from crawler.extract import Article
from crawler.items import ArticleItem
from crawler.sites import adhoc_site
from crawler.spiders.site import SiteSpider
from storage.models import UrlState
from storage.repository import UrlValidators
from tests.scrapy_helpers import make_crawler

SITE = adhoc_site(["http://a.test/"], article=r"/c/\d+")
HEADERS = {"ETag": '"v1"', "Last-Modified": "Wed, 22 Jan 2025 00:00:00 GMT"}


def build(db_url: str) -> tuple[SiteSpider, Database, ConditionalRequestsMiddleware]:
    crawler = make_crawler(db_url, SiteSpider, {"site": SITE})
    spider = crawler.spider
    assert isinstance(spider, SiteSpider)
    database = crawler.get_extension(Database)
    assert database is not None
    conditional = build_from_crawler(ConditionalRequestsMiddleware, crawler)
    conditional._spider_opened(spider)
    return spider, database, conditional


def states(database: Database) -> list[tuple[str, str | None]]:
    with Session(database.engine) as session:
        return [(s.canonical_url, s.etag) for s in session.execute(select(UrlState)).scalars()]


def test_an_article_answers_validators_go_on_its_request_not_to_the_database(
    sqlite_url: str,
) -> None:
    spider, database, conditional = build(sqlite_url)
    url = "http://a.test/c/1"
    request = spider.request_for(url, "article")
    asyncio.run(
        conditional.process_response(request, HtmlResponse(url, headers=HEADERS, request=request))
    )
    found = request.meta[META_VALIDATORS]
    assert isinstance(found, UrlValidators)
    assert (found.etag, found.last_modified) == ('"v1"', HEADERS["Last-Modified"])
    assert found.next_fetch_at is not None
    assert states(database) == []  # written by the store, in the article's transaction


def test_a_list_answers_validators_are_written_at_once(sqlite_url: str) -> None:
    spider, database, conditional = build(sqlite_url)
    url = "http://a.test/list.html"
    request = spider.request_for(url, "list")
    asyncio.run(
        conditional.process_response(request, HtmlResponse(url, headers=HEADERS, request=request))
    )
    assert states(database) == [(url, '"v1"')]


def test_the_article_item_carries_its_answers_validators(sqlite_url: str) -> None:
    spider, _, _ = build(sqlite_url)
    url = "http://a.test/c/1"
    request = spider.request_for(url, "article")
    validators = UrlValidators('"v1"', None, None)
    request.meta[META_VALIDATORS] = validators
    response = HtmlResponse(url, body=b"<html></html>", request=request)
    article = ArticleItem("adhoc", url, url, Article(url=url, title="标题", body="正文。"))
    out = list(NotModifiedMiddleware().process_spider_output(response, [article, "other"]))
    assert out == [article, "other"]
    assert article.validators is validators
