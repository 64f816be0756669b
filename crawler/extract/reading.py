"""Read the furniture that sits inside an article's paragraphs, and take it out of the text:
the dateline and byline opening the first paragraph, credit lines, a closing ``（记者 X）``,
photo credits, editor lines, ``来源：`` lines and the ``原标题`` of reprints."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from crawler.extract.bylines import (
    Credits,
    author_line,
    parse_credit,
    parse_editor,
    read_lead,
    strip_trailing_credit,
)
from crawler.extract.fields import parse_original_title, source_only_line

__all__ = ["BodyReading", "read_body"]

#: A credit line is short.
_CREDIT_LINE_MAX_CHARS = 60
#: Editor mentions are read in lines up to this long (or when they close the paragraph).
_EDITOR_LINE_MAX_CHARS = 80
#: How many paragraphs from each end may hold a 原标题 line or an author line.
_ORIGINAL_TITLE_REACH = 3
_FIELD_REACH = 3
#: How many leading paragraphs may open with the dateline.
_LEAD_REACH = 2
#: A caption closing with a photo credit is at most this long.
_CAPTION_MAX_CHARS = 200
#: What remains of a paragraph once its furniture is gone, when nothing else is left.
_RESIDUE = re.compile(r"^[\s\W_]*$")


@dataclass(slots=True)
class BodyReading:
    """The article text without its furniture, and what the furniture said."""

    paragraphs: list[str]
    #: Credits in reading order: the lead's first.
    credits: list[Credits] = field(default_factory=list)
    dateline: str | None = None
    #: The outlet in front of the dateline.
    outlet: str | None = None
    #: The agency the opening byline credits (``工人日报-中工网``).
    lead_agency: str | None = None
    editors: list[str] = field(default_factory=list)
    source: str | None = None
    original_title: str | None = None


def read_body(paragraphs: Sequence[str]) -> BodyReading:
    """Take bylines, editor, source and original-title lines out of ``paragraphs``."""
    reading = BodyReading(list(paragraphs))
    _read_original_title(reading)
    _read_editors(reading)
    _read_lead(reading)
    _read_credit_lines(reading)
    _read_author_lines(reading)
    _read_source_lines(reading)
    reading.paragraphs = [p for p in reading.paragraphs if p and not _RESIDUE.match(p)]
    return reading


def _read_lead(reading: BodyReading) -> None:
    for number, text in enumerate(reading.paragraphs[:_LEAD_REACH]):
        lead = read_lead(text)
        if lead is None:
            continue
        reading.dateline, reading.outlet = lead.dateline, lead.outlet
        reading.lead_agency = lead.credits.agency
        if lead.credits or lead.credits.agency:
            reading.credits.insert(0, lead.credits)
        reading.paragraphs[number] = lead.rest
        return


def _read_credit_lines(reading: BodyReading) -> None:
    paragraphs = reading.paragraphs
    last = max((n for n, p in enumerate(paragraphs) if p), default=-1)
    for number, text in enumerate(paragraphs):
        if not text:
            continue
        if len(text) <= _CREDIT_LINE_MAX_CHARS:
            credits = parse_credit(text)
            if credits:
                reading.credits.append(credits)
                paragraphs[number] = ""
                continue
        if number == last or len(text) <= _CAPTION_MAX_CHARS:
            tail = strip_trailing_credit(text)
            if tail is not None and (number == last or tail[1].photographers):
                paragraphs[number] = tail[0]
                reading.credits.append(tail[1])
    # The closing credit may sit in the paragraph before a dropped credit line.
    remaining = [n for n, p in enumerate(paragraphs) if p]
    if remaining and remaining[-1] != last:
        number = remaining[-1]
        tail = strip_trailing_credit(paragraphs[number])
        if tail is not None:
            paragraphs[number] = tail[0]
            reading.credits.append(tail[1])


def _read_author_lines(reading: BodyReading) -> None:
    paragraphs = reading.paragraphs
    ends = {*range(_FIELD_REACH), *(len(paragraphs) - 1 - n for n in range(_FIELD_REACH))}
    for number in sorted(n for n in ends if 0 <= n < len(paragraphs)):
        names = author_line(paragraphs[number]) if paragraphs[number] else None
        if names:
            reading.credits.append(Credits(reporters=tuple(names)))
            paragraphs[number] = ""


def _read_editors(reading: BodyReading) -> None:
    for number, text in enumerate(reading.paragraphs):
        if "编" not in text:
            continue
        found = parse_editor(text)
        if found is None:
            continue
        names, rest = found
        if len(text) > _EDITOR_LINE_MAX_CHARS and not text.rstrip().endswith(
            ("）", ")", "】", "]")
        ):
            continue
        reading.editors.extend(n for n in names if n not in reading.editors)
        reading.paragraphs[number] = rest


def _read_source_lines(reading: BodyReading) -> None:
    for number, text in enumerate(reading.paragraphs):
        if not text or ("源" not in text and "》" not in text):
            continue
        value = source_only_line(text)
        if value is not None:
            reading.source = reading.source or value or None
            reading.paragraphs[number] = ""


def _read_original_title(reading: BodyReading) -> None:
    paragraphs = reading.paragraphs
    reach = set(range(_ORIGINAL_TITLE_REACH)) | {
        len(paragraphs) - 1 - n for n in range(_ORIGINAL_TITLE_REACH)
    }
    for number in sorted(n for n in reach if 0 <= n < len(paragraphs)):
        text = paragraphs[number]
        value = parse_original_title(text)
        if value is None:
            continue
        reading.original_title = value
        start = text.find("原标题")
        opener = text[start - 1] if start > 0 and text[start - 1] in "（(【[" else ""
        paragraphs[number] = text[: start - len(opener)].rstrip()
        return
