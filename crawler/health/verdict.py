"""A site's health verdict from the facts the database holds: pure, no I/O.

* ``blocked``: the last run's answers were anti-bot pages (HTTP 412 with a script challenge,
  521 with a cookie script, a captcha page, 403 / 429): at least ``blocked_min`` of them, or at
  least ``blocked_share`` of all its answers;
* ``broken``: the last run's extraction failure rate jumped (at least ``broken_rate``, and
  ``broken_jump`` above the median of the runs before it): the layout changed;
* ``stale``: no article for longer than the site's usual gap between articles (the median gap
  between its latest articles, times ``stale_factor``, at least ``stale_floor``);
* ``ok`` otherwise; ``unknown`` when the site never finished a run.

The first that applies wins, in that order.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

__all__ = ["VERDICTS", "Health", "RunFacts", "SiteFacts", "Thresholds", "Verdict", "judge"]

SHANGHAI = ZoneInfo("Asia/Shanghai")

Verdict = Literal["ok", "stale", "broken", "blocked", "unknown"]
VERDICTS: tuple[Verdict, ...] = ("ok", "stale", "broken", "blocked", "unknown")


@dataclass(frozen=True, slots=True)
class RunFacts:
    """One crawl run's counts."""

    started_at: datetime
    status: str
    responses: int = 0
    new: int = 0
    updated: int = 0
    duplicates: int = 0
    failures: int = 0
    blocked: int = 0
    blocked_kinds: Mapping[str, int] = field(default_factory=dict)

    @property
    def article_pages(self) -> int:
        """Article pages that were fetched and extracted or failed."""
        return self.new + self.updated + self.duplicates + self.failures

    @property
    def failure_rate(self) -> float | None:
        pages = self.article_pages
        return self.failures / pages if pages else None


@dataclass(frozen=True, slots=True)
class SiteFacts:
    """What the database knows about one site."""

    site: str
    #: Its runs, newest first (finished or not).
    runs: Sequence[RunFacts]
    #: Publication times (or first-seen times, for articles without a date) of its newest
    #: articles, newest first.
    article_times: Sequence[datetime]
    articles_24h: int = 0
    articles_7d: int = 0


@dataclass(frozen=True, slots=True)
class Thresholds:
    blocked_min: int = 3
    blocked_share: float = 0.5
    broken_rate: float = 0.5
    broken_jump: float = 0.3
    #: A run with fewer article pages says nothing about the failure rate.
    broken_min_pages: int = 3
    stale_factor: float = 3.0
    stale_floor: timedelta = timedelta(days=1)
    #: Gaps used for the usual gap.
    stale_gaps: int = 20


@dataclass(frozen=True, slots=True)
class Health:
    site: str
    verdict: Verdict
    reason: str
    last_success: datetime | None
    articles_24h: int
    articles_7d: int
    failure_rate: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "verdict": self.verdict,
            "reason": self.reason,
            "last_success": self.last_success.astimezone(SHANGHAI).isoformat(timespec="seconds")
            if self.last_success
            else None,
            "articles_24h": self.articles_24h,
            "articles_7d": self.articles_7d,
            "failure_rate": None if self.failure_rate is None else round(self.failure_rate, 3),
        }


def _duration(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours / 24:.1f} d" if hours >= 48 else f"{hours:.1f} h"


def _blocked(run: RunFacts, limits: Thresholds) -> str | None:
    if run.blocked == 0:
        return None
    share = run.blocked / run.responses if run.responses else 1.0
    if run.blocked < limits.blocked_min and share < limits.blocked_share:
        return None
    kinds = ", ".join(f"{kind} ×{n}" for kind, n in sorted(run.blocked_kinds.items()))
    return f"{run.blocked} of {run.responses} answers were anti-bot pages ({kinds or 'blocked'})"


def _broken(run: RunFacts, earlier: Sequence[RunFacts], limits: Thresholds) -> str | None:
    rate = run.failure_rate
    if rate is None or run.article_pages < limits.broken_min_pages or rate < limits.broken_rate:
        return None
    rates = [
        r.failure_rate
        for r in earlier
        if r.failure_rate is not None and r.article_pages >= limits.broken_min_pages
    ]
    baseline = statistics.median(rates) if rates else 0.0
    if rate - baseline < limits.broken_jump:
        return None
    return (
        f"extraction failed on {run.failures} of {run.article_pages} article pages "
        f"({rate:.0%}, usually {baseline:.0%}): the layout changed?"
    )


def _stale(times: Sequence[datetime], now: datetime, limits: Thresholds) -> str | None:
    if not times:
        return "no article stored yet"
    newest = times[: limits.stale_gaps + 1]
    gaps = [newer - older for newer, older in itertools.pairwise(newest)]
    usual = timedelta(seconds=statistics.median(g.total_seconds() for g in gaps) if gaps else 0)
    allowed = max(usual * limits.stale_factor, limits.stale_floor)
    silent = now - times[0]
    if silent <= allowed:
        return None
    return f"no new article for {_duration(silent)} (usual gap {_duration(usual)})"


def judge(facts: SiteFacts, now: datetime, limits: Thresholds | None = None) -> Health:
    """The site's verdict at ``now``."""
    limits = limits or Thresholds()
    ended = [run for run in facts.runs if run.status != "running"]
    successes = [run for run in ended if run.status == "finished"]
    last_success = successes[0].started_at if successes else None
    last = ended[0] if ended else None

    def health(verdict: Verdict, reason: str) -> Health:
        return Health(
            site=facts.site,
            verdict=verdict,
            reason=reason,
            last_success=last_success,
            articles_24h=facts.articles_24h,
            articles_7d=facts.articles_7d,
            failure_rate=last.failure_rate if last else None,
        )

    if last is None:
        return health("unknown", "never crawled")
    blocked = _blocked(last, limits)
    if blocked:
        return health("blocked", blocked)
    broken = _broken(last, ended[1:], limits)
    if broken:
        return health("broken", broken)
    if last_success is None:
        return health("unknown", f"no run finished (last: {last.status})")
    stale = _stale(facts.article_times, now, limits)
    if stale:
        return health("stale", stale)
    return health("ok", "")
