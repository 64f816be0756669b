from __future__ import annotations

from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure

from crawler.items import ArticleItem, PageFailure
from crawler.sites import adhoc_site
from crawler.spiders.site import SiteSpider
from tests.scrapy_helpers import make_crawler

LIST_PAGE = """<html><head><meta charset="utf-8"><title>工会动态</title></head><body>
<ul>
<li><a href="/c/2025-01-22/101.shtml">职工技能竞赛举行</a> 2025-01-22</li>
<li><a href="http://a.test/c/2025-01-21/100.shtml#top">劳模疗休养启动</a></li>
<li><a href="list_2.shtml">下一页</a></li>
<li><a href="http://elsewhere.test/c/2025-01-20/9.shtml">外站</a></li>
<li><a href="/about.html">关于我们</a></li>
</ul></body></html>"""

ARTICLE_PAGE = """<html><head><meta charset="utf-8"><title>职工技能竞赛举行-某工会网</title></head>
<body><h1>职工技能竞赛举行</h1><div class="info">来源：工人日报 2025-01-22 10:30</div>
<div class="content"><p>本报讯（记者 王晓明 通讯员 李华）1月21日，全市职工职业技能竞赛在市工人文化宫开幕，
来自120家企业的860名选手参加焊工、电工、数控车工等12个工种的比赛。</p>
<p>市总工会有关负责人表示，将把竞赛成绩优异的选手推荐参评“五一劳动奖章”，并落实技能人才待遇。</p>
<p>竞赛为期三天，设置理论考试与实操考核两个环节，获奖选手还将获得相应职业技能等级证书。</p></div>
<p>责任编辑：张三</p></body></html>"""


def spider(db_url: str, **site: Any) -> SiteSpider:
    config = adhoc_site(["http://a.test/"], **site)
    crawler = make_crawler(db_url, SiteSpider, {"site": config})
    assert isinstance(crawler.spider, SiteSpider)
    return crawler.spider


def respond(spider: SiteSpider, url: str, body: str, kind: str, **kw: Any) -> list[Any]:
    request = spider.request_for(url, kind)
    response = HtmlResponse(url, body=body.encode("utf-8"), request=request, **kw)
    return list(spider.parse_page(response))


def test_a_list_page_yields_article_and_list_requests_on_the_site_only(sqlite_url: str) -> None:
    s = spider(sqlite_url, follow=r"list_\d+\.shtml", article=r"/c/\d{4}-\d{2}-\d{2}/\d+\.shtml$")
    out = respond(s, "http://a.test/", LIST_PAGE, "start")
    assert all(isinstance(o, Request) for o in out)
    assert [(o.url, o.meta["uw_kind"]) for o in out] == [
        ("http://a.test/c/2025-01-22/101.shtml", "article"),
        ("http://a.test/c/2025-01-21/100.shtml", "article"),
        ("http://a.test/list_2.shtml", "list"),
    ]


def test_an_article_page_yields_one_item_and_follows_nothing(sqlite_url: str) -> None:
    s = spider(sqlite_url, article=r"/c/")
    (item,) = respond(s, "http://a.test/c/2025-01-22/101.shtml", ARTICLE_PAGE, "article")
    assert isinstance(item, ArticleItem)
    assert item.article.title == "职工技能竞赛举行"
    assert item.canonical_url == "http://a.test/c/2025-01-22/101.shtml"


def test_one_off_crawl_without_article_pattern_keeps_pages_with_title_and_body(
    sqlite_url: str,
) -> None:
    s = spider(sqlite_url)
    out = respond(s, "http://a.test/c/2025-01-22/101.shtml", ARTICLE_PAGE, "list")
    assert any(isinstance(o, ArticleItem) for o in out)
    listing = respond(s, "http://a.test/", LIST_PAGE, "start")
    assert not any(isinstance(o, ArticleItem) for o in listing)
    assert any(isinstance(o, Request) for o in listing)


