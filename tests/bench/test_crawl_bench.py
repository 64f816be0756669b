"""bench.crawl end to end at a tiny size: the site generates and serves, the three crawls run
in their own processes and fetch the same pages, and the table is printed (its figures are read
by people; nothing here judges speed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from bench.crawl import main
from bench.crawl_site import MAX_PAGE, MIN_PAGE, generate


def test_the_site_has_pages_of_portal_size_and_paginated_lists(tmp_path: Path) -> None:
    layout = generate(tmp_path, 45)
    pages = sorted((tmp_path / "c").rglob("*.shtml"))
    assert len(pages) == 45 and layout.list_pages == 8  # 8 channels, one list page each
    assert all(MIN_PAGE - 2000 <= p.stat().st_size <= MAX_PAGE + 2000 for p in pages)
    bodies = {p.read_text().split('id="Zoom">', 1)[1].split("</div>", 1)[0] for p in pages}
    assert len(bodies) == 45  # no two articles share their text


def test_the_bench_crawls_the_same_pages_three_ways(
    capsys: pytest.CaptureFixture[str], pg_admin: Engine
) -> None:
    url = pg_admin.url.render_as_string(hide_password=False)
    bare, sqlite, postgres = main(["--quick", "--pg-url", url])
    assert bare.pages == sqlite.pages == postgres.pages == 69 + 1  # + robots.txt
    assert sqlite.stored == postgres.stored == 60
    out = capsys.readouterr().out
    assert "server alone:" in out and "(b)/(a) = " in out and "(c)/(a) = " in out
