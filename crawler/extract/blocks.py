"""Cut a parsed page into text blocks: the runs of inline text between block-level boundaries.

One walk over the tree (:mod:`crawler.extract.walk`), in document order, without touching it
(the crawler reuses the same tree for links). Each :class:`Block` remembers the block element
that holds it, how much of its text sits inside links, whether it lies inside a heading, a list
item or page chrome (nav, footer, sidebar... judged by class/id), so the title, date, byline and
body finders can all work from the same list. Hidden elements, scripts, styles and form
controls are never read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.etree import _Element as Element

from crawler.extract.text import normalize_spaces, strip_pinyin, visible_lengths
from crawler.extract.walk import COMPILED, Context, walk

__all__ = ["Block", "make_blocks_python", "segment", "with_text"]

#: Punctuation that ends or splits sentences; prose has it, menus and lists do not.
_PUNCTUATION = "，。！？；、,!?;…"
_PUNCT = re.compile(f"[{_PUNCTUATION}]")
#: From this length counting each mark (a fast search per mark) beats one regex scan.
_PUNCT_COUNT_LENGTH = 100


@dataclass(frozen=True, slots=True, eq=False)
class Block:
    """One run of text between block-level boundaries, in document order."""

    index: int
    #: The text as the page wrote it (pinyin ruby removed, spaces collapsed).
    raw: str
    #: The text in simplified script (``raw`` itself on simplified pages).
    text: str
    #: Non-space characters.
    chars: int
    #: Non-space characters inside ``<a>`` elements.
    link_chars: int
    #: Sentence punctuation marks.
    punct: int
    #: The nearest block-level element holding the text.
    container: Element
    #: 1-6 when inside ``<h1>``..``<h6>``, else 0.
    heading: int
    #: The innermost ancestor whose class/id marks page chrome, if any.
    chrome: Element | None
    #: Inside a list item (``<li>``, ``<dd>``, ``<dt>``).
    in_list: bool

    @property
    def link_density(self) -> float:
        """Share of the characters that are link text."""
        return self.link_chars / self.chars if self.chars else 0.0


#: Fields of :class:`Block` set directly (a frozen dataclass's ``__init__`` pays for
#: ``object.__setattr__`` on every field; blocks are made by the hundred per page).
_BLOCK_FIELDS = (
    "index", "raw", "text", "chars", "link_chars", "punct", "container", "heading", "chrome",
    "in_list",
)  # fmt: skip
_BLOCK_SLOTS = tuple(getattr(Block, name) for name in _BLOCK_FIELDS)
_SET_BLOCK_FIELDS = tuple(slot.__set__ for slot in _BLOCK_SLOTS)


def segment(root: Element, marks: list[Element] | None = None) -> list[Block]:
    """The text blocks of a document, in document order. ``marks``, when given, receives the
    elements the walk passes that :func:`crawler.extract.metadata.read_metadata` reads:
    every ``<meta>``, ``<title>``, ``<script>``, ``<time>`` and element with an ``itemprop``
    under (and at) ``root``, in document order.

    One walk over the tree collects the text read between block boundaries with its context,
    then every block's text is normalized and counted in one go."""
    texts, link_texts, contexts = walk(root, marks if marks is not None else [])
    return _make_blocks(texts, link_texts, contexts)


def _make_blocks(texts: list[str], link_texts: list[str], contexts: list[Context]) -> list[Block]:
    """The blocks of the collected texts (spaces collapsed, pinyin ruby removed; texts left
    empty make no block): :func:`make_blocks_python`, or the same compiled with the walk."""
    if COMPILED is None:
        return make_blocks_python(normalize_spaces(texts), visible_lengths(link_texts), contexts)
    # The compiled fast paths of normalize_spaces and visible_lengths, where they apply.
    raws = COMPILED.collapse_spaces(texts)
    if raws is None:
        raws = normalize_spaces(texts)
    link_sizes = COMPILED.visible_sizes(link_texts)
    if link_sizes is None:
        link_sizes = visible_lengths(link_texts)
    blocks: list[Block] = COMPILED.make_blocks(
        raws, link_sizes, contexts, Block, _BLOCK_SLOTS, strip_pinyin
    )
    return blocks


def make_blocks_python(
    raws: list[str], link_sizes: list[int], contexts: list[Context]
) -> list[Block]:
    """The blocks of texts with their spaces collapsed (``raws``), the visible length of the
    link text of each and where each stands (the definition of the compiled ``make_blocks``)."""
    blocks: list[Block] = []
    index = 0
    new = object.__new__
    set_index, set_raw, set_text, set_chars, set_links, set_punct = _SET_BLOCK_FIELDS[:6]
    set_container, set_heading, set_chrome, set_in_list = _SET_BLOCK_FIELDS[6:]
    for normalized, link_size, (container, heading, chrome, lists) in zip(
        raws, link_sizes, contexts, strict=True
    ):
        raw = normalized
        if "(" in raw or "（" in raw or ")" in raw:
            raw = strip_pinyin(raw)
        if not raw:
            continue
        chars = len(raw) - raw.count(" ")
        block: Block = new(Block)
        set_index(block, index)
        index += 1
        set_raw(block, raw)
        set_text(block, raw)
        set_chars(block, chars)
        set_links(block, link_size if link_size < chars else chars)
        if len(raw) < _PUNCT_COUNT_LENGTH:
            set_punct(block, len(_PUNCT.findall(raw)))
        else:  # the marks of _PUNCTUATION, one fast count each
            set_punct(
                block,
                raw.count("，") + raw.count("。") + raw.count("！") + raw.count("？")
                + raw.count("；") + raw.count("、") + raw.count(",") + raw.count("!")
                + raw.count("?") + raw.count(";") + raw.count("…"),
            )  # fmt: skip
        set_container(block, container)
        set_heading(block, heading)
        set_chrome(block, chrome)
        set_in_list(block, lists > 0)
        blocks.append(block)
    return blocks


def with_text(block: Block, text: str) -> Block:
    """The block with another ``text`` (``dataclasses.replace``, without its cost)."""
    copy: Block = object.__new__(Block)
    for set_field, name in zip(_SET_BLOCK_FIELDS, _BLOCK_FIELDS, strict=True):
        set_field(copy, getattr(block, name))
    _SET_BLOCK_FIELDS[2](copy, text)
    return copy
