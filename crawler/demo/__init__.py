"""The bundled demo union news sites and the loopback server that serves them.

:func:`build_demo` renders four sites imitating real union news sites (a national portal, its
Big5 traditional-script mirror, a provincial TRS site in GBK, a city ASP site) with the ground
truth about every article they link to; :class:`DemoServer` serves them on 127.0.0.1 as an
HTTP proxy. Site configs: ``crawler/sites/demo-*.toml``.
"""

from __future__ import annotations

from crawler.demo.model import DemoArticle, DemoResponse, DemoSite, DemoSiteInfo, Kind, Level
from crawler.demo.server import DemoServer
from crawler.demo.site import build_demo
from crawler.demo.stories import Story, compose_story

__all__ = [
    "DemoArticle",
    "DemoResponse",
    "DemoServer",
    "DemoSite",
    "DemoSiteInfo",
    "Kind",
    "Level",
    "Story",
    "build_demo",
    "compose_story",
]
