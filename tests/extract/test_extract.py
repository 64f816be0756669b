"""The extraction engine end to end: generic body finding, titles, overrides, script, API."""

from __future__ import annotations

import ast
import json
import re
import time
from datetime import datetime
from pathlib import Path

import pytest

import crawler.extract
from crawler.extract import Article, Page, extract_article, extract_page
from crawler.extract.dates import shanghai

FIXTURES = Path(__file__).parent / "fixtures"
PACKAGE = Path(crawler.extract.__file__).parent
#: class="..." and id="..." attributes (removed to prove the generic path needs no names).
ATTRIBUTES = re.compile(rb'\s(?:class|id)="[^"]*"')

PARAGRAPHS = [
    "1月22日，全国总工会召开工作会议，部署2025年职工服务重点任务，要求各级工会聚焦职工急难愁盼问题。",
    "会议指出，要健全职工服务体系，推动服务阵地向基层延伸，让职工群众在家门口就能享受到工会服务。",
    "会议强调，要加强对新就业形态劳动者的权益保障，推动平台企业与劳动者开展协商，维护劳动者合法权益。",
]


def _fixture(name: str) -> tuple[bytes, dict[str, object], dict[str, object]]:
    folder = FIXTURES / name
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return (folder / "body.html").read_bytes(), meta, expected


def _page(body: str, head: str = "<title>全总召开工作会议-中工网</title>") -> bytes:
    return f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()


def test_public_api() -> None:
    assert set(crawler.extract.__all__) >= {"Article", "Page", "extract_article", "extract_page"}
    for name in crawler.extract.__all__:
        assert hasattr(crawler.extract, name)


def test_no_scrapy_import_in_the_extractor() -> None:
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] in {"scrapy", "twisted"} for n in names), path.name


@pytest.mark.parametrize(
    "name", ["workercn_article", "trs_gov_gbk", "city_cms_table", "people_acftu"]
)
def test_generic_path_needs_no_class_or_id(name: str) -> None:
    body, meta, expected = _fixture(name)
    bare = ATTRIBUTES.sub(b"", body)
    article = extract_article(bare, str(meta["url"]), meta["headers"])  # type: ignore[arg-type]
    assert article.body == expected["body"]
    assert article.title == expected["title"]


def test_body_of_a_plain_p_layout_with_chrome() -> None:
    nav = "".join(f'<a href="/c/{i}.html">栏目{i}</a>' for i in range(12))
    related = "".join(
        f'<li><a href="/n/{i}.html">相关新闻标题第{i}条关于工会工作</a></li>' for i in range(8)
    )
    html = (
        f"<div>{nav}</div><h1>全总召开工作会议</h1><div>2025-01-23 10:00 来源：中工网</div>"
        f"<div>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</div>"
        f"<div><h3>相关新闻</h3><ul>{related}</ul></div><div>版权所有 中工网</div>"
    )
    article = extract_article(_page(html), "https://www.workercn.cn/c/2025-01-23/1.shtml")
    assert article.body == "\n".join(PARAGRAPHS)
    assert article.title == "全总召开工作会议"
    assert article.to_dict()["published_at"] == "2025-01-23T10:00+08:00"


def test_duplicated_paragraphs_are_dropped() -> None:
    twice = "".join(f"<p>{p}</p>" for p in PARAGRAPHS) * 2
    article = extract_article(
        _page(f"<h1>全总召开工作会议</h1><div>{twice}</div>"), "http://a.example/"
    )
    assert article.body == "\n".join(PARAGRAPHS)


def test_hidden_elements_are_not_read() -> None:
    hidden = '<div style="display: none"><p>隐藏的打印版正文，不应出现在文章里，也不应计入正文。</p></div>'
    html = (
        f"<h1>全总召开工作会议</h1><div>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}{hidden}</div>"
    )
    article = extract_article(_page(html), "http://a.example/")
    assert article.body is not None and "隐藏" not in article.body


def test_br_layout_in_a_table_cell() -> None:
    cell = "<br><br>".join("　　" + p for p in PARAGRAPHS)
    menu = "".join(f'<tr><td><a href="/{i}.htm">菜单项目{i}</a></td></tr>' for i in range(10))
    html = f"<table><tr><td><table>{menu}</table></td><td><b>全总召开工作会议</b><br>{cell}</td></tr></table>"
    article = extract_article(_page(html), "http://a.example/")
    assert article.body == "\n".join(PARAGRAPHS)


def test_list_page_is_not_an_article() -> None:
    rows = "".join(
        f'<li><a href="/c/2025-01-{d:02d}/{d}.shtml">工会新闻标题第{d}条：各地工会开展送温暖活动</a>'
        f"<span>2025-01-{d:02d}</span></li>"
        for d in range(1, 21)
    )
    article = extract_article(
        _page(f"<h2>工会动态</h2><ul>{rows}</ul>"), "http://a.example/list.html"
    )
    assert article.body is None
    assert not article.is_article
    assert "no body" in article.problems


