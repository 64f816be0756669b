"""The ``unionwatch`` command line: one click group; each command lives in its own module,
imported when the command is named (``unionwatch query`` does not import Scrapy)."""

from __future__ import annotations

from crawler.cli.app import main

__all__ = ["main"]

#: Command name → ``module:attribute``.
COMMANDS = {
    "cluster": "crawler.cli.cluster:cluster",
    "crawl": "crawler.cli.crawl:crawl",
    "db": "crawler.cli.db:db",
    "dedup": "crawler.cli.dedup:dedup",
    "demo": "crawler.cli.demo:demo",
    "export": "crawler.cli.export:export_command",
    "extract": "crawler.cli.extract:extract",
    "query": "crawler.cli.query:query",
    "reextract": "crawler.cli.reextract:reextract",
    "runs": "crawler.cli.runs:runs",
    "schedule": "crawler.cli.schedule:schedule",
    "show": "crawler.cli.query:show",
    "sites": "crawler.cli.sites:sites",
    "stats": "crawler.cli.stats:stats",
    "status": "crawler.cli.status:status",
    "worker": "crawler.cli.cluster:worker",
}
for _name, _target in COMMANDS.items():
    main.add_lazy_command(_name, _target)
