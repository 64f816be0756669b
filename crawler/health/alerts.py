"""Alerts: a JSON POST to a webhook when a site's verdict changes."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from datetime import datetime
from typing import Any

from crawler.health.verdict import Health

__all__ = ["AlertError", "alert_payload", "post_alert"]

logger = logging.getLogger(__name__)


class AlertError(RuntimeError):
    """The webhook could not be reached or refused the alert."""


def alert_payload(health: Health, previous: str | None, now: datetime) -> dict[str, Any]:
    """What the webhook receives."""
    return {
        "event": "unionwatch.verdict_changed",
        "site": health.site,
        "verdict": health.verdict,
        "previous": previous,
        "reason": health.reason,
        "at": now.isoformat(timespec="seconds"),
        "health": health.to_dict(),
    }


def post_alert(url: str, payload: dict[str, Any], timeout: float = 10.0) -> None:
    """POST ``payload`` as JSON to ``url``; :class:`AlertError` unless it answers 2xx."""
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = int(response.status)
    except urllib.error.HTTPError as exc:
        raise AlertError(f"webhook {url} answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise AlertError(f"webhook {url} unreachable: {reason}") from None
    if not 200 <= status < 300:
        raise AlertError(f"webhook {url} answered HTTP {status}")
    logger.info("alert sent to %s: %s is %s", url, payload["site"], payload["verdict"])
