"""Which configured site a page's 来源 names."""

from __future__ import annotations

from collections.abc import Iterable

from crawler.fingerprint import normalize_for_fingerprint
from crawler.sites.config import SiteConfig

__all__ = ["SourceSites"]


class SourceSites:
    """Maps source names (``工人日报``, ``《工人日报》``, ``中工網``) to site ids, from the
    site configs' ``source_names``.

    Several sites may claim one name (the real 中工网 preset and the demo portal both answer to
    ``中工网``): the one of the same kind as the page's own site (demo or real) wins, then the
    first by id."""

    def __init__(self, sites: Iterable[SiteConfig]) -> None:
        self._by_name: dict[str, list[str]] = {}
        self._demo: dict[str, bool] = {}
        for site in sorted(sites, key=lambda s: s.id):
            self._demo[site.id] = site.demo
            for name in site.source_names:
                claims = self._by_name.setdefault(normalize_for_fingerprint(name), [])
                if site.id not in claims:
                    claims.append(site.id)

    def site_for(self, source: str | None, page_site: str | None = None) -> str | None:
        """The site a 来源 names, for a page of ``page_site``; ``None`` when no site claims it."""
        if not source:
            return None
        claims = self._by_name.get(normalize_for_fingerprint(source))
        if not claims:
            return None
        demo = self._demo.get(page_site) if page_site is not None else None
        if demo is not None:
            for site_id in claims:
                if self._demo[site_id] == demo:
                    return site_id
        return claims[0]
