"""Building unionwatch's Scrapy components the way Scrapy's own tests do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.utils.test import get_reactor_settings

ROOT = Path(__file__).resolve().parents[1]


def make_crawler(
    db_url: str,
    spidercls: type[Spider] = Spider,
    spider_kwargs: dict[str, Any] | None = None,
    **settings: Any,
) -> Crawler:
    """A crawler with the project's settings, writing to ``db_url``, not started. With
    ``spider_kwargs`` its spider is built first (as ``Crawler.crawl`` does, before the settings
    freeze) and set on ``crawler.spider``."""
    project = Settings()
    project.setmodule("crawler.settings")
    values = {k: v for k, v in project.items() if k.isupper()}
    values.update(
        {"UNIONWATCH_DB_URL": db_url, "LOG_LEVEL": "WARNING", **get_reactor_settings(), **settings}
    )
    crawler = Crawler(spidercls, values)
    if spider_kwargs is not None:
        crawler.spider = crawler._create_spider(**spider_kwargs)
    crawler._apply_settings()
    return crawler


def run_crawl_script(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -c script args...`` from the checkout, in a process of its own (Scrapy's
    reactor runs once per process); asserts that it exited 0."""
    run = subprocess.run(
        [sys.executable, "-c", script, *args],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run
