"""Recognise the lines of page furniture that sit next to or inside article text: share and
print widgets, info lines (date/source/hits), copyright footers, related-news headings."""

from __future__ import annotations

import re

from crawler.extract.text import compact

__all__ = [
    "is_copyright",
    "is_end_marker",
    "is_info_line",
    "is_rule_line",
    "is_widget_line",
    "strip_continuation",
    "strip_widgets",
]

#: Widget tokens: ``【字号：大 中 小】``, ``【打印】``, ``【关闭】``, ``分享到：``, ``[打印本页]``,
#: ``返回顶部``, ``扫一扫``... (each removed; a line made of nothing else is a widget line).
_WIDGET = re.compile(
    r"[【\[〖(（]?\s*(?:字号\s*[:：]?\s*(?:[大中小]\s*){1,3}|[大中小]\s+[大中小]\s+[大中小]|"
    r"打印(?:本页|本文|文章|此文)?|关闭(?:窗口|本页)?|收藏(?:本页|本文)?|加入收藏|设为首页|"
    r"返回(?:顶部|首页|列表|上一页)?|分享(?:到|至)?(?:微信|微博|朋友圈|QQ空间)?|"
    r"扫一扫|微信扫码|扫码(?:阅读|分享)|手机(?:看|阅读|版)|纠错|推荐给好友|发送给朋友|"
    r"我要(?:纠错|评论|打印)|复制链接|字体\s*[:：]?\s*(?:[大中小]\s*){1,3}|"
    r"默认|放大|缩小|下载|Top|第\s*\d+\s*页\s*[/／]?\s*共\s*\d+\s*页|共\s*\d+\s*页|<<|>>|"
    r"上一页|下一页|首页|尾页|末页)\s*[:：]?\s*[】\]〗)）]?",
    re.IGNORECASE,
)
#: A widget token in brackets, safe to remove from any line.
_BRACKETED_WIDGET = re.compile(
    r"[【\[]\s*(?:字号\s*[:：]?\s*(?:[大中小]\s*){1,3}|打印(?:本页|本文|文章|此文)?|关闭(?:窗口|本页)?|"
    r"收藏(?:本页|本文)?|加入收藏|返回(?:顶部|首页|列表)?|纠错|我要纠错|推荐给好友|发送给朋友)\s*[】\]]"
)
#: Labels of an article info line: 来源/作者/发布时间/点击/浏览...
_INFO_LABEL = re.compile(
    r"(?:来源|稿源|出处|作者|发布|时间|日期|点击|浏览|阅读|人气|编辑|字号|访问)(?:量|数|次数)?\s*[:：]"
)
#: A header field line: ``作者： 周思博``, ``译：Chen Bin``, ``来源：新华社``.
_FIELD_START = re.compile(
    r"^[\s【〖\[]*(?:来源|稿源|作者|译者?|编译|撰文|文|摄影|发布者|发布人)\s*[:：]"
)
#: ...is short.
_FIELD_LINE_MAX_CHARS = 40
#: A date in an info line (shape only; dates.py reads it).
_DATE_SHAPE = re.compile(
    r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}月\d{1,2}日\s*\d{1,2}:\d{2}"
)
#: The start of what follows an article: related news, previous/next, comments, disclaimers.
_END_MARKER = re.compile(
    r"^[\s【\[〖■●>·]*(?:相关(?:新闻|阅读|链接|文章|报道|推荐|资讯|专题|稿件)|延伸阅读|推荐阅读|"
    r"扩展阅读|热点推荐|热门推荐|热门文章|热点新闻|猜你喜欢|精彩推荐|更多(?:新闻|精彩|阅读|内容)|"
    r"上一篇|下一篇|上一条|下一条|上一页|网友评论|我要评论|发表评论|评论列表|全部评论|"
    r"免责声明|版权声明|特别声明)"
)
#: Footer furniture: copyright, ICP licence, sponsor lines.
_COPYRIGHT = re.compile(
    r"版权所有|版权声明|Copyright|©|\(c\)\s*\d{4}|ICP[备证]|备案号|公网安备|技术支持[:：]|"
    r"主办单位|承办单位|联系电话[:：]|All Rights Reserved",
    re.IGNORECASE,
)
#: The first characters of the ``_COPYRIGHT`` phrases (case ignored the same way).
_COPYRIGHT_START = re.compile(r"[版c©(i备公技主承联a]", re.IGNORECASE)
#: Print-edition continuation markers: ``(上接第1版)``, ``（下转第3版）``.
_CONTINUATION = re.compile(
    r"[（(]\s*[上下](?:接|转)\s*第?\s*[\d一二三四五六七八九十]+\s*版\s*[)）]"
)
#: A run of rule characters: ``------分隔线------``, ``=====``, ``******``.
_RULE = re.compile(r"[-—─=＝_＿*＊~～·•.．…]{4,}")
#: What may remain of a rule line once its runs are gone (a word like 分隔线).
_RULE_RESIDUE_MAX_CHARS = 4
#: A footer line is short.
_FOOTER_MAX_CHARS = 100
#: An info line is short.
_INFO_MAX_CHARS = 120
#: What may remain of a widget line once its tokens are gone (separators, brackets).
_WIDGET_RESIDUE = re.compile(r"^[\d\s|｜/\\·•:：\-—_【】\[\]〖〗()（）<>《》,，.。]*$")


