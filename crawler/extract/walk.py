"""The walk under :func:`crawler.extract.blocks.segment`: one pass over a parsed page, in document
order, collecting the text between block-level boundaries with where it stands (its block
container, heading level, chrome ancestor, list depth) and the part of it inside links.

Two implementations give the same result: :func:`walk_python`, the definition, and the compiled
``crawler.extract._walk`` (Cython, built with the package when a C compiler is there), which reads
libxml2's nodes directly instead of asking lxml for every element's tag, text and attributes
(about 3x faster; the walk was a third of the extractor's time). :data:`walk` is the compiled one
when it is built, current and not turned off (``UNIONWATCH_NO_EXTENSIONS=1``), else the Python
one; :data:`WALK_IMPLEMENTATION` says which. Both take their decisions from the tables and
helpers here (tag flags, chrome class/id words, hiding styles), so a rule is changed in one place.
The same compiled module (:data:`COMPILED`) also collapses the spaces of what the walk
collected (the fast paths of :func:`crawler.extract.text.normalize_spaces` and
:func:`crawler.extract.text.visible_lengths`), makes the text blocks from it
(:func:`crawler.extract.blocks.make_blocks_python` is their definition) and sums the blocks up
the tree for the content finder (:func:`crawler.extract.body.tree_stats_python`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType, ModuleType

from lxml import etree
from lxml.etree import _Element as Element

__all__ = [
    "BLOCK_TAGS",
    "COMPILED",
    "WALK_IMPLEMENTATION",
    "Collected",
    "Context",
    "bind_compiled",
    "is_chrome_mark",
    "walk",
    "walk_python",
]

logger = logging.getLogger(__name__)

#: Elements that start a new text block.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "html", "li",
        "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
        "tfoot", "th", "thead", "tr", "ul", "text",
    }
)  # fmt: skip
#: Elements whose content is never page text.
_SKIP_TAGS = frozenset(
    {
        "audio", "button", "canvas", "datalist", "embed", "head", "iframe", "input", "map",
        "math", "meta", "noscript", "object", "option", "script", "select", "style", "svg",
        "template", "textarea", "title", "video", "link",
    }
)  # fmt: skip
#: Elements that break a line inside a block.
_BREAK_TAGS = frozenset({"br", "hr"})
#: Heading elements and their level.
_HEADINGS: Mapping[str, int] = MappingProxyType({f"h{n}": n for n in range(1, 7)})
#: List-like items: text in them is usually one entry of a list (news lists, menus).
_LIST_ITEMS = frozenset({"li", "dd", "dt"})

#: Inline CSS that hides an element. (Not ``visibility:hidden``: WeChat articles keep their text
#: in such a ``#js_content`` until a script shows it.)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
#: ...in lower-case ASCII (where ignoring case is lower-casing).
_HIDDEN_STYLE_LOWER = re.compile(r"display\s*:\s*none")
#: Elements never judged as chrome by their class (WeChat's body has ``comment_feature``).
_NEVER_CHROME = frozenset({"html", "body", "text"})
#: class/id words that mark page chrome rather than the article: navigation, footers, sidebars,
#: share bars, related-news and friend-link lists, comments, adverts (also their pinyin
#: initials: xgxw 相关新闻, yqlj 友情链接, dh 导航, fx 分享).
_CHROME_WORDS = (
    "nav", "navbar", "navigation", "menu", "menus", "footer", "foot", "bottom", "sidebar",
    "side", "aside", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "position", "location",
    "share", "sharing", "bdshare", "social", "related", "relate", "relative", "recommend",
    "recommends", "recom", "comment", "comments", "reply", "copyright", "copy", "friendlink",
    "friendlinks", "links", "ad", "ads", "advert", "advertisement", "banner", "toolbar", "tools",
    "rank", "ranking", "hot", "hotnews", "login", "search", "pager", "pagination", "pagenav",
    "page-nav", "xgxw", "xgwz", "xgyd", "yqlj", "dh", "fx", "tjyd", "rdtj", "more", "tag", "tags",
    "keyword", "keywords",
)  # fmt: skip
#: A chrome word standing alone in a class/id value (a digit may follow it: ``nav2``).
_CHROME_ATTR = re.compile(
    rf"(?:^|[\s_\-])(?:{'|'.join(map(re.escape, _CHROME_WORDS))})(?:$|[\s_\-\d])", re.IGNORECASE
)
#: The words as whole lower-case tokens of an ASCII value cut at spaces, ``_`` and ``-``
#: (``page-nav`` is found as ``nav``).
_CHROME_TOKENS = frozenset(word for word in _CHROME_WORDS if "-" not in word)

#: What the walk does at an element, as bit flags by (lower-case) tag; a heading's level is
#: kept above ``_LEVEL_SHIFT``.
_STARTS_BLOCK = 1
_BREAKS = 2
_IS_LINK = 4
_SKIPPED = 8
_LIST_ITEM = 16
_NOT_CHROME = 32
_MARKED = 64
_NOT_ELEMENT = 128
#: Any of: not an element, marked, skipped.
_NOT_PLAIN = _NOT_ELEMENT | _MARKED | _SKIPPED
_LEVEL_SHIFT = 8
#: Attributes the walk reads (an element with none of them needs no closer look).
_READ_ATTRIBUTES = frozenset({"hidden", "style", "class", "id", "itemprop"})
#: Elements :func:`crawler.extract.metadata.read_metadata` reads (and those with ``itemprop``).
_MARKED_TAGS = frozenset({"meta", "title", "script", "time"})

#: Inline elements the walk only reads through (listed so that their flags need no
#: ``str.lower``; any other tag is looked up lower-cased).
_INLINE_TAGS = frozenset(
    {
        "span", "font", "img", "b", "strong", "em", "i", "u", "s", "small", "big", "sup", "sub",
        "label", "abbr", "cite", "code", "mark", "q", "time", "tt", "var", "ins", "del",
        "strike", "nobr", "wbr", "o:p", "st1:chsdate", "area", "source", "param", "picture",
        "path", "g", "use", "base",
    }
)  # fmt: skip


def _tag_flags() -> dict[object, int]:
    """What the walk does at an element, by tag; comments and processing instructions have
    lxml's factory functions as their ``tag``."""
    flags: dict[object, int] = dict.fromkeys(_INLINE_TAGS, 0)
    for tag in BLOCK_TAGS:
        flags[tag] = _STARTS_BLOCK
    for tag in _BREAK_TAGS:
        flags[tag] = _BREAKS
    for tag in _SKIP_TAGS:
        flags[tag] = _SKIPPED
    flags["a"] = _IS_LINK
    for tag in _LIST_ITEMS:
        flags[tag] |= _LIST_ITEM
    for tag in _NEVER_CHROME:
        flags[tag] |= _NOT_CHROME
    for tag, level in _HEADINGS.items():
        flags[tag] |= level << _LEVEL_SHIFT
    for tag in _MARKED_TAGS:
        flags[tag] |= _MARKED
    for factory in (etree.Comment, etree.PI, etree.Entity):
        flags[factory] = _NOT_ELEMENT
    return flags


