"""The ``unionwatch`` command line: one click group; each command lives in its own module."""

from __future__ import annotations

from crawler.cli.app import main
from crawler.cli.cluster import cluster, worker
from crawler.cli.crawl import crawl
from crawler.cli.db import db
from crawler.cli.dedup import dedup
from crawler.cli.demo import demo
from crawler.cli.export import export_command
from crawler.cli.extract import extract
from crawler.cli.query import query, show
from crawler.cli.reextract import reextract
from crawler.cli.runs import runs
from crawler.cli.schedule import schedule
from crawler.cli.sites import sites
from crawler.cli.stats import stats
from crawler.cli.status import status

for _command in (crawl, db, dedup, demo, extract, query, reextract, runs, show, sites):
    main.add_command(_command)
for _command in (schedule, status):
    main.add_command(_command)
for _command in (cluster, worker):
    main.add_command(_command)
for _command in (export_command, stats):
    main.add_command(_command)

__all__ = ["main"]
