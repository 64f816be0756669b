"""The cyclic garbage collector's settings while a crawl runs.

A crawl allocates many short-lived container objects per page (parsed trees' proxies, text
blocks, Scrapy's requests, responses and asyncio tasks) on top of a large, long-lived heap of
imported modules (Scrapy, SQLAlchemy, dateparser, OpenCC's tables). With Python's default
thresholds (700, 10, 10) the collector ran about 2,000 times in a 5,000-page crawl and took
about a tenth of the crawl process's CPU time (``bench.crawl``), most of it re-scanning that
long-lived heap. So while the reactor runs, the objects alive at its start are frozen
(``gc.freeze``: moved to a generation the collector does not scan) and a young-generation
collection waits for ``UNIONWATCH_GC_YOUNG_THRESHOLD`` allocations (default 50,000) instead of
700. The count is of container objects allocated less those freed: a page's work rises by
thousands and falls back, and at 10,000 those swings still set off about 45 collections of a
5,000-page crawl (0.25 s), at 50,000 one or two. Memory is still freed as before by reference
counting; only garbage in reference cycles waits a little longer (at most 50,000 young
objects, a few MB). Both are undone when the crawl ends.

This is process-wide state, so only what owns the process sets it: the runner around
``CrawlerProcess.start`` and the distributed worker around its reactor.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from scrapy.settings import BaseSettings

__all__ = ["SETTING", "collector_tuned"]

logger = logging.getLogger(__name__)

#: Allocations between young-generation collections while a crawl runs; 0 keeps Python's
#: own settings (and freezes nothing).
SETTING = "UNIONWATCH_GC_YOUNG_THRESHOLD"


@contextmanager
def collector_tuned(settings: BaseSettings) -> Iterator[None]:
    """Within the block, the objects alive at its start are frozen and young collections
    wait for ``UNIONWATCH_GC_YOUNG_THRESHOLD`` allocations; as before afterwards."""
    young = settings.getint(SETTING, 0)
    if young <= 0:
        yield
        return
    previous = gc.get_threshold()
    gc.collect()  # what is frozen should be what is alive, not garbage waiting for a pass
    gc.freeze()
    gc.set_threshold(young, *previous[1:])
    logger.debug("garbage collector: %d objects frozen, threshold %d", gc.get_freeze_count(), young)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()
