"""Read bylines: 电头 (dateline), news agency, 记者/通讯员/摄影 credits, 作者 fields and editors.

All functions work on simplified text (traditional pages are converted first), so ``記者`` and
``通訊員`` need no patterns of their own. Names are 2-4 Han characters, or Han parts joined by a
middle dot for minority names (``阿卜杜·热合曼``); labelled author fields also take Latin user
names. Photo credits: ``摄`` (``摄影``, ``摄影报道``) ending a credit makes every name of that
credit a photographer too, so ``记者 X 摄`` gives X as reporter and photographer, and
``记者 张翀 通讯员 谢杰夫 鄢博 摄`` gives one reporter, two correspondents, three photographers;
``文/图`` (text and pictures) ending a credit does the same. Compound agencies are read with
their dash or middle dot: ``工人日报—中工网记者``, ``新华日报·交汇点讯``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crawler.extract.text import HAN

__all__ = [
    "Credits",
    "Lead",
    "author_line",
    "parse_credit",
    "parse_editor",
    "parse_labelled_authors",
    "read_lead",
    "split_names",
    "strip_trailing_credit",
]

#: One person's name: 2-4 Han characters, or Han parts joined by a middle dot.
_NAME = re.compile(rf"[{HAN}]{{2,4}}|[{HAN}]{{1,8}}[·•・][{HAN}]{{1,10}}(?:[·•・][{HAN}]{{1,10}})?")
#: A Latin user name (forums, blogs) accepted in labelled author fields only.
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]{1,30}")
#: One Han character alone (half of a spaced-out name).
_SINGLE_HAN = re.compile(f"[{HAN}]")
#: What separates names: spaces, 、 ， , / ; |.
_NAME_SEPARATORS = re.compile(r"[\s、，,/／;；|｜]+")
#: Punctuation around a name token.
_NAME_TRIM = "（）()【】[]〔〕<>《》「」:：“”\"'.。·"
#: Words that may sit among names without being names (photo/text roles, "reported").
_ROLE_WORDS = frozenset(
    {"文", "图", "摄", "摄影", "报道", "整理", "供图", "编译", "采写", "撰文", "文图", "图文",
     "摄影报道", "拍摄", "视频", "制图", "综合", "实习", "本报"}
)  # fmt: skip
#: Words that fill a name's slot without being a name: anonymity, site staff, page widgets.
_NOT_NAMES = frozenset(
    {"佚名", "匿名", "本人", "网友", "管理员", "admin", "小编", "原创", "转载", "不详", "未知",
     "分享到", "分享", "打印", "收藏", "评论", "关闭", "版权协议", "版权声明", "来源", "作者",
     "记者", "编辑", "通讯员", "本报", "本网", "本站"}
)  # fmt: skip
#: A staff code, not a name: ``SF099``, ``PX209``.
_STAFF_CODE = re.compile(r"[A-Za-z]{1,4}\d{2,}")
#: Honorifics trailing a name.
_HONORIFIC = re.compile(r"(?:同志|先生|女士|教授|博士|老师)$")
#: An outlet name ending a credit's agency part: 新华社, 工人日报-中工网, 西藏日报... (broken
#: characters allowed: scraped copies read ``工人日?-中工网``).
_OUTLET = rf"[{HAN}?\ufffd]{{1,12}}?(?:通讯社|社|网|报|台|刊|站|端|中心|频道|融媒|新闻|杂志)"
#: An outlet, possibly compound: ``工人日报—中工网``, ``新华日报·交汇点``.
_COMPOUND_OUTLET = rf"(?:[{HAN}?\ufffd]{{1,12}}\s*[-—–－·]{{1,2}}\s*)?{_OUTLET}"
#: The dash joining a compound agency, written ``-`` in results: ``工人日报—中工网``.
_AGENCY_DASH = re.compile(r"\s*[-—–－]{1,2}\s*")
#: "This outlet" agencies that name no one in particular.
_SELF_OUTLETS = frozenset({"本报", "本刊", "本台", "本网", "本站", "本社"})
#: A role keyword of a credit, with the agency standing right before it:
#: ``工人日报—中工网记者``, ``本报通讯员``, ``新华社记者``, ``文/``, ``图：``.
_ROLE = re.compile(
    rf"(?P<agency>本报|本刊|本台|本网|本站|(?:[{HAN}?\ufffd]{{1,12}}\s*[-—–－·]{{1,2}}\s*)?{_OUTLET}"
    rf"(?:\s*[-—–－·]{{1,2}}\s*[{HAN}]{{1,8}}?)?)?"
    r"\s*(?:(?P<role>特约记者|见习记者|实习记者|首席记者|全媒体记者|融媒体记者|摄影记者|记者|"
    r"特约通讯员|通讯员|实习生)"
    r"|(?P<slash>文字|撰文|撰稿|文|图片|图|摄影|摄像|视频)\s*[/／:：|｜])"
)
#: The photo marker ending a credit: ``摄``, ``/摄``, ``摄影``, ``摄影报道``, ``拍摄``, and the
#: "text and pictures" marks ``文/图``, ``图/文``, ``图文`` (the credited wrote and photographed).
_PHOTO_END = re.compile(
    r"\s*(?:[/／]?\s*(?:摄影报道|摄影|拍摄|摄)|文\s*[/／]\s*图|图\s*[/／]\s*文|文图|图文)\s*$"
)
#: A plain "reported" / "compiled" end: ``记者 X 报道``, ``X 整理``, ``X 山东冠县报道``; and a
#: note on who supplied the pictures: ``记者 X/文 受访者供图``, ``图片由X提供``, ``资料图片``.
_REPORT_END = re.compile(
    rf"(?:\s+[{HAN}]{{2,8}}报道|\s*(?:报道|整理|采写|综合报道|发自[{HAN}]{{1,8}})"
    rf"|\s*(?:受访者|采访对象|资料|单位|本人)?供图|\s*图片由[{HAN}]{{1,12}}提供|\s*资料图片?)\s*$"
)
#: Decoration in front of a byline line: ``■``, ``●``...
_DECORATION = re.compile(r"^[\s■●◆▲★□◇○◎▲▼►▶◀·•\-—]+")
#: A "compiled by" word opening a credit: ``整合 新华日报·交汇点记者 徐睿翔``.
_LEADING_WORD = re.compile(r"^(?:整合|综合|编辑整理|整理|采写|撰文)\s+")
#: Brackets around a whole credit.
_BRACKETED = re.compile(r"^[（(【\[〔]\s*(?P<inner>.*?)\s*[）)】\]〕]$")

#: 电头 at the start of a paragraph: outlet, place, month/day and 电/讯:
#: ``中工网北京1月22日电``, ``西藏日报拉萨5月2日讯``, ``新华社北京1月22日电``.
_DATELINE = re.compile(
    rf"^[\s■●◆▲★□◇○]*(?P<outlet>本报|本刊|本网|本台|本站|{_OUTLET})?\s*"
    rf"(?P<dateline>(?P<place>[{HAN}]{{0,8}}?)\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*(?:电|讯|消息))"
)
#: A flash without date: ``本报讯``, ``中工网讯``, ``新华日报·交汇点讯`` (an outlet and its
#: app joined by a middle dot; unambiguous here, unlike before a dateline's place name).
_FLASH = re.compile(
    rf"^[\s■●◆▲★□◇○]*(?P<outlet>本报|本刊|本网|本台|本站|{_OUTLET}(?:[·•・][{HAN}]{{1,6}}?)?)\s*讯"
)
#: A bracketed credit right after a dateline, or opening a paragraph: ``(记者 郑莉 郝赫)``.
_LEAD_CREDIT = re.compile(r"^\s*[（(〔\[](?P<credit>[^（）()〔〕\[\]]{2,80})[)）〕\]]\s*[:：]?\s*")
#: An unbracketed credit after a dateline, up to "reported": ``记者 张三 报道：``.
_LEAD_REPORTED = re.compile(r"^\s*(?P<credit>[^，。；：:（(]{2,40}?报道)\s*[:：]?\s*")
#: A bracketed credit closing a paragraph after its last sentence: ``...。（记者 胡晓蓉）``,
#: ``...。（常书香 马丹阳 ）``.
_TAIL_CREDIT = re.compile(
    r"(?:(?<=[。！？”…」』])|^)\s*[（(〔\[](?P<credit>[^（）()〔〕\[\]]{2,60})[)）〕\]]\s*$"
)
#: An unbracketed photo credit closing a caption: ``...。本报记者 吴铎思 摄``.
_TAIL_PHOTO = re.compile(
    rf"(?:(?<=[。！？”\s])|^)(?P<credit>(?:{_COMPOUND_OUTLET}|本报)?(?:[{HAN}]{{0,4}}记者|通讯员|摄影)?"
    rf"[\s{HAN}·、/]{{2,30}}?\s*[/／]?\s*摄(?:影)?)\s*$"
)
#: What every credit :func:`parse_credit` reads holds (it only ever cuts a text down): a role
#: word of ``_ROLE`` (记者, 通讯员, 实习生), the end of a slash role before its slash or colon
#: (文字, 撰文, 撰稿, 文, 视频; 图片, 图, 摄影, 摄像 hold 图 or 摄), or the photo mark of
#: ``_PHOTO_END`` (摄, 图).
_CREDIT_HINT = re.compile(r"记者|通讯员|实习生|[图摄]|[字文稿频]\s*[/／:：|｜]")
#: What ``_TAIL_CREDIT`` and ``_TAIL_PHOTO`` need a text to end with (before spaces).
_CLOSING_BRACKETS = frozenset(")）〕]")
_PHOTO_ENDS = frozenset("摄影")
#: A labelled author field: ``作者：X``, ``执笔人：X``, ``文/X``, ``by X``. The value ends at the
#: next field: a known label, or any label of two or more characters and a colon
#: (``作者：佚名 文章来源：本站原创``).
_AUTHOR_FIELD = re.compile(
    r"(?:(?:作者|执笔人|执笔|撰稿人|撰稿|撰文|发表者|发布者|发布人)(?:\s*[:：]\s*|\s+)"
    r"|(?<![A-Za-z])by\s+)"
    r"(?P<value>.*?)(?=\s{2,}|\s*(?:来源|出处|出自|作者|编辑|责任编辑|发布|时间|日期|点击|浏览|"
    rf"阅读|人气|字号|[【〖\[|｜]|\d{{4}}\s*[-/.年])|\s+[{HAN}]{{2,6}}\s*[:：]|$)",
    re.IGNORECASE,
)
#: A forum/blog signature: ``ggjjzhzz 发表于 2005-9-15``, ``由海姑娘张贴``.
_POSTED_BY = re.compile(
    r"(?:^|\s)(?P<value>[^\s:：]{2,20}?)\s*(?:发表于|发布于|写于)|由(?P<by>[^\s]{2,12}?)(?:张贴|发表|发布)"
)
#: A line opening with an author label.
_AUTHOR_LINE = re.compile(r"^[\s【\[（(]*(?:作者|执笔人|执笔|撰稿人|撰稿|撰文)\s*[:：]")
#: Where an author's affiliation starts: ``赵 培：北京物资学院，北京``.
_AFFILIATION = re.compile(r"[:：，,；;（(]")
#: Author fields are read on short lines only (a long block is prose).
_FIELD_LINE_MAX_CHARS = 100
#: An editor credit: ``责任编辑:朱晶晶``, ``(责编：胡永秋、杨光宇)``, ``【责任编辑:王頔】``,
#: ``编辑：X``.
_EDITOR = re.compile(
    r"[【\[（(〔]?\s*(?:(?:责任编辑|责编|网络编辑|值班编辑|本版编辑|本文编辑)\s*[:：]?|编辑\s*[:：])\s*"
    r"(?P<names>[^【】\[\]（）()〔〕\n]*?)\s*"
    r"(?:[】\]）)〕]|(?=\s*(?:审核|校对|终审|初审|复审|二审|三审|签发|监制|主编|美编|来源|作者|"
    r"记者|通讯员|摄影|责任编辑|编辑)\s*[:：])|$)"
)


@dataclass(frozen=True, slots=True)
class Credits:
    """Names a byline credits, by role, and the agency it names."""

    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    agency: str | None = None

    def __bool__(self) -> bool:
        return bool(self.reporters or self.correspondents or self.photographers)

    def merged(self, other: Credits) -> Credits:
        """Both credits' names, each once, in order; the first agency found."""
        return Credits(
            _unique(self.reporters + other.reporters),
            _unique(self.correspondents + other.correspondents),
            _unique(self.photographers + other.photographers),
            self.agency or other.agency,
        )


