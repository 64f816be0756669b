"""Log lines for items: one line naming the page, never the whole item (bodies are long)."""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure

__all__ = ["UnionwatchLogFormatter"]


class UnionwatchLogFormatter(LogFormatter):
    """Dropped items are logged by their reason alone (the pipelines put the URL in it)."""

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        return {**result, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}

    def scraped(
        self, item: Any, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        url = getattr(item, "url", None) or getattr(response, "url", "")
        return {"level": 10, "msg": "Stored %(url)s", "args": {"url": url}}
