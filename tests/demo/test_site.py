"""The demo sites: deterministic, reachable, correctly encoded, and true to their ground truth."""

from __future__ import annotations

import hashlib
import html
import itertools
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import opencc
import pytest
from parsel import Selector

from crawler.demo import DemoArticle, DemoSite, build_demo
from crawler.demo.seed import load_seed
from tests.demo.helpers import DEMO_SITE_IDS, decode, links, page_text, walk

_ISO_MINUTE = re.compile(r"^2025-0[1-3]-\d{2}T\d{2}:\d{2}\+08:00$")
_SEED_SHA256 = "08108891d34f9d90aa9b2906eff8aceafcd538eb69fda6b83918cc8b975332c0"
_ISO_SECOND = re.compile(r"^2025-0[1-3]-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$")


def _digest(site: DemoSite) -> str:
    digest = hashlib.sha256()
    for (host, path), response in sorted(site.responses.items()):
        digest.update(
            f"{host} {path} {response.status} {sorted(response.headers.items())}".encode()
        )
        digest.update(response.body)
    for article in site.articles:
        digest.update(repr(article.to_dict()).encode())
    return digest.hexdigest()


def _truth(demo: DemoSite, url: str) -> DemoArticle:
    return next(article for article in demo.articles if article.url == url)


def _shingles(text: str, size: int = 5) -> set[str]:
    return {text[i : i + size] for i in range(len(text) - size + 1)}


# --- determinism ------------------------------------------------------------------------------


def test_two_builds_are_identical(demo: DemoSite) -> None:
    again = build_demo()
    assert dict(again.responses) == dict(demo.responses)
    assert again.articles == demo.articles
    assert _digest(again) == _digest(demo)


@pytest.mark.parametrize("hash_seed", ["1", "4242"])
def test_build_does_not_depend_on_hash_randomisation(demo: DemoSite, hash_seed: str) -> None:
    script = (
        "import sys; sys.path.insert(0, '.');"
        "from crawler.demo import build_demo; from tests.demo.test_site import _digest;"
        "print(_digest(build_demo()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONHASHSEED": hash_seed},
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.stdout.strip() == _digest(demo)


# --- counts and kinds -------------------------------------------------------------------------


def test_counts_per_site_and_kind(demo: DemoSite) -> None:
    counts = Counter((a.site_id, a.kind) for a in demo.articles)
    assert counts == {
        ("demo-portal", "original"): 29,
        ("demo-portal", "no-body"): 1,
        ("demo-portal-big5", "mirror"): 10,
        ("demo-province", "original"): 11,
        ("demo-province", "reprint"): 4,
        ("demo-city", "original"): 11,
        ("demo-city", "reprint"): 3,
        ("demo-city", "gone"): 1,
    }
    pages = [a for a in demo.articles if a.kind != "gone"]
    assert len(pages) >= 60
    assert len({a.url for a in demo.articles}) == len(demo.articles)


def test_every_truth_url_is_served_as_its_kind_says(demo: DemoSite) -> None:
    for article in demo.articles:
        response = demo.response(article.url)
        assert response is not None, article.url
        assert response.status == (404 if article.kind == "gone" else 200), article.url


def test_urls_carry_no_port_and_hosts_match_sites(demo: DemoSite) -> None:
    for article in demo.articles:
        netloc = article.url.split("/")[2]
        assert ":" not in netloc
        assert netloc in demo.sites[article.site_id].hosts
    for (host, _), response in demo.responses.items():
        url = f"http://{host}/"
        if response.headers["Content-Type"].startswith("text/html"):
            for link in links(url, response):
                assert ":" not in link.split("/")[2], link


# --- reachability -----------------------------------------------------------------------------


@pytest.mark.parametrize("site_id", DEMO_SITE_IDS)
def test_list_pattern_reaches_every_article_and_nothing_else(
    demo: DemoSite, configs: dict[str, dict[str, Any]], site_id: str
) -> None:
    reached = walk(demo, configs[site_id])
    expected = {a.url for a in demo.articles_of(site_id)}
    assert reached.articles == expected


