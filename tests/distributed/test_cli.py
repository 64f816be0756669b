"""The cluster commands: one-line errors, status JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import unionwatch

DOWN = "redis://127.0.0.1:1/0"


def test_status_of_an_unreachable_redis_is_one_line_and_exit_1() -> None:
    result = unionwatch("cluster", "status", "--redis", DOWN)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "cannot reach Redis at redis://127.0.0.1:1/0" in result.stderr


def test_a_worker_without_redis_fails_at_start_with_one_line(tmp_path: Path) -> None:
    result = unionwatch("--db", f"sqlite:///{tmp_path / 'w.db'}", "worker", "--redis", DOWN)
    assert result.returncode == 1
    assert "cannot reach Redis" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["worker", "--redis", "http://127.0.0.1:6379"],
        ["crawl", "--url", "http://a.test/", "--redis", "redis://127.0.0.1:6379/0"],
        ["worker", "--redis", "redis://127.0.0.1:6379/0", "--route", "nohost"],
        ["crawl", "demo-city", "--max-pages", "5", "--redis", "redis://127.0.0.1:6379/0"],
    ],
)
def test_bad_cluster_options_are_usage_errors(tmp_path: Path, args: list[str]) -> None:
    result = unionwatch("--db", f"sqlite:///{tmp_path / 'w.db'}", *args)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_status_json_counts_what_a_seeding_queued(tmp_path: Path, redis_url: str) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    seeded = unionwatch("--db", db, "crawl", "demo-city", "demo-portal", "--redis", redis_url)
    assert seeded.returncode == 0, seeded.stderr
    assert "queued demo-city: 1 start URLs" in seeded.stdout
    report = json.loads(
        unionwatch("cluster", "status", "--redis", redis_url, "--format", "json").stdout
    )
    assert report["pending"] == 2 and report["queued"] == 2 and report["in_flight"] == 0
    assert [site["site"] for site in report["sites"]] == ["demo-city", "demo-portal"]
    table = unionwatch("cluster", "status", "--redis", redis_url)
    assert "pending 2" in table.stdout and "demo-portal" in table.stdout


def test_the_scheduler_with_redis_queues_due_sites_for_the_workers(
    tmp_path: Path, redis_url: str
) -> None:
    db = f"sqlite:///{tmp_path / 's.db'}"
    result = unionwatch(
        "--db", db, "schedule", "--once", "--site", "demo-city", "--redis", redis_url
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(
        unionwatch("cluster", "status", "--redis", redis_url, "--format", "json").stdout
    )
    assert [(s["site"], s["queued"], s["generation"]) for s in report["sites"]] == [
        ("demo-city", 1, 1)
    ]
