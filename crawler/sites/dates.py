"""Start URLs by date: templates such as ``/papers/grrb/{date:%Y/%m/%d}/1/page.html`` expanded
for each day of a range (e-paper editions, dated archives)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

__all__ = ["SHANGHAI", "DateRange", "check_date_template", "default_range", "expand", "today"]

#: The sites' local time (China has one time zone and no daylight saving).
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")

#: Two days that differ in every field, to prove a template depends on the date.
_PROBES = (date(2024, 5, 4), date(2025, 11, 23))

DateRange = tuple[date, date]


def today() -> date:
    """Today in China."""
    return datetime.now(SHANGHAI).date()


def check_date_template(template: str) -> str | None:
    """``None`` when ``template`` is a usable date URL template, else the problem."""
    try:
        urls = [template.format(date=day) for day in _PROBES]
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        return f"is not a template with {{date:FORMAT}} ({type(exc).__name__}: {exc})"
    if urls[0] == urls[1]:
        return "does not use the date (write e.g. {date:%Y/%m/%d})"
    parts = urlsplit(urls[0])
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "does not give an http(s) URL"
    return None


def default_range(days: int, since: date | None, until: date | None) -> DateRange:
    """The days to enumerate: ``since``..``until`` as given; a missing end is filled in so
    the range covers ``days`` days ending today (or ending at ``until``)."""
    end = until or (today() if since is None or since <= today() else since)
    start = since or end - timedelta(days=max(days, 1) - 1)
    return start, end


def expand(templates: Sequence[str], days: DateRange) -> Iterator[str]:
    """Each template for each day, newest day first."""
    start, end = days
    day = end
    while day >= start:
        for template in templates:
            yield template.format(date=day)
        day -= timedelta(days=1)
