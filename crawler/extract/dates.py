"""Read publication dates from strings: the forms Chinese news pages print, ISO 8601 values of
metadata, and the dates URL schemes carry.

A fast regex path reads the common forms (``2024-05-04 07:28``, ``2022年02月09日16:59``,
``2025/4/28``, ``2025/1/23 9:10:30``, ``16时59分``); ``dateparser`` is only a fallback for
labelled values the regexes cannot read, and is only believed when it keeps the four-digit year
the string shows. A month and day without a year (``12月20日 18:10``) resolves to the most recent
such date not after ``now``. Every result is timezone-aware, Asia/Shanghai unless the string
carries an offset, and says how precise it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.extract.article import Precision

__all__ = [
    "FUTURE_TOLERANCE",
    "DateMatch",
    "date_from_url",
    "find_dates",
    "future_date_problem",
    "label_before",
    "parse_date",
    "parse_machine_date",
    "shanghai",
]

#: Optional weekday between a date and its time: ``2024年5月4日 星期六 07:28``.
_WEEKDAY = r"(?:\s*(?:星期|周|礼拜)[一二三四五六日天])?"
#: A time of day: ``9:10``, ``09:10:30``, ``16时59分``, ``下午3:20``, ``17:19PM``,
#: ``10:12:00.000Z``.
_TIME = (
    r"(?:\s*(?:T|\s)?\s*(?P<ap1>上午|下午|凌晨|早上|中午|晚上)?\s*"
    r"(?P<H>[01]?\d|2[0-3])\s*[:：时點点]\s*(?P<M>[0-5]\d)"
    r"(?:\s*[:：分]\s*(?P<S>[0-5]\d)(?:\.\d{1,6})?)?(?:\s*[分秒])?"
    r"(?:\s*(?P<ap2>[AaPp]\.?[Mm]\.?)(?![A-Za-z]))?"
    r"(?P<tz>\s*Z|\s*[+-](?:0\d|1[0-4]):?[0-5]\d)?)?"
)
#: A full date with a four-digit year, optionally followed by a time.
_FULL_DATE = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>1[0-2]|0?[1-9])\s*[-/.月]\s*"
    r"(?P<d>3[01]|[12]\d|0?[1-9])(?!\d)\s*日?" + _WEEKDAY + _TIME
)
#: A month and day without a year: ``12月20日 18:10``; or ``05-04 07:28`` when a time follows.
_MONTH_DAY = re.compile(
    r"(?<![\d年./-])(?:(?P<m>1[0-2]|0?[1-9])月(?P<d>3[01]|[12]\d|0?[1-9])日"
    + _WEEKDAY
    + _TIME.replace("(?P<tz>", "(?P<tz0>")
    + r"|(?P<m2>1[0-2]|0[1-9])-(?P<d2>3[01]|[12]\d|0[1-9])\s+(?P<H2>[01]\d|2[0-3]):(?P<M2>[0-5]\d))"
    r"(?![\d:])"
)
#: A label right before a date (what the date is): ``发布日期:``, ``〖发布时间：``, ``Posted on``.
_LABEL_BEFORE = re.compile(
    r"(?P<label>发布日期|发布时间|发表日期|发表时间|发稿时间|发稿日期|刊发时间|刊发日期|出版日期|"
    r"发文日期|成文日期|上传时间|录入时间|添加时间|发布于|发表于|更新时间|更新日期|修改时间|"
    r"时间|日期|Date|Published(?:\s+on)?|Posted(?:\s+on|\s+at)?)\s*[:：]?\s*[〖【\[(（]?\s*$",
    re.IGNORECASE,
)
#: Labels of a later revision rather than the first publication.
_UPDATE_LABELS = frozenset({"更新时间", "更新日期", "修改时间"})
#: Dates in URL paths: ``/c/2024-05-04/``, ``/t20250123_``, ``/2025/0123/``, ``2023-03/02``,
#: and unpadded ``/art/2025/1/23/``.
_URL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})"
    r"(?:[-/_]?(?P<m>0[1-9]|1[0-2])[-/_]?(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
    r"|/(?P<m1>1[0-2]|[1-9])/(?P<d1>3[01]|[12]\d|[1-9])/)"
)
#: A date label, anywhere (the fallback parser reads what follows it).
_LABEL = re.compile(_LABEL_BEFORE.pattern.removesuffix(r"\s*[〖【\[(（]?\s*$"), re.IGNORECASE)
#: A four-digit year anywhere (the only years dateparser is trusted with).
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
#: ``H:MM`` and ``H:MM:SS`` anywhere (to tell how precise a dateparser result is).
_CLOCK = re.compile(r"\d{1,2}[:：]\d{2}(?P<s>[:：]\d{2})?")
#: Afternoon markers that move a 12-hour clock reading past noon.
_AFTERNOON = frozenset({"下午", "晚上", "pm", "p.m.", "pm.", "p.m"})
#: A publication time this far past the crawl time is an error of the page, not a date
#: (a clock or time-zone slip of a few hours is not).
FUTURE_TOLERANCE = timedelta(days=1)
#: How many characters before a date a label may stand.
_LABEL_WINDOW = 14
#: How many characters after a label a date read by the fallback parser may span.
_FALLBACK_SPAN = 40


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date read from a string."""

    value: datetime
    precision: Precision
    #: The substring the date was read from.
    raw: str
    start: int = 0
    end: int = 0
    #: The label in front of it (``发布日期``...), when there is one.
    label: str | None = None

    @property
    def is_update(self) -> bool:
        """True when the label says this is a revision time (``更新时间``)."""
        return self.label in _UPDATE_LABELS


