"""Find the headline: the visible heading that best matches what the page says its title is.

References, best first: the og:title / ArticleTitle / JSON-LD headline, then the ``<title>``
without its "-频道-站名" suffixes. Candidates are the blocks shortly before the article text
(and its first blocks); each is scored by similarity to the references, with a bonus for
``<h1>``/``<h2>`` and title-like class names. A visible headline wins over the references
(the ``<title>`` is often truncated or suffixed); when none matches, a reference is used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from crawler.extract.blocks import Block
from crawler.extract.boilerplate import is_copyright, is_info_line
from crawler.extract.text import compact

__all__ = ["TitleChoice", "find_title", "split_title", "strip_site_suffix"]

#: Separators between a headline and the channel/site names in ``<title>``:
#: ``标题-中工网``, ``标题_频道_站名``, ``标题 | 站名``, ``标题--人民网``. Not the Chinese
#: dash ``——``: headlines use it themselves (``劳模风采——记全国劳模张三``).
_TITLE_SEPARATOR = re.compile(r"\s*(?:_{1,2}|\|{1,2}|｜|--?|–|－|::|·{2}|\s-\s)\s*")
#: A part of ``<title>`` that is a host name (``blog.wenxuecity.com``, ``www.workercn.cn``).
_DOMAIN = re.compile(
    r"^\s*(?:https?://)?(?:[\w-]+\.)+(?:com|cn|net|org|gov|edu)(?:\.cn)?/?\s*$", re.I
)
#: A breadcrumb trail ("您现在的位置：读书 -> 连载"), never a headline.
_BREADCRUMB = re.compile(r"位置[:：]|->|>>|»|›|\s>\s")
#: class/id words of headline elements.
_TITLE_ATTR = re.compile(r"title|headline|biaoti|\bbt\b|tit\b|heading", re.IGNORECASE)
#: A trailing site/channel part of ``<title>`` is at most this long; a leading one (e-paper
#: pages: ``工人日报 - 标题``) at most this long.
_SUFFIX_MAX_CHARS = 24
_PREFIX_MAX_CHARS = 12
#: How much a block equal to one whole part of ``<title>`` resembles the headline (a site name
#: part is excluded beforehand; headings still win through their bonus).
_SEGMENT_SIMILARITY = 0.9
#: A headline is at least / at most this long (characters without spaces).
_MIN_CHARS = 2
_MAX_CHARS = 160
#: How many blocks before the article text the headline may stand.
_LOOK_BACK = 60
#: How many blocks into the article text the headline may stand.
_LOOK_INTO = 6
#: A stated headline (meta or <title>) this long is used even when no visible line matches it.
_TRUSTED_REFERENCE_CHARS = 6
#: A title-like line (no heading, no reference) stands this close above the text, this long.
_TITLE_LIKE_REACH = 5
_TITLE_LIKE_CHARS = (6, 60)
#: Bonus of a block inside <h1>, <h2>, <h3> (indexed by heading level; 0: not a heading).
_HEADING_BONUS = (0.0, 0.15, 0.1, 0.05)
#: Bonus of a block whose element (or one of the two above it) has a title-like class/id; the
#: largest bonus a block may get, by heading level 0-6.
_ATTR_BONUS = 0.1
_MAX_BONUS = tuple(
    (_HEADING_BONUS[h] if h < len(_HEADING_BONUS) else 0.0) + _ATTR_BONUS for h in range(7)
)
#: Below this similarity a block is not the headline.
_MIN_SIMILARITY = 0.6
#: Float slack when a similarity is bounded rather than computed.
_MARGIN = 1e-9
#: How many blocks at the end of the page are read for the copyright line naming the site.
_FOOTER_REACH = 20
#: A part of ``<title>`` is taken for the site's name from this length (``中工网``).
_SITE_NAME_MIN_CHARS = 3


@dataclass(frozen=True, slots=True)
class TitleChoice:
    """The headline and, when it was read from the page text, its block."""

    text: str
    block: Block | None


def strip_site_suffix(title: str) -> str:
    """``<title>`` without the channel/site names it carries: trailing (``标题_频道_站名``) or,
    on e-paper pages, leading (``工人日报 - 标题``)."""
    return split_title(title)[0]


def split_title(title: str, site_names: Sequence[str] = ()) -> tuple[str, list[str]]:
    """``<title>`` cut into its headline part and its channel/site parts. A part is dropped
    from an end while it is a host name, or a name the page calls itself by (``site_names``,
    compacted: its SiteName meta, its copyright line), or short and shorter than what
    remains."""
    text = title.strip()
    cuts = [
        m for m in _TITLE_SEPARATOR.finditer(text) if not _digits_around(text, m.start(), m.end())
    ]
    bounds = [0, *(p for m in cuts for p in (m.start(), m.end())), len(text)]
    parts = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    parts = [(a, b) for a, b in parts if text[a:b].strip()]
    dropped: list[str] = []

    def size(a: int, b: int) -> int:
        return len(compact(text[a:b]))

    while len(parts) > 1:
        domain = next((p for p in (parts[-1], parts[0]) if _DOMAIN.search(text[p[0] : p[1]])), None)
        if domain is not None:
            dropped.append(text[domain[0] : domain[1]])
            parts.remove(domain)
            continue
        named = next(
            (p for p in (parts[0], parts[-1]) if _named(text[p[0] : p[1]], site_names)), None
        )
        if named is not None:
            dropped.append(text[named[0] : named[1]])
            parts.remove(named)
            continue
        last = parts[-1]
        rest = size(parts[0][0], parts[-2][1])
        if size(*last) <= _SUFFIX_MAX_CHARS and size(*last) < rest:
            dropped.append(text[last[0] : last[1]])
            parts.pop()
            continue
        first = parts[0]
        rest = size(parts[1][0], parts[-1][1])
        if size(*first) <= _PREFIX_MAX_CHARS and size(*first) < rest:
            dropped.append(text[first[0] : first[1]])
            parts.pop(0)
            continue
        break
    if not parts:
        return text, []
    return text[parts[0][0] : parts[-1][1]].strip(), dropped


def find_title(
    blocks: Sequence[Block],
    body_start: int | None,
    *,
    page_title: str | None,
    headline: str | None,
    site_name: str | None = None,
) -> TitleChoice | None:
    """Choose the headline among the blocks around ``body_start`` (the first body block);
    ``site_name``: what the page's metadata calls the site (``SiteName``, ``og:site_name``)."""
    names = (
        _site_names(blocks, site_name) if page_title and _TITLE_SEPARATOR.search(page_title) else []
    )
    stripped, dropped = split_title(page_title, names) if page_title else (None, [])
    references = [r for r in (headline, stripped) if r]
    # The whole <title> too: a headline with its own "——" must still match it.
    candidates_refs = [*references, page_title] if page_title else references
    site_parts = {compact(p) for p in dropped} - {compact(r) for r in references}
    segments = {compact(p) for p in [stripped or "", *dropped] if p}
    start = body_start if body_start is not None else len(blocks)
    window = blocks[max(0, start - _LOOK_BACK) : start + _LOOK_INTO]
    best: tuple[float, Block] | None = None
    keyed_refs = [(key, _bigrams(key)) for key in map(compact, candidates_refs)]
    for block in window:
        if block.in_list or block.link_density > 0.8:
            continue
        distance = 0.001 * abs(start - block.index)
        if best is not None and 1.0 + _MAX_BONUS[block.heading] - distance <= best[0]:
            continue  # not even an equal line with every bonus would win
        key = compact(block.text)
        if not _MIN_CHARS <= len(key) <= _MAX_CHARS:
            continue
        if key in site_parts and block.heading not in (1, 2):
            continue  # a site name (a headline in <h1>/<h2> may look like one: "金锺国 - 维基百科")
        similarity = _best_similarity(key, keyed_refs)
        if key in segments:
            similarity = max(similarity, _SEGMENT_SIMILARITY)
        if similarity < _MIN_SIMILARITY:
            continue
        score = similarity + _element_bonus(block) - distance
        if best is None or score > best[0]:
            best = (score, block)
    if best is not None:
        block = best[1]
        stated = _stated_with_subtitle(blocks, block, references)
        return TitleChoice(stated or _with_continuation(blocks, block), block)
    # Nothing visible matches: a stated headline of some length, else a heading or a title-like
    # line right above the text, else whatever short <title> there is.
    if references and len(compact(references[0])) >= _TRUSTED_REFERENCE_CHARS:
        return TitleChoice(references[0], None)
    fallback = _nearest_heading(window, start, site_parts) or _title_like(blocks, start, site_parts)
    if fallback is not None:
        return TitleChoice(fallback.text, fallback)
    return TitleChoice(references[0], None) if references else None


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _best_similarity(key: str, references: Sequence[tuple[str, set[str]]]) -> float:
    """How much a compacted line resembles the closest of the compacted references (given with
    their bigrams): 1 when equal; when one holds the other (a truncated ``<title>``, a
    headline with a kicker), 0.75 + 0.25 × the length ratio from a ratio of 0.4, else the
    ratio; otherwise the Dice coefficient of their character bigrams.

    A result below ``_MIN_SIMILARITY`` only says so: a Dice coefficient that cannot reach it
    (from the sizes of the bigram sets alone) is not computed."""
    best = 0.0
    grams: set[str] | None = None
    for reference, reference_grams in references:
        if not key or not reference:
            similarity = 0.0
        elif key == reference:
            similarity = 1.0
        else:
            shorter, longer = (key, reference) if len(key) <= len(reference) else (reference, key)
            if shorter in longer:  # containment is strong evidence
                ratio = len(shorter) / len(longer)
                similarity = 0.75 + 0.25 * ratio if ratio >= 0.4 else ratio
            elif grams is None and _dice_below_min(key, len(reference_grams)):
                similarity = 0.0
            else:
                if grams is None:
                    grams = _bigrams(key)
                shared = len(grams & reference_grams)
                similarity = 2 * shared / (len(grams) + len(reference_grams))
        best = max(best, similarity)
    return best


