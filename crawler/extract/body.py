"""Find the article text among a page's blocks.

Generic, no site knowledge needed: every block gets a content score from its own text
(sentence punctuation, non-link length, link density), each score is credited to the block's
nearest container element and, halved at every step, to the containers above it; the container
with the best score (weighed by its link density and class/id hints) holds the article. That
works for ``<div>``/``<p>`` layouts, old ``<table>``/``<br>`` layouts and TRS/ASP CMSs alike;
known containers (``div.TRS_Editor``, ``#zoom``, ``.article-content``...) only add a bonus.
The lines of a list entry that holds a headline link (a teaser: headline, summary, date) score
nothing: a 推荐阅读 box reads like prose but is other articles' furniture.
Inside the winner, furniture is dropped: link lists, chrome-classed elements, widgets, info
lines before the text, everything from a "相关新闻" heading on, repeated paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from lxml.etree import _Element as Element

from crawler.extract.blocks import Block
from crawler.extract.boilerplate import (
    is_copyright,
    is_end_marker,
    is_info_line,
    is_rule_line,
    is_widget_line,
    strip_continuation,
    strip_widgets,
)
from crawler.extract.text import compact
from crawler.extract.walk import COMPILED

__all__ = [
    "ContentZone",
    "block_score",
    "body_blocks",
    "clean_paragraph",
    "find_content",
    "has_body",
    "tree_stats_python",
]

#: Elements that may hold an article's text.
_CANDIDATE_TAGS = frozenset(
    {"div", "td", "th", "section", "article", "main", "body", "form", "center", "table",
     "blockquote", "text", "dd"}
)  # fmt: skip
#: Elements that hold one paragraph each: their score goes to the container above.
_PARAGRAPH_LIKE = frozenset({"div", "section", "center", "dd", "blockquote"})
#: How many ancestors of a block are looked at (unclosed ``<font>`` tags nest pages thousands
#: deep; the article's container is never that far up).
_MAX_DEPTH = 64
#: Share of a block's score its container's parent gets, and so on upwards.
_DECAY = 0.5
#: How many containers above a block share in its score.
_LEVELS = 4
#: Below this a page has no article text (menus and lists score ~0).
_MIN_ZONE_SCORE = 4.0
#: How many containers up the zone may widen, how much more text a parent must add (share of
#: the zone's), and how link-heavy it may be.
_WIDEN_STEPS = 3
_WIDEN_SHARE = 0.3
_WIDEN_MAX_LINKS = 0.3
#: class/id words of article containers (a bonus, never required).
_CONTENT_ATTR = re.compile(
    r"article|content|text|body|detail|zoom|trs_editor|main|post|entry|story|news|"
    r"zhengwen|neirong|artibody|rich_media|\bcon\b|\bzw\b|\bnr\b",
    re.IGNORECASE,
)
#: The bonus of a container whose class/id has one of those words, and of a well-known one.
_CONTENT_ATTR_WEIGHT = 1.25
_KNOWN_CONTAINER_WEIGHT = 1.6
#: The largest bonus: a container whose score times it cannot beat the best so far is not weighed.
_MAX_ATTR_WEIGHT = max(_CONTENT_ATTR_WEIGHT, _KNOWN_CONTAINER_WEIGHT)
#: class/id values of well-known article containers (a larger bonus).
_KNOWN_CONTAINER = re.compile(
    r"^(?:TRS_Editor|zoom|article-content|article_content|artibody|js_content|"
    r"rm_txt_con|content_area|pages_content|ccontent|newsContent|news_content|detail-content|"
    r"article-body|post-content|entry-content|Custom_UnionStyle)$",
    re.IGNORECASE,
)
#: How far up from a block its list entry (``<li>``) is looked for.
_TEASER_REACH = 4
#: A paragraph counts as text (starts the article) from this many characters.
_TEXT_MIN_CHARS = 15
#: A summary repeating the text's opening is among the first this many paragraphs.
_SUMMARY_REACH = 3
#: What a cut-short summary may end with where its paragraph goes on.
_SUMMARY_END = "…。.,，;；"
#: Repeated paragraphs from this length are dropped (shorter ones may legitimately repeat).
_DEDUP_MIN_CHARS = 6
#: A body needs this much text and punctuation, or the page is a list/index page.
_BODY_MIN_CHARS = 30
_BODY_MIN_PUNCT = 2


@dataclass(frozen=True, slots=True)
class ContentZone:
    """The element holding the article text and the range of blocks inside it."""

    element: Element
    #: Index of the first and last block inside ``element``.
    start: int
    end: int
    score: float


#: What is counted for an element (a list: they are made by the hundred per page): the
#: positions of the first and last blocks inside it, their characters and link characters,
#: the decayed score (what ranks containers) and the plain sum of its blocks' scores.
_Stats = list[Any]
_FIRST, _LAST, _CHARS, _LINKS, _SCORE, _CONTENT = range(6)


def find_content(blocks: Sequence[Block]) -> ContentZone | None:
    """The container element that holds the article text, or ``None`` on a list/index page."""
    stats, parents = _tree_stats(blocks)
    chains: dict[Element, list[Element]] = {}
    for block in blocks:
        if block.chars - block.link_chars < 4:
            continue  # block_score's first test: too little text of its own
        score = block_score(block)
        if score <= 0:
            continue
        container = block.container
        chain = chains.get(container)
        if chain is None:
            chain = _chain(container, parents, chains)
        if block.in_list and _teaser(block, chain, stats, blocks):
            continue
        for element in chain:
            stats[element][_CONTENT] += score
        level = 0
        for element in chain:
            tag = element.tag
            if tag not in _CANDIDATE_TAGS:
                continue
            entry = stats[element]
            if level == 0 and tag in _PARAGRAPH_LIKE and _single_run(entry, blocks):
                continue
            entry[_SCORE] += score * _DECAY**level
            level += 1
            if level >= _LEVELS:
                break
    best: ContentZone | None = None
    for element, entry in stats.items():
        if entry[_SCORE] <= 0:
            continue
        chars = entry[_CHARS]
        link_density = entry[_LINKS] / chars if chars else 0.0
        unweighted = entry[_SCORE] * (1.0 - link_density)
        if best is not None and unweighted * _MAX_ATTR_WEIGHT <= best.score:
            continue  # not even the largest class/id bonus would make it win
        weighted = unweighted * _attr_weight(element)
        if best is None or weighted > best.score:
            best = _zone(element, entry, blocks, weighted)
    if best is None or best.score < _MIN_ZONE_SCORE:
        return None
    return _widen(best, stats, blocks)


def _zone(element: Element, entry: _Stats, blocks: Sequence[Block], score: float) -> ContentZone:
    return ContentZone(element, blocks[entry[_FIRST]].index, blocks[entry[_LAST]].index, score)


def _tree_stats(
    blocks: Sequence[Block],
) -> tuple[dict[Element, _Stats], Mapping[Element, Element | None]]:
    """:func:`tree_stats_python`, or the same compiled with the page walk."""
    if COMPILED is not None:
        found: tuple[dict[Element, _Stats], dict[Element, Element | None]] | None
        found = COMPILED.tree_stats(list(blocks), _MAX_DEPTH)
        if found is not None:
            return found
    return tree_stats_python(blocks)


def tree_stats_python(
    blocks: Sequence[Block],
) -> tuple[dict[Element, _Stats], Mapping[Element, Element | None]]:
    """Every block's text counted in its container and in each of the container's ancestors
    (at most ``_MAX_DEPTH`` up), keyed in the order the elements are first reached (blocks in
    order, each container then upwards); and the parent of each of these elements.

    Counts are summed up the tree, one step per element rather than per block and ancestor;
    a page with a container nested deeper than ``_MAX_DEPTH`` is counted block by block."""
    stats: dict[Element, _Stats] = {}
    parents: dict[Element, Element | None] = {}
    depths: dict[Element, int] = {}
    #: Every element after its parent.
    downwards: list[Element] = []
    deepest = 0
    for position, block in enumerate(blocks):
        container = block.container
        entry = stats.get(container)
        if entry is None:
            # First reached now: the container, and the ancestors not reached before, whose
            # first block this is.
            entry = stats[container] = [position, -1, 0, 0, 0.0, 0.0]
            parent = parents[container] = container.getparent()
            if parent is None or parent in stats:
                depth = depths[parent] + 1 if parent is not None else 0
                depths[container] = depth
                downwards.append(container)
            else:
                climbed = [container]
                element = parent
                while True:
                    stats[element] = [position, -1, 0, 0, 0.0, 0.0]
                    climbed.append(element)
                    parent = parents[element] = element.getparent()
                    if parent is None or parent in stats:
                        break
                    element = parent
                depth = depths[parent] if parent is not None else -1
                for element in reversed(climbed):
                    depth += 1
                    depths[element] = depth
                    downwards.append(element)
            if depth > deepest:  # noqa: PLR1730 - a comparison costs less than max() here
                deepest = depth
        elif entry[_LAST] < 0:  # reached before as an ancestor, a container from now
            depth = depths[container]
            if depth > deepest:  # noqa: PLR1730
                deepest = depth
        entry[_LAST] = position
        entry[_CHARS] += block.chars
        entry[_LINKS] += block.link_chars
    if deepest > _MAX_DEPTH:
        return _stats_by_block(blocks), parents
    for element in reversed(downwards):
        parent = parents[element]
        if parent is not None:
            entry, above = stats[element], stats[parent]
            if entry[_LAST] > above[_LAST]:  # noqa: PLR1730
                above[_LAST] = entry[_LAST]
            above[_CHARS] += entry[_CHARS]
            above[_LINKS] += entry[_LINKS]
    return stats, parents


def _stats_by_block(blocks: Sequence[Block]) -> dict[Element, _Stats]:
    """What :func:`_tree_stats` counts, block by block along each container's chain."""
    stats: dict[Element, _Stats] = {}
    chains: dict[Element, list[Element]] = {}
    for position, block in enumerate(blocks):
        for element in _chain(block.container, {}, chains):
            entry = stats.get(element)
            if entry is None:
                entry = stats[element] = [position, position, 0, 0, 0.0, 0.0]
            entry[_LAST] = position
            entry[_CHARS] += block.chars
            entry[_LINKS] += block.link_chars
    return stats