@dataclass(frozen=True, slots=True)
class Lead:
    """What opens a news paragraph: its dateline and bracketed credit, and the text after."""

    dateline: str | None
    #: The outlet in front of the dateline (``中工网``, ``西藏日报``), unless it is 本报.
    outlet: str | None
    credits: Credits = field(default_factory=Credits)
    #: The paragraph without the dateline and credit.
    rest: str = ""


def split_names(text: str, *, strict: bool = False, latin: bool = False) -> list[str] | None:
    """Names in ``text`` (separated by spaces, 、, ，, /). Role words among them are skipped.
    With ``strict`` every other token must be a name, else ``None`` (the text is not a credit)."""
    names: list[str] = []
    for raw in _join_spaced(_NAME_SEPARATORS.split(text)):
        token = raw.strip(_NAME_TRIM)
        if not token or token in _ROLE_WORDS or token.endswith("报道"):
            continue  # ``上海报道``: where the reporter filed from
        name = _HONORIFIC.sub("", token)
        if name in _NOT_NAMES or _STAFF_CODE.fullmatch(name):
            continue
        if _NAME.fullmatch(name) or (latin and _LATIN_NAME.fullmatch(name)):
            names.append(name)
        elif strict:
            return None
    return _unique_list(names)


def parse_credit(text: str) -> Credits | None:
    """Read a text that is nothing but a credit (``本报记者 吴铎思 本报通讯员 薛晓秋 摄``,
    ``记者周金友、洪菡婷``, ``新华社记者 郝同前 摄``); ``None`` when anything else is in it."""
    if _CREDIT_HINT.search(text) is None:
        return None  # no role word, no role slash, no photo mark: not a credit
    text = _LEADING_WORD.sub("", _DECORATION.sub("", text)).strip()
    bracketed = _BRACKETED.match(text)
    if bracketed:
        text = bracketed.group("inner")
    photo_end = _PHOTO_END.search(text)
    if photo_end:
        text = text[: photo_end.start()]
    text = _REPORT_END.sub("", text)
    roles = list(_ROLE.finditer(text))
    if not roles:
        # ``蔡雪婧/摄``: names alone before the photo marker.
        names = split_names(text, strict=True) if photo_end else None
        return Credits(photographers=tuple(names)) if names else None
    if text[: roles[0].start()].strip():
        return None
    reporters: list[str] = []
    correspondents: list[str] = []
    photographers: list[str] = []
    for number, role in enumerate(roles):
        end = roles[number + 1].start() if number + 1 < len(roles) else len(text)
        segment = text[role.end() : end]
        if not segment.strip() and role.group("slash") and number + 1 < len(roles):
            continue  # ``文/记者 X``: the slash role only introduces the next one
        names = split_names(segment, strict=True)
        if not names:
            return None
        kind = role.group("role") or role.group("slash")
        if kind in ("通讯员", "特约通讯员", "实习生"):
            correspondents.extend(names)
        elif kind in ("图", "图片", "摄影", "摄像", "视频") or kind == "摄影记者":
            photographers.extend(names)
            if kind == "摄影记者":
                reporters.extend(names)
        else:
            reporters.extend(names)
    if photo_end:
        photographers.extend(reporters + correspondents)
    agency = _agency(roles[0].group("agency"))
    return Credits(
        tuple(_unique_list(reporters)),
        tuple(_unique_list(correspondents)),
        tuple(_unique_list(photographers)),
        agency,
    )