#: (A plain dict, read in the walk's innermost loop; never changed.)
_TAG_FLAGS: dict[object, int] = _tag_flags()

#: What an element did on entering, undone on leaving it.
_PUSHED_BLOCK = 1
_PUSHED_CHROME = 2
_OPENED_LINK = 4

#: Where the text of a block stands: container, heading level, chrome ancestor, list depth.
Context = tuple[Element, int, Element | None, int]
#: What a walk collects: the texts between block boundaries as the page has them (spaces not
#: yet collapsed), the part of each inside links, and where each stands.
Collected = tuple[list[str], list[str], list[Context]]


def walk_python(root: Element, found: list[Element]) -> Collected:
    """The texts of a document between block boundaries, in document order (see
    :data:`Collected`); ``found`` receives the elements
    :func:`crawler.extract.metadata.read_metadata` reads: every ``<meta>``, ``<title>``,
    ``<script>``, ``<time>`` and element with an ``itemprop`` under (and at) ``root``, in
    document order.

    Elements without children are entered and left in one step. Spaces opening a block are
    not collected (normalizing drops them, and link text only counts non-spaces)."""
    if root.tag in _MARKED_TAGS or root.get("itemprop") is not None:
        found.append(root)
    texts: list[str] = []
    link_texts: list[str] = []
    contexts: list[Context] = []
    pieces: list[str] = []
    link_pieces: list[str] = []
    links = 0
    context: Context = (root, 0, None, 0)
    #: The elements being walked through: their children still to walk, the element, what it
    #: did on entering, the context outside it.
    open_elements: list[tuple[Iterator[Element], Element, int, Context]] = []
    chrome_marks: dict[str, bool] = {}
    #: Whether an inline style hides its element, by style (pages repeat their styles).
    hiding_styles: dict[str, bool] = {}
    tag_flags = _TAG_FLAGS
    text = root.text
    if text and not text.isspace():
        pieces.append(text)
    children: Iterator[Element] = iter(root)
    while True:
        for el in children:
            try:
                flags = tag_flags[el.tag]
            except KeyError:  # marks go by the exact tag
                flags = tag_flags.get(el.tag.lower(), 0) & ~_MARKED
            if flags & _NOT_PLAIN:
                if flags & _NOT_ELEMENT:  # a comment or processing instruction: its tail is text
                    text = el.tail
                    if text and (pieces or not text.isspace()):
                        pieces.append(text)
                        if links:
                            link_pieces.append(text)
                    continue
                if flags & _MARKED:
                    found.append(el)
                if flags & _SKIPPED:
                    if not flags & _MARKED and el.get("itemprop") is not None:
                        found.append(el)
                    if len(el):
                        found.extend(_marked_below(el))
                    text = el.tail
                    if text and (pieces or not text.isspace()):
                        pieces.append(text)
                        if links:
                            link_pieces.append(text)
                    continue
            chrome: bool | None = False
            keys = el.keys()
            if keys and not _READ_ATTRIBUTES.isdisjoint(keys):
                if "itemprop" in keys and not flags & _MARKED:
                    found.append(el)
                if "hidden" in keys or (
                    "style" in keys and _hidden_style(el.get("style", ""), hiding_styles)
                ):
                    if len(el):
                        found.extend(_marked_below(el))
                    text = el.tail
                    if text and (pieces or not text.isspace()):
                        pieces.append(text)
                        if links:
                            link_pieces.append(text)
                    continue
                if not flags & _NOT_CHROME:
                    if "class" in keys:
                        mark = el.get("class")
                        if mark:
                            chrome = chrome_marks.get(mark)
                            if chrome is None:
                                chrome = chrome_marks[mark] = is_chrome_mark(mark)
                    if not chrome and "id" in keys:
                        mark = el.get("id")
                        if mark:
                            chrome = chrome_marks.get(mark)
                            if chrome is None:
                                chrome = chrome_marks[mark] = is_chrome_mark(mark)
            # Entering the element.
            code = 0
            outside = context
            if flags & _STARTS_BLOCK:
                if pieces:
                    texts.append("".join(pieces))
                    link_texts.append("".join(link_pieces) if link_pieces else "")
                    contexts.append(context)
                    pieces.clear()
                    link_pieces.clear()
                code = _PUSHED_BLOCK
                context = (
                    el,
                    flags >> _LEVEL_SHIFT or context[1],
                    el if chrome else context[2],
                    context[3] + 1 if flags & _LIST_ITEM else context[3],
                )
            elif chrome:
                code = _PUSHED_CHROME
                context = (context[0], context[1], el, context[3])
            elif flags & _BREAKS and pieces:
                texts.append("".join(pieces))
                link_texts.append("".join(link_pieces) if link_pieces else "")
                contexts.append(context)
                pieces.clear()
                link_pieces.clear()
            if flags & _IS_LINK:
                links += 1
                code |= _OPENED_LINK
            text = el.text
            if text and (pieces or not text.isspace()):
                pieces.append(text)
                if links:
                    link_pieces.append(text)
            if len(el):
                open_elements.append((children, el, code, outside))
                children = iter(el)
                break
            # Leaving an element without children.
            if code:
                if code & _OPENED_LINK:
                    links -= 1
                if code & _PUSHED_BLOCK and pieces:
                    texts.append("".join(pieces))
                    link_texts.append("".join(link_pieces) if link_pieces else "")
                    contexts.append(context)
                    pieces.clear()
                    link_pieces.clear()
                context = outside
            text = el.tail
            if text and (pieces or not text.isspace()):
                pieces.append(text)
                if links:
                    link_pieces.append(text)
        else:
            # Leaving the element whose children are all walked.
            if not open_elements:
                break
            children, el, code, outside = open_elements.pop()
            if code:
                if code & _OPENED_LINK:
                    links -= 1
                if code & _PUSHED_BLOCK and pieces:
                    texts.append("".join(pieces))
                    link_texts.append("".join(link_pieces) if link_pieces else "")
                    contexts.append(context)
                    pieces.clear()
                    link_pieces.clear()
                context = outside
            text = el.tail
            if text and (pieces or not text.isspace()):
                pieces.append(text)
                if links:
                    link_pieces.append(text)
    if pieces:
        texts.append("".join(pieces))
        link_texts.append("".join(link_pieces) if link_pieces else "")
        contexts.append(context)
    return texts, link_texts, contexts


