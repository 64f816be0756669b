"""Which configured site a page's 来源 names."""

from __future__ import annotations

from collections.abc import Iterable

from crawler.fingerprint import normalize_for_fingerprint
from crawler.sites.config import SiteConfig

__all__ = ["SourceSites"]


class SourceSites:
    """Maps source names (``工人日报``, ``《工人日报》``, ``中工網``) to site ids, from the
    site configs' ``source_names``."""

    def __init__(self, sites: Iterable[SiteConfig]) -> None:
        self._by_name: dict[str, str] = {}
        for site in sites:
            for name in site.source_names:
                self._by_name.setdefault(normalize_for_fingerprint(name), site.id)

    def site_for(self, source: str | None) -> str | None:
        if not source:
            return None
        return self._by_name.get(normalize_for_fingerprint(source))
