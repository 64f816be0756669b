"""Publication days a crawler can know before fetching an article: from its URL
(``/c/2025-01-22/…``, ``/2025/01/22/``, ``/202501/22/``, ``t20250122_…``) or from the date a
list page prints beside its link (``<li><a …>标题</a><span>2025-01-22</span></li>``)."""

from __future__ import annotations

import re
from datetime import date

from scrapy.http import TextResponse

__all__ = ["list_dates", "url_date"]

_URL_DATES = (
    re.compile(r"(?<!\d)(20\d{2})-(\d{1,2})-(\d{1,2})(?!\d)"),
    re.compile(r"/(20\d{2})/(\d{2})/(\d{2})/"),
    re.compile(r"/(20\d{2})(\d{2})/(\d{2})/"),
    re.compile(r"/(20\d{2})(\d{2})(\d{2})/"),
    re.compile(r"/t(20\d{2})(\d{2})(\d{2})_\d+"),
)
_TEXT_DATE = re.compile(r"(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
#: The elements a list item usually is.
_ITEMS = "//li[.//a[@href]] | //tr[.//a[@href]] | //dd[.//a[@href]] | //p[.//a[@href]]"


def _day(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def url_date(url: str) -> date | None:
    """The day an article URL encodes, if it follows one of the common dated schemes."""
    for pattern in _URL_DATES:
        found = pattern.search(url)
        if found:
            day = _day(*found.groups())
            if day is not None:
                return day
    return None


def list_dates(response: TextResponse) -> dict[str, date]:
    """``{absolute link URL: day}`` for list items that hold exactly one link and one date."""
    found: dict[str, date] = {}
    for item in response.xpath(_ITEMS):
        links = item.xpath(".//a/@href").getall()
        if len(set(links)) != 1:
            continue
        text = " ".join(item.xpath(".//text()").getall())
        dates = {m.groups() for m in _TEXT_DATE.finditer(text)}
        if len(dates) != 1:
            continue
        day = _day(*next(iter(dates)))
        if day is not None:
            found.setdefault(response.urljoin(links[0]), day)
    return found
