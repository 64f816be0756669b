"""The seed article: a real union page as scraped, and its clean simplified-script reading.

The page text (``data/seed-page.txt``) is traditional script with pinyin after every converted
character (``工會(huì)``) and two runs of broken characters (``工人日?qǐng)?bào)``,
``?。▍^(qū)、市)``). The demo city site serves it unchanged; the demo portal carries the clean
original it was copied from. This module reads the file and derives both readings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import opencc

__all__ = ["SEED_RESOURCE", "SeedPage", "load_seed"]

#: The seed text, relative to the ``crawler.demo`` package.
SEED_RESOURCE = "data/seed-page.txt"

#: Pinyin the accessibility view put after each converted character: "(huì)".
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")

#: The broken runs of the scraped copy and what the page said before it broke.
_REPAIRS = (
    ("工人日?qǐng)?bào)", "工人日報(bào)"),
    ("?。▍^(qū)、市)", "省(shěng)(區(qū)、市)"),
)

#: The byline the first paragraph opens with, once pinyin is gone (traditional script).
_LEAD = re.compile(r"^中工網北京1月22日電 \(工人日報-中工網記者鄭莉 郝赫\)")

#: Variant characters OpenCC leaves alone, and their standard simplified form.
_VARIANTS = (("陜", "陕"),)

_EDITOR_PREFIX = "責(zé)任編輯:"


@dataclass(frozen=True, slots=True)
class SeedPage:
    """The seed page as scraped and as its clean reading."""

    #: The file's text, byte for byte.
    raw: str
    #: Line 1: the headline as the page shows it (traditional script with pinyin).
    title_line: str
    #: Line 2: ``〖發(fā)布日期:...〗 〖點(diǎn)擊量:`` as the page shows it.
    info_line: str
    #: The body paragraphs as the page shows them; the first one opens with the byline.
    page_paragraphs: tuple[str, ...]
    #: The last line: ``責(zé)任編輯:朱晶晶``.
    editor_line: str
    #: The headline in simplified script, pinyin removed.
    title: str
    #: The byline prefix of the first paragraph in simplified script.
    lead: str
    #: The body in simplified script: pinyin removed, broken characters repaired, byline
    #: prefix removed. Punctuation stays as the scraped page has it (ASCII commas).
    paragraphs: tuple[str, ...]
    reporters: tuple[str, ...]
    editor: str
    dateline: str
    agency: str


def _unbreak(text: str) -> str:
    """Repair the broken runs and drop the pinyin; the script stays traditional."""
    for broken, repaired in _REPAIRS:
        text = text.replace(broken, repaired)
    return _PINYIN.sub("", text)


def _clean(text: str, converter: opencc.OpenCC) -> str:
    """The simplified-script reading of a line of the page."""
    text = str(converter.convert(_unbreak(text)))
    for variant, standard in _VARIANTS:
        text = text.replace(variant, standard)
    return text


def load_seed() -> SeedPage:
    """Read ``data/seed-page.txt`` and derive its clean simplified reading."""
    raw = resources.files("crawler.demo").joinpath(SEED_RESOURCE).read_text(encoding="utf-8")
    lines = [line for line in raw.split("\n") if line.strip()]
    title_line, info_line, *page_paragraphs, editor_line = lines
    if not editor_line.startswith(_EDITOR_PREFIX):
        raise ValueError(f"{SEED_RESOURCE}: the last line is not an editor line")
    t2s = opencc.OpenCC("t2s")
    match = _LEAD.match(_unbreak(page_paragraphs[0]))
    if match is None:
        raise ValueError(f"{SEED_RESOURCE}: the first paragraph does not open with its byline")
    lead = str(t2s.convert(match.group(0)))
    paragraphs = tuple(_clean(p, t2s) for p in page_paragraphs)
    return SeedPage(
        raw=raw,
        title_line=title_line,
        info_line=info_line,
        page_paragraphs=tuple(page_paragraphs),
        editor_line=editor_line,
        title=_clean(title_line, t2s),
        lead=lead,
        paragraphs=(paragraphs[0].removeprefix(lead), *paragraphs[1:]),
        reporters=("郑莉", "郝赫"),
        editor=_clean(editor_line, t2s).removeprefix("责任编辑:"),
        dateline="北京1月22日电",
        agency="工人日报-中工网",
    )
