"""Page: decode once, parse once, links in document order."""

from __future__ import annotations

import dataclasses

import pytest

from crawler.extract import Page, extract_page

LINKS_PAGE = """<html><head><title>列表</title></head><body>
<a href="/c/2024-05-04/8242194.shtml">一</a>
<a href="https://www.workercn.cn/c/2024-05-04/8242194.shtml#comments">一（重复，带锚点）</a>
<a href=" ../2024-05-05/8242200.shtml ">二</a>
<a href="javascript:void(0)">脚本</a>
<a href="JavaScript:openWin()">脚本</a>
<a href="mailto:web@workercn.cn">信箱</a>
<a href="tel:010-00000000">电话</a>
<a href="#top">顶部</a>
<a href="">空</a>
<a>无</a>
<map><area href="/map/area.html"></map>
<a href="ftp://ftp.example.cn/file">文件</a>
<a href="http://[broken/">坏</a>
<a href="/search?q=工会">搜索</a>
<a href="//xz.workercn.cn/10930/10930.shtml">西藏</a>
</body></html>"""


def test_links_absolute_unique_in_order() -> None:
    page = Page.from_bytes(LINKS_PAGE.encode("utf-8"), "https://www.workercn.cn/c/gh/index.shtml")
    assert page.links() == [
        "https://www.workercn.cn/c/2024-05-04/8242194.shtml",
        "https://www.workercn.cn/c/2024-05-05/8242200.shtml",
        "https://www.workercn.cn/map/area.html",
        "https://www.workercn.cn/search?q=%E5%B7%A5%E4%BC%9A",
        "https://xz.workercn.cn/10930/10930.shtml",
    ]


def test_links_honour_base_href() -> None:
    html = '<html><head><base href="http://big5.workercn.cn/big5/"></head><body><a href="c/1.shtml">x</a></body></html>'
    page = Page.from_bytes(html.encode(), "http://www.workercn.cn/")
    assert page.links() == ["http://big5.workercn.cn/big5/c/1.shtml"]


def test_query_strings_are_encoded_in_the_page_encoding() -> None:
    html = (
        '<html><head><meta charset="gbk"></head><body><a href="/s.asp?k=工会">x</a></body></html>'
    )
    page = Page.from_bytes(html.encode("gbk"), "http://sxghgx01.sxgrw.com/")
    assert page.links() == ["http://sxghgx01.sxgrw.com/s.asp?k=%B9%A4%BB%E1"]


def test_page_is_frozen_and_reused() -> None:
    page = Page.from_bytes("<p>工会</p>".encode(), "http://a.example/")
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.url = "http://b.example/"  # type: ignore[misc]
    links_before = page.links()
    extract_page(page)
    assert page.links() == links_before


@pytest.mark.parametrize(
    "body", [b"", b"\x00\x01", b"<html", b"\xff" * 100, b"<html><body></body></html>"]
)
def test_degenerate_bodies(body: bytes) -> None:
    page = Page.from_bytes(body, "http://a.example/")
    assert page.links() == []
    article = extract_page(page)
    assert not article.is_article
    assert "no body" in article.problems
