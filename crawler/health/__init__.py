"""Site health: verdicts from the database (:mod:`crawler.health.verdict`, pure), the facts
they are judged on (:mod:`crawler.health.report`) and alerts when a verdict changes
(:mod:`crawler.health.alerts`)."""

from __future__ import annotations

from crawler.health.verdict import VERDICTS, Health, RunFacts, SiteFacts, Thresholds, judge

__all__ = ["VERDICTS", "Health", "RunFacts", "SiteFacts", "Thresholds", "judge"]
