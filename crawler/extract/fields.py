"""Labelled fields of an article's info lines: 来源 (source), 点击量/人气/阅读 (hits), 原标题."""

from __future__ import annotations

import re

__all__ = ["parse_click_count", "parse_original_title", "parse_source", "source_only_line"]

#: ``来源：西藏日报``, ``来源:《工人日报》``, ``来源：[ 国际金融报 ]``; the value ends at a run of
#: spaces, the next label, a widget bracket or the end.
_SOURCE = re.compile(
    r"(?:来源|稿源|出处|消息来源|文章来源|信息来源)\s*[:：]\s*(?P<value>.*?)\s*"
    r"(?=\s{2,}|\s*[\u4e00-\u9fff]{1,4}\s*[:：]|[【〖〗|｜]|\d{4}\s*[-/.年]\d|$)"
)
#: E-paper credit line: ``《工人日报》(2021年12月22日 02版)``.
_EPAPER = re.compile(
    r"《(?P<paper>[^《》]{2,16})》\s*[（(]\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"\s*(?:第?\s*[\d一二三四五六七八九十]{1,3}\s*版)?\s*[)）]"
)
#: A paragraph that is only an e-paper credit (furniture at the end of a reprinted paper story).
_EPAPER_LINE = re.compile(r"^\s*" + _EPAPER.pattern + r"\s*$")
#: A line that is only a source credit: ``来源：新闻晨报``, ``（来源：工人日报）``.
_SOURCE_LINE = re.compile(
    r"^[（(【\[]?\s*(?:来源|稿源|出处|消息来源|文章来源|信息来源)\s*[:：]\s*(?P<value>[^（）()【】\[\]]{1,30}?)"
    r"\s*[)）】\]]?$"
)
#: 来源 values that name no outlet ("reprinted", "the web").
_NOT_SOURCES = frozenset(
    {"转载", "转载文章", "网络", "互联网", "网络转载", "原创", "本站", "本网", "本站原创",
     "网友投稿", "未知", "不详", "其他"}
)  # fmt: skip
#: Brackets and quotes around a source value.
_SOURCE_TRIM = " \u3000《》<>[]【】〔〕〖〗()（）「」“”\"'：:·,，;；"
#: A hit counter with a number: ``点击量:123``, ``人气:8``, ``阅读：8169``, ``浏览次数：56``.
_CLICKS = re.compile(
    r"(?:点击量|点击数|点击率|点击|人气|阅读量|阅读数|阅读次数|阅读|浏览量|浏览次数|浏览|访问量|访问次数)"
    r"\s*[:：]?\s*[〖【\[(（]?\s*(?P<count>\d{1,10})(?![\d\-/.年月:：])"
)
#: ``原标题：...`` of a reprint (to the end of the line or a closing bracket).
_ORIGINAL_TITLE = re.compile(
    r"(?P<open>[（(【\[])?\s*原标题\s*[:：]\s*(?P<value>.+?)\s*(?(open)[)）】\]])\s*$"
)
#: Quote and bracket pairs that may wrap a whole original title.
_TITLE_WRAPPERS = (("《", "》"), ("“", "”"), ("「", "」"), ("【", "】"), ('"', '"'))


def parse_source(text: str) -> str | None:
    """The 来源 of an info line (``来源:西藏日报`` → 西藏日报), or the paper of an e-paper line
    (``《工人日报》(2021年12月22日 02版)`` → 工人日报); ``None`` when empty."""
    for match in _SOURCE.finditer(text):
        value = _first_word(match.group("value").strip(_SOURCE_TRIM))
        if value and value not in _NOT_SOURCES:
            return value
    epaper = _EPAPER.search(text)
    if epaper is not None:
        return epaper.group("paper").strip()
    return None


def _first_word(value: str) -> str:
    """A source is one name: what follows a space is another credit (``中国新闻网 王帆``)."""
    return value.split(maxsplit=1)[0].strip(_SOURCE_TRIM) if " " in value else value


def source_only_line(text: str) -> str | None:
    """The source of a paragraph that is nothing but ``来源：X`` or an e-paper credit
    ``《工人日报》（2025年01月13日 05版）`` (the paragraph is furniture): ``""`` when the value
    names no outlet (``来源：转载``), ``None`` for any other paragraph."""
    epaper = _EPAPER_LINE.match(text)
    if epaper is not None:
        return epaper.group("paper").strip()
    match = _SOURCE_LINE.match(text.strip())
    if match is None:
        return None
    value = match.group("value").strip(_SOURCE_TRIM)
    return "" if value in _NOT_SOURCES else value


def parse_click_count(text: str) -> int | None:
    """The number of a hit counter (``点击量:123``, ``人气:8``); ``None`` when none is shown."""
    match = _CLICKS.search(text)
    return int(match.group("count")) if match else None


def parse_original_title(text: str) -> str | None:
    """The title after ``原标题：`` in a reprint's line, unquoted."""
    if "原标题" not in text:
        return None
    match = _ORIGINAL_TITLE.search(text)
    if match is None:
        return None
    value = match.group("value").strip()
    for opener, closer in _TITLE_WRAPPERS:
        if value.startswith(opener) and value.endswith(closer) and len(value) > 2:
            value = value[1:-1].strip()
            break
    return value or None
