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


#: What links are made of: path pieces, dot segments, empty segments, parameters, queries,
#: fragments, characters the URL parser removes or keeps, non-ASCII text.
_HREF_PIECES = (
    "/", "//", "/.", "/..", "./", "../", "c", "2025-01-23", "8242194.shtml", ".well-known",
    ";jsessionid=1", "?", "?page=2", "?a=/./b//c", "#", "#top", "\t", "\n", " ", "%20", "工会",
    "\\", "index.html", "..", ".", "?#", "&x=1",
)  # fmt: skip
_BASES = (
    "http://www.workercn.cn/c/gh/index.shtml",
    "https://WWW.acftu.org:8443/a/b/",
    "http://user:pw@127.0.0.1:8000/x",
    "http://[::1]:8080/list/2.html?page=1#f",
    "HTTP://big5.workercn.cn/big5/",
)


def test_links_are_joined_as_urljoin_joins_them() -> None:
    """The shortcut for plain paths from the root gives what urljoin + urldefrag give."""
    import random
    from urllib.parse import urldefrag, urljoin

    from w3lib.url import safe_url_string

    from crawler.extract.page import _PLAIN_PATH, _SAFE_URL

    rnd = random.Random(11)
    hrefs = ["/" + "".join(rnd.choices(_HREF_PIECES, k=rnd.randint(0, 6))) for _ in range(3000)]
    hrefs += ["".join(rnd.choices(_HREF_PIECES, k=rnd.randint(1, 6))) for _ in range(1000)]
    for base in _BASES:
        anchors = "".join(f'<a href="{h}">x</a>' for h in hrefs)
        page = Page.from_bytes(f"<html><body>{anchors}</body></html>".encode(), base)
        expected: list[str] = []
        for value in page.selector.root.xpath("//a/@href"):
            href = value.strip(" \t\n\f\r")
            if not href or href.startswith("#"):
                continue
            url = urldefrag(urljoin(base, href))[0]
            if not url.startswith(("http://", "https://")):
                continue
            url = url if _SAFE_URL.match(url) else safe_url_string(url, "utf-8")
            if url not in expected:
                expected.append(url)
        assert page.links() == expected, base
    assert sum(bool(_PLAIN_PATH.match(h)) for h in hrefs) > 500  # the shortcut was taken
