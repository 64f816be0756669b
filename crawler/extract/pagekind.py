"""Pages that look like articles but are not: soft 404s (an error page served with 200) and
video pages (a player and one line under it).

Both have a headline-like line and a sentence or two, so the body and title finders alone would
turn them into short articles; these checks say when to drop what they found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml.etree import _Element as Element

from crawler.extract.text import compact
from crawler.extract.title import split_title
from crawler.extract.xpaths import PLAYERS

__all__ = ["is_not_found", "is_video_only"]

#: An error page's headline: ``404 页面不存在``, ``抱歉，您访问的页面不存在！``, ``信息已删除``,
#: ``Page Not Found`` (compacted: no spaces).
_NOT_FOUND = re.compile(
    r"^(?:[45]\d\d)?[-_:：|!！]*(?:对不起|抱歉|错误|出错了|提示信息?)?[,，:：!！]*"
    r"(?:您所?访问的|你访问的|该|此|当前)?(?:页面|网页|文章|信息|内容|链接|新闻)"
    r"(?:不存在|未找到|找不到了?|已(?:被)?删除|已失效|已过期|无法访问)[!！。.]*$"
    r"|^(?:error)?[45]\d\d(?:notfound|error)?$|^(?:page)?notfound$",
    re.IGNORECASE,
)
#: Words every error headline has one of (a cheap test before the full pattern).
_NOT_FOUND_HINT = re.compile(
    r"不存在|未找到|找不到|删除|失效|过期|无法访问|[45]\d\d|not\s*found", re.I
)
#: An error page says its few words in less than this (an article reporting on a deleted page
#: is longer).
_NOT_FOUND_MAX_CHARS = 200
#: A video page's text is one paragraph of at most this many characters.
_VIDEO_CAPTION_MAX_CHARS = 120


def is_not_found(title: str | None, page_title: str | None, paragraphs: Sequence[str]) -> bool:
    """True for an error page served as a page: the chosen title or the ``<title>`` (without
    its site name) says the page does not exist, over little text."""
    said = bool(title and _NOT_FOUND.match(compact(title))) or bool(
        page_title
        and _NOT_FOUND_HINT.search(page_title)
        and _NOT_FOUND.match(compact(split_title(page_title)[0]))
    )
    return said and sum(len(compact(p)) for p in paragraphs) < _NOT_FOUND_MAX_CHARS


def is_video_only(paragraphs: Sequence[str], zone: Element | None) -> bool:
    """True when the text is a single short line in the same container as a media player (a
    video page's caption, not an article)."""
    if zone is None or len(paragraphs) != 1:
        return False
    return len(compact(paragraphs[0])) <= _VIDEO_CAPTION_MAX_CHARS and bool(PLAYERS(zone))
