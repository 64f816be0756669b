from __future__ import annotations

import re

import pytest

from crawler.urls import canonicalize_url


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        # one scheme, lower-case host, no default port, no fragment
        (
            "HTTPS://WWW.Workercn.CN/c/2024-05-04/8242194.shtml#top",
            "http://workercn.cn/c/2024-05-04/8242194.shtml",
        ),
        ("http://a.test:80/x", "http://a.test/x"),
        ("https://a.test:443/x", "http://a.test/x"),
        ("http://a.test:8080/x", "http://a.test:8080/x"),
        # mobile and www hosts are the same site
        (
            "http://m.workercn.cn/c/2024-05-04/8242194.shtml",
            "http://workercn.cn/c/2024-05-04/8242194.shtml",
        ),
        ("http://wap.acftu.org/x.html", "http://acftu.org/x.html"),
        ("http://m.cn/x", "http://m.cn/x"),
        # tracking parameters go, the rest is sorted
        (
            "http://a.test/news_view.asp?id=3272&utm_source=wx&spm=1.2",
            "http://a.test/news_view.asp?id=3272",
        ),
        ("http://a.test/list.asp?page=2&classid=1", "http://a.test/list.asp?classid=1&page=2"),
        # index pages are their directory
        ("http://www.jsgh.org/ghdt/index.html", "http://jsgh.org/ghdt/"),
        ("http://a.test/news/default.aspx", "http://a.test/news/"),
        ("http://a.test/ghdt/index_1.html", "http://a.test/ghdt/index_1.html"),
        ("http://a.test", "http://a.test/"),
        # traditional-script gateways map to the page they transcode
        (
            "http://big5.workercn.cn/big5/c/2024-05-04/8242194.shtml",
            "http://workercn.cn/c/2024-05-04/8242194.shtml",
        ),
        (
            "http://big5.www.gov.cn/gate/big5/www.gov.cn/xinwen/2025-01/23/content_1.htm",
            "http://gov.cn/xinwen/2025-01/23/content_1.htm",
        ),
        (
            "http://acftu.people.com.cn/BIG5/n1/2022/0209/c67502-32348744.html",
            "http://acftu.people.com.cn/n1/2022/0209/c67502-32348744.html",
        ),
    ],
)
def test_canonical_form(url: str, canonical: str) -> None:
    assert canonicalize_url(url) == canonical


def test_percent_encoding_is_normalized() -> None:
    assert canonicalize_url("http://a.test/新闻/1.html") == canonicalize_url(
        "http://a.test/%E6%96%B0%E9%97%BB/1.html"
    )


def test_site_rules_rewrite_before_the_generic_ones() -> None:
    rules = [
        (
            re.compile(r"^https?://wap\.example\.cn/article\?id=(\d+)"),
            r"http://www.example.cn/a/\1.html",
        )
    ]
    assert (
        canonicalize_url("http://wap.example.cn/article?id=12", rules)
        == "http://example.cn/a/12.html"
    )