@pytest.mark.parametrize("site_id", DEMO_SITE_IDS)
def test_patterns_match_no_other_page(
    demo: DemoSite, configs: dict[str, dict[str, Any]], site_id: str
) -> None:
    config = configs[site_id]
    article_re, list_re = re.compile(config["article_pattern"]), re.compile(config["list_pattern"])
    truth = {a.url for a in demo.articles_of(site_id)}
    reached = walk(demo, config)
    host = demo.sites[site_id].hosts[0]
    for (served_host, path), _ in demo.responses.items():
        if served_host != host:
            continue
        url = f"http://{host}{path}"
        assert not (article_re.search(url) and list_re.search(url)), url
        if article_re.search(url):
            assert url in truth, f"{url} matches article_pattern but is no article"
        elif list_re.search(url):
            assert url in reached.lists, f"list page {url} is not reachable"
        else:
            assert url not in truth


def test_navigation_pages_match_neither_pattern(
    demo: DemoSite, configs: dict[str, dict[str, Any]]
) -> None:
    navigation = {
        "demo-portal": ["/about/about.shtml", "/zt/2025gzyz/index.shtml", "/yule/index.shtml"],
        "demo-province": ["/gywm/index.html", "/ztzl/index.html"],
        "demo-city": ["/about.asp", "/guestbook.asp", "/index.asp"],
    }
    for site_id, paths in navigation.items():
        config = configs[site_id]
        host = demo.sites[site_id].hosts[0]
        for path in paths:
            url = f"http://{host}{path}"
            assert demo.responses[(host, path)].status == 200
            assert not re.search(config["article_pattern"], url)
            assert not re.search(config["list_pattern"], url)


def test_portal_pagination(demo: DemoSite) -> None:
    host = "portal.unionwatch.test"
    for channel in ("10000", "10093", "10143"):
        paths = [f"/{channel}/{channel}.shtml", f"/{channel}/{channel}_2.shtml"]
        paths.append(f"/{channel}/{channel}_3.shtml")
        for number, path in enumerate(paths, start=1):
            text = page_text(demo.responses[(host, path)])
            items = Selector(text=text).css("ul.list li")
            assert len(items) == (4 if number < 3 else 2)
            for item in items:
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item.css("span.date::text").get(""))
            assert ("上一页" in text) == (number > 1)
            assert ("下一页" in text) == (number < 3)
        assert (host, f"/{channel}/{channel}_4.shtml") not in demo.responses


def test_province_lists_number_pages_the_trs_way(demo: DemoSite) -> None:
    host = "province.unionwatch.test"
    assert {p for h, p in demo.responses if h == host and "/index" in p} >= {
        "/ghdt/index.html",
        "/ghdt/index_1.html",
        "/ghdt/index_2.html",
        "/jcdt/index.html",
        "/jcdt/index_1.html",
    }


# --- encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("site_id", "content_type", "detected"),
    [
        ("demo-portal", "text/html; charset=utf-8", "utf-8"),
        ("demo-portal-big5", "text/html; charset=big5", "big5hkscs"),
        ("demo-province", "text/html", "gb18030"),
        ("demo-city", "text/html", "utf-8"),
    ],
)
def test_encoding_is_declared_and_detected(
    demo: DemoSite, site_id: str, content_type: str, detected: str
) -> None:
    host = demo.sites[site_id].hosts[0]
    pages = [r for (h, _), r in demo.responses.items() if h == host]
    assert pages
    for response in pages:
        assert response.headers["Content-Type"] == content_type
        assert decode(response)[0] == detected


def test_province_pages_are_gbk_bytes(demo: DemoSite) -> None:
    pages = [r for (h, _), r in demo.responses.items() if h == "province.unionwatch.test"]
    seen_outside_gb2312 = set()
    for response in pages:
        assert b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />' in (
            response.body
        )
        text = response.body.decode("gbk")  # strict: every character is a GBK one
        with pytest.raises(UnicodeDecodeError):
            response.body.decode("utf-8")
        seen_outside_gb2312 |= {c for c in "頔赟" if c in text}
    assert seen_outside_gb2312 == {"頔", "赟"}


