"""Small pure text helpers: whitespace, pinyin ruby, script detection and conversion."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

__all__ = [
    "HAN",
    "compact",
    "han_count",
    "is_traditional",
    "normalize_space",
    "normalize_spaces",
    "simplify_name",
    "strip_pinyin",
    "t2s_keeps",
    "to_simplified",
    "traditional_share",
    "visible_lengths",
]

#: A character class body matching one Han character (URO, Ext A, compatibility, Ext B-H).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

#: The tone-marked vowels (and ń ň ǹ ḿ): a ruby syllable must carry one, so "(de)" stays text.
_TONE_LETTER = (
    "\u0101\u00e1\u01ce\u00e0\u0113\u00e9\u011b\u00e8\u012b\u00ed\u01d0\u00ec"
    "\u014d\u00f3\u01d2\u00f2\u016b\u00fa\u01d4\u00f9\u01d6\u01d8\u01da\u01dc"
    "\u0144\u0148\u01f9\u1e3f"
)
#: Lower-case pinyin letters: a-z, ü and the tone-marked ones.
_PINYIN_LETTER = "a-z\u00fc" + _TONE_LETTER
_SYLLABLE = f"[{_PINYIN_LETTER}]{{0,5}}[{_TONE_LETTER}][{_PINYIN_LETTER}]{{0,5}}"
#: Pinyin ruby an accessibility (无障碍) mode puts after a character: ``會(huì)`` → ``會``. Not
#: after an ASCII letter, digit or space, so Latin text in brackets is left alone.
_RUBY = re.compile(rf"(?<![A-Za-z0-9\s])[(（]{_SYLLABLE}[)）]")
#: A tone-marked letter: no ruby without one.
_TONE_CHAR = re.compile(f"[{_TONE_LETTER}]")
#: A ruby whose opening bracket was eaten by a broken byte: ``日?qǐng)`` → ``日?``.
_ORPHAN_RUBY = re.compile(rf"(?<=[?\ufffd]){_SYLLABLE}[)）]")
#: Zero-width characters, soft hyphens, and private-use code points (icon fonts, GBK
#: user-defined bytes) that carry no text.
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\ue000-\uf8ff]")
#: Joins texts normalized together (a control character the parser never gives; checked).
_SEPARATOR = "\x00"
#: One Han character of the unified ideographs (what script detection counts), and a run.
_HAN_CHAR = re.compile(f"[{HAN}]")
_HAN_RUN = re.compile(f"[{HAN}]+")

#: Share of Han characters t2s must change for a text to count as traditional. Simplified text
#: changes on a handful of variant characters at most; traditional text on a fifth or more.
_TRADITIONAL_SHARE = 0.06
#: ...and at least this many changed characters, so one quoted name does not flip a page.
_TRADITIONAL_MIN_CHANGED = 4


#: Phrases t2s (OpenCC 1.4.2 TSPhrases) changes although no character of them changes alone
#: (``回覆`` → ``回复``, ``打坏`` → ``打坯``); those holding one of these phrases are left out.
_T2S_PHRASES = (  # noqa: SIM905 - easier to read as one string
    "一坏 凌藉 函覆 反覆 回覆 土坏 坏土 坏子 坏布 墨沈沈 意志消沈 打坏 批覆 折戟沈沙 折戟沈河 "
    "拉坏 拜覆 捏坏 明瞭 明覆 昏沈 暗沈沈 毛坏 沈下 沈冤 沈厚 沈吟 沈寂 沈思 沈浮 沈浸 沈湎 "
    "沈溺 沈甸甸 沈痛 沈痼 沈睡 沈砂池 沈筒 沈船 沈落 沈迷 沈醉 沈重 沈降 沈陷 沈香 沈默 浮沈 "
    "海哩 深沈 滑藉 狐藉虎威 甦生 甦醒 申覆 瞭如 瞭然 瞭若指掌 瞭解 破釜沈舟 示覆 答覆 素藉 "
    "耳沈 英哩 茵藉 藉代 藉以 藉助 藉卉 藉口 藉喻 藉寇兵 藉手 藉故 藉方 藉槁 藉此 藉甚 藉由 "
    "藉着 藉端 衹得 覆信 覆呈 覆命 覆墓 覆按 覆文 覆校 重覆 陶坏 黑沈沈"
).split(" ")
#: A character every one of :data:`_T2S_PHRASES` holds one of.
_T2S_PHRASE_MARKS = "坏瞭藉覆沈哩甦衹"
#: Code points outside the Basic Multilingual Plane t2s may change (CJK Ext. B onwards, the
#: compatibility supplement): any of them sends a text to OpenCC.
_T2S_ASTRAL = "\U00020000-\U0003134f"


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _t2s() -> _Converter:
    import opencc

    converter: _Converter = opencc.OpenCC("t2s")
    return converter


@lru_cache(maxsize=1)
def _t2s_triggers() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """What may make t2s change a text: the characters it changes alone (read from OpenCC
    once, each Han character of the Basic Multilingual Plane converted on a line of its own)
    and the astral Han planes; a mark of :data:`_T2S_PHRASES`; those phrases."""
    candidates = [
        chr(code)
        for start, end in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
        for code in range(start, end + 1)
    ]
    converted = to_simplified("\n".join(candidates)).split("\n")
    if len(converted) == len(candidates):
        changed = "".join(old for old, new in zip(candidates, converted, strict=True) if old != new)
    else:  # pragma: no cover - OpenCC keeps newlines; else every non-ASCII text is converted
        changed = "\x80-\uffff"
    return (
        re.compile(f"[{changed}{_T2S_ASTRAL}]"),
        re.compile(f"[{_T2S_PHRASE_MARKS}]"),
        re.compile("|".join(_T2S_PHRASES)),
    )


def t2s_keeps(text: str) -> bool:
    """True when t2s is known to give ``text`` back unchanged without converting it: no
    character t2s changes alone, no astral Han character, none of :data:`_T2S_PHRASES`.
    (False: it may change it; ask :func:`to_simplified`.)"""
    characters, marks, phrases = _t2s_triggers()
    if characters.search(text) is not None:
        return False
    return marks.search(text) is None or phrases.search(text) is None


def normalize_space(text: str) -> str:
    """Collapse every run of spaces (nbsp, full-width...) to one ASCII space and trim."""
    # Spaces are what str.split() splits on: str.isspace, which covers \s, nbsp, U+1680,
    # U+2000-U+200A, U+2028/9, U+202F, U+205F and the ideographic space U+3000.
    return " ".join(_INVISIBLE.sub("", text).split())


def normalize_spaces(texts: list[str]) -> list[str]:
    """:func:`normalize_space` of each text (one scan for invisible characters for all).

    Invisible characters are neither spaces nor printable: when the texts with their spaces
    collapsed are all printable, there is none to remove (a cheaper test than the search)."""
    collapsed = [" ".join(text.split()) for text in texts]
    if " ".join(collapsed).isprintable():
        return collapsed
    joined = _SEPARATOR.join(texts)
    if _INVISIBLE.search(joined) is None:
        return collapsed
    if joined.count(_SEPARATOR) == len(texts) - 1:
        texts = _INVISIBLE.sub("", joined).split(_SEPARATOR)
    else:
        texts = [_INVISIBLE.sub("", text) for text in texts]
    return [" ".join(text.split()) for text in texts]


def visible_lengths(texts: list[str]) -> list[int]:
    """How many characters of each text are neither spaces nor invisible: the length of
    ``normalize_space(text)`` without its spaces (printable once without spaces: nothing
    invisible, see :func:`normalize_spaces`)."""
    compacted = ["".join(text.split()) if text else "" for text in texts]
    if "".join(compacted).isprintable() or _INVISIBLE.search("".join(texts)) is None:
        return [len(text) for text in compacted]
    texts = [_INVISIBLE.sub("", text) for text in texts]
    return [len("".join(text.split())) if text else 0 for text in texts]


def compact(text: str) -> str:
    """The text without any whitespace (for comparing strings laid out differently)."""
    return "".join(text.split())


def strip_pinyin(text: str) -> str:
    """Remove pinyin ruby: ``工會(huì)`` → ``工會``; ``日?qǐng)?bào)`` → ``日??``."""
    if "(" not in text and "（" not in text and ")" not in text:
        return text
    if _TONE_CHAR.search(text) is None:  # every ruby syllable carries a tone mark
        return text
    return _ORPHAN_RUBY.sub("", _RUBY.sub("", text))


def to_simplified(text: str) -> str:
    """Traditional → simplified script (OpenCC ``t2s``)."""
    return _t2s().convert(text) if text else text


def simplify_name(text: str) -> str:
    """A name or outlet in simplified script, character by character: ``陳曉東`` → ``陈晓东``.
    Only characters outside GB2312 (the simplified set in common use) whose simplified form is
    in it change: ``李乾`` and ``於梨华`` stay (乾, 於 are simplified characters too, which t2s
    would turn into 干, 于), and so does ``王頔`` (t2s would give the unused ``𬱖``)."""
    converted = to_simplified(text)
    if converted == text or len(converted) != len(text):
        return text
    return "".join(
        new if new != old and not _in_gb2312(old) and _in_gb2312(new) else old
        for old, new in zip(text, converted, strict=True)
    )


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def han_count(text: str) -> int:
    """How many Han characters the text holds."""
    return len(text) - len(_HAN_RUN.sub("", text))


def traditional_share(text: str, simplified: str | None = None) -> float:
    """Share of the Han characters that t2s changes (``simplified``: the converted text, when the
    caller already has it)."""
    converted = to_simplified(text) if simplified is None else simplified
    total = han_count(text)
    if total == 0 or len(converted) != len(text):
        return _changed_share_unaligned(text, converted, total)
    return _changed_count(text, converted) / total


def is_traditional(text: str, simplified: str | None = None) -> bool:
    """True when the text is written in traditional script: t2s changes at least
    ``_TRADITIONAL_SHARE`` of its Han characters, and at least ``_TRADITIONAL_MIN_CHANGED``."""
    converted = to_simplified(text) if simplified is None else simplified
    if converted == text:
        return False  # t2s changes nothing: a share of 0 (or no Han character at all)
    if len(converted) != len(text):
        total = han_count(text)
        return total > 0 and _is_traditional_share(
            _changed_share_unaligned(text, converted, total), total
        )
    # Counting stops once the changes alone settle it: that many are the share even of a text
    # made of Han characters only (and from 5 on, the minimum holds whatever float rounding).
    settled = _least_changed_share(len(text))
    changed = _changed_count(text, converted, settled)
    if changed >= settled:
        return _HAN_CHAR.search(text) is not None
    if changed < _TRADITIONAL_MIN_CHANGED:
        return False
    # Few changes (an exact count): enough Han characters in an opening part of the text may
    # already make them too small a share.
    length = min(len(text), int(changed / _TRADITIONAL_SHARE * 1.25) + 16)
    while length < len(text):
        total = han_count(text[:length])
        if total and changed / total < _TRADITIONAL_SHARE:
            return False
        length *= 2
    total = han_count(text)
    return total > 0 and _is_traditional_share(changed / total, total)


def _is_traditional_share(share: float, total: int) -> bool:
    return share >= _TRADITIONAL_SHARE and share * total >= _TRADITIONAL_MIN_CHANGED


def _least_changed_share(length: int) -> int:
    """The least count, from 5, that is ``_TRADITIONAL_SHARE`` of ``length`` characters."""
    count = max(_TRADITIONAL_MIN_CHANGED + 1, int(length * _TRADITIONAL_SHARE) - 1)
    while count / length < _TRADITIONAL_SHARE:
        count += 1
    return count


def _changed_count(text: str, converted: str, enough: int | None = None) -> int:
    """How many positions of two equally long texts differ; counting stops once ``enough`` is
    reached (the count returned is then at least ``enough``). Texts are compared line by line
    (whole lines compare in C) while their lines pair up."""
    lines, converted_lines = text.split("\n"), converted.split("\n")
    if len(lines) == len(converted_lines):
        changed = 0
        for line, other in zip(lines, converted_lines, strict=True):
            if line == other:
                continue
            if len(line) != len(other):
                break
            changed += sum(1 for a, b in zip(line, other, strict=True) if a != b)
            if enough is not None and changed >= enough:
                return changed
        else:
            return changed
    return sum(1 for a, b in zip(text, converted, strict=True) if a != b)


def _changed_share_unaligned(text: str, converted: str, total: int) -> float:
    """Fallback when a phrase conversion changed the length: compare character multisets."""
    if total == 0:
        return 0.0
    before = set(_HAN_CHAR.findall(text))
    after = set(_HAN_CHAR.findall(converted))
    gone = before - after
    return sum(1 for ch in _HAN_CHAR.findall(text) if ch in gone) / total
