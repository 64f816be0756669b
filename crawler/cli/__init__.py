"""The ``unionwatch`` command line: one click group; each command lives in its own module,
imported when the command is named (``unionwatch query`` does not import Scrapy)."""

from __future__ import annotations

from crawler.cli.app import main

__all__ = ["main"]

#: Command name → ``module:attribute`` and the first sentence of its help (``unionwatch
#: --help`` lists the commands without importing them; tests/cli checks these agree).
COMMANDS: dict[str, tuple[str, str]] = {
    "cluster": (
        "crawler.cli.cluster:cluster",
        "The distributed crawl: queues, workers, throughput.",
    ),
    "crawl": (
        "crawler.cli.crawl:crawl",
        "Crawl configured sites (see `unionwatch sites`) or, with --url, any site once.",
    ),
    "db": ("crawler.cli.db:db", "Manage the database schema (Alembic migrations)."),
    "dedup": (
        "crawler.cli.dedup:dedup",
        "Maintain the near-duplicate index and the story clusters.",
    ),
    "demo": (
        "crawler.cli.demo:demo",
        "Crawl the bundled demo sites end to end, exactly as a real crawl.",
    ),
    "export": (
        "crawler.cli.export:export_command",
        "Export matching articles with every field (and the body), newest first.",
    ),
    "extract": (
        "crawler.cli.extract:extract",
        "Print one page's extraction as JSON (the same dict the crawler stores).",
    ),
    "query": ("crawler.cli.query:query", "Find stored articles, newest first."),
    "reextract": (
        "crawler.cli.reextract:reextract",
        "Re-run the current extractor over stored responses, without fetching.",
    ),
    "runs": (
        "crawler.cli.runs:runs",
        "List recent crawl runs, newest first, with their counts: requests, new, unchanged (304 "
        "or same text), updated (edited articles), duplicates, failures and blocked (anti-bot) "
        "answers.",
    ),
    "schedule": (
        "crawler.cli.schedule:schedule",
        "Crawl every enabled site on its cron schedule (the site's `schedule`, Asia/Shanghai "
        "time), each crawl in its own process.",
    ),
    "show": (
        "crawler.cli.query:show",
        "Show one article with every stored copy of it (reprints, mirrors).",
    ),
    "sites": (
        "crawler.cli.sites:sites",
        "List the configured sites (built-in presets and --sites-dir files).",
    ),
    "stats": (
        "crawler.cli.stats:stats",
        "Statistics: articles per site per day (or week), top reporters, top sources (来源), "
        "originals and reprints per site, the most reprinted stories.",
    ),
    "status": (
        "crawler.cli.status:status",
        "Show each site's health: last successful run, articles in the last 24 hours and 7 "
        "days, extraction failure rate of the last run, and a verdict: ok, stale (no new "
        "article for longer than the site's usual gap), broken (the failure rate jumped: the "
        "layout changed), blocked (anti-bot answers: 412/521 script challenges, captcha pages, "
        "403/429), or unknown (never crawled).",
    ),
    "worker": (
        "crawler.cli.cluster:worker",
        "Crawl what the shared Redis queue holds, until stopped: run any number, on any number "
        "of machines, all with the same --redis and --db (PostgreSQL when they are on several "
        "machines).",
    ),
}
for _name, (_target, _summary) in COMMANDS.items():
    main.add_lazy_command(_name, _target, _summary)
