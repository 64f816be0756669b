"""Labelled fields, furniture lines and <title> splitting."""

from __future__ import annotations

import pytest

from crawler.extract.boilerplate import (
    is_copyright,
    is_end_marker,
    is_info_line,
    is_rule_line,
    is_widget_line,
    strip_continuation,
    strip_widgets,
)
from crawler.extract.fields import (
    parse_click_count,
    parse_original_title,
    parse_source,
    source_only_line,
)
from crawler.extract.title import split_title


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("来源:西藏日报", "西藏日报"),
        ("2022年02月09日16:59  来源:《工人日报》", "工人日报"),
        ("来源:新华社   作者:     2025/4/28  人气:8", "新华社"),
        ("发布时间：2025-01-23 10:12  来源：江苏省总工会  【字号：大 中 小】", "江苏省总工会"),
        ("来源：[ 国际金融报 ]", "国际金融报"),
        ("2023-06-15 08:10 来源：中国新闻网 王帆", "中国新闻网"),
        ("文章来源：上海市总工会 2024年04月23日", "上海市总工会"),
        ("来源：东方网 选稿：曾炟", "东方网"),
        ("《工人日报》(2021年12月22日 02版)", "工人日报"),
        ("〖发布日期:2025-01-02 10:00〗〖来源:工人日报〗〖点击量:12〗", "工人日报"),
        ("【来源：新华社】", "新华社"),
        ("来源：", None),
        ("来源：转载", None),
        ("今天的会议很成功", None),
    ],
)
def test_source(text: str, source: str | None) -> None:
    assert parse_source(text) == source


def test_source_lines() -> None:
    assert source_only_line("（来源：工人日报）") == "工人日报"
    assert source_only_line("来源：转载") == ""
    assert source_only_line("会议的来源：工人代表大会的决议。") is None


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("〖发布日期:2025/1/23 9:10:30〗 〖点击量:356〗", 356),
        ("来源:新华社   作者:     2025/4/28  人气:8", 8),
        ("2015-11-05 阅读：8169 来源:转载", 8169),
        ("浏览次数：56次", 56),
        ("〖发布日期:2025/1/23 9:10:30〗 〖点击量:", None),
        ("阅读：2025-01-23", None),
    ],
)
def test_click_count(text: str, count: int | None) -> None:
    assert parse_click_count(text) == count


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("原标题：让新就业形态劳动者“安心跑”", "让新就业形态劳动者“安心跑”"),
        ("（原标题：《工会驿站暖人心》）", "工会驿站暖人心"),
        ("原标题:【台湾教育家演讲精选】", "台湾教育家演讲精选"),
        ("标题：没有原标题字样的行", None),
    ],
)
def test_original_title(text: str, title: str | None) -> None:
    assert parse_original_title(text) == title


def test_furniture_lines() -> None:
    assert is_widget_line("【字号：大 中 小】【打印】【关闭】")
    assert is_widget_line("分享到：")
    assert is_widget_line("首页 | 上一页 1 下一页 | 尾页")
    assert not is_widget_line("工会为职工打印了体检报告。")
    assert (
        strip_widgets("会议强调，要维护劳动者权益。【打印】【关闭窗口】")
        == "会议强调，要维护劳动者权益。"
    )
    assert is_info_line("发布时间：2025-01-23 10:12  来源：江苏省总工会")
    assert is_info_line("2024-05-04 07:28")
    assert is_info_line("作者： 周思博 (Joel Spolsky)")
    assert not is_info_line("1月22日，全国总工会召开会议，部署2025年重点工作。")
    assert is_end_marker("相关新闻")
    assert is_end_marker("【相关阅读】")
    assert not is_end_marker("相关部门负责人表示，将持续推进。")
    assert is_copyright("Copyright © 2008-2025 by www.workercn.cn")
    assert not is_copyright("播客在使用其它音乐时，一定要获得版权所有者或制作人的许可。")
    assert strip_continuation("（上接第1版）据了解，") == "据了解，"


@pytest.mark.parametrize(
    ("title", "headline", "sites"),
    [
        (
            "西藏各级工会开展“五一”劳动者关爱行动-中工网",
            "西藏各级工会开展“五一”劳动者关爱行动",
            ["中工网"],
        ),
        (
            "全省工会推进会召开_工会要闻_江苏省总工会",
            "全省工会推进会召开",
            ["江苏省总工会", "工会要闻"],
        ),
        (
            "工人日报 - 新疆油田工会为高寒一线职工送温暖",
            "新疆油田工会为高寒一线职工送温暖",
            ["工人日报"],
        ),
        ("2024-2025年度工会工作要点", "2024-2025年度工会工作要点", []),
        ("海姑娘 | blog.wenxuecity.com", "海姑娘", ["blog.wenxuecity.com"]),
        ("劳模风采——记全国劳模张三", "劳模风采——记全国劳模张三", []),
    ],
)
def test_split_title(title: str, headline: str, sites: list[str]) -> None:
    assert split_title(title) == (headline, sites)


def test_title_parts_the_page_names_itself_by_are_dropped() -> None:
    footer = ["版权所有：上海市总工会沪ICP备00000000号"]
    # Length alone would keep the site name: the headline is the shorter part.
    assert split_title("上海市总工会 - 新春暖心包") == ("上海市总工会", ["新春暖心包"])
    assert split_title("上海市总工会 - 新春暖心包", footer) == ("新春暖心包", ["上海市总工会"])


def test_rule_lines() -> None:
    assert is_rule_line("------分隔线----------------------------")
    assert is_rule_line("==========")
    assert not is_rule_line("2025-01-23 10:12")
    assert not is_rule_line("会议强调——要维护劳动者权益。")


def test_hyphens_inside_words_do_not_split_titles() -> None:
    assert split_title("COVID-19疫情下的职工权益保障-中工网") == (
        "COVID-19疫情下的职工权益保障",
        ["中工网"],
    )
