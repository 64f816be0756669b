"""Bylines, datelines, editors and names, in every form union pages use."""

from __future__ import annotations

import pytest

from crawler.extract.bylines import (
    Credits,
    parse_credit,
    parse_editor,
    parse_labelled_authors,
    read_lead,
    split_names,
    strip_trailing_credit,
)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("郑莉 郝赫", ["郑莉", "郝赫"]),
        ("周金友、洪菡婷", ["周金友", "洪菡婷"]),
        ("李梅英  卓玛七林", ["李梅英", "卓玛七林"]),
        ("阿卜杜·热合曼", ["阿卜杜·热合曼"]),
        ("赵 培", ["赵培"]),  # a two-character name typeset spaced out
        ("胡永秋，杨光宇/王頔", ["胡永秋", "杨光宇", "王頔"]),
        ("海闻教授", ["海闻"]),
    ],
)
def test_split_names(text: str, names: list[str]) -> None:
    assert split_names(text) == names


def test_split_names_strict_rejects_prose() -> None:
    assert split_names("今天下午召开会议", strict=True) is None
    assert split_names("ggjjzhzz", latin=True) == ["ggjjzhzz"]
    assert split_names("ggjjzhzz") == []


def test_lead_with_dateline_agency_and_reporters() -> None:
    lead = read_lead(
        "中工网北京1月22日电 (工人日报-中工网记者郑莉 郝赫)2025年全国工会维护劳动领域政治安全工作座谈会1月22日在北京召开。"
    )
    assert lead is not None
    assert lead.dateline == "北京1月22日电"
    assert lead.outlet == "中工网"
    assert lead.credits == Credits(reporters=("郑莉", "郝赫"), agency="工人日报-中工网")
    assert lead.rest.startswith("2025年全国工会")


def test_lead_of_a_reprint() -> None:
    lead = read_lead("西藏日报拉萨5月2日讯(记者 李梅英 卓玛七林)近日，")
    assert lead is not None
    assert (lead.dateline, lead.outlet, lead.rest) == ("拉萨5月2日讯", "西藏日报", "近日，")
    assert lead.credits.reporters == ("李梅英", "卓玛七林")


def test_lead_benbao_xun() -> None:
    lead = read_lead("本报讯（记者 王伟 通讯员 李强）日前，")
    assert lead is not None
    assert (lead.dateline, lead.outlet) == (None, None)
    assert (lead.credits.reporters, lead.credits.correspondents) == (("王伟",), ("李强",))


def test_lead_with_a_damaged_agency() -> None:
    lead = read_lead("中工网北京1月22日电 (工人日??-中工网记者郑莉 郝赫)正文")
    assert lead is not None
    assert lead.credits.reporters == ("郑莉", "郝赫")
    assert lead.rest == "正文"


def test_lead_flash_of_an_outlet_and_its_app() -> None:
    lead = read_lead("新华日报·交汇点讯（记者 吴雨阳 通讯员 苏工萱）2月13日，记者获悉")
    assert lead is not None
    assert lead.outlet == "新华日报·交汇点"
    assert lead.dateline is None
    assert lead.credits == Credits(reporters=("吴雨阳",), correspondents=("苏工萱",))
    assert lead.rest == "2月13日，记者获悉"


def test_no_lead_in_plain_text() -> None:
    assert read_lead("1月22日，全国总工会召开会议。") is None


@pytest.mark.parametrize(
    ("text", "reporters", "correspondents", "photographers", "agency"),
    [
        (
            "工人日报—中工网记者 张翀 通讯员 谢杰夫 鄢博 摄",
            ("张翀",),
            ("谢杰夫", "鄢博"),
            ("张翀", "谢杰夫", "鄢博"),
            "工人日报-中工网",
        ),
        ("记者周金友、洪菡婷", ("周金友", "洪菡婷"), (), (), None),
        ("通讯员张晓燕 摄影报道", (), ("张晓燕",), ("张晓燕",), None),
        (
            "本报记者 吴铎思 本报通讯员 薛晓秋 摄",
            ("吴铎思",),
            ("薛晓秋",),
            ("吴铎思", "薛晓秋"),
            None,
        ),
        ("新华社记者 郝同前 摄", ("郝同前",), (), ("郝同前",), "新华社"),
        ("本報通訊員 沈岳 攝", (), ("沈岳",), ("沈岳",), None),  # read after t2s (see below)
        ("■本报记者 王伟", ("王伟",), (), (), None),
        ("文/记者 张三 图/李四", ("张三",), (), ("李四",), None),
        ("蔡雪婧/摄", (), (), ("蔡雪婧",), None),
        ("新京报记者 彭冲 山东冠县报道", ("彭冲",), (), (), "新京报"),
        ("整合 新华日报·交汇点记者 徐睿翔", ("徐睿翔",), (), (), "新华日报·交汇点"),
        # "text and pictures by": every name is a photographer too
        (
            "本报记者 周金友 通讯员 钱江 文/图",
            ("周金友",),
            ("钱江",),
            ("周金友", "钱江"),
            None,
        ),
        ("本报记者 王群 图文", ("王群",), (), ("王群",), None),
        # who supplied the pictures is no one's name
        ("本报记者 张三/文 受访者供图", ("张三",), (), (), None),
        ("顶端新闻·河南商报记者马俊峰/文受访者供图", ("马俊峰",), (), (), "顶端新闻·河南商报"),
    ],
)
def test_credit_forms(
    text: str,
    reporters: tuple[str, ...],
    correspondents: tuple[str, ...],
    photographers: tuple[str, ...],
    agency: str | None,
) -> None:
    from crawler.extract.text import to_simplified

    credits = parse_credit(to_simplified(text))
    assert credits == Credits(reporters, correspondents, photographers, agency)


