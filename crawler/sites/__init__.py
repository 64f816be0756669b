"""Site configurations: one TOML file per site in this folder, validated on load.

A config says where a crawl starts, which hosts it may visit, which links are list pages to
follow and which are articles. Adding a site is a new file, not code.
"""

from __future__ import annotations

from crawler.sites.config import Politeness, SiteConfig, SiteConfigError, adhoc_site
from crawler.sites.registry import SiteRegistry, load_site_file
from crawler.sites.sources import SourceSites

__all__ = [
    "Politeness",
    "SiteConfig",
    "SiteConfigError",
    "SiteRegistry",
    "SourceSites",
    "adhoc_site",
    "load_site_file",
]
