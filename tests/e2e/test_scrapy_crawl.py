"""`scrapy crawl` from the project root runs the same spider and pipelines as the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.demo import DemoServer, DemoSite
from storage import open_engine
from storage.models import Article
from tests.e2e.conftest import ROOT, stored_kinds

pytestmark = pytest.mark.e2e


def test_scrapy_crawl_site_stores_like_unionwatch_crawl(tmp_path: Path, demo: DemoSite) -> None:
    db = f"sqlite:///{tmp_path / 'scrapy.db'}"
    with DemoServer(demo) as server:
        routes = json.dumps({host: server.proxy_url for host in server.hosts})
        result = subprocess.run(
            [
                str(Path(sys.executable).with_name("scrapy")),
                "crawl",
                "site",
                "-a",
                "site=demo-city",
                "-s",
                f"UNIONWATCH_HOST_ROUTES={routes}",
                "-s",
                "LOG_LEVEL=WARNING",
            ],
            cwd=ROOT,
            env={**os.environ, "UNIONWATCH_DB": db},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    engine = open_engine(db)
    with Session(engine) as session:
        urls = set(session.execute(select(Article.url)).scalars())
    engine.dispose()
    assert urls == {a.url for a in demo.articles_of("demo-city") if a.kind in stored_kinds()}
