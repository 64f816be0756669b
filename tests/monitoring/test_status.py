"""`unionwatch status` on a loopback site that changes: each verdict, --check and the webhook."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.monitoring.site import HTML, LoopbackSite, serve_site, unionwatch, write_site

pytestmark = pytest.mark.e2e

CHALLENGE_412 = (
    412,
    HTML,
    b"<html><head><script>var _0x1=document.cookie;setTimeout(function(){location.reload()},100)"
    b"</script></head><body></body></html>",
)
COOKIE_521 = (
    521,
    {**HTML, "Set-Cookie": "__jsl_clearance=1; path=/"},
    b"<script>document.cookie='__jsl_clearance_s=1';location.href=location.pathname</script>",
)


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A loopback webhook receiver; yields its URL and the alerts it got."""
    alerts: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            alerts.append(json.loads(self.rfile.read(length)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/alerts", alerts
    server.shutdown()
    server.server_close()


def crawl(db: str, sites: Path, site_id: str = "testsite") -> None:
    result = unionwatch(
        "--db", db, "--sites-dir", str(sites), "crawl", site_id, "--progress", "none"
    )
    assert result.returncode == 0, result.stderr


def status(db: str, sites: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    result = unionwatch(
        "--db",
        db,
        "--sites-dir",
        str(sites),
        "status",
        "--site",
        "testsite",
        "--format",
        "json",
        *extra,
    )
    assert result.stdout, result.stderr
    (row,) = json.loads(result.stdout)
    return result.returncode, row


def test_fresh_site_is_ok_and_check_passes(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'h.db'}"
    site = LoopbackSite()
    site.publish(range(1, 6), datetime.now(UTC))
    with serve_site(site) as base:
        sites = write_site(tmp_path / "sites", "testsite", base)
        crawl(db, sites)
    code, row = status(db, sites, "--check")
    assert (code, row["verdict"]) == (0, "ok")
    assert row["articles_24h"] == 5 and row["articles_7d"] == 5
    assert row["failure_rate"] == 0 and row["last_success"]


@pytest.mark.parametrize(
    ("answer", "kind"), [(CHALLENGE_412, "412-challenge"), (COOKIE_521, "521-cookie")]
)
def test_anti_bot_answers_make_the_site_blocked_and_alert_the_webhook(
    tmp_path: Path,
    receiver: tuple[str, list[dict[str, Any]]],
    answer: tuple[int, dict[str, str], bytes],
    kind: str,
) -> None:
    url, alerts = receiver
    db = f"sqlite:///{tmp_path / 'h.db'}"
    site = LoopbackSite()
    site.publish(range(1, 6), datetime.now(UTC))
    with serve_site(site) as base:
        sites = write_site(tmp_path / "sites", "testsite", base)
        crawl(db, sites)
        assert status(db, sites, "--webhook", url)[1]["verdict"] == "ok"
        assert alerts == []  # a first verdict of ok is no news
        site.block = answer
        crawl(db, sites)
    code, row = status(db, sites, "--check", "--webhook", url)
    assert (code, row["verdict"]) == (1, "blocked")
    assert kind in row["reason"]
    assert [(a["site"], a["previous"], a["verdict"]) for a in alerts] == [
        ("testsite", "ok", "blocked")
    ]
    # The verdict is remembered: no second alert while it stays the same.
    status(db, sites, "--webhook", url)
    assert len(alerts) == 1


def test_a_changed_layout_makes_the_site_broken(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'h.db'}"
    site = LoopbackSite()
    now = datetime.now(UTC)
    site.publish(range(1, 6), now - timedelta(hours=3))
    with serve_site(site) as base:
        sites = write_site(tmp_path / "sites", "testsite", base)
        crawl(db, sites)
        assert status(db, sites)[1]["verdict"] == "ok"
        site.publish(range(1, 11), now, broken=True)  # five new articles in the new layout
        crawl(db, sites)
    code, row = status(db, sites, "--check")
    assert (code, row["verdict"]) == (1, "broken")
    assert "layout" in row["reason"]


def test_a_site_without_new_articles_for_longer_than_its_usual_gap_is_stale(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'h.db'}"
    site = LoopbackSite()
    site.publish(range(1, 6), datetime.now(UTC) - timedelta(days=5))  # hourly, then silence
    with serve_site(site) as base:
        sites = write_site(tmp_path / "sites", "testsite", base)
        crawl(db, sites)
    code, row = status(db, sites, "--check")
    assert (code, row["verdict"]) == (1, "stale")
    assert "no new article" in row["reason"]


def test_an_unreachable_webhook_is_one_line_and_alerts_again_next_time(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'h.db'}"
    site = LoopbackSite()
    site.publish(range(1, 4), datetime.now(UTC) - timedelta(days=5))
    with serve_site(site) as base:
        sites = write_site(tmp_path / "sites", "testsite", base)
        crawl(db, sites)
    result = unionwatch(
        "--db", db, "--sites-dir", str(sites), "status", "--webhook", "http://127.0.0.1:9/x"
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "webhook" in result.stderr
