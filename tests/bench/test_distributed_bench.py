"""bench.distributed at a tiny size: each worker count crawls the whole site once into its own
PostgreSQL database, and the table is printed (nothing here judges speed)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bench.distributed import main


def test_one_and_two_workers_crawl_the_whole_site(
    capsys: pytest.CaptureFixture[str], pg_admin: Engine, redis_url: str
) -> None:
    url = pg_admin.url.render_as_string(hide_password=False)
    options = ["--articles", "40", "--workers", "1,2", "--no-server-rate"]
    runs = main([*options, "--redis", redis_url, "--pg-url", url])
    assert [(r.workers, r.stored) for r in runs] == [(1, 40), (2, 40)]
    out = capsys.readouterr().out
    assert "scaling" in out and "Redis ceiling of the design" in out
