"""crawler/sites/demo-*.toml: the schema the site loader reads, and agreement with the demo."""

from __future__ import annotations

import re
from typing import Any

import pytest

from crawler.demo import DemoSite
from tests.demo.helpers import DEMO_SITE_IDS, SITES_DIR

_KEYS = {
    "id",
    "name",
    "level",
    "enabled",
    "demo",
    "start_urls",
    "allowed_hosts",
    "article_pattern",
    "list_pattern",
    "schedule",
    "politeness",
}


def test_one_file_per_demo_site() -> None:
    files = sorted(path.stem for path in SITES_DIR.glob("demo-*.toml"))
    assert files == sorted(DEMO_SITE_IDS)


@pytest.mark.parametrize("site_id", DEMO_SITE_IDS)
def test_config_schema(configs: dict[str, dict[str, Any]], site_id: str) -> None:
    config = configs[site_id]
    assert set(config) >= _KEYS
    from crawler.sites import load_site_file

    load_site_file(SITES_DIR / f"{site_id}.toml")  # the loader validates every other key
    assert config["id"] == site_id
    assert config["level"] in ("national", "provincial", "city", "paper")
    assert config["enabled"] is True and config["demo"] is True
    assert "（演示）" in config["name"]
    assert isinstance(config["schedule"], str) and len(config["schedule"].split()) == 5
    assert config["politeness"] == {"download_delay": 0.0, "concurrency": 8}
    for key in ("article_pattern", "list_pattern"):
        re.compile(config[key])
    for url in config["start_urls"]:
        assert url.startswith("http://") and ":" not in url.split("/")[2]


@pytest.mark.parametrize("site_id", DEMO_SITE_IDS)
def test_config_agrees_with_the_demo(
    demo: DemoSite, configs: dict[str, dict[str, Any]], site_id: str
) -> None:
    config, info = configs[site_id], demo.sites[site_id]
    assert config["name"] == info.name
    assert config["level"] == info.level
    assert tuple(config["start_urls"]) == info.start_urls
    assert tuple(config["allowed_hosts"]) == info.hosts
    for url in config["start_urls"]:
        response = demo.response(url)
        assert response is not None and response.status == 200
    for article in demo.articles_of(site_id):
        assert re.search(config["article_pattern"], article.url)
        assert not re.search(config["list_pattern"], article.url)


def test_sites_and_hosts(demo: DemoSite) -> None:
    assert sorted(demo.sites) == sorted(DEMO_SITE_IDS)
    assert demo.hosts == (
        "big5.portal.unionwatch.test",
        "city.unionwatch.test",
        "portal.unionwatch.test",
        "province.unionwatch.test",
    )
    assert {host for host, _ in demo.responses} == set(demo.hosts)
