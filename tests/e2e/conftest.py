"""End-to-end tests drive the installed ``unionwatch`` command in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from crawler.demo import DemoServer, DemoSite, build_demo

ROOT = Path(__file__).resolve().parents[2]
UNIONWATCH = Path(sys.executable).with_name("unionwatch")


def unionwatch(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user would (not a terminal: plain progress lines)."""
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    full_env.pop("UNIONWATCH_DB", None)
    return subprocess.run(
        [str(UNIONWATCH), *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        check=False,
        cwd=ROOT,
    )


def spawn(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ}
    env.pop("UNIONWATCH_DB", None)
    return subprocess.Popen(
        [str(UNIONWATCH), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def scrapy_crawl(db: str, server: DemoServer, site: str, *args: str) -> None:
    """`scrapy crawl site -a site=SITE [ARGS]` in a new process, from the project root, into
    ``db``, the demo hosts routed to ``server``; it must succeed."""
    routes = json.dumps({host: server.proxy_url for host in server.hosts})
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("scrapy")),
            "crawl",
            "site",
            "-a",
            f"site={site}",
            "-s",
            f"UNIONWATCH_HOST_ROUTES={routes}",
            "-s",
            "LOG_LEVEL=WARNING",
            *args,
        ],
        cwd=ROOT,
        env={**os.environ, "UNIONWATCH_DB": db},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def demo() -> DemoSite:
    return build_demo()


def stored_kinds() -> Sequence[str]:
    return ("original", "reprint", "mirror")
