"""Every preset against a recorded copy of its site, served on loopback under the real host
names: it finds the list pages, follows pagination (or an e-paper's pages), recognises the
article URLs, ignores the site's chrome, and extracts every field.

Adding ``tests/presets/sites/<id>/pages.toml`` for a preset adds its tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pytest

from crawler.sites import SiteRegistry
from tests.e2e.conftest import ROOT, unionwatch
from tests.presets.layouts import chrome_links
from tests.presets.recorded import RecordedSite, RecordingProxy, load_recorded, recorded_ids

pytestmark = pytest.mark.e2e

IDS = recorded_ids()
FIELDS = (
    "title",
    "published_at",
    "reporters",
    "correspondents",
    "photographers",
    "editor",
    "source",
    "body",
)


@dataclass
class Crawled:
    recorded: dict[str, RecordedSite]
    proxy: RecordingProxy
    #: Site id -> stored article URL -> its JSON record (``unionwatch query --format json``).
    stored: dict[str, dict[str, dict[str, Any]]]
    summaries: dict[str, dict[str, Any]]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    """One crawl of every recorded preset: one process per date range (e-papers share theirs)."""
    recorded = {site_id: load_recorded(site_id) for site_id in IDS}
    proxy = RecordingProxy(list(recorded.values()))
    db = f"sqlite:///{tmp_path_factory.mktemp('presets') / 'presets.db'}"
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for site in recorded.values():
        groups[(str(site.since or ""), str(site.until or ""))].append(site.site_id)
    summaries: dict[str, dict[str, Any]] = {}
    with proxy.serve() as proxy_url:
        routes = json.dumps({host: proxy_url for host in proxy.hosts})
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "tests.presets.crawl", db, routes, since, until, *ids],
                cwd=ROOT,
                env={k: v for k, v in os.environ.items() if k != "UNIONWATCH_DB"},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for (since, until), ids in groups.items()
        ]
        for run in runs:
            out, err = run.communicate(timeout=300)
            assert run.returncode == 0, f"{err[-3000:]}\n{out[-3000:]}"
            summaries.update({s["site"]: s for s in json.loads(out)})
    result = unionwatch("--db", db, "query", "--format", "json", "--limit", "10000")
    assert result.returncode == 0, result.stderr
    stored: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for record in json.loads(result.stdout):
        stored[record["site"]][record["url"]] = record
    return Crawled(recorded, proxy, stored, summaries)


def test_every_real_preset_has_recorded_pages() -> None:
    missing = {site.id for site in SiteRegistry.load() if not site.demo} - set(IDS)
    assert not missing, f"presets without tests/presets/sites/<id>/pages.toml: {sorted(missing)}"


@pytest.mark.parametrize("site_id", IDS)
def test_preset_follows_its_list_pages_and_pagination(crawled: Crawled, site_id: str) -> None:
    missed = [u for u in crawled.recorded[site_id].lists if not crawled.proxy.was_requested(u)]
    assert not missed


@pytest.mark.parametrize("site_id", IDS)
def test_preset_recognises_every_article(crawled: Crawled, site_id: str) -> None:
    expected = set(crawled.recorded[site_id].expected)
    assert set(crawled.stored[site_id]) == expected
    assert crawled.summaries[site_id]["failures"] == 0


@pytest.mark.parametrize("site_id", IDS)
def test_preset_ignores_the_site_chrome(crawled: Crawled, site_id: str) -> None:
    site = crawled.recorded[site_id]
    chrome = {link for url in site.pages for link in chrome_links(url)}
    assert not [link for link in chrome if crawled.proxy.was_requested(link)]


@pytest.mark.parametrize("site_id", IDS)
def test_preset_extracts_every_field(crawled: Crawled, site_id: str) -> None:
    for url, expected in crawled.recorded[site_id].expected.items():
        record = crawled.stored[site_id].get(url)
        assert record is not None, url
        got = {field: record[field] for field in FIELDS}
        assert got == expected, url


def test_recorded_pages_are_in_the_presets_url_scheme() -> None:
    registry = SiteRegistry.load()
    for site_id in IDS:
        site, recorded = registry.get(site_id), load_recorded(site_id)
        starts = site.start_urls_for(recorded.since, recorded.until)
        assert recorded.lists[0] in starts, site_id
        for url in recorded.lists:
            assert site.classify(url) == "list" or url in starts, url
        for url in recorded.expected:
            assert site.classify(url) == "article", url