def _chain(
    element: Element,
    parents: Mapping[Element, Element | None],
    chains: dict[Element, list[Element]],
) -> list[Element]:
    """The element and at most ``_MAX_DEPTH`` of its ancestors, innermost first (``chains``:
    those made so far, by element; an element's is made from its parent's)."""
    path: list[Element] = []
    above: list[Element] = []
    current: Element | None = element
    while current is not None:
        known = chains.get(current)
        if known is not None:
            above = known
            break
        path.append(current)
        current = parents[current] if current in parents else current.getparent()
    for current in reversed(path):
        above = chains[current] = [current, *above[:_MAX_DEPTH]]
    return above


def _widen(
    zone: ContentZone, stats: Mapping[Element, _Stats], blocks: Sequence[Block]
) -> ContentZone:
    """Climb to the containers above while they add much more text of the same kind: an
    article whose paragraphs sit in several sibling containers (lead, body, notes)."""
    element = zone.element
    steps = 0
    for parent in element.iterancestors():
        if parent.tag not in _CANDIDATE_TAGS:
            continue
        steps += 1
        if parent.tag == "body" or steps > _WIDEN_STEPS or parent not in stats:
            break
        inner, outer = stats[element], stats[parent]
        if outer[_CHARS] and outer[_LINKS] / outer[_CHARS] > _WIDEN_MAX_LINKS:
            break
        if outer[_CONTENT] - inner[_CONTENT] >= _WIDEN_SHARE * inner[_CONTENT]:
            element = parent  # wrappers adding nothing are passed through
    if element is zone.element:
        return zone
    return _zone(element, stats[element], blocks, zone.score)


