"""Scrapy settings for unionwatch (``scrapy crawl`` and ``unionwatch crawl`` use the same).

unionwatch's own settings are prefixed ``UNIONWATCH_`` and read once by the component that
owns them:

- ``UNIONWATCH_DB_URL``: database URL (default ``$UNIONWATCH_DB``, else the SQLite file in the
  user data directory) -- :class:`crawler.database.Database`.
- ``UNIONWATCH_HOST_ROUTES``: ``{host: proxy_url}`` sends those hosts to a local server --
  :class:`crawler.routing.HostRoutingMiddleware`.
- ``UNIONWATCH_FRONTIER_ENABLED``: skip stored articles and resume pending URLs (default on)
  -- :class:`crawler.frontier.FrontierMiddleware`.
- ``UNIONWATCH_KEEP_SCRIPT``: store traditional-script pages in their own script instead of
  simplified (default off) -- :class:`crawler.spiders.site.SiteSpider`.
- ``UNIONWATCH_SITES_DIR``: a folder of extra site files (default ``$UNIONWATCH_SITES_DIR``)
  -- the spiders and :class:`pipelines.store.StorePipeline` (for 来源 names).
- ``UNIONWATCH_STORE_RESPONSES``: keep each article page's raw response for ``unionwatch
  reextract`` (default on) -- :class:`pipelines.store.StorePipeline`.
"""

from __future__ import annotations

import os

BOT_NAME = "unionwatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "unionwatch/0.1 (union news monitor; +https://github.com/unionwatch/unionwatch)"
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's remote-control extension runs Python code sent over HTTP: never in a crawler
# that fetches untrusted pages unattended.
REMOTE_CONTROL_ENABLED = False

# Politeness defaults; each site config sets its own delay and per-host concurrency.
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
# A truncated body (dropped connection, short Content-Length) is an error, never an article.
DOWNLOAD_FAIL_ON_DATALOSS = True
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024

EXTENSIONS = {
    "crawler.database.Database": 0,
}
SPIDER_MIDDLEWARES = {
    "crawler.frontier.FrontierMiddleware": 900,
}
DOWNLOADER_MIDDLEWARES = {
    "crawler.routing.HostRoutingMiddleware": 740,
}
ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,
    "pipelines.dedup.DuplicateUrlPipeline": 200,
    "pipelines.store.StorePipeline": 300,
}

UNIONWATCH_DB_URL = os.environ.get("UNIONWATCH_DB", "")
UNIONWATCH_HOST_ROUTES: dict[str, str] = {}
UNIONWATCH_FRONTIER_ENABLED = True
UNIONWATCH_KEEP_SCRIPT = False
UNIONWATCH_STORE_RESPONSES = True
UNIONWATCH_SITES_DIR = os.environ.get("UNIONWATCH_SITES_DIR", "")

LOG_FORMATTER = "crawler.logformatter.UnionwatchLogFormatter"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