def test_a_non_html_article_is_a_failure(sqlite_url: str) -> None:
    s = spider(sqlite_url, article=r"/c/")
    request = s.request_for("http://a.test/c/1.pdf", "article")
    response = Response(
        "http://a.test/c/1.pdf",
        body=b"%PDF-1.4",
        headers={"Content-Type": "application/pdf"},
        request=request,
    )
    (failure,) = list(s.parse_page(response))
    assert isinstance(failure, PageFailure)
    assert failure.reason == "not an HTML page (application/pdf)"


def test_http_and_network_errors_on_articles_are_failures(sqlite_url: str) -> None:
    s = spider(sqlite_url, article=r"/c/")
    request = s.request_for("http://a.test/c/404.shtml", "article")
    response = HtmlResponse(request.url, status=404, body=b"", request=request)
    failure = Failure(HttpError(response))
    failure.request = request  # type: ignore[attr-defined]
    (item,) = list(s.on_error(failure))
    assert (item.reason, item.status) == ("http 404", 404)
    dns = Failure(DNSLookupError("a.test"))
    dns.request = request  # type: ignore[attr-defined]
    assert next(iter(s.on_error(dns))).reason == "dns error"


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (DownloadTimeoutError("took longer than 180.0 seconds"), "timeout"),
        (CannotResolveHostError("a.test"), "dns error"),
        (DownloadConnectionRefusedError("refused"), "connection refused"),
        (ResponseDataLossError("short body"), "truncated response"),
        (ValueError("odd"), "network error: ValueError"),
    ],
)
def test_download_errors_get_a_plain_reason(sqlite_url: str, error: Exception, reason: str) -> None:
    s = spider(sqlite_url, article=r"/c/")
    failure = Failure(error)
    failure.request = s.request_for("http://a.test/c/1.shtml", "article")  # type: ignore[attr-defined]
    assert next(iter(s.on_error(failure))).reason == reason


def test_list_page_errors_are_counted_not_stored(sqlite_url: str) -> None:
    s = spider(sqlite_url, article=r"/c/")
    request = s.request_for("http://a.test/list_9.shtml", "list")
    failure = Failure(DNSLookupError("a.test"))
    failure.request = request  # type: ignore[attr-defined]
    assert list(s.on_error(failure)) == []
    assert s.crawler.stats is not None
    assert s.crawler.stats.get_value("unionwatch/list_errors/dns error") == 1


def test_site_politeness_becomes_the_crawl_settings(sqlite_url: str) -> None:
    s = spider(sqlite_url, max_pages=7)
    settings = s.crawler.settings
    assert settings.getfloat("DOWNLOAD_DELAY") == 0.25
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 4
    assert settings.getint("CLOSESPIDER_PAGECOUNT") == 7


TRADITIONAL_PAGE = """<html><head><meta charset="utf-8"><title>職工技能競賽舉行-某工會網</title></head>
<body><h1>職工技能競賽舉行</h1><div class="info">發布時間：2025-01-22 10:30</div>
<div class="content"><p>本報訊（記者 王曉明）1月21日，全市職工職業技能競賽在市工人文化宮開幕，來自120家企業的860名選手參加比賽。</p>
<p>市總工會有關負責人表示，將把競賽成績優異的選手推薦參評勞動獎章，並落實技能人才待遇，讓技術工人有奔頭。</p></div>
</body></html>"""


def test_traditional_pages_are_simplified_unless_the_setting_keeps_them(sqlite_url: str) -> None:
    url = "http://a.test/c/2025-01-22/101.shtml"
    (simplified,) = respond(spider(sqlite_url, article=r"/c/"), url, TRADITIONAL_PAGE, "article")
    assert simplified.article.title == "职工技能竞赛举行"
    config = adhoc_site(["http://a.test/"], article=r"/c/")
    crawler = make_crawler(sqlite_url, SiteSpider, {"site": config}, UNIONWATCH_KEEP_SCRIPT=True)
    assert isinstance(crawler.spider, SiteSpider)
    (kept,) = respond(crawler.spider, url, TRADITIONAL_PAGE, "article")
    assert kept.article.title == "職工技能競賽舉行"
    assert kept.article.script == "traditional"