def test_big5_mirror_is_traditional_big5(demo: DemoSite) -> None:
    s2t = opencc.OpenCC("s2t")
    for article in demo.articles_of("demo-portal-big5"):
        response = demo.response(article.url)
        assert response is not None
        text = html.unescape(response.body.decode("big5"))  # strict
        assert '<meta http-equiv="Content-Type" content="text/html; charset=big5">' in text
        assert s2t.convert(article.title) in text
        for paragraph in (article.body or "").split("\n"):
            assert s2t.convert(paragraph) in text
        assert "中工網" in text
        # Links inside the mirror stay inside the mirror.
        for link in links(article.url, response):
            if "/c/" in link:
                assert link.startswith("http://big5.portal.unionwatch.test/big5/c/"), link


def test_mirror_text_round_trips_to_the_simplified_truth(demo: DemoSite) -> None:
    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    for article in demo.articles_of("demo-portal-big5"):
        names = [*article.reporters, *article.correspondents, article.editor or ""]
        for text in [article.title, article.body or "", *names]:
            assert t2s.convert(s2t.convert(text)) == text


def test_city_declares_utf8_only_in_meta(demo: DemoSite) -> None:
    for (host, _), response in demo.responses.items():
        if host == "city.unionwatch.test":
            assert b'<meta charset="utf-8">' in response.body
            response.body.decode("utf-8")


# --- the ground truth -------------------------------------------------------------------------


def test_dates_precision_and_url_days(demo: DemoSite) -> None:
    for article in demo.articles:
        if article.kind == "gone":
            assert article.published_at is None
            continue
        assert article.published_at is not None
        if article.site_id == "demo-city":
            assert article.published_precision == "second"
            assert _ISO_SECOND.match(article.published_at), article.published_at
        else:
            assert article.published_precision == "minute"
            assert _ISO_MINUTE.match(article.published_at), article.published_at
        day = datetime.fromisoformat(article.published_at).date()
        assert date(2025, 1, 1) <= day <= date(2025, 3, 31)
        if article.site_id in ("demo-portal", "demo-portal-big5"):
            assert f"/c/{day.isoformat()}/" in article.url
        if article.site_id == "demo-province":
            assert f"/{day:%Y%m}/t{day:%Y%m%d}_" in article.url


def test_pages_show_the_truth(demo: DemoSite) -> None:
    for article in demo.articles:
        if article.kind in ("gone", "mirror") or article.url.endswith("id=3316"):
            continue
        response = demo.response(article.url)
        assert response is not None
        text = page_text(response)
        assert article.title in text
        assert article.published_at is not None
        for paragraph in (article.body or "").split("\n"):
            assert paragraph in text, (article.url, paragraph)
        for name in [*article.reporters, *article.correspondents, *article.photographers]:
            assert name in text
        for part in [article.editor, article.source, article.dateline]:
            assert part is None or part in text
        if article.agency is not None:  # the truth writes the dash as "-"
            assert article.agency in text or article.agency.replace("-", "—") in text
        if article.click_count is not None:
            assert f"〖点击量:{article.click_count}〗" in text
        if article.site_id == "demo-city" and article.click_count is None:
            assert "〖点击量:〗" in text


