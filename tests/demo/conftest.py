"""Fixtures: the demo built once per session, and a live demo server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from crawler.demo import DemoServer, DemoSite, build_demo
from tests.demo.helpers import DEMO_SITE_IDS, load_config


@pytest.fixture(scope="session")
def demo() -> DemoSite:
    return build_demo()


@pytest.fixture(scope="session")
def configs() -> dict[str, dict[str, Any]]:
    return {site_id: load_config(site_id) for site_id in DEMO_SITE_IDS}


@pytest.fixture(scope="module")
def server(demo: DemoSite) -> Iterator[DemoServer]:
    with DemoServer(demo) as running:
        yield running
