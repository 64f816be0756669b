"""Small text helpers: pinyin ruby, broken characters, whitespace, script detection."""

from __future__ import annotations

import pytest

from crawler.extract.text import (
    compact,
    is_traditional,
    normalize_space,
    strip_pinyin,
    to_simplified,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("工會(huì)維護(hù)勞動(dòng)", "工會維護勞動"),
        ("全國(guó)總工會（huì）", "全國總工會"),
        ("座談會(huì)在京召開(kāi)", "座談會在京召開"),
        # A ruby whose opening bracket a broken byte ate: the broken mark stays, the pinyin goes.
        ("工人日?qǐng)?bào)-中工網(wǎng)", "工人日??-中工網"),
        ("各?。▍^(qū)、市)總工會(huì)", "各?。▍^、市)總工會"),
    ],
)
def test_strip_pinyin_removes_ruby(text: str, expected: str) -> None:
    assert strip_pinyin(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "他说的(de)没错",  # no tone mark: not a ruby
        "English (hello) text",
        "Beijing (běijīng) city",  # after a space: Latin text in brackets
        "2024年(第3届)",
        "价格(5元)",
    ],
)
def test_strip_pinyin_leaves_other_brackets(text: str) -> None:
    assert strip_pinyin(text) == text


def test_broken_characters_never_crash() -> None:
    text = "工人日?qǐng)?bào) \ufffd\ufffd 各?。▍^(qū)、市)"
    assert to_simplified(strip_pinyin(text))
    assert is_traditional(text) in (True, False)


def test_normalize_space() -> None:
    assert normalize_space("　　工会\u00a0 维权\n\t服务\u200b站 ") == "工会 维权 服务站"
    assert normalize_space("\ue5c2来源") == "来源"  # a private-use icon glyph
    assert compact(" 工 会\u3000维权\n") == "工会维权"


def test_to_simplified() -> None:
    assert (
        to_simplified("中工網北京1月22日電 記者鄭莉 通訊員 攝")
        == "中工网北京1月22日电 记者郑莉 通讯员 摄"
    )


@pytest.mark.parametrize(
    ("text", "traditional"),
    [
        ("全總黨組書記、副主席、書記處第一書記徐留平主持會議。", True),
        ("全总党组书记、副主席、书记处第一书记徐留平主持会议。", False),
        ("新华社北京电 记者在乾隆年间的档案中发现", False),  # a shared character alone
        ("", False),
    ],
)
def test_is_traditional(text: str, traditional: bool) -> None:
    assert is_traditional(text) is traditional
