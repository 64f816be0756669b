"""Crawl presets against recorded pages, in a process of its own (Scrapy's reactor runs once
per process): ``python -m tests.presets.crawl DB_URL ROUTES_JSON SINCE UNTIL SITE...``.

Runs the same code as ``unionwatch crawl`` (:func:`crawler.runner.run_crawls`, the project
settings, the sites' own politeness) with the sites' hosts routed to the recording proxy, and
prints each site's summary as JSON.
"""

from __future__ import annotations

import json
import sys

from crawler.runner import crawl_settings, run_crawls
from crawler.sites import SiteRegistry


def main(argv: list[str]) -> int:
    db_url, routes, since, until, *site_ids = argv
    registry = SiteRegistry.load()
    sites = [registry.get(site_id) for site_id in site_ids]
    settings = crawl_settings(
        db_url,
        routes=json.loads(routes),
        overrides={
            "LOG_LEVEL": "WARNING",
            "UNIONWATCH_SINCE": since or None,
            "UNIONWATCH_UNTIL": until or None,
        },
    )
    summaries = run_crawls(sites, settings)
    print(json.dumps([s.to_dict() for s in summaries], ensure_ascii=False))
    return 0 if all(s.ok for s in summaries) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
