"""crawler.runner: a crawl that cannot start says why, in its summary and in the log."""

from __future__ import annotations

import json
from pathlib import Path

from tests.scrapy_helpers import run_crawl_script

# Runs in a process of its own: Scrapy's reactor runs once per process.
_SCRIPT = """
import json, sys
from crawler.runner import crawl_settings, run_crawls
from crawler.sites import SiteRegistry

settings = crawl_settings(
    sys.argv[1],
    overrides={"LOG_LEVEL": "WARNING", "EXTENSIONS": {"no_such_module.Extension": 1}},
)
[summary] = run_crawls([SiteRegistry.load().get("demo-city")], settings)
print(json.dumps(summary.to_dict()))
"""


def test_a_crawl_that_cannot_start_logs_the_reason_and_reports_it(tmp_path: Path) -> None:
    run = run_crawl_script(_SCRIPT, f"sqlite:///{tmp_path / 'r.db'}")
    summary = json.loads(run.stdout)
    assert summary["error"].startswith("ModuleNotFoundError")
    assert "the crawl of demo-city failed: ModuleNotFoundError" in run.stderr
