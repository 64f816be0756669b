"""Put the finders together: one :class:`Page` in, one :class:`Article` out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from lxml.etree import _Element as Element

from crawler.extract.article import Article
from crawler.extract.blocks import Block, segment
from crawler.extract.body import ContentZone, body_blocks, clean_paragraph, find_content, has_body
from crawler.extract.boilerplate import is_info_line
from crawler.extract.bylines import (
    Credits,
    parse_credit,
    parse_editor,
    parse_labelled_authors,
    split_names,
)
from crawler.extract.dates import DateMatch, future_date_problem, parse_date, parse_machine_date
from crawler.extract.fields import parse_click_count, parse_source
from crawler.extract.metadata import Metadata, read_metadata
from crawler.extract.overrides import Overrides, read_overrides
from crawler.extract.page import Page
from crawler.extract.pagekind import is_not_found, is_video_only
from crawler.extract.published import find_published
from crawler.extract.reading import BodyReading, read_body
from crawler.extract.script import ScriptView, simplify_blocks
from crawler.extract.text import normalize_space, simplify_name
from crawler.extract.title import TitleChoice, find_title

__all__ = ["extract_article", "extract_page"]

#: How many blocks before the text are the header when the headline is not among the blocks.
_HEADER_REACH = 10
#: The header never spans more blocks than this (a headline far above is not a header).
_HEADER_MAX_BLOCKS = 15
#: How many blocks into the text an info line (dropped from the body) may stand.
_INFO_REACH = 6
#: How many blocks above the headline may hold its date line (up to a menu or chrome).
_BEFORE_TITLE = 3
#: How many blocks after the text are read for editor, source and trailing dates.
_AFTER_REACH = 8
#: Characters that mark a name as damaged in the page (a broken byte).
_BROKEN = ("?", "\ufffd")
#: Fields naming people and outlets: given in simplified script even on a simplified page that
#: writes a name in traditional characters (``记者 陳曉東``), so one person is one name.
_IDENTITY_FIELDS = ("editor", "source", "agency")
_NAME_FIELDS = ("reporters", "correspondents", "photographers")


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where the parts of the article are among the blocks."""

    title: TitleChoice | None
    zone: ContentZone | None
    body: list[Block]
    header: list[Block]
    after: list[Block]
    #: A few blocks right above the headline (some layouts put the date line there).
    before: list[Block]


def extract_article(
    body: bytes,
    url: str,
    headers: Mapping[str, str] | None = None,
    *,
    encoding: str | None = None,
    selectors: Mapping[str, str] | None = None,
    keep_script: bool = False,
    now: datetime | None = None,
) -> Article:
    """Decode, parse and extract one response (see :func:`extract_page`)."""
    page = Page.from_bytes(body, url, headers, encoding)
    return extract_page(page, selectors=selectors, keep_script=keep_script, now=now)


def extract_page(
    page: Page,
    *,
    selectors: Mapping[str, str] | None = None,
    keep_script: bool = False,
    now: datetime | None = None,
) -> Article:
    """Extract the article of a parsed page. ``selectors`` (field → XPath/CSS) override the
    generic rules field by field; ``keep_script`` keeps a traditional page's script in the text
    fields (they are converted to simplified otherwise); ``now`` resolves dates shown without a
    year (default: the current time)."""
    root = page.selector.root
    marks: list[Element] = []
    blocks, view = simplify_blocks(segment(root, marks))
    metadata = read_metadata(root, marks)
    overrides = read_overrides(page.selector, selectors)
    layout = _layout(blocks, metadata, overrides, view)
    paragraphs = [clean_paragraph(b.text) for b in layout.body]
    reading = read_body(paragraphs)
    article = Article(url=page.url, encoding=page.encoding, problems=list(overrides.problems))
    article.script = "traditional" if view.traditional else "simplified"
    title = layout.title.text if layout.title else None
    if is_not_found(title, view.simplify(metadata.title or ""), reading.paragraphs):
        article.problems.append("page not found")
        _note_problems(article)
        return article
    article.title = title
    zone = layout.zone.element if layout.zone else None
    if has_body(reading.paragraphs) and not is_video_only(reading.paragraphs, zone):
        article.body = "\n".join(reading.paragraphs)
    _fill_credits(article, reading, layout, metadata, view)
    _fill_fields(article, reading, layout, metadata, view)
    date = find_published(
        blocks,
        header=layout.header,
        after=layout.after,
        before=layout.before,
        metadata=metadata,
        url=page.url,
        now=now,
    )
    _apply_overrides(article, overrides, view, now)
    if article.published_at is None and date is not None:
        _set_date(article, date)
    future = future_date_problem(article.published_at, article.published_raw, now=now)
    if future is not None:  # never stored, and never replaced by the crawl time
        article.published_at = article.published_precision = None
        article.problems.append(future)
    if keep_script and view.traditional:
        _restore_script(article, view)
    elif not keep_script and not view.traditional:
        _simplify_identities(article)
    _note_problems(article)
    return article