def is_chrome_mark(mark: str) -> bool:
    """True when a class or id value names page chrome (``_CHROME_ATTR`` finds a word in it).

    An ASCII value is cut into tokens at spaces, ``_`` and ``-`` (what may stand before a
    word); a token is chrome when it is a word or a word followed by a digit."""
    if not mark.isascii():  # case-insensitive matching is Unicode-wide: the pattern decides
        return _CHROME_ATTR.search(mark) is not None
    for token in mark.lower().replace("_", " ").replace("-", " ").split():
        if token in _CHROME_TOKENS:
            return True
        if not token.isalpha():
            for end, char in enumerate(token):
                if char.isdigit() and token[:end] in _CHROME_TOKENS:
                    return True
    return False


def _hidden_style(style: str, known: dict[str, bool]) -> bool:
    """:func:`_hides`, remembered in ``known``."""
    hidden = known.get(style)
    if hidden is None:
        hidden = known[style] = _hides(style)
    return hidden


def _hides(style: str) -> bool:
    """True when inline CSS hides the element (``_HIDDEN_STYLE`` finds ``display: none``)."""
    if style.isascii():  # most styles: a plain search in lower case, after a quick test
        lowered = style.lower()
        return "none" in lowered and _HIDDEN_STYLE_LOWER.search(lowered) is not None
    return _HIDDEN_STYLE.search(style) is not None