def _dice_below_min(key: str, other: int) -> bool:
    """True when the Dice coefficient of ``key``'s bigrams and a set of ``other`` bigrams is
    surely below ``_MIN_SIMILARITY``: 2·shared / (own + other) with shared ≤ min(own, other),
    and ``key`` has at most ``len - 1`` and at least ``distinct characters - 1`` bigrams."""
    most = max(len(key) - 1, 1)
    if most < other:
        ceiling = 2 * most / (most + other)
    elif 2 * other / (most + other) >= _MIN_SIMILARITY - _MARGIN:
        return False  # even with as many bigrams as it may have: no need to count characters
    else:
        least = max(len(set(key)) - 1, 1)
        ceiling = 2 * other / (least + other) if least > other else 1.0
    return ceiling < _MIN_SIMILARITY - _MARGIN


def _element_bonus(block: Block) -> float:
    bonus = _HEADING_BONUS[block.heading] if block.heading < len(_HEADING_BONUS) else 0.0
    element = block.container
    for _ in range(3):
        marks = " ".join(m for m in (element.get("class"), element.get("id")) if m)
        if marks and _TITLE_ATTR.search(marks):
            bonus += _ATTR_BONUS
            break
        parent = element.getparent()
        if parent is None:
            break
        element = parent
    return bonus