def _layout(
    blocks: Sequence[Block], metadata: Metadata, overrides: Overrides, view: ScriptView
) -> _Layout:
    zone = find_content(blocks)
    forced = overrides.body_range(blocks)
    if forced is not None:
        zone = ContentZone(overrides.body_elements[0], forced[0], forced[1], float("inf"))
    title = find_title(
        blocks,
        zone.start if zone else None,
        page_title=view.simplify(metadata.title or ""),
        headline=view.simplify(metadata.headline or ""),
        site_name=view.simplify(metadata.site_name or ""),
    )
    title_block = title.block if title else None
    body: list[Block] = []
    if zone is not None:
        inside = title_block is not None and zone.start <= title_block.index <= zone.end
        body = body_blocks(
            blocks,
            zone,
            skip_until=title_block.index if inside and title_block else -1,
            title=title.text if title else None,
        )
    first = body[0].index if body else (zone.start if zone else len(blocks))
    last = body[-1].index if body else (zone.end if zone else len(blocks))
    if title_block is not None and title_block.index < first:
        start = title_block.index + 1
        header = list(blocks[start : min(first, start + _HEADER_MAX_BLOCKS)])
        before = _right_above(blocks, title_block.index)
    else:
        header = list(blocks[max(0, first - _HEADER_REACH) : first])
        before = []
    kept = {b.index for b in body}
    if zone is not None:  # info lines the body dropped just after its first line (a subtitle)
        header += [
            b
            for b in blocks[first : min(first + _INFO_REACH, last + 1)]
            if b.index not in kept and is_info_line(b.text)
        ]
    after = list(blocks[last + 1 : last + 1 + _AFTER_REACH])
    return _Layout(title, zone, body, header, after, before)


def _right_above(blocks: Sequence[Block], index: int) -> list[Block]:
    """The few blocks right above the headline at ``index``, in page order, up to the nearest
    menu, link line or chrome: a date above those is the page's top bar (``今天是…``), not the
    article's date line."""
    above: list[Block] = []
    for block in reversed(blocks[max(0, index - _BEFORE_TITLE) : index]):
        if block.chrome is not None or block.link_density >= 0.5:
            break
        above.append(block)
    above.reverse()
    return above


def _fill_credits(
    article: Article,
    reading: BodyReading,
    layout: _Layout,
    metadata: Metadata,
    view: ScriptView,
) -> None:
    credits = list(reading.credits)
    authors: list[str] = []
    for block in layout.header:
        if block.link_density >= 0.5:
            continue
        line_credit = parse_credit(block.text) if block.chars <= 60 else None
        if line_credit:
            credits.append(line_credit)
        else:
            authors.extend(parse_labelled_authors(block.text))
    if not credits and not authors:
        for block in layout.after[:3]:
            if block.chrome is None and block.link_density < 0.5 and block.chars <= 60:
                authors.extend(parse_labelled_authors(block.text))
    merged = Credits(reporters=tuple(authors))
    for credit in credits:
        merged = merged.merged(credit)
    if not merged and metadata.authors:
        site = view.simplify(metadata.title or "")
        for value in metadata.authors:
            names = split_names(view.simplify(value), strict=True) or []
            # An "author" that is the site's own name (新浪财经) credits no one.
            names = [n for n in names if n not in site]
            merged = merged.merged(Credits(reporters=tuple(names)))
    article.reporters = list(merged.reporters)
    article.correspondents = list(merged.correspondents)
    article.photographers = list(merged.photographers)
    article.agency = _agency(reading, credits)
    article.dateline = reading.dateline


