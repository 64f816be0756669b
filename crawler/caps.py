"""Caps that end crawler traps: pages followed from one start URL, and list-page depth.

A list page that links ``?page=N+1`` for ever, or a calendar that links the next day for
ever, never runs out of new URLs. The spider asks :class:`TrapCaps` before following a link:
a list page more than ``max_list_depth`` list pages away from its start URL is not followed,
and no start URL (seed) leads to more than ``max_seed_pages`` requests. Each refusal is
counted in the stats (``unionwatch/caps/list_depth``, ``unionwatch/caps/seed_pages``).
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["META_LIST_DEPTH", "META_SEED", "TrapCaps"]

logger = logging.getLogger(__name__)

#: Request.meta keys: the start URL a request descends from, and how many list pages lie
#: between them.
META_SEED = "uw_seed"
META_LIST_DEPTH = "uw_list_depth"


class TrapCaps:
    """One crawl's counts per seed (owned by the spider)."""

    def __init__(self, max_seed_pages: int, max_list_depth: int, crawler: Crawler) -> None:
        self.max_seed_pages = max_seed_pages
        self.max_list_depth = max_list_depth
        self.crawler = crawler  # its stats exist only once the crawl starts
        self._pages: Counter[str] = Counter()

    def admit(self, seed: str, kind: str, depth: int) -> bool:
        """May a ``kind`` link ``depth`` list pages below ``seed`` be followed?"""
        if kind == "list" and depth > self.max_list_depth:
            self._refused("list_depth", seed)
            return False
        if self._pages[seed] >= self.max_seed_pages:
            self._refused("seed_pages", seed)
            return False
        self._pages[seed] += 1
        return True

    def _refused(self, cap: str, seed: str) -> None:
        key = f"unionwatch/caps/{cap}"
        stats = self.crawler.stats
        assert stats is not None
        if not stats.get_value(key):
            logger.warning("cap %s reached under %s: not following further links", cap, seed)
        stats.inc_value(key)