@lru_cache(maxsize=1)
def shanghai() -> timezone | ZoneInfo:
    """The Asia/Shanghai zone (a fixed +08:00 when the system has no tz database)."""
    try:
        return ZoneInfo("Asia/Shanghai")
    except ZoneInfoNotFoundError:  # pragma: no cover - depends on the host
        return timezone(timedelta(hours=8), "Asia/Shanghai")


def find_dates(text: str, *, now: datetime | None = None) -> list[DateMatch]:
    """Every date in ``text`` in order: full dates, then (when there is none) month-day dates."""
    found = [m for m in map(_from_full, _FULL_DATE.finditer(text)) if m is not None]
    if not found:
        now = now or datetime.now(shanghai())
        found = [m for m in (_from_month_day(x, now) for x in _MONTH_DAY.finditer(text)) if m]
    return [_with_label(text, match) for match in found]


def parse_date(text: str, *, now: datetime | None = None) -> DateMatch | None:
    """The first date in ``text`` (labels and surrounding words are skipped); when the regexes
    find none, ``dateparser`` reads it provided the text shows a four-digit year."""
    dates = find_dates(text, now=now)
    if dates:
        return dates[0]
    return _fallback(text, now=now)


def label_before(text: str, start: int) -> str | None:
    """The date label ending right before ``start`` in ``text``, if any."""
    match = _LABEL_BEFORE.search(text[max(0, start - _LABEL_WINDOW) : start])
    return match.group("label") if match else None


def parse_machine_date(value: str, *, now: datetime | None = None) -> DateMatch | None:
    """A date from metadata: ISO 8601 (offsets honoured), RFC 2822, or any form of
    :func:`parse_date`."""
    value = value.strip()
    match = parse_date(value, now=now) if _YEAR.search(value) else None
    if match is not None:
        return match
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=shanghai())
    return DateMatch(parsed.astimezone(shanghai()), _clock_precision(value), value, 0, len(value))


def future_date_problem(
    value: datetime | None, raw: str | None, *, now: datetime | None = None
) -> str | None:
    """The problem to record when ``value`` lies more than :data:`FUTURE_TOLERANCE` after
    ``now`` (default: the current time): such a date is not stored, and neither is the crawl
    time in its place."""
    if value is None:
        return None
    now = now or datetime.now(shanghai())
    if value <= now + FUTURE_TOLERANCE:
        return None
    shown = raw or value.isoformat()
    return f"publish date in the future: {shown}"


