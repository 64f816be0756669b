"""bench.crawl end to end at a tiny size: the site generates and serves, the three crawls run
in their own processes and fetch the same pages, and the table is printed (its figures are read
by people; nothing here judges speed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from bench.crawl import RunResult, main, report
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
    [[bare, sqlite, postgres]] = main(["--quick", "--pg-url", url])
    assert bare.pages == sqlite.pages == postgres.pages == 69 + 1  # + robots.txt
    assert sqlite.stored == postgres.stored == 60
    out = capsys.readouterr().out
    assert "server alone:" in out and "(b)/(a) = " in out and "(c)/(a) = " in out


def test_the_ratio_is_the_median_of_each_rounds_own(tmp_path: Path) -> None:
    layout = generate(tmp_path, 10)

    def runs(bare: float, ours: float) -> list[RunResult]:
        return [
            RunResult("(a) bare Scrapy spider", 100, 100 / bare, 1.0, 2**20),
            RunResult("(b) unionwatch, SQLite", 100, 100 / ours, 2.0, 2**20, stored=10),
        ]

    # The machine slowed down between rounds: each round's pair is compared, not the runs.
    table = report(layout, 1000.0, [runs(300, 210), runs(150, 90), runs(200, 150)])
    assert "median of 3 rounds" in table
    assert "(b)/(a) = 0.70 (0.70, 0.60, 0.75)" in table
    assert table.count("round ") == 3
    single = report(layout, 1000.0, [runs(300, 210)])
    assert "throughput ratios: (b)/(a) = 0.70 (target" in single
