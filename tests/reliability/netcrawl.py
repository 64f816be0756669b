"""Run one real crawl (spider, middlewares, pipelines, SQLite) in a child process and read
back its stats and failures: the network safety and politeness tests' harness.

The Twisted reactor runs once per process, so each crawl is a ``python -m
tests.reliability.netcrawl`` child taking a JSON job on stdin and printing its stats.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import open_engine
from storage.models import UrlState

ROOT = Path(__file__).resolve().parents[2]

#: Short timeouts and no delays: the faults, not the politeness defaults, set the pace.
FAST = {
    "DOWNLOAD_TIMEOUT": 3,
    "DOWNLOAD_DELAY": 0,
    "RETRY_TIMES": 1,
    "LOG_LEVEL": "WARNING",
    "UNIONWATCH_BACKOFF_BASE_DELAY": 0.2,
}


@dataclass(frozen=True)
class Outcome:
    stats: dict[str, Any]
    #: url -> (state, last error) of every URL the frontier or a failure recorded.
    urls: dict[str, tuple[str, str | None]]
    log: str

    def stat(self, key: str) -> int:
        return int(self.stats.get(key, 0) or 0)

    def errors(self) -> dict[str, str | None]:
        return {url: error for url, (state, error) in self.urls.items() if state == "failed"}


def crawl(
    db_path: Path,
    *,
    site: Mapping[str, Any] | None = None,
    urls: list[str] | None = None,
    settings: Mapping[str, Any] | None = None,
    timeout: float = 90,
) -> Outcome:
    """Crawl ``site`` (a site config table, as in a TOML file) or the one-off ``urls``."""
    db_url = f"sqlite:///{db_path}"
    job = {"db": db_url, "site": site, "urls": urls, "settings": {**FAST, **(settings or {})}}
    result = subprocess.run(
        [sys.executable, "-m", "tests.reliability.netcrawl"],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    stats = json.loads(result.stdout.strip().splitlines()[-1])
    return Outcome(stats, _url_states(db_url), result.stderr)


def _url_states(db_url: str) -> dict[str, tuple[str, str | None]]:
    engine = open_engine(db_url)
    try:
        with Session(engine) as session:
            rows = session.execute(select(UrlState.url, UrlState.state, UrlState.last_error))
            return {url: (state, error) for url, state, error in rows}
    finally:
        engine.dispose()


def _main() -> None:  # pragma: no cover - runs in the child
    from crawler.runner import crawl_settings, run_spider
    from crawler.sites import SiteConfig, adhoc_site
    from crawler.spiders.site import SiteSpider

    job = json.loads(sys.stdin.read())
    if job["site"] is not None:
        config = SiteConfig.from_mapping(job["site"], "test")
    else:
        config = adhoc_site(job["urls"])
    settings = crawl_settings(job["db"], overrides=job["settings"])
    stats = run_spider(SiteSpider, settings, site=config)
    print(json.dumps(stats, default=str))


if __name__ == "__main__":
    _main()
