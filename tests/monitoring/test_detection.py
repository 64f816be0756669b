"""Dates known before fetching (URL, list page) and anti-bot answers."""

from __future__ import annotations

from datetime import date

import pytest
from scrapy.http import HtmlResponse

from crawler.blocking import block_kind
from crawler.listdates import list_dates, url_date


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("http://www.workercn.cn/c/2025-01-22/8429001.shtml", date(2025, 1, 22)),
        ("http://www.acftu.org/xwdt/ghyw/202501/t20250122_123456.html", date(2025, 1, 22)),
        ("http://paper.workercn.cn/papers/grrb/2025/01/22/1/news-3.html", date(2025, 1, 22)),
        ("http://www.bjzgh.org/a/202501/22/WS123.html", date(2025, 1, 22)),
        ("http://city.example.cn/news_view.asp?id=3316", None),
        ("http://city.example.cn/c/2025-13-40/1.shtml", None),
    ],
)
def test_the_day_an_article_url_encodes(url: str, day: date | None) -> None:
    assert url_date(url) == day


def test_a_list_page_gives_the_day_printed_beside_each_link() -> None:
    html = """<html><body><ul>
    <li><a href="/n/1.html">职工技能竞赛举行</a><span>2025-01-22</span></li>
    <li><a href="/n/2.html">劳模疗休养启动</a> 2025年1月3日</li>
    <li><a href="/n/3.html">没有日期</a></li>
    </ul><table><tr><td><a href="/n/4.html">表格里的</a></td><td>2024/12/30</td></tr></table>
    </body></html>"""
    response = HtmlResponse("http://a.test/list.html", body=html.encode(), encoding="utf-8")
    assert list_dates(response) == {
        "http://a.test/n/1.html": date(2025, 1, 22),
        "http://a.test/n/2.html": date(2025, 1, 3),
        "http://a.test/n/4.html": date(2024, 12, 30),
    }


@pytest.mark.parametrize(
    ("status", "cookie", "body", "kind"),
    [
        (412, False, b"<html><script>eval(function(p,a,c,k){})</script></html>", "412-challenge"),
        (412, False, b"Precondition Failed", None),
        (521, True, b"<script>document.cookie='__jsl_clearance=1'</script>", "521-cookie"),
        (403, False, b"Forbidden", "403"),
        (429, False, b"Too Many Requests", "429"),
        (
            200,
            False,
            "<html><title>安全验证</title><div id=nc_1_wrapper></div></html>".encode(),
            "captcha",
        ),
        (200, False, "<html><title>职工验证码登录功能上线</title></html>".encode() * 2000, None),
        (200, False, b"<html><title>News</title><p>ok</p></html>", None),
        (404, False, b"not found", None),
    ],
)
def test_anti_bot_answers_are_recognised(
    status: int, cookie: bool, body: bytes, kind: str | None
) -> None:
    assert block_kind(status, cookie, body) == kind