def read_lead(text: str) -> Lead | None:
    """The dateline and bracketed credit opening a paragraph, if any:
    ``中工网北京1月22日电 (工人日报-中工网记者郑莉 郝赫)2025年…`` → 北京1月22日电, 中工网,
    reporters 郑莉, 郝赫, and the paragraph from ``2025年``."""
    dateline = _DATELINE.match(text)
    flash = None if dateline else _FLASH.match(text)
    head = dateline or flash
    rest = text[head.end() :] if head else text
    credit_match = _LEAD_CREDIT.match(rest) or (_LEAD_REPORTED.match(rest) if head else None)
    credits = parse_credit(credit_match.group("credit")) if credit_match else None
    if credits is None and credit_match and head:
        # 本报讯（常书香 马丹阳）: names alone in the bracket after a dateline.
        names = split_names(credit_match.group("credit"), strict=True)
        credits = Credits(reporters=tuple(names)) if names else None
    if credits is not None and credit_match is not None:
        rest = rest[credit_match.end() :]
    if head is None and credits is None:
        return None
    outlet = head.group("outlet") if head else None
    return Lead(
        dateline=dateline.group("dateline").replace(" ", "") if dateline else None,
        outlet=None if outlet in _SELF_OUTLETS else outlet,
        credits=credits or Credits(),
        rest=rest.lstrip(" ：:，,"),
    )