def _outside(*patterns: re.Pattern[str]) -> re.Pattern[str]:
    """A character none of the patterns can match: one outside every character written in
    their source (any case), whitespace and digits. Cheap to search for in prose."""
    written = sorted({c for pattern in patterns for c in pattern.pattern})
    return re.compile(f"[^\\s\\d{''.join(map(re.escape, written))}]", re.IGNORECASE)


#: A character a widget line cannot hold (neither in a widget token nor in the residue).
_NOT_WIDGET_LINE = _outside(_WIDGET, _WIDGET_RESIDUE)


def strip_widgets(text: str) -> str:
    """Remove bracketed widget tokens (``【打印】``, ``[关闭窗口]``) from a line of text."""
    if "【" not in text and "[" not in text:
        return text
    return _BRACKETED_WIDGET.sub("", text).strip()


def is_widget_line(text: str) -> bool:
    """True for a line made only of share/print/font-size widgets."""
    if _NOT_WIDGET_LINE.search(text) is not None:
        return False  # a character no widget token takes and no residue may hold
    stripped = _WIDGET.sub("", text)
    if stripped == text:
        return False
    return bool(_WIDGET_RESIDUE.match(stripped))


def is_rule_line(text: str) -> bool:
    """True for a separator drawn with characters (DedeCMS: ``------分隔线------``)."""
    if _RULE.search(text) is None:
        return False
    stripped = _RULE.sub("", text)
    return stripped != text and len(compact(stripped)) <= _RULE_RESIDUE_MAX_CHARS


def is_info_line(text: str) -> bool:
    """True for an article info line: ``发布时间：2025-01-23 10:12 来源：… 【打印】``,
    ``2024-05-04 07:28 来源:西藏日报``, ``〖发布日期:2025/1/23 9:10:30〗 〖点击量:``."""
    if len(compact(text)) > _INFO_MAX_CHARS:
        return False
    labels = len(_INFO_LABEL.findall(text))
    dated = _DATE_SHAPE.search(text) is not None
    if dated and (labels or len(compact(_DATE_SHAPE.sub("", text))) <= 12):
        return True
    return labels >= 2 or (
        len(compact(text)) <= _FIELD_LINE_MAX_CHARS and _FIELD_START.match(text) is not None
    )


def is_end_marker(text: str) -> bool:
    """True for a heading that starts the furniture after an article (相关新闻, 上一篇...)."""
    return len(text) <= 60 and _END_MARKER.match(text) is not None


def is_copyright(text: str) -> bool:
    """True for a copyright / licence / sponsor footer line (a short one: prose may well speak
    of 版权所有者)."""
    if len(text) > _FOOTER_MAX_CHARS or text.count("，") + text.count("。") > 1:
        return False
    if _COPYRIGHT_START.search(text) is None:
        return False  # no character any of the phrases starts with
    return _COPYRIGHT.search(text) is not None


def strip_continuation(text: str) -> str:
    """Remove print-edition continuation markers (``(上接第1版)``)."""
    return _CONTINUATION.sub("", text).strip() if "版" in text else text