def test_title_is_the_headline_not_the_title_tag() -> None:
    html = (
        '<h1><a href="/">中工网</a></h1><div class="title">全总召开工作会议</div>'
        f"<div>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</div>"
    )
    article = extract_article(
        _page(html, "<title>全总召开工作会议_要闻_中工网</title>"), "http://a/"
    )
    assert article.title == "全总召开工作会议"


def test_title_falls_back_to_the_title_tag_without_suffix() -> None:
    html = f"<div>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</div>"
    article = extract_article(
        _page(html, "<title>全总召开工作会议_要闻_中工网</title>"), "http://a/"
    )
    assert article.title == "全总召开工作会议"


def test_no_title_at_all() -> None:
    html = f"<div>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</div>"
    article = extract_article(_page(html, ""), "http://a/")
    assert article.title is None
    assert "no title" in article.problems


def test_selectors_override_and_report_mistakes() -> None:
    body, meta, _ = _fixture("workercn_article")
    article = extract_article(
        body,
        str(meta["url"]),
        selectors={
            "title": "//div[@class='position']",
            "source": "span.time",
            "editor": "div.article-editor",
            "body": "div.article-content",
            "nonsense": "div",
            "agency": "//div[",
            "dateline": "p.nothing-matches",
        },
    )
    assert article.title == "当前位置：首页 > 工会 > 正文"
    assert article.source == "2024-05-04 07:28"
    assert article.editor == "次仁央宗"
    assert article.body is not None and article.body.startswith("“五一”国际劳动节期间")
    assert article.dateline == "拉萨5月2日讯"  # no match: the generic rule stands
    assert any("nonsense" in p for p in article.problems)
    assert any(p.startswith("invalid selector for agency") for p in article.problems)


def test_keep_script_returns_the_page_own_script() -> None:
    body, meta, _ = _fixture("big5_mirror")
    article = extract_article(body, str(meta["url"]), meta["headers"], keep_script=True)  # type: ignore[arg-type]
    assert article.script == "traditional"
    assert article.title == "全總召開女職工工作座談會"
    assert article.reporters == ["王偉"]
    assert article.dateline == "北京3月7日電"
    assert article.body is not None and article.body.startswith("記者今天從全國總工會獲悉")


def test_extract_article_is_extract_page_on_a_page() -> None:
    body, meta, _ = _fixture("people_acftu")
    headers = meta["headers"]
    page = Page.from_bytes(body, str(meta["url"]), headers)  # type: ignore[arg-type]
    direct = extract_article(body, str(meta["url"]), headers)  # type: ignore[arg-type]
    assert extract_page(page).to_dict() == direct.to_dict()


def test_to_dict_is_json_ready() -> None:
    body, meta, _ = _fixture("seed_page")
    article = extract_article(body, str(meta["url"]), meta["headers"])  # type: ignore[arg-type]
    assert isinstance(article, Article)
    json.dumps(article.to_dict(), ensure_ascii=False)


def test_speed_on_a_50kb_page() -> None:
    body, meta, _ = _fixture("workercn_article")
    text = body.decode("utf-8")
    filler = "".join(
        f'<li><a href="/c/2024-05-0{i % 9 + 1}/{i}.shtml">工会动态新闻标题第{i}条</a> 2024-05-06</li>'
        for i in range(200)
    )
    big = text.replace("</body>", f"<ul class='more'>{filler}</ul></body>").encode("utf-8")
    assert len(big) > 50_000
    extract_article(big, str(meta["url"]))
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        extract_article(big, str(meta["url"]))
        runs.append(time.perf_counter() - started)
    # Typically ~5 ms; the bound only catches an accidental quadratic path on a slow CI box.
    assert sorted(runs)[2] < 0.1


def test_sidebar_dates_are_never_the_publish_date() -> None:
    sidebar = "".join(
        f'<li><a href="/n/{d}.html">工会新闻标题第{d}条</a> <span>2025-03-0{d}</span></li>'
        for d in range(1, 6)
    )
    html = (
        f'<div class="sidebar"><h3>最新动态</h3><ul>{sidebar}</ul><p>发布时间：2025-03-09</p></div>'
        f"<h1>全总召开工作会议</h1><div>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</div>"
        '<div class="footer">更新时间：2025-03-10 08:00</div>'
    )
    article = extract_article(_page(html), "http://www.example-gh.org.cn/show-12.html")
    assert article.body == "\n".join(PARAGRAPHS)
    assert article.published_at is None
    assert "no publish date" in article.problems


def _teasers(count: int) -> str:
    """A 推荐阅读 box: headline links, each with a one-sentence summary and a newer date."""
    summary = "活动为期一个月，组织专场招聘、技能培训和法律咨询，帮助职工稳定就业、增加收入。"
    entry = (
        '<h4><a href="/c/2025-02-{d:02d}/{d}.shtml">各地工会开展春风行动第{d}场</a></h4>'
        f"<p>{summary}</p><p>2025-02-{{d:02d}} 10:{{d:02d}}</p>"
    )
    items = "".join(f"<li>{entry.format(d=d)}</li>" for d in range(1, count + 1))
    return f"<h3>推荐阅读</h3><ul>{items}</ul>"