def _agency(reading: BodyReading, credits: Sequence[Credits]) -> str | None:
    """The lead's credited agency; the dateline's outlet when that is missing or damaged
    (``工人日?-中工网``); else the first agency another credit names."""
    lead = reading.lead_agency
    if lead and not any(mark in lead for mark in _BROKEN):
        return lead
    if reading.outlet:
        return reading.outlet
    others = [c.agency for c in credits if c.agency and not any(m in c.agency for m in _BROKEN)]
    return others[0] if others else lead


def _fill_fields(
    article: Article,
    reading: BodyReading,
    layout: _Layout,
    metadata: Metadata,
    view: ScriptView,
) -> None:
    lines = [b.text for b in layout.header if b.link_density < 0.5]
    after = [b.text for b in layout.after if b.link_density < 0.5 and b.chrome is None]
    editors = list(reading.editors)
    for text in (*lines, *after):
        found = parse_editor(text) if "编" in text else None
        if found is not None:
            editors.extend(n for n in found[0] if n not in editors)
    article.editor = "、".join(editors) or None
    source = next((s for s in map(parse_source, lines) if s), None)
    article.source = (
        source or reading.source or next((s for s in map(parse_source, after) if s), None)
    )
    if article.source is None and metadata.source:
        article.source = view.simplify(metadata.source).strip("《》 ") or None
    article.click_count = next(
        (c for c in map(parse_click_count, (*lines, *after)) if c is not None), None
    )
    article.original_title = reading.original_title


def _apply_overrides(
    article: Article, overrides: Overrides, view: ScriptView, now: datetime | None
) -> None:
    def value(name: str) -> str | None:
        found = overrides.first(name)
        return view.simplify(found) if found else None

    if (title := value("title")) is not None:
        article.title = normalize_space(title)
    if (published := value("published_at")) is not None:
        match = parse_date(published, now=now) or parse_machine_date(published, now=now)
        if match is not None:
            _set_date(article, match)
    for name in ("reporters", "correspondents", "photographers"):
        if (listed := value(name)) is not None:
            setattr(article, name, split_names(listed, latin=True) or [])
    if (editor := value("editor")) is not None:
        found = parse_editor(editor)
        editors = found[0] if found else split_names(editor, latin=True) or []
        article.editor = "、".join(editors) or None
    if (source := value("source")) is not None:
        article.source = parse_source(source) or source.strip("《》 ") or None
    for name in ("dateline", "agency", "original_title"):
        if (text := value(name)) is not None:
            setattr(article, name, normalize_space(text) or None)
    if (clicks := value("click_count")) is not None:
        digits = "".join(ch if ch.isdigit() else " " for ch in clicks).split()
        article.click_count = int(digits[0]) if digits else None


def _set_date(article: Article, match: DateMatch) -> None:
    article.published_at = match.value
    article.published_precision = match.precision
    article.published_raw = match.raw


def _restore_script(article: Article, view: ScriptView) -> None:
    """Give the text fields back in the page's own (traditional) script."""
    for name in ("title", "editor", "source", "dateline", "agency", "original_title"):
        current = getattr(article, name)
        if current:
            setattr(article, name, view.restore(current))
    if article.body:
        article.body = "\n".join(view.restore(p) for p in article.body.split("\n"))
    article.reporters = [view.restore(n) for n in article.reporters]
    article.correspondents = [view.restore(n) for n in article.correspondents]
    article.photographers = [view.restore(n) for n in article.photographers]


def _simplify_identities(article: Article) -> None:
    """Names and outlets in simplified script on a simplified page too (the page's own text,
    title and body, stays as written)."""
    for name in _NAME_FIELDS:
        names = getattr(article, name)
        if names:
            setattr(article, name, list(dict.fromkeys(map(simplify_name, names))))
    for name in _IDENTITY_FIELDS:
        value = getattr(article, name)
        if value:
            setattr(article, name, simplify_name(value))


def _note_problems(article: Article) -> None:
    checks = (
        (article.title, "no title"),
        (article.body, "no body"),
        (article.published_at, "no publish date"),
        (article.reporters or article.correspondents or article.photographers, "no byline"),
        (article.source, "no source"),
        (article.editor, "no editor"),
    )
    article.problems.extend(reason for present, reason in checks if not present)