def test_portal_article_chrome(demo: DemoSite) -> None:
    for article in demo.articles_of("demo-portal"):
        response = demo.response(article.url)
        assert response is not None
        text = page_text(response)
        page = Selector(text=text)
        assert page.css("title::text").get() == f"{article.title}-中工网"
        assert page.css("h1::text").get() == article.title
        for word in ("中工娱乐", "热点排行", "相关新闻", "分享到：", "打印"):
            assert word in text
        footer = "".join(page.css(".footer ::text").getall())
        assert "关于中工网 | 版权声明 | " in footer
        assert "Copyright © 2008-2025 by " in footer
        assert re.search(
            r"来源[:：]\S+ 2025-\d{2}-\d{2} \d{2}:\d{2}", "".join(page.css(".info ::text").getall())
        )
        published = datetime.fromisoformat(article.published_at or "").date()
        sidebar_days = [
            date.fromisoformat(match)
            for match in re.findall(
                r"\d{4}-\d{2}-\d{2}", " ".join(page.css(".right ::text").getall())
            )
        ]
        assert any(day > published for day in sidebar_days)


def test_no_body_page_has_pictures_and_no_text(demo: DemoSite) -> None:
    (article,) = [a for a in demo.articles if a.kind == "no-body"]
    assert article.body is None
    response = demo.response(article.url)
    assert response is not None
    content = Selector(text=page_text(response)).css("#Zoom")
    assert "".join(content.css("::text").getall()).strip() == ""
    assert len(content.css("img")) >= 3


def test_gone_page(demo: DemoSite) -> None:
    (article,) = [a for a in demo.articles if a.kind == "gone"]
    response = demo.response(article.url)
    assert response is not None
    assert response.status == 404
    assert "页面不存在" in response.body.decode("utf-8")
    assert article.body is None and article.published_at is None
    listed = [
        r
        for (h, p), r in demo.responses.items()
        if h == "city.unionwatch.test" and "news_list" in p
    ]
    assert any(article.title in page_text(r) for r in listed)


def test_reprints_and_mirrors_point_to_portal_originals(demo: DemoSite) -> None:
    seed_page_url = "http://city.unionwatch.test/news_view.asp?id=3316"
    for article in demo.articles:
        if article.kind not in ("reprint", "mirror"):
            assert article.original_url is None
            continue
        assert article.original_url is not None
        original = _truth(demo, article.original_url)
        assert original.site_id == "demo-portal" and original.kind == "original"
        assert article.reporters == original.reporters
        assert article.dateline == original.dateline
        if article.url == seed_page_url:
            continue
        assert article.body == original.body
        if article.kind == "mirror":
            assert article.title == original.title
            assert article.published_at == original.published_at
        else:
            assert article.title != original.title
            assert (article.published_at or "") > (original.published_at or "")
            assert article.editor != original.editor


def test_province_reprints_credit_the_portal(demo: DemoSite) -> None:
    reprints = [a for a in demo.articles_of("demo-province") if a.kind == "reprint"]
    assert len(reprints) == 4
    for article in reprints:
        assert article.source == "中工网"
        response = demo.response(article.url)
        assert response is not None
        assert '<meta name="ContentSource" content="中工网" />' in page_text(response)


def test_originals_are_distinct_texts(demo: DemoSite) -> None:
    originals = [a for a in demo.articles if a.kind == "original" and a.body]
    shingles = {a.url: _shingles(a.body or "") for a in originals}
    for first, second in itertools.combinations(originals, 2):
        a, b = shingles[first.url], shingles[second.url]
        similarity = len(a & b) / len(a | b)
        assert similarity < 0.45, (first.url, second.url, round(similarity, 2))
    assert len({a.title for a in originals}) == len(originals)


