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
- ``UNIONWATCH_STORE_BATCH_SIZE`` (25), ``UNIONWATCH_STORE_BATCH_SECONDS`` (0.25): articles
  are written in one transaction per batch; an item counts as scraped only once its batch
  committed. ``UNIONWATCH_STORE_THREADED`` (default on): batches are written on the reactor's
  thread pool, one at a time -- :class:`pipelines.store.StorePipeline`.
- ``UNIONWATCH_INCREMENTAL_ENABLED`` (stop paginating at known articles, ``--since``),
  ``UNIONWATCH_REVISIT_DAYS`` (re-read articles published within N days; a site's
  ``revisit_days`` wins), ``UNIONWATCH_REVISIT_MAX`` -- :mod:`crawler.incremental`.
- ``UNIONWATCH_CONDITIONAL_ENABLED`` (ETag / Last-Modified),
  ``UNIONWATCH_REVISIT_INTERVAL_HOURS`` (an article is not re-read sooner) --
  :mod:`crawler.conditional`.
- ``UNIONWATCH_BLOCK_DETECTION_ENABLED``: count anti-bot answers (412/521 scripts, captcha
  pages, 403/429) -- :class:`crawler.blocking.BlockDetectionMiddleware`.
- ``UNIONWATCH_NETSAFETY_ENABLED`` (the offsite filter: refuse requests and redirects off
  the site's hosts, and hosts nobody named
  that resolve to loopback/private/link-local addresses), ``UNIONWATCH_NAMED_HOSTS`` (more
  hosts allowed whatever their address) -- :class:`crawler.netsafety.NetworkSafetyMiddleware`.
- ``UNIONWATCH_CRAWL_DELAY_MAX`` (robots.txt: 5xx/timeouts defer the host, Crawl-delay
  honoured up to this) -- :class:`crawler.politeness.RobotsPolicyMiddleware`.
- ``UNIONWATCH_BACKOFF_ENABLED``, ``UNIONWATCH_BACKOFF_BASE_DELAY``,
  ``UNIONWATCH_BACKOFF_MAX_DELAY``, ``UNIONWATCH_RETRY_AFTER_MAX`` (429/503 slow a host down,
  Retry-After honoured) -- :class:`crawler.politeness.BackoffMiddleware`.
- ``UNIONWATCH_GC_YOUNG_THRESHOLD`` (50,000; 0: Python's own): while the reactor runs, the
  garbage collector's young generation waits for this many allocations and the objects alive
  at the start are frozen -- :mod:`crawler.gcpolicy` (the runner and the worker apply it).
- Workers only (``unionwatch worker`` sets them, see :mod:`crawler.distributed.worker`):
  ``UNIONWATCH_REDIS_URL``, ``UNIONWATCH_REDIS_PREFIX``, ``UNIONWATCH_WORKER_ID``,
  ``UNIONWATCH_REDIS_SEEN_TTL_HOURS``, ``UNIONWATCH_REDIS_POLL_INTERVAL`` --
  :class:`crawler.distributed.scheduler.ClusterScheduler`; ``UNIONWATCH_CLUSTER_POLITENESS``
  -- :class:`crawler.distributed.politeness.ClusterPolitenessMiddleware`.
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
# Size limits, on the wire and after decompression (Scrapy applies both to gzip/deflate/br/
# zstd bodies: a compression bomb stops at the limit); a page over the limit is a failure.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# Outputs of one response processed at once. Scrapy starts this many asyncio tasks for every
# response's output, however short (an article page yields one item): its default, 100, cost a
# fifth of a crawl's CPU time in the crawl benchmark. Our pages yield one item or a list's links.
CONCURRENT_ITEMS = 8

EXTENSIONS = {
    "crawler.database.Database": 0,
}
# Spider output runs from the highest number down: 304 answers are dropped first, then the
# incremental rules, then the frontier records what is left.
SPIDER_MIDDLEWARES = {
    "crawler.frontier.FrontierMiddleware": 900,
    "crawler.incremental.IncrementalMiddleware": 950,
    "crawler.conditional.NotModifiedMiddleware": 960,
}
# Responses run from the highest number down: after decompression (590), before retries (550).
DOWNLOADER_MIDDLEWARES = {
    # Replaces Scrapy's offsite filter (see crawler.netsafety).
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.netsafety.NetworkSafetyMiddleware": 40,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.politeness.RobotsPolicyMiddleware": 100,
    "crawler.politeness.BackoffMiddleware": 560,
    "crawler.conditional.ConditionalRequestsMiddleware": 570,
    "crawler.blocking.BlockDetectionMiddleware": 580,
    # Scrapy's, without decoding pages that have no meta refresh (see crawler.metarefresh);
    # below 580 so that, as Scrapy's did, it sees a response after the block detection.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.metarefresh.MetaRefreshMiddleware": 575,
    "crawler.routing.HostRoutingMiddleware": 740,
}
# https to a routed host (UNIONWATCH_HOST_ROUTES) goes to its local server; else as usual.
DOWNLOAD_HANDLERS = {"https": "crawler.routing.RoutedHTTPSDownloadHandler"}
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
UNIONWATCH_INCREMENTAL_ENABLED = True
UNIONWATCH_REVISIT_DAYS = 2.0
UNIONWATCH_REVISIT_MAX = 200
UNIONWATCH_CONDITIONAL_ENABLED = True
UNIONWATCH_REVISIT_INTERVAL_HOURS = 6.0
UNIONWATCH_BLOCK_DETECTION_ENABLED = True
UNIONWATCH_NETSAFETY_ENABLED = True
UNIONWATCH_NAMED_HOSTS: list[str] = []
UNIONWATCH_CRAWL_DELAY_MAX = 60.0
UNIONWATCH_BACKOFF_ENABLED = True
UNIONWATCH_BACKOFF_BASE_DELAY = 1.0
UNIONWATCH_BACKOFF_MAX_DELAY = 120.0
UNIONWATCH_RETRY_AFTER_MAX = 300.0
UNIONWATCH_GC_YOUNG_THRESHOLD = 50_000
UNIONWATCH_SITES_DIR = os.environ.get("UNIONWATCH_SITES_DIR", "")

LOG_FORMATTER = "crawler.logformatter.UnionwatchLogFormatter"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