def block_score(block: Block) -> float:
    """How much a block reads like article prose (0 for menus, links, labels, footers)."""
    own = block.chars - block.link_chars
    if own < 4:
        return 0.0
    link_density = block.link_chars / block.chars  # Block.link_density (chars >= own >= 4)
    if link_density > 0.5 or (block.punct == 0 and own < 20):
        return 0.0
    if is_copyright(block.text) or is_widget_line(block.text):
        return 0.0
    score = (1.0 + block.punct + min(own / 40.0, 5.0)) * (1.0 - link_density)
    if block.chrome is not None:
        score *= 0.3
    if block.in_list:
        score *= 0.5
    return score


def body_blocks(
    blocks: Sequence[Block], zone: ContentZone, *, skip_until: int = -1, title: str | None = None
) -> list[Block]:
    """The blocks of ``zone`` that are article text, in order (``skip_until``: the index of the
    title block when the zone holds it; what comes before it is page furniture)."""
    title_key = compact(title) if title else None
    seen: set[str] = set()
    kept: list[Block] = []
    started = False
    #: Whether a chrome element is inside the zone, by element.
    inner_chrome: dict[Element, bool] = {}
    for block in blocks[zone.start : zone.end + 1]:
        if block.index <= skip_until:
            continue
        text = block.text
        chrome = block.chrome
        if chrome is not None:
            inside = inner_chrome.get(chrome)
            if inside is None:
                inside = inner_chrome[chrome] = _inside(chrome, zone.element)
            if inside:
                if started and is_end_marker(text):
                    break  # a 相关新闻 box's heading ends the text, chrome-classed or not
                continue
        chars, link_chars = block.chars, block.link_chars
        if chars - link_chars < 30 and chars and link_chars / chars >= 0.5:
            continue  # a link list: link density from 0.5, under 30 characters of its own
        key = compact(text)
        if started and is_end_marker(text):
            break
        if (
            key == title_key
            or is_widget_line(text)
            or is_copyright(text)
            or (block.punct == 0 and is_rule_line(text))
            or (not started and (is_info_line(text) or is_end_marker(text)))
        ):
            continue
        if len(key) >= _DEDUP_MIN_CHARS:
            if key in seen:
                continue
            seen.add(key)
        kept.append(block)
        started = started or len(key) >= _TEXT_MIN_CHARS
    return _without_summary(kept)