def test_bylines_are_spread_over_the_forms(demo: DemoSite) -> None:
    parts = []
    for article in demo.articles:
        response = demo.response(article.url)
        assert response is not None
        markup = page_text(response)
        parts += [markup, "".join(Selector(text=markup).xpath("//body//text()").getall())]
    everything = "\n".join(parts)
    for pattern in (
        r"中工网\S+?\d+月\d+日电 \(工人日报-中工网记者\S+( \S+)?\)",
        r"工人日报—中工网记者 \S+ 通讯员 \S+ \S+ 摄",
        r"西藏日报拉萨\d+月\d+日讯\(记者 \S+ \S+\)",
        r"原标题：",
        r"\(责编：\S+、\S+\)",
        r"【责任编辑:\S+】",
        r"责任编辑:朱晶晶",
        r"本报讯（记者 \S+ 通讯员 \S+）",
        r"<p>记者\S+、\S+</p>",
        r"通讯员\S+ 摄影报道",
        r"本报记者 \S+ 本报通讯员 \S+ 摄",
        r"编辑：\S+",
        r"《工人日报》（2025年\d{2}月\d{2}日 \d{2}版）",
        r"来源:工人日报 2025-",
        r"来源：中工网 2025-",
        r"发布时间：2025-\d{2}-\d{2} \d{2}:\d{2}  来源：\S+  【字号：",
        r'<meta name="PubDate" content="2025-\d{2}-\d{2} \d{2}:\d{2}" />',
        r'<div class="TRS_Editor">',
        r"〖发布日期:2025/\d{1,2}/\d{1,2} \d{1,2}:\d{2}:\d{2}〗 〖点击量:\d+〗",
        r"〖发布日期:2025/\d{1,2}/\d{1,2} \d{1,2}:\d{2}:\d{2}〗 〖点击量:〗",
    ):
        assert re.search(pattern, everything), pattern


def test_truth_text_is_simplified(demo: DemoSite) -> None:
    t2s = opencc.OpenCC("t2s")
    for article in demo.articles:
        for text in (article.title, article.body or ""):
            assert t2s.convert(text) == text, article.url


def test_original_bodies_have_three_to_eight_paragraphs(demo: DemoSite) -> None:
    lengths: Counter[int] = Counter()
    for article in demo.articles:
        if article.kind == "original" and article.body:
            count = len(article.body.split("\n"))
            assert 3 <= count <= 8
            lengths[count] += 1
    assert len(lengths) >= 4  # varied lengths, some short


# --- the seed article -------------------------------------------------------------------------


def test_seed_page_is_served_with_the_seed_text(demo: DemoSite) -> None:
    seed = load_seed()
    url = "http://city.unionwatch.test/news_view.asp?id=3316"
    response = demo.response(url)
    assert response is not None and response.status == 200
    text = page_text(response)
    for line in seed.raw.split("\n"):
        assert line.strip() in text
    page = Selector(text=text)
    assert page.css("td.title::text").get() == seed.raw.split("\n")[0]
    shown = "\n".join(p.strip() for p in page.css("td.content p::text").getall())
    assert shown == "\n".join(line for line in seed.raw.split("\n")[3:-1] if line)


def test_seed_truth(demo: DemoSite) -> None:
    article = _truth(demo, "http://city.unionwatch.test/news_view.asp?id=3316")
    assert article.kind == "reprint"
    assert (
        article.title == "2025年全国工会维护劳动领域政治安全工作座谈会在京召开 王东明出席会议并讲话"
    )
    assert article.published_at == "2025-01-23T09:10:30+08:00"
    assert article.published_precision == "second"
    assert article.reporters == ["郑莉", "郝赫"]
    assert article.editor == "朱晶晶"
    assert article.dateline == "北京1月22日电"
    assert article.click_count is None
    assert article.body is not None
    assert article.body.startswith(
        "2025年全国工会维护劳动领域政治安全工作座谈会1月22日在北京召开。"
    )
    assert "(" not in article.body.replace("省(区、市)", "")
    assert "?" not in article.body
    original = _truth(demo, article.original_url or "")
    assert original.url == "http://portal.unionwatch.test/c/2025-01-22/8432101.shtml"
    assert original.published_at == "2025-01-22T19:35+08:00"
    fullwidth = article.body.replace(",", "，").replace("(", "（").replace(")", "）")
    assert original.body == fullwidth
    assert original.source == "工人日报"


def test_packaged_seed_is_the_shared_text() -> None:
    """``crawler/demo/data/seed-page.txt`` is byte for byte ``shared/seed-page.txt``."""
    raw = load_seed().raw.encode("utf-8")
    assert hashlib.sha256(raw).hexdigest() == _SEED_SHA256
