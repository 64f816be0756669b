"""Blocking database calls made from the crawl's event loop, moved to a worker thread."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from scrapy.utils.asyncio import is_asyncio_available

__all__ = ["off_loop"]

T = TypeVar("T")


async def off_loop(call: Callable[[], T]) -> T:
    """``call()`` on a worker thread when Scrapy runs on asyncio, so that the crawl goes on
    fetching and parsing while the call waits (for SQLite's write lock, held by the store's
    writer process, or for a network round trip); at once under another reactor."""
    if is_asyncio_available():
        return await asyncio.to_thread(call)
    return call()