def strip_trailing_credit(text: str) -> tuple[str, Credits] | None:
    """A credit closing a paragraph: ``（记者 胡晓蓉）``, ``（常书香 马丹阳）`` or a caption's
    ``本报记者 X 摄``; returns the paragraph without it and the credit."""
    end = text[-1:]
    if end.isspace():
        end = text.rstrip()[-1:]
    match = _TAIL_CREDIT.search(text) if end in _CLOSING_BRACKETS else None
    if match is not None:
        inner = match.group("credit")
        credits = parse_credit(inner)
        if credits is None:
            names = split_names(inner, strict=True)
            credits = Credits(reporters=tuple(names)) if names else None
        if credits:
            return text[: match.start()].rstrip(), credits
    photo = _TAIL_PHOTO.search(text) if end in _PHOTO_ENDS else None
    if photo is not None:
        credits = parse_credit(photo.group("credit"))
        if credits:
            return text[: photo.start()].rstrip(), credits
    return None


def parse_labelled_authors(text: str) -> list[str]:
    """Names of labelled author fields in a header line (``作者：X``; an empty ``作者:`` gives
    nothing); Latin user names are accepted here."""
    names: list[str] = []
    if len(text) > _FIELD_LINE_MAX_CHARS:
        return names
    for match in _AUTHOR_FIELD.finditer(text):
        value = _AFFILIATION.split(match.group("value"), maxsplit=1)[0]
        names.extend(split_names(value, latin=True) or [])
    for match in _POSTED_BY.finditer(text):
        value = match.group("value") or match.group("by")
        names.extend(split_names(value, latin=True) or [])
    return _unique_list(names)


