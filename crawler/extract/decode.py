"""Bytes to text: pick the character encoding a page is really written in.

Order of evidence: a byte-order mark, the HTTP ``Content-Type`` charset, the document's own
``<meta charset>`` / ``http-equiv`` / ``<?xml encoding?>`` declaration, then detection. Real Chinese
sites lie often (``gb2312`` declared over UTF-8 bytes and the reverse), so a declaration the bytes
contradict is overridden: valid multi-byte UTF-8 wins over any other declaration, and a declared
encoding that cannot decode the bytes competes with the other candidates on a plausibility score
(common Han characters read, minus replacement characters produced). Decoding never raises.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = [
    "Decoded",
    "charset_from_content_type",
    "charset_from_markup",
    "decode_html",
    "is_garbled",
    "normalize_encoding",
]

#: The ``charset=`` parameter of a Content-Type header value.
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
#: ``<meta charset=...>`` or ``<meta http-equiv=... content="...; charset=...">`` in raw bytes.
_META_CHARSET = re.compile(rb"<meta[^>]{0,400}?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
#: ``<?xml ... encoding="..."?>`` at the very start of the document.
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([\w.:-]+)", re.IGNORECASE)

#: How far into the document a ``<meta>`` charset declaration is looked for.
_DECLARATION_SCAN_BYTES = 16384
#: How many characters of a candidate decoding are sampled to judge it.
_SAMPLE_CHARS = 60000
#: A replacement character costs this many common Han characters in the plausibility score.
_REPLACEMENT_COST = 3
#: Text is garbled when more than this share of its non-ASCII characters are damage marks.
_GARBLED_SHARE = 0.02
#: ... and it has at least this many of them (one broken byte in a long article is not).
_GARBLED_MIN_MARKS = 3
#: What a wrong decode leaves in text: U+FFFD; 锟斤拷 / 烫烫 / 屯屯 (UTF-8 replacement
#: characters and uninitialized buffers read as GBK); ``å·¥ä¼š`` (UTF-8 read as Latin-1 or
#: cp1252: a lead byte, then a continuation byte).
_DAMAGE = re.compile(
    "\ufffd|锟斤拷|烫烫|屯屯|[\u00c2-\u00ef]"
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)

#: Labels that name (a subset of) GB18030; the superset decodes everything they can.
_GB_LABELS = frozenset(
    {
        "gb2312", "gbk", "x-gbk", "cp936", "ms936", "euc-cn", "x-euc-cn", "gb_2312-80",
        "gb_2312", "csgb2312", "gb-2312", "chinese", "iso-ir-58", "gb18030", "windows-936",
    }
)  # fmt: skip
#: Labels that name Big5; read as Big5-HKSCS, its superset.
_BIG5_LABELS = frozenset(
    {"big5", "big-5", "cp950", "csbig5", "x-x-big5", "big5-hkscs", "big5hkscs"}
)
#: Labels WHATWG maps to windows-1252.
_LATIN_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii"}
)
#: Labels that mean UTF-8.
_UTF8_LABELS = frozenset({"utf-8", "utf8", "unicode-1-1-utf-8", "unicode", "x-unicode20utf8"})
#: Byte-order marks, longest first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from a page and the encoding used (a Python codec name)."""

    text: str
    encoding: str
    #: The charset the response or the markup declared, normalized; ``None`` when none.
    declared: str | None = None
    #: ``text`` in UTF-8 when the body already is exactly that (ASCII or valid UTF-8 without a
    #: byte-order mark): the parser takes it as it is, without encoding the text again.
    utf8: bytes | None = field(default=None, compare=False, repr=False)