@pytest.mark.parametrize(
    "text",
    [
        "全国总工会召开会议",
        "记者从全国总工会获悉，今年将开展技能大赛",
        "图为工会干部在慰问职工",
        "",
    ],
)
def test_prose_is_not_a_credit(text: str) -> None:
    assert parse_credit(text) is None


@pytest.mark.parametrize(
    ("text", "rest", "credits"),
    [
        (
            "推动云南工业高质量发展。（记者 胡晓蓉）",
            "推动云南工业高质量发展。",
            Credits(reporters=("胡晓蓉",)),
        ),
        (
            "过一个廉洁的新春佳节。（常书香 马丹阳 ）",
            "过一个廉洁的新春佳节。",
            Credits(reporters=("常书香", "马丹阳")),
        ),
        (
            "图为工人在作业。本报记者 吴铎思 摄",
            "图为工人在作业。",
            Credits(reporters=("吴铎思",), photographers=("吴铎思",)),
        ),
        (  # a caption credit naming a compound agency
            "志愿者为环卫工人送上饺子。工人日报—中工网记者 张翀 摄",
            "志愿者为环卫工人送上饺子。",
            Credits(reporters=("张翀",), photographers=("张翀",), agency="工人日报-中工网"),
        ),
    ],
)
def test_trailing_credits(text: str, rest: str, credits: Credits) -> None:
    assert strip_trailing_credit(text) == (rest, credits)


def test_trailing_brackets_that_are_not_credits() -> None:
    assert strip_trailing_credit("这是（北京）") is None
    assert strip_trailing_credit("会议要求（试行）") is None
    assert strip_trailing_credit("他说。（完）") is None


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("来源:新华社   作者:     2025/4/28  人气:8", []),  # an empty 作者 gives nothing
        ("作者：", []),
        ("02日14:25 作者： 赵婕 出自[人民文学出版社]", ["赵婕"]),
        ("2015-11-05 阅读：8169 来源:转载 作者:孙仲旻", ["孙仲旻"]),
        ("作者: 赵 培：北京物资学院，北京", ["赵培"]),
        ("执笔人：闵乐夫 赵兰波 刘韬", ["闵乐夫", "赵兰波", "刘韬"]),
        ("ggjjzhzz 发表于 2005-9-15 11:46:00", ["ggjjzhzz"]),
        ("作者：佚名 文章来源：本站原创 点击数： 更新时间：2025-3-12", []),  # next field: 文章来源
        (
            "发布日期：2025-01-23 信息来源：甘肃工人报 作者：魏晓燕 张 强 浏览次数：",
            ["魏晓燕", "张强"],
        ),
    ],
)
def test_labelled_authors(text: str, names: list[str]) -> None:
    assert parse_labelled_authors(text) == names


@pytest.mark.parametrize(
    ("text", "names", "rest"),
    [
        ("责任编辑:朱晶晶", ["朱晶晶"], ""),
        ("(责编：胡永秋、杨光宇)", ["胡永秋", "杨光宇"], ""),
        ("【责任编辑:王頔】", ["王頔"], ""),
        ("编辑：山石", ["山石"], ""),
        ("正文结束。(责编：胡永秋、杨光宇)", ["胡永秋", "杨光宇"], "正文结束。"),
        ("责任编辑：张三 审核：李四", ["张三"], "审核：李四"),
    ],
)
def test_editors(text: str, names: list[str], rest: str) -> None:
    assert parse_editor(text) == (names, rest)


def test_editor_needs_a_label_and_a_name() -> None:
    assert parse_editor("编辑部的故事") is None
    assert parse_editor("责任编辑：") is None
