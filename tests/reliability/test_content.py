"""Nothing broken is stored: a truncated body, a soft 404, an empty 200 or mojibake is recorded
as a failure with its reason, and a mislabelled GBK page is read correctly. A real crawl (the
installed CLI) against the fault server."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from crawler.extract.decode import decode_html, is_garbled
from tests.e2e.conftest import unionwatch
from tests.faultserver import fault_server
from tests.reliability.helpers import stored_urls, url_outcomes

pytestmark = pytest.mark.e2e

#: Fault endpoint → the failure reason the crawl records for it.
BROKEN = {
    # Content-Length 2000, 100 bytes, then the connection closes: Scrapy's data loss.
    "/drop": "truncated response",
    "/short": "truncated response",  # Content-Length longer than the body sent
    "/broken-chunks": "truncated response",  # a chunked body that never ends
    "/soft404": "soft 404",
    "/empty": "empty page",
    "/garbled?kind=latin": "garbled text",
    "/garbled?kind=gbk": "garbled text",
}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """One crawl of a page linking every broken endpoint, a GBK page labelled UTF-8, and a
    healthy article."""
    db = f"sqlite:///{tmp_path_factory.mktemp('content') / 'content.db'}"
    with fault_server() as server:
        targets = [*BROKEN, "/gbk", "/article?id=7"]
        query = "&".join(
            f"to{i}={server.url(t).replace('&', '%26')}" for i, t in enumerate(targets)
        )
        start = server.url(f"/links?{query.replace('?', '%3F')}")
        result = unionwatch(
            "--db",
            db,
            "crawl",
            "--url",
            start,
            "--article",
            r"^[^?]*/(drop|short|broken-chunks|soft404|empty|garbled|gbk|article)(\?|$)",
        )
        assert "Traceback" not in result.stderr
        return db, server.base


def test_the_crawl_fails_on_data_loss() -> None:
    settings = Settings()
    settings.setmodule("crawler.settings")
    assert settings.getbool("DOWNLOAD_FAIL_ON_DATALOSS")


@pytest.mark.parametrize("path", list(BROKEN))
def test_a_broken_page_is_recorded_with_its_reason_not_stored(
    crawled: tuple[str, str], path: str
) -> None:
    db, base = crawled
    outcomes = url_outcomes(db)
    state, error = outcomes[base + path]
    assert state == "failed"
    assert error is not None and error.startswith(BROKEN[path])
    assert not any(url.startswith(base + path.split("?", maxsplit=1)[0]) for url in stored_urls(db))


def test_gbk_bytes_labelled_utf8_are_stored_as_readable_text(crawled: tuple[str, str]) -> None:
    db, base = crawled
    assert url_outcomes(db)[base + "/gbk"][0] == "stored"
    assert url_outcomes(db)[base + "/article?id=7"][0] == "stored"


def test_a_site_forced_codec_that_garbles_the_page_gives_way_to_detection() -> None:
    text = "<p>市总工会组织开展职工技能竞赛，推动产业工人队伍建设改革。</p>" * 20
    decoded = decode_html(text.encode("utf-8"), None, encoding="gbk")
    assert decoded.encoding == "utf-8"
    assert decoded.text == text


def test_a_forced_codec_that_reads_the_page_is_kept() -> None:
    text = "<p>市总工会组织开展职工技能竞赛。</p>" * 5
    assert decode_html(text.encode("gb18030"), None, encoding="gbk").encoding == "gb18030"


@pytest.mark.parametrize(
    "wrong",
    [
        lambda t: t.encode("utf-8").decode("cp1252", "replace"),  # å·¥ä¼š
        lambda t: t.encode("utf-8").decode("gbk", "replace").replace("\ufffd", "锟斤拷"),
        lambda t: t.encode("gbk").decode("utf-8", "replace"),  # U+FFFD-heavy
    ],
    ids=["utf8-read-as-latin1", "utf8-read-as-gbk", "gbk-read-as-utf8"],
)
def test_a_wrong_decode_is_garbled_and_the_right_one_is_not(wrong: object) -> None:
    text = "市总工会组织开展职工技能竞赛，推动产业工人队伍建设改革，切实维护职工合法权益。" * 3
    assert not is_garbled(text)
    assert is_garbled(wrong(text))  # type: ignore[operator]


def test_a_few_broken_characters_in_a_long_article_are_not_garbled() -> None:
    text = "市总工会组织开展职工技能竞赛，推动产业工人队伍建设改革。" * 200 + "\ufffd" * 3
    assert not is_garbled(text)
    assert not is_garbled("Café — Zürich naïve résumé")
