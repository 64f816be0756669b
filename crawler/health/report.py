"""Gather each site's facts from the database and judge them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from crawler.health.verdict import Health, RunFacts, SiteFacts, Thresholds, judge
from storage.health import article_counts, article_times, site_runs
from storage.models import CrawlRun

__all__ = ["run_facts", "site_health"]


def run_facts(run: CrawlRun) -> RunFacts:
    kinds = (run.stats or {}).get("blocked_kinds", {})
    return RunFacts(
        started_at=run.started_at,
        status=run.status,
        responses=run.pages,
        new=run.new,
        updated=run.updated,
        duplicates=run.duplicates,
        failures=run.failures,
        blocked=run.blocked,
        blocked_kinds={str(k): int(v) for k, v in kinds.items()},
    )


def site_health(
    engine: Engine, sites: Sequence[str], now: datetime, limits: Thresholds | None = None
) -> list[Health]:
    """The verdict of each site, in order."""
    verdicts = []
    with Session(engine) as session:
        for site in sites:
            day, week = article_counts(session, site, now)
            facts = SiteFacts(
                site=site,
                runs=[run_facts(run) for run in site_runs(session, site)],
                article_times=article_times(session, site),
                articles_24h=day,
                articles_7d=week,
            )
            verdicts.append(judge(facts, now, limits))
    return verdicts