def author_line(text: str) -> list[str] | None:
    """The names of a line that is only an author field (``执笔人：X Y``, ``作者：X``)."""
    if len(text) > _FIELD_LINE_MAX_CHARS or not _AUTHOR_LINE.match(text):
        return None
    return parse_labelled_authors(text) or None


def parse_editor(text: str) -> tuple[list[str], str] | None:
    """Editor names of ``责任编辑:X`` / ``(责编：X、Y)`` / ``【责任编辑:X】`` / ``编辑：X``, and
    the text without that mention; ``None`` when there is none."""
    names: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in _EDITOR.finditer(text):
        found = split_names(match.group("names"), latin=True) or []
        if found:
            names.extend(found)
            spans.append(match.span())
    if not names:
        return None
    rest = text
    for start, end in reversed(spans):
        rest = rest[:start] + " " + rest[end:]
    return _unique_list(names), rest.strip()


def _join_spaced(tokens: list[str]) -> list[str]:
    """Two-character names are often typeset spaced out: ``赵 培`` → ``赵培``."""
    out: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if _SINGLE_HAN.fullmatch(token) and _SINGLE_HAN.fullmatch(following):
            out.append(token + following)
            index += 2
            continue
        out.append(token)
        index += 1
    return out


def _agency(value: str | None) -> str | None:
    if not value:
        return None
    value = _AGENCY_DASH.sub("-", value.strip())
    return None if value in _SELF_OUTLETS else value


def _unique(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _unique_list(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