def _without_summary(kept: list[Block]) -> list[Block]:
    """Drop a summary that repeats the opening of the paragraph after it (DedeCMS and other
    CMSs print the article's description, cut short, above its text)."""
    for number, block in enumerate(kept[:_SUMMARY_REACH]):
        if number + 1 >= len(kept):
            break
        key = compact(block.text).rstrip(_SUMMARY_END)
        following = compact(kept[number + 1].text)
        if len(key) >= _TEXT_MIN_CHARS and len(key) < len(following) and following.startswith(key):
            return kept[:number] + kept[number + 1 :]
    return kept


def has_body(paragraphs: Sequence[str]) -> bool:
    """True when paragraphs amount to article text rather than a list of headlines."""
    text = "".join(paragraphs)  # characters and marks are counted over all of them at once
    chars = len(compact(text))
    punct = text.count("，") + text.count("。") + text.count(",") + text.count("、")
    return chars >= _BODY_MIN_CHARS and punct >= _BODY_MIN_PUNCT


def clean_paragraph(text: str) -> str:
    """A paragraph without print-edition continuation markers and bracketed widgets."""
    return strip_widgets(strip_continuation(text))


def _teaser(
    block: Block,
    chain: Sequence[Element],
    stats: Mapping[Element, _Stats],
    blocks: Sequence[Block],
) -> bool:
    """True when the block is the summary or date of a news-list entry: its ``<li>`` also
    holds a line that is mostly a link (the entry's headline). Such a list of teasers has
    sentences like an article's, but it is other articles' furniture."""
    for element in chain[:_TEASER_REACH]:
        if element.tag == "li":
            entry = stats[element]
            return any(
                other is not block and other.chars >= 4 and 2 * other.link_chars >= other.chars
                for other in blocks[entry[_FIRST] : entry[_LAST] + 1]
            )
    return False


def _single_run(entry: _Stats, blocks: Sequence[Block]) -> bool:
    return blocks[entry[_FIRST]].index == blocks[entry[_LAST]].index


def _inside(chrome: Element, zone: Element) -> bool:
    """True when a chrome element lies inside the zone (not the zone itself)."""
    if chrome is zone:
        return False
    return any(ancestor is zone for ancestor in islice(chrome.iterancestors(), _MAX_DEPTH))


def _attr_weight(element: Element) -> float:
    marks = [m for m in (element.get("class"), element.get("id")) if m]
    if not marks:
        return 1.0
    if any(_KNOWN_CONTAINER.match(part) for m in marks for part in m.split()):
        return _KNOWN_CONTAINER_WEIGHT
    if any(_CONTENT_ATTR.search(m) for m in marks):
        return _CONTENT_ATTR_WEIGHT
    return 1.0
