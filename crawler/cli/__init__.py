"""The ``unionwatch`` command line: one click group; each command lives in its own module."""

from __future__ import annotations

from crawler.cli.app import main
from crawler.cli.crawl import crawl
from crawler.cli.db import db
from crawler.cli.dedup import dedup
from crawler.cli.demo import demo
from crawler.cli.extract import extract
from crawler.cli.query import query, runs, show
from crawler.cli.reextract import reextract
from crawler.cli.sites import sites

for _command in (crawl, db, dedup, demo, extract, query, reextract, runs, show, sites):
    main.add_command(_command)

__all__ = ["main"]
