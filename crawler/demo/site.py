"""Build the demo: render every site's pages from the plan and encode them as each site does.

* ``demo-portal``: UTF-8, declared in the HTTP header and a meta tag;
* ``demo-portal-big5``: the portal's 工会要闻 channel converted to traditional script (OpenCC
  ``s2t``) and encoded as Big5, characters outside Big5 as ``&#N;`` references; the charset is
  in the header and the meta tag;
* ``demo-province``: GB18030 bytes; the header names no charset, the meta tag says ``gb2312``
  (as such sites do, though their pages use GBK characters such as 頔 and 赟);
* ``demo-city``: UTF-8 declared only by ``<meta charset>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType

import opencc

from crawler.demo.layouts.city import render_city
from crawler.demo.layouts.common import Page, pages_of
from crawler.demo.layouts.portal import LIST_PAGE_SIZE, PortalLinks, list_path, render_portal
from crawler.demo.layouts.province import render_province
from crawler.demo.model import DemoResponse, DemoSite
from crawler.demo.plan import (
    CITY_CHANNELS,
    CITY_HOST,
    MIRROR_HOST,
    MIRRORED_CHANNEL,
    PORTAL_CHANNELS,
    PORTAL_HOST,
    PROVINCE_CHANNELS,
    PROVINCE_HOST,
    SITE_INFOS,
    build_plan,
)

__all__ = ["build_demo"]


class _Encoder:
    """Text to the bytes a site serves."""

    def __init__(self, encoding: str, converter: opencc.OpenCC | None = None) -> None:
        self._encoding = encoding
        self._converter = converter

    def __call__(self, text: str) -> bytes:
        if self._converter is not None:
            text = str(self._converter.convert(text))
        return text.encode(self._encoding, errors="xmlcharrefreplace")


def _responses(
    pages: Iterable[Page], host: str, content_type: str, encode: _Encoder
) -> dict[tuple[str, str], DemoResponse]:
    headers = MappingProxyType({"Content-Type": content_type})
    return {
        (host, page.path): DemoResponse(page.status, headers, encode(page.html)) for page in pages
    }


def build_demo() -> DemoSite:
    """Every response of the four demo sites and the truth about their articles."""
    plan = build_plan()
    responses: dict[tuple[str, str], DemoResponse] = {}

    portal_pages = render_portal(
        plan.portal, PORTAL_CHANNELS, PortalLinks(), charset="utf-8", full_site=True
    )
    responses |= _responses(
        portal_pages, PORTAL_HOST, "text/html; charset=utf-8", _Encoder("utf-8")
    )

    mirrored = [a for a in plan.portal if a.channel == MIRRORED_CHANNEL]
    list_count = len(pages_of(mirrored, LIST_PAGE_SIZE))
    carried = frozenset(
        [list_path(MIRRORED_CHANNEL, n) for n in range(1, list_count + 1)]
        + [a.path for a in mirrored]
    )
    mirror_links = PortalLinks(host=MIRROR_HOST, prefix="/big5", carried=carried)
    mirror_pages = render_portal(
        mirrored,
        PORTAL_CHANNELS,
        mirror_links,
        charset="big5",
        full_site=False,
        rendered=(MIRRORED_CHANNEL,),
    )
    big5 = _Encoder("big5", opencc.OpenCC("s2t"))
    responses |= _responses(mirror_pages, MIRROR_HOST, "text/html; charset=big5", big5)

    province_pages = render_province(plan.province, PROVINCE_CHANNELS)
    responses |= _responses(province_pages, PROVINCE_HOST, "text/html", _Encoder("gb18030"))

    city_pages = render_city(plan.city, CITY_CHANNELS, plan.seed)
    responses |= _responses(city_pages, CITY_HOST, "text/html", _Encoder("utf-8"))

    return DemoSite(
        responses=MappingProxyType(responses),
        articles=tuple(article.truth() for article in plan.articles),
        sites=MappingProxyType({info.site_id: info for info in SITE_INFOS}),
    )
