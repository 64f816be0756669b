"""Pages that look like articles but are not (soft 404s, video pages), and the layout rules
that keep furniture out of real articles' fields: label cells, subtitles, summaries."""

from __future__ import annotations

import pytest

from crawler.extract import extract_article
from crawler.extract.pagekind import is_not_found
from crawler.extract.text import simplify_name

PARAGRAPHS = [
    "1月22日，全国总工会召开工作会议，部署2025年职工服务重点任务，要求各级工会聚焦职工急难愁盼问题。",
    "会议指出，要健全职工服务体系，推动服务阵地向基层延伸，让职工群众在家门口就能享受到工会服务。",
]
TEXT = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


def _page(body: str, head: str = "<title>全总召开工作会议-中工网</title>") -> bytes:
    return f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()


@pytest.mark.parametrize(
    ("title", "page_title"),
    [
        ("页面不存在", None),
        (None, "404 页面不存在 - 广东省总工会"),
        ("抱歉，您访问的页面不存在！", None),
        (None, "404 Not Found"),
        ("信息已删除", None),
    ],
)
def test_error_page_headlines(title: str | None, page_title: str | None) -> None:
    assert is_not_found(title, page_title, ["抱歉，您访问的页面不存在或已被删除，请返回首页。"])


def test_an_article_about_a_missing_page_is_an_article() -> None:
    assert not is_not_found("全总召开工作会议", "全总召开工作会议-中工网", PARAGRAPHS)
    assert not is_not_found("页面不存在", None, PARAGRAPHS * 3)  # too much text for an error


def test_soft_404_gives_no_title_no_body() -> None:
    html = "<h2>页面不存在</h2><p>抱歉，您访问的页面不存在或已被删除，请检查网址是否正确。</p>"
    article = extract_article(_page(html, "<title>404 页面不存在</title>"), "http://a.example/")
    assert (article.title, article.body) == (None, None)
    assert "page not found" in article.problems


def test_a_player_and_one_line_is_not_an_article() -> None:
    html = (
        "<h1>视频｜大国工匠的开年第一课</h1><div class='v'><video src='a.mp4'></video>"
        "<p>2月9日，全国五一劳动奖章获得者张华在车间为新入职的青年技工讲授开年第一课。</p></div>"
    )
    head = "<title>视频｜大国工匠的开年第一课-中工网</title>"
    article = extract_article(_page(html, head), "http://a.example/")
    assert article.title == "视频｜大国工匠的开年第一课"
    assert article.body is None


def test_a_short_article_without_a_player_keeps_its_body() -> None:
    brief = PARAGRAPHS[0] + "会议还对开展职工技能竞赛作出部署。"
    html = f"<h1>全总召开工作会议</h1><div><p>{brief}</p></div>"
    assert extract_article(_page(html), "http://a.example/").body == brief
    with_player = f"<h1>全总召开工作会议</h1><div><video src='a.mp4'></video><p>{brief}</p></div>"
    assert extract_article(_page(with_player), "http://a.example/").body is None


def test_labels_in_the_cell_before_the_date() -> None:
    html = (
        "<h1>全总召开工作会议</h1><table><tr><td>成文日期：</td><td>2025年1月10日</td>"
        "<td>发布日期：</td><td>2025年1月15日</td></tr></table>"
        f"<div>{TEXT}</div>"
    )
    article = extract_article(_page(html), "http://a.example/")
    assert article.to_dict()["published_at"] == "2025-01-15"


def test_an_info_line_inside_the_h1_is_not_the_headline() -> None:
    html = (
        "<h1>全总召开工作会议<br><span>2025-03-03 19:40:12 来源：工人日报 点击：</span></h1>"
        f"<div>{TEXT}</div>"
    )
    article = extract_article(_page(html), "http://a.example/")
    assert article.title == "全总召开工作会议"
    assert article.to_dict()["published_at"] == "2025-03-03T19:40:12+08:00"


def test_a_stated_headline_shown_as_heading_and_subtitle() -> None:
    head = '<title>x</title><meta name="ArticleTitle" content="焊花飞溅处——记焊工张丽华">'
    html = f"<h1>焊花飞溅处</h1><h2>——记焊工张丽华</h2><div>{TEXT}</div>"
    assert (
        extract_article(_page(html, head), "http://a.example/").title == "焊花飞溅处——记焊工张丽华"
    )


def test_a_summary_repeating_the_opening_is_dropped() -> None:
    summary = PARAGRAPHS[0][:40] + "…"
    html = f"<h1>全总召开工作会议</h1><div><div class='intro'>{summary}</div>{TEXT}</div>"
    assert extract_article(_page(html), "http://a.example/").body == "\n".join(PARAGRAPHS)


def test_names_in_traditional_script_on_a_simplified_page() -> None:
    html = f"<h1>全总召开工作会议</h1><div><p>本网讯（记者 陳曉東）{PARAGRAPHS[0]}</p></div>"
    article = extract_article(_page(html), "http://a.example/")
    assert article.reporters == ["陈晓东"]
    kept = extract_article(_page(html), "http://a.example/", keep_script=True)
    assert kept.reporters == ["陳曉東"]


def test_simplify_name_keeps_characters_without_a_common_simplified_form() -> None:
    assert simplify_name("陳曉東") == "陈晓东"
    assert simplify_name("王頔") == "王頔"  # t2s would give 王𬱖
    assert simplify_name("李乾") == "李乾"  # 乾 is a simplified character too (t2s: 干)
    assert simplify_name("於梨华") == "於梨华"
    assert simplify_name("鍾南山") == "钟南山"
    assert simplify_name("中工网") == "中工网"