def test_teaser_summaries_are_neither_text_nor_the_text_zone() -> None:
    text = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = (
        f'<div class="wrap"><h1>全总召开工作会议</h1><div>{text}</div>'
        f'<div class="tj">{_teasers(8)}</div></div>'
    )
    article = extract_article(_page(html), "https://www.workercn.cn/c/2025-01-23/1.shtml")
    assert article.body == "\n".join(PARAGRAPHS)
    # A page whose only sentences are teasers (a video page's caption is too short) has none.
    video = f"<h1>视频｜全总召开工作会议</h1><video src='/v.mp4'></video><div>{_teasers(8)}</div>"
    article = extract_article(_page(video), "https://www.workercn.cn/c/2025-01-23/2.shtml")
    assert article.body is None


def test_a_related_box_heading_in_chrome_ends_the_text() -> None:
    text = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    more = "".join(f"<p>{s}</p>" for s in ("这是推荐的另一篇稿件的摘要，说的是别的事情。",) * 3)
    html = (
        f'<div class="main"><h1>全总召开工作会议</h1>{text}'
        f'<div class="related"><h3>相关新闻</h3></div><div>{more}</div></div>'
    )
    article = extract_article(_page(html), "http://a.example/")
    assert article.body == "\n".join(PARAGRAPHS)


def test_a_top_bar_date_above_the_menu_is_not_the_date() -> None:
    menu = "".join(f'<a href="/c/{i}/">栏目{i}</a> | ' for i in range(10))
    html = (
        f"<div>2025年02月26日 星期三</div><div>{menu}</div><h2>全总召开工作会议</h2>"
        f"<div>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</div>"
    )
    article = extract_article(_page(html), "http://www.example-gh.org.cn/show-12.html")
    assert article.published_at is None
    # Right above the headline, with nothing between, a date line is the article's.
    html = html.replace("<h2>", "<div>2025-01-23</div><h2>")
    article = extract_article(_page(html), "http://www.example-gh.org.cn/show-12.html")
    assert article.to_dict()["published_at"] == "2025-01-23"


def test_the_date_under_a_headline_link_is_never_the_date() -> None:
    notices = "".join(
        f'<div><h4><a href="/tz/{d}.html">关于开展第{d}届职工技能大赛的通知</a></h4>'
        f"<p>发布时间：2025-03-0{d}</p></div>"
        for d in range(1, 5)
    )
    html = (
        f"<h1>全总召开工作会议</h1><div>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</div>"
        f"<div>{notices}</div>"
    )
    article = extract_article(_page(html), "http://www.example-gh.org.cn/show-12.html")
    assert article.published_at is None
    # The same label on its own line is the page's date.
    html = html.replace("</div><div><div>", "</div><div><p>发布时间：2025-01-23</p><div>", 1)
    article = extract_article(_page(html), "http://www.example-gh.org.cn/show-12.html")
    assert article.to_dict()["published_at"] == "2025-01-23"


def test_a_visible_day_is_refined_by_a_metadata_time_that_day() -> None:
    head = '<title>全总召开工作会议</title><meta name="PubDate" content="2025-01-23 10:12:00">'
    html = (
        "<h1>全总召开工作会议</h1><div>发布时间：2025-01-23　来源：中工网</div>"
        f"<div>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</div>"
    )
    article = extract_article(_page(html, head), "http://a.example/")
    assert article.to_dict()["published_at"] == "2025-01-23T10:12:00+08:00"
    assert article.published_precision == "second"


def test_metadata_disagreeing_with_the_page_loses() -> None:
    head = '<title>全总召开工作会议</title><meta name="PubDate" content="2025-01-28 00:00:00">'
    html = (
        "<h1>全总召开工作会议</h1><div>发布时间：2025-01-23</div>"
        f"<div>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</div>"
    )
    article = extract_article(_page(html, head), "http://a.example/")
    assert article.to_dict()["published_at"] == "2025-01-23"


def test_month_day_header_date_uses_injected_now() -> None:
    html = (
        "<h1>全总召开工作会议</h1><div>12月20日 18:10 来源：中工网</div>"
        f"<div>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</div>"
    )
    now = datetime(2025, 1, 10, 9, 0, tzinfo=shanghai())
    article = extract_article(_page(html), "http://a.example/", now=now)
    assert article.to_dict()["published_at"] == "2024-12-20T18:10+08:00"


def test_inline_widgets_and_continuation_markers_leave_the_text() -> None:
    html = (
        "<h1>全总召开工作会议</h1>"
        f"<div><p>（上接第1版）{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>"
        f"<p>{PARAGRAPHS[2]}【打印】【关闭窗口】</p><p>分享到：</p>"
        "<p>【字号：大 中 小】【打印】【关闭】</p></div>"
    )
    article = extract_article(_page(html), "http://a.example/")
    assert article.body == "\n".join(PARAGRAPHS)