def _with_continuation(blocks: Sequence[Block], block: Block) -> str:
    """A headline broken by ``<br>`` inside its heading element reads as one line; an info
    line inside the heading (PHPCMS: ``<h1>标题<br><span>2025-03-03 19:40 来源：…</span></h1>``)
    ends it."""
    parts = [block.text]
    index = block.index + 1
    while index < len(blocks) and blocks[index].container is block.container and block.heading:
        if is_info_line(blocks[index].text):
            break
        parts.append(blocks[index].text)
        index += 1
    return " ".join(parts)


def _stated_with_subtitle(
    blocks: Sequence[Block], block: Block, references: Sequence[str]
) -> str | None:
    """The stated headline when the page shows it as a heading and a subtitle heading right
    below (``<h1>焊花飞溅处，青春闪光时</h1><h2>——记全国劳动模范…</h2>`` under an ArticleTitle
    that holds both); ``block`` is either of the two."""
    if not block.heading:
        return None
    for first, second in ((block.index - 1, block.index), (block.index, block.index + 1)):
        if first < 0 or second >= len(blocks):
            continue
        if blocks[first].heading and blocks[second].heading:
            joined = compact(blocks[first].text) + compact(blocks[second].text)
            stated = next((ref for ref in references if compact(ref) == joined), None)
            if stated is not None:
                return stated
    return None


def _named(part: str, site_names: Sequence[str]) -> bool:
    """True when a part of ``<title>`` is (in) a name the page calls itself by."""
    key = compact(part)
    return len(key) >= _SITE_NAME_MIN_CHARS and any(key in name for name in site_names)


def _site_names(blocks: Sequence[Block], site_name: str | None) -> list[str]:
    """Where a page names itself: its metadata site name and its copyright footer lines."""
    names = [compact(site_name)] if site_name else []
    footer = blocks[max(0, len(blocks) - _FOOTER_REACH) :]
    names.extend(compact(b.text) for b in footer if is_copyright(b.text))
    return names


def _nearest_heading(window: Sequence[Block], start: int, site_parts: set[str]) -> Block | None:
    headings = [
        b
        for b in window
        if b.heading in (1, 2)
        and b.index < start + 2
        and len(compact(b.text)) >= 6
        and compact(b.text) not in site_parts
        and b.link_density < 0.5
    ]
    return headings[-1] if headings else None


def _title_like(blocks: Sequence[Block], start: int, site_parts: set[str]) -> Block | None:
    """A short line with no sentence punctuation just above the text (old pages style their
    headline with ``<font>``/``<b>``)."""
    for block in reversed(blocks[max(0, start - _TITLE_LIKE_REACH) : start]):
        size = len(compact(block.text))
        if (
            _TITLE_LIKE_CHARS[0] <= size <= _TITLE_LIKE_CHARS[1]
            and block.punct <= 1
            and block.link_density < 0.3
            and block.chrome is None
            and not block.in_list
            and compact(block.text) not in site_parts
            and not is_info_line(block.text)
            and not _BREADCRUMB.search(block.text)
        ):
            return block
    return None


def _digits_around(text: str, start: int, end: int) -> bool:
    """A hyphen inside a word or number (``2024-2025``, ``COVID-19``) is not a separator."""
    if start == 0 or end >= len(text):
        return False
    before, after = text[start - 1], text[end]
    return before.isascii() and after.isascii() and before.isalnum() and after.isalnum()