def date_from_url(url: str) -> DateMatch | None:
    """The date a URL path carries (day precision), e.g. ``/c/2024-05-04/8242194.shtml``."""
    path = urlsplit(url).path
    for match in _URL_DATE.finditer(path):
        try:
            month, day = match["m"] or match["m1"], match["d"] or match["d1"]
            value = datetime(int(match["y"]), int(month), int(day), tzinfo=shanghai())
        except ValueError:
            continue
        raw = match.group(0).rstrip("/")
        return DateMatch(value, "day", raw, match.start(), match.start() + len(raw))
    return None


def _from_full(match: re.Match[str]) -> DateMatch | None:
    groups = match.groupdict()
    return _build(match, int(groups["y"]), int(groups["m"]), int(groups["d"]), groups)


def _from_month_day(match: re.Match[str], now: datetime) -> DateMatch | None:
    groups = dict(match.groupdict())
    if groups["m2"]:
        groups.update(m=groups["m2"], d=groups["d2"], H=groups["H2"], M=groups["M2"])
    groups["tz"] = groups.get("tz0")
    month, day = int(groups["m"]), int(groups["d"])
    local_now = now.astimezone(shanghai())
    year = local_now.year
    # The most recent such day not after today: a December date read in January is last year's.
    if (month, day) > (local_now.month, local_now.day):
        year -= 1
    return _build(match, year, month, day, groups)


def _build(
    match: re.Match[str], year: int, month: int, day: int, groups: dict[str, Any]
) -> DateMatch | None:
    precision: Precision = "day"
    hour = minute = second = 0
    if groups.get("H") is not None:
        hour, minute = int(groups["H"]), int(groups["M"])
        precision = "minute"
        if groups.get("S") is not None:
            second = int(groups["S"])
            precision = "second"
        marker = (groups.get("ap1") or groups.get("ap2") or "").lower()
        if marker in _AFTERNOON and hour < 12:
            hour += 12
    try:
        value = datetime(year, month, day, hour, minute, second, tzinfo=shanghai())
    except ValueError:
        return None
    offset = (groups.get("tz") or "").strip()
    if offset:
        value = value.replace(tzinfo=_offset(offset)).astimezone(shanghai())
    raw = match.group(0).strip()
    start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
    return DateMatch(value, precision, raw, start, start + len(raw))


def _offset(text: str) -> timezone:
    if text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _with_label(text: str, match: DateMatch) -> DateMatch:
    label = label_before(text, match.start)
    if label is None:
        return match
    return DateMatch(match.value, match.precision, match.raw, match.start, match.end, label)


def _clock_precision(text: str) -> Precision:
    clock = _CLOCK.search(text)
    if clock is None:
        return "day"
    return "second" if clock.group("s") else "minute"


def _fallback(text: str, *, now: datetime | None) -> DateMatch | None:
    """``dateparser`` on the words after a date label (or on a short string); ``None`` unless
    the text shows a four-digit year and the result keeps it (``12月20日`` never becomes 2012)."""
    label = _LABEL.search(text)
    if label is not None:
        text = text[label.end() :].lstrip(" :：〖【[(（")[:_FALLBACK_SPAN]
    elif len(text) > _FALLBACK_SPAN:
        return None
    years = _YEAR.findall(text)
    if not years:
        return None
    import dateparser  # slow to import; only reached for unusual forms

    settings = {
        "TIMEZONE": "Asia/Shanghai",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RELATIVE_BASE": (now or datetime.now(shanghai())).replace(tzinfo=None),
    }
    parsed = dateparser.parse(text.strip(), languages=["zh", "en"], settings=settings)
    if parsed is None or str(parsed.year) not in years:
        return None
    precision = _clock_precision(text)
    value = parsed.astimezone(shanghai())
    if precision == "day":
        value = value.replace(hour=0, minute=0, second=0, microsecond=0)
    return DateMatch(value, precision, text.strip(), 0, len(text))
