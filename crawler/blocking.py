"""Recognise anti-bot answers while crawling and count them (``unionwatch status`` turns the
counts into the ``blocked`` verdict).

Chinese government and union sites sit behind web application firewalls that answer a crawler
with HTTP 412 and a JavaScript challenge (the page sets a cookie and reloads), HTTP 521 with a
cookie-setting script, a captcha page (often with status 200), or plain 403 / 429. The kinds,
as counted under :data:`crawler.statkeys.BLOCKED_PREFIX`: ``412-challenge``, ``521-cookie``,
``captcha``, ``403``, ``429``.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler import statkeys

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

__all__ = ["BlockDetectionMiddleware", "block_kind"]

logger = logging.getLogger(__name__)

#: How much of a body is looked at (challenge and captcha pages are small).
_HEAD = 32 * 1024
_SCRIPT = re.compile(rb"<script", re.IGNORECASE)
_CAPTCHA = re.compile(
    rb"<title>[^<]{0,80}(?:\xe9\xaa\x8c\xe8\xaf\x81\xe7\xa0\x81|"  # 验证码
    rb"\xe5\xae\x89\xe5\x85\xa8\xe9\xaa\x8c\xe8\xaf\x81|"  # 安全验证
    rb"\xe4\xba\xba\xe6\x9c\xba\xe9\xaa\x8c\xe8\xaf\x81|"  # 人机验证
    rb"\xe8\xae\xbf\xe9\x97\xae\xe9\xaa\x8c\xe8\xaf\x81|"  # 访问验证
    rb"captcha)"
    rb"|<(?:input|img|div|form)\b[^>]{0,200}(?:captcha|geetest|nc_1_wrapper)",
    re.IGNORECASE,
)


def block_kind(status: int, headers_have_cookie: bool, body: bytes) -> str | None:
    """The kind of anti-bot answer this is, or ``None`` for an ordinary answer."""
    head = body[:_HEAD]
    if status == 412 and _SCRIPT.search(head):
        return "412-challenge"
    if status == 521 and (headers_have_cookie or _SCRIPT.search(head)):
        return "521-cookie"
    if status in (403, 429):
        return str(status)
    if status == 200 and len(body) < _HEAD and _CAPTCHA.search(head):
        return "captcha"
    return None


class BlockDetectionMiddleware:
    """Downloader middleware that counts anti-bot answers. Setting
    ``UNIONWATCH_BLOCK_DETECTION_ENABLED`` (default True)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("UNIONWATCH_BLOCK_DETECTION_ENABLED", True):
            raise NotConfigured
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        kind = block_kind(response.status, b"Set-Cookie" in response.headers, response.body)
        if kind is not None:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(statkeys.BLOCKED)
            self.crawler.stats.inc_value(statkeys.BLOCKED_PREFIX + kind)
            logger.warning("anti-bot answer (%s) from %s", kind, request.url)
        return response
