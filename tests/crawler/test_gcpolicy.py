"""crawler.gcpolicy: while a crawl runs the collector waits longer and skips what was alive at
its start; afterwards it is as it was."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.settings import Settings

from crawler.gcpolicy import SETTING, collector_tuned
from tests.scrapy_helpers import run_crawl_script


@pytest.fixture(autouse=True)
def _python_defaults() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def test_within_the_block_the_threshold_is_the_settings_and_the_heap_is_frozen() -> None:
    with collector_tuned(Settings({SETTING: 12_345})):
        assert gc.get_threshold() == (12_345, 10, 10)
        assert gc.get_freeze_count() > 1_000
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0


def test_the_collector_is_restored_when_the_block_raises() -> None:
    with pytest.raises(RuntimeError), collector_tuned(Settings({SETTING: 5_000})):
        raise RuntimeError("crawl failed")
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0


def test_zero_leaves_pythons_own_settings() -> None:
    with collector_tuned(Settings({SETTING: 0})):
        assert gc.get_threshold() == (700, 10, 10)
        assert gc.get_freeze_count() == 0


def test_the_project_default_is_on() -> None:
    settings = Settings()
    settings.setmodule("crawler.settings")
    assert settings.getint(SETTING) == 50_000


# Runs in a process of its own: Scrapy's reactor runs once per process.
_SCRIPT = """
import gc, json, sys
from scrapy import Spider
from crawler.runner import crawl_settings, run_spider

seen = {}

class Probe(Spider):
    name = "probe"

    async def start(self):
        seen["during"] = [gc.get_threshold()[0], gc.get_freeze_count() > 0]
        return
        yield

settings = crawl_settings(sys.argv[1], overrides={"LOG_LEVEL": "WARNING", sys.argv[2]: 4321})
run_spider(Probe, settings)
seen["after"] = [gc.get_threshold()[0], gc.get_freeze_count() > 0]
print(json.dumps(seen))
"""


def test_a_crawl_runs_with_the_setting_and_ends_with_pythons_own(tmp_path: Path) -> None:
    run = run_crawl_script(_SCRIPT, f"sqlite:///{tmp_path / 'r.db'}", SETTING)
    assert json.loads(run.stdout) == {"during": [4321, True], "after": [700, False]}
