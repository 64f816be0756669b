"""Find when an article was published, looking only where the article's own date stands.

Sidebars, related-news lists and footers carry dates too, often newer than the article, so
visible dates are only read from the header (between the headline and the text), a labelled
box, or a labelled line right after the text. Order of trust:

1. a labelled date in the header (``发布时间：``, ``〖发布日期:``; a label alone in the table
   cell before the date counts too), a publication label before a document's ``成文日期``;
2. an unlabelled date on a header info line (``2024-05-04 07:28 来源:西藏日报``,
   ``《工人日报》(2021年12月22日 02版)``): what readers see beats what templates fill in
   (a visible day is only refined by a metadata time on that same day);
3. the page's metadata (``<meta name="PubDate">``, ``article:published_time``, JSON-LD
   ``datePublished``, ``<time datetime>``);
4. a labelled date right after the text (blogs: ``发表于 2005-3-21 1:20:44``), a date line
   right above the headline (below any menu: see ``extractor._right_above``), or a strongly
   labelled box elsewhere outside chrome and lists; the first and the last never under a
   headline link (a news entry of a sidebar written without list markup:
   ``<h4><a>…</a></h4><p>发布时间：…</p>``);
5. the URL's date (``/c/2024-05-04/``), day precision.

Otherwise ``None``: a date is never guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from crawler.extract.blocks import Block
from crawler.extract.boilerplate import is_info_line
from crawler.extract.dates import (
    DateMatch,
    date_from_url,
    find_dates,
    label_before,
    parse_machine_date,
)
from crawler.extract.metadata import Metadata

__all__ = ["find_published"]

#: Labels strong enough to trust a date anywhere outside chrome and lists.
_STRONG_LABELS = frozenset(
    {
        "发布日期",
        "发布时间",
        "发表日期",
        "发表时间",
        "发稿时间",
        "发稿日期",
        "刊发时间",
        "发布于",
        "发表于",
    }
)
#: What every strong label holds (a label is read in the block or in the one before it).
_STRONG_MARK = "发"
#: Labels of the day a document was written or signed, not published: document pages show
#: ``成文日期`` next to (often before) ``发布日期``, so these rank after every other label.
_WRITTEN_LABELS = frozenset({"成文日期", "发文日期"})
#: An unlabelled header date must stand on a short line.
_HEADER_LINE_MAX_CHARS = 80
#: A link line (a news entry's headline) has at least this many characters.
_LINK_LINE_MIN_CHARS = 4
#: A table cell that is only a label (``发布日期：``) is at most this long.
_LABEL_CELL_MAX_CHARS = 12


def find_published(
    blocks: Sequence[Block],
    *,
    header: Sequence[Block],
    after: Sequence[Block],
    before: Sequence[Block] = (),
    metadata: Metadata,
    url: str,
    now: datetime | None = None,
) -> DateMatch | None:
    """The publication date (see the module docstring for where it is looked for)."""
    header_dates = [
        (block, match)
        for block in header
        if block.link_density < 0.5
        for match in _dates(block, blocks, now)
    ]
    structured = [m for m in (parse_machine_date(v, now=now) for _, v in metadata.dates) if m]
    labelled = [m for _, m in header_dates if m.label and not m.is_update]
    labelled.sort(key=lambda m: m.label in _WRITTEN_LABELS)  # stable: page order otherwise
    if labelled:
        return _refined(labelled[0], structured)
    for block, match in header_dates:
        if match.label is None and _info_like(block):
            return _refined(match, structured)
    if structured:
        return _structured(structured[0])
    updated = [m for _, m in header_dates if m.is_update]
    if updated:
        return updated[0]
    for block in (*after, *before):
        if (
            block.chrome is None
            and not block.in_list
            and block.link_density < 0.5
            and (block in before or not _entry_date(block, blocks))
        ):
            for match in _dates(block, blocks, now):
                if match.label or (block in before and _info_like(block)):
                    return match
    for block in blocks:
        if block.chrome is not None or block.in_list:
            continue
        if _STRONG_MARK not in block.text and (
            block.index == 0 or _STRONG_MARK not in blocks[block.index - 1].text
        ):
            continue  # no strong label here, nor in a label cell before
        if block.link_density >= 0.3 or _entry_date(block, blocks):
            continue
        for match in _dates(block, blocks, now):
            if match.label in _STRONG_LABELS:
                return match
    return date_from_url(url)


def _dates(block: Block, blocks: Sequence[Block], now: datetime | None) -> list[DateMatch]:
    """The dates of a block; a date opening a block takes its label from the block before
    when that is only a label: table layouts put ``发布日期：`` and the date in two cells."""
    matches = find_dates(block.text, now=now)
    if not matches or matches[0].label is not None or block.index == 0:
        return matches
    first = matches[0]
    previous = blocks[block.index - 1]
    if block.text[: first.start].strip() or previous.chars > _LABEL_CELL_MAX_CHARS:
        return matches
    label = label_before(previous.text, len(previous.text))
    return [replace(first, label=label), *matches[1:]] if label else matches


def _entry_date(block: Block, blocks: Sequence[Block]) -> bool:
    """True when the block follows a line that is mostly a link: the date of a news entry
    (its headline link, then ``发布时间：…``), a list written without list markup."""
    if block.index == 0:
        return False
    previous = blocks[block.index - 1]
    return previous.chars >= _LINK_LINE_MIN_CHARS and 2 * previous.link_chars >= previous.chars


def _info_like(block: Block) -> bool:
    return is_info_line(block.text) or block.chars <= _HEADER_LINE_MAX_CHARS


def _refined(shown: DateMatch, structured: Sequence[DateMatch]) -> DateMatch:
    """A visible date showing only the day, made precise by metadata stating a time that day."""
    if shown.precision != "day":
        return shown
    for match in map(_structured, structured):
        if match.precision != "day" and match.value.date() == shown.value.date():
            return match
    return shown


def _structured(match: DateMatch) -> DateMatch:
    """A metadata time of exactly midnight means "this day" (CMSs fill in 00:00:00)."""
    value = match.value
    if match.precision != "day" and (value.hour, value.minute, value.second) == (0, 0, 0):
        return DateMatch(value, "day", match.raw, match.start, match.end, match.label)
    return match