def _marked_below(el: Element) -> list[Element]:
    """The marked elements under an element the walk skips (``descendant::*[self::meta or
    self::title or self::script or self::time or @itemprop]``)."""
    return [
        sub
        for sub in el.iterdescendants(etree.Element)
        if sub.tag in _MARKED_TAGS or sub.get("itemprop") is not None
    ]


#: Set (to anything but ``0``/``false``) to use :func:`walk_python` even where the compiled
#: walk is built; ``setup.py`` then builds none.
NO_EXTENSIONS_ENV = "UNIONWATCH_NO_EXTENSIONS"
#: The compiled walk's source, beside this module in a checkout (not in an installed wheel).
_SOURCE = Path(__file__).with_name("_walk.pyx")

WalkFunction = Callable[[Element, list[Element]], Collected]


def stale_reason(built_from: str, built_with_lxml: str, source: Path = _SOURCE) -> str | None:
    """Why a compiled walk must not be used, or ``None``: it was built against another lxml
    than the one running, or from another ``_walk.pyx`` than the one beside it (edited or
    checked out since the last install)."""
    if built_with_lxml != etree.__version__:
        return f"it was built against lxml {built_with_lxml}, lxml {etree.__version__} runs"
    try:
        current = hashlib.sha256(source.read_bytes()).hexdigest()
    except FileNotFoundError:  # an installed wheel: no source to compare with
        return None
    if current != built_from:
        return f"{source.name} changed since it was built (run `make install` to rebuild it)"
    return None


def _choose(source: Path = _SOURCE) -> tuple[ModuleType | None, str]:
    """The compiled module when it is built, current (see :func:`stale_reason`) and not turned
    off, else ``None`` (the Python walk); with which walk that is."""
    if os.environ.get(NO_EXTENSIONS_ENV, "") not in ("", "0", "false"):
        return None, f"python ({NO_EXTENSIONS_ENV} is set)"
    try:
        from crawler.extract import _walk
    except ImportError:
        return None, "python (the compiled walk is not built)"
    reason = stale_reason(_walk.SOURCE_SHA256, _walk.LXML_VERSION, source)
    if reason is not None:
        logger.warning("not using the compiled page walk: %s", reason)
        return None, f"python (the compiled walk is stale: {reason})"
    return _walk, "compiled"


def bind_compiled(compiled: Callable[..., Collected]) -> WalkFunction:
    """The compiled ``walk`` given this module's rules: the tag flags, the chrome-mark and
    hiding-style tests and the collector of marked elements under a skipped one."""
    rules = (_TAG_FLAGS, is_chrome_mark, _hidden_style, _marked_below)

    def walk_compiled(root: Element, found: list[Element]) -> Collected:
        return compiled(root, found, *rules)

    return walk_compiled


#: The compiled module (``crawler.extract._walk``: the walk, the spaces, the block making and
#: the content finder's tree sums) when it is in use, and which walk runs (``compiled``, or
#: ``python (why)``).
COMPILED, WALK_IMPLEMENTATION = _choose()
#: The walk :func:`crawler.extract.blocks.segment` uses.
walk: WalkFunction = bind_compiled(COMPILED.walk) if COMPILED is not None else walk_python