def normalize_encoding(label: str | None) -> str | None:
    """Map a charset label to the Python codec used to read it (``gb2312`` → ``gb18030``,
    ``big5`` → ``big5hkscs``, ``latin1`` → ``cp1252``); ``None`` for an unknown label."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if name in _GB_LABELS:
        return "gb18030"
    if name in _BIG5_LABELS:
        return "big5hkscs"
    if name in _UTF8_LABELS:
        return "utf-8"
    if name in _LATIN_LABELS:
        return "cp1252"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return normalize_encoding(codec) if codec != name else codec


def charset_from_content_type(headers: Mapping[str, str] | None) -> str | None:
    """The normalized charset of a Content-Type header (looked up case-insensitively)."""
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == "content-type":
            match = _HEADER_CHARSET.search(value)
            return normalize_encoding(match.group(1)) if match else None
    return None


def charset_from_markup(body: bytes) -> str | None:
    """The normalized charset the document declares in its first bytes, if any."""
    head = body[:_DECLARATION_SCAN_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    return normalize_encoding(match.group(1).decode("ascii", "replace"))


def decode_html(
    body: bytes, headers: Mapping[str, str] | None = None, encoding: str | None = None
) -> Decoded:
    """Decode a response body; ``encoding`` forces a codec (a site config knows better)."""
    forced = normalize_encoding(encoding)
    if forced is not None:
        text = body.decode(forced, "replace")
        if not is_garbled(text):
            return Decoded(text, forced, forced)
        # The site's forced codec no longer fits its bytes (a CMS moved to UTF-8): detect.
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom) :].decode(codec, "replace"), codec, codec)
    declared = charset_from_content_type(headers) or charset_from_markup(body)
    if body.isascii():
        return Decoded(body.decode("ascii"), declared or "utf-8", declared, utf8=body)
    try:
        # Valid multi-byte UTF-8 is almost never an accident: it beats any declaration.
        return Decoded(body.decode("utf-8"), "utf-8", declared, utf8=body)
    except UnicodeDecodeError:
        pass
    if declared == "gb18030":
        try:
            return Decoded(body.decode(declared), declared, declared)
        except UnicodeDecodeError:
            pass
    # Big5 declarations get a contest even when the bytes decode: GB2312 bytes are valid Big5-HKSCS.
    return _best_guess(body, declared)


def is_garbled(text: str) -> bool:
    """True when ``text`` reads like a wrong decode: replacement characters, the traces GBK
    and Latin-1 misreadings leave (``锟斤拷``, ``å·¥``), in more than a sliver of the non-ASCII
    characters. Such text must not be stored as an article."""
    marks = len(_DAMAGE.findall(text))
    if marks < _GARBLED_MIN_MARKS:
        return False
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return marks > _GARBLED_SHARE * non_ascii


def _best_guess(body: bytes, declared: str | None) -> Decoded:
    """Decode with each plausible codec and keep the text that reads most like Chinese."""
    candidates = ["gb18030", "big5hkscs", "utf-8"]
    if declared is not None and declared not in candidates:
        candidates.insert(0, declared)
    best: tuple[float, str, str] | None = None
    for codec in candidates:
        try:
            text = body.decode(codec, "replace")
        except LookupError:  # pragma: no cover - codecs come from codecs.lookup
            continue
        sample = text[:_SAMPLE_CHARS]
        replaced = sample.count("\ufffd")
        bonus = 0.5 if codec == declared else 0.0  # ties go to what the page said
        # At most every non-ASCII character that is not a replacement is a common Han one:
        # when even that cannot beat the best so far, counting them is not needed.
        non_ascii = len(sample) - len(sample.encode("ascii", "ignore"))
        ceiling = float(non_ascii - replaced - _REPLACEMENT_COST * replaced) + bonus
        if best is not None and ceiling <= best[0]:
            continue
        score = _plausibility(sample, replaced) + bonus
        if best is None or score > best[0]:
            best = (score, codec, text)
    assert best is not None
    return Decoded(best[2], best[1], declared)


def _plausibility(sample: str, replaced: int) -> float:
    """Common Han characters read, minus a cost for every replacement character (``replaced``
    of them in ``sample``)."""
    hits = len(sample) - len(_common_han_runs().sub("", sample))
    return float(hits - _REPLACEMENT_COST * replaced)


@lru_cache(maxsize=1)
def _common_han_runs() -> re.Pattern[str]:
    """Runs of :func:`_common_han` characters (counted by what removing them takes away)."""
    return re.compile(f"[{''.join(sorted(_common_han()))}]+")


@lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    """The level-1 characters of GB2312 (3,755 common simplified) and Big5 (5,401 common
    traditional): text decoded with the right codec is mostly made of them, mojibake is not."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):  # GB2312 level 1: rows 16-55
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    for lead in range(0xA4, 0xC7):  # Big5 level 1: A440-C67E
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                continue
    return frozenset(ch for ch in chars if "\u4e00" <= ch <= "\u9fff")
