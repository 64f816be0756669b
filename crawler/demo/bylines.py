"""The byline, photo-credit and editor forms real union pages use, and what each one credits.

Each constructor returns the text a page shows (a prefix of the first paragraph, lines before
and after the body) together with the names and agency an ideal extractor reads from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

__all__ = [
    "Block",
    "Credits",
    "Editor",
    "EditorStyle",
    "benbao",
    "benbao_dateline",
    "city_photo",
    "city_wangxun",
    "end_credit",
    "paper_dateline",
    "portal_dateline",
    "portal_photo",
    "two_line_credit",
]

BlockKind = Literal["para", "line", "image"]
EditorStyle = Literal["plain", "zebian", "bracket", "bianji"]


@dataclass(frozen=True, slots=True)
class Block:
    """One block of an article body as a page lays it out.

    ``para`` is body text; ``line`` is text that is not body (credits, 原标题, edition lines);
    ``image`` is a picture, ``text`` being its file name.
    """

    kind: BlockKind
    text: str


@dataclass(frozen=True, slots=True)
class Credits:
    """A byline as shown, and what it credits."""

    #: Prefix of the first paragraph, e.g. ``中工网北京1月22日电 (工人日报-中工网记者郑莉 郝赫)``.
    lead: str = ""
    before: tuple[Block, ...] = ()
    after: tuple[Block, ...] = ()
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    agency: str | None = None
    dateline: str | None = None


@dataclass(frozen=True, slots=True)
class Editor:
    """An editor line: ``plain`` 责任编辑:X, ``zebian`` (责编：X、Y), ``bracket`` 【责任编辑:X】,
    ``bianji`` 编辑：X."""

    style: EditorStyle
    names: tuple[str, ...]

    @property
    def value(self) -> str:
        """The editor field: the names joined with "、"."""
        return "、".join(self.names)

    @property
    def text(self) -> str:
        """The line as the page shows it."""
        if self.style == "plain":
            return f"责任编辑:{self.value}"
        if self.style == "zebian":
            return f"(责编：{self.value})"
        if self.style == "bracket":
            return f"【责任编辑:{self.value}】"
        return f"编辑：{self.value}"


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"


def portal_dateline(city_short: str, day: date, reporters: tuple[str, ...]) -> Credits:
    """``中工网北京1月22日电 (工人日报-中工网记者郑莉 郝赫)`` opening the first paragraph."""
    dateline = f"{city_short}{_md(day)}电"
    return Credits(
        lead=f"中工网{dateline} (工人日报-中工网记者{' '.join(reporters)})",
        reporters=reporters,
        agency="工人日报-中工网",
        dateline=dateline,
    )


def portal_photo(reporter: str, correspondents: tuple[str, ...], image: str) -> Credits:
    """A picture, then ``工人日报—中工网记者 张翀 通讯员 谢杰夫 鄢博 摄`` above the text."""
    line = f"工人日报—中工网记者 {reporter} 通讯员 {' '.join(correspondents)} 摄"
    return Credits(
        before=(Block("image", image), Block("line", line)),
        reporters=(reporter,),
        correspondents=correspondents,
        photographers=(reporter, *correspondents),
        agency="工人日报-中工网",
    )


def paper_dateline(paper: str, city_short: str, day: date, reporters: tuple[str, ...]) -> Credits:
    """A provincial paper's ``西藏日报拉萨5月2日讯(记者 李梅英 卓玛七林)`` in a reprint."""
    dateline = f"{city_short}{_md(day)}讯"
    return Credits(
        lead=f"{paper}{dateline}(记者 {' '.join(reporters)})",
        reporters=reporters,
        agency=paper,
        dateline=dateline,
    )


def end_credit(reporter: str, correspondent: str, image: str, edition: str | None) -> Credits:
    """A picture above the text and ``本报记者 X 本报通讯员 Y 摄`` after it, optionally
    followed by the print edition line ``《工人日报》（2025年01月13日 03版）``."""
    after = [Block("line", f"本报记者 {reporter} 本报通讯员 {correspondent} 摄")]
    if edition is not None:
        after.append(Block("line", edition))
    return Credits(
        before=(Block("image", image),),
        after=tuple(after),
        reporters=(reporter,),
        correspondents=(correspondent,),
        photographers=(reporter, correspondent),
    )


def benbao(reporter: str, correspondent: str) -> Credits:
    """``本报讯（记者 X 通讯员 Y）`` opening the first paragraph."""
    return Credits(
        lead=f"本报讯（记者 {reporter} 通讯员 {correspondent}）",
        reporters=(reporter,),
        correspondents=(correspondent,),
    )


def benbao_dateline(city_short: str, day: date, reporters: tuple[str, ...]) -> Credits:
    """``本报温州1月15日讯（记者 X Y）`` opening the first paragraph."""
    dateline = f"{city_short}{_md(day)}讯"
    return Credits(
        lead=f"本报{dateline}（记者 {' '.join(reporters)}）",
        reporters=reporters,
        dateline=dateline,
    )


def two_line_credit(reporters: tuple[str, ...], correspondent: str, image: str) -> Credits:
    """``记者周金友、洪菡婷`` on its own line, then a picture credited ``通讯员张晓燕 摄影报道``."""
    return Credits(
        before=(
            Block("line", "记者" + "、".join(reporters)),
            Block("image", image),
            Block("line", f"通讯员{correspondent} 摄影报道"),
        ),
        reporters=reporters,
        correspondents=(correspondent,),
        photographers=(correspondent,),
    )


def city_wangxun(correspondents: tuple[str, ...]) -> Credits:
    """``本网讯（通讯员 X Y）`` opening the first paragraph."""
    return Credits(
        lead=f"本网讯（通讯员 {' '.join(correspondents)}）",
        correspondents=correspondents,
    )


def city_photo(correspondent: str, image: str) -> Credits:
    """A picture credited ``通讯员 X 摄`` above the text."""
    return Credits(
        before=(Block("image", image), Block("line", f"通讯员 {correspondent} 摄")),
        correspondents=(correspondent,),
        photographers=(correspondent,),
    )
