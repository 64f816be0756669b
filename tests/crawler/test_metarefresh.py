"""The meta refresh middleware: Scrapy's redirects, without decoding pages that have none."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import (
    MetaRefreshMiddleware as ScrapyMetaRefreshMiddleware,
)
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list

from crawler.metarefresh import MetaRefreshMiddleware, may_refresh
from tests.scrapy_helpers import make_crawler

TESTS = Path(__file__).parents[1]
URL = "http://www.example.org/news/1.html"
REFRESH = b"<meta http-equiv='Refresh' content='0; url=/news/2.html'>"


def _page(head: bytes = b"", body: bytes = b"<p>text</p>", charset: str = "utf-8") -> bytes:
    html = f"<html><head><meta charset='{charset}'>".encode() + head + b"</head><body>"
    return html + body + b"</body></html>"


def _middlewares(tmp_path: Path) -> tuple[MetaRefreshMiddleware, ScrapyMetaRefreshMiddleware]:
    crawler = make_crawler(f"sqlite:///{tmp_path / 'db.sqlite'}")
    return (
        MetaRefreshMiddleware.from_crawler(crawler),
        ScrapyMetaRefreshMiddleware.from_crawler(crawler),
    )


def _outcome(result: Request | Response) -> str:
    return f"redirect to {result.url}" if isinstance(result, Request) else "response"


def test_a_meta_refresh_is_followed_as_by_scrapy(tmp_path: Path) -> None:
    ours, _ = _middlewares(tmp_path)
    response = HtmlResponse(URL, body=_page(REFRESH), request=Request(URL))
    result = ours.process_response(Request(URL), response)
    assert isinstance(result, Request)
    assert result.url == "http://www.example.org/news/2.html"


def test_a_page_without_refresh_is_passed_on_undecoded(tmp_path: Path) -> None:
    ours, _ = _middlewares(tmp_path)
    response = HtmlResponse(URL, body=_page(), request=Request(URL))
    assert ours.process_response(Request(URL), response) is response
    assert response._cached_ubody is None  # Scrapy's would have decoded it


def test_the_word_in_any_case_anywhere_in_the_scanned_bytes_sends_it_to_scrapy() -> None:
    assert may_refresh(_page(REFRESH))
    assert may_refresh(_page(b"<META HTTP-EQUIV=REFRESH CONTENT='1;URL=/x'>"))
    assert may_refresh(_page(body=b"<p>refresh the page</p>"))
    assert not may_refresh(_page(body="<p>没有跳转</p>".encode()))


def test_utf16_pages_always_go_to_scrapy(tmp_path: Path) -> None:
    body = _page(REFRESH).decode().encode("utf-16")
    assert may_refresh(body)
    ours, scrapys = _middlewares(tmp_path)
    response = HtmlResponse(URL, body=body, request=Request(URL), encoding="utf-16")
    assert _outcome(ours.process_response(Request(URL), response)) == _outcome(
        scrapys.process_response(Request(URL), response.copy())
    )


def test_a_refresh_beyond_the_first_4096_characters_is_ignored_by_both(tmp_path: Path) -> None:
    filler = ("<p>" + "工会新闻" * 50 + "</p>").encode() * 40  # 4,000+ characters, 24 KB
    body = _page(body=filler + REFRESH)
    assert not may_refresh(body)
    ours, scrapys = _middlewares(tmp_path)
    response = HtmlResponse(URL, body=body, request=Request(URL))
    assert _outcome(ours.process_response(Request(URL), response)) == "response"
    assert _outcome(scrapys.process_response(Request(URL), response.copy())) == "response"


def test_non_html_answers_are_left_to_scrapy(tmp_path: Path) -> None:
    ours, _ = _middlewares(tmp_path)
    response = TextResponse(URL, body=b"refresh", request=Request(URL))
    assert ours.process_response(Request(URL), response) is response


def _saved_pages() -> Iterator[Path]:
    yield from sorted((TESTS / "extract" / "fixtures").glob("*/body.html"))
    yield from sorted((TESTS / "data" / "realpages").glob("*/pages/*.html"))


@pytest.mark.parametrize("refresh", [b"", REFRESH], ids=["as saved", "with a refresh"])
def test_every_saved_page_gets_scrapys_answer(tmp_path: Path, refresh: bytes) -> None:
    ours, scrapys = _middlewares(tmp_path)
    pages = list(_saved_pages())
    assert len(pages) > 100
    redirects = 0
    for path in pages:
        body = path.read_bytes().replace(b"<head>", b"<head>" + refresh, 1)
        response = HtmlResponse(URL, body=body, request=Request(URL))
        expected = _outcome(scrapys.process_response(Request(URL), response.copy()))
        assert _outcome(ours.process_response(Request(URL), response)) == expected, path
        redirects += expected.startswith("redirect")
    assert redirects > 100 if refresh else redirects == 0


def test_it_takes_scrapys_place_after_the_block_detection() -> None:
    settings = Settings()
    settings.setmodule("crawler.settings")
    order = build_component_list(settings.getwithbase("DOWNLOADER_MIDDLEWARES"))
    assert "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware" not in order
    # Responses run from the end of the list: the block detection sees a page first.
    ours = order.index("crawler.metarefresh.MetaRefreshMiddleware")
    assert order.index("crawler.blocking.BlockDetectionMiddleware") == ours + 1
