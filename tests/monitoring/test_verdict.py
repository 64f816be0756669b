"""The health verdict rules, on hand-made facts (pure: no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crawler.health import RunFacts, SiteFacts, judge

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def run(hours_ago: float = 1, status: str = "finished", **counts: int) -> RunFacts:
    defaults = {"responses": 20, "new": 8, "duplicates": 2, "failures": 0}
    return RunFacts(
        started_at=NOW - timedelta(hours=hours_ago), status=status, **(defaults | counts)
    )


def hourly(count: int = 10, last_hours_ago: float = 1) -> list[datetime]:
    return [NOW - timedelta(hours=last_hours_ago + i) for i in range(count)]


def facts(runs: list[RunFacts], times: list[datetime] | None = None) -> SiteFacts:
    return SiteFacts("s", runs, hourly() if times is None else times, articles_24h=3, articles_7d=9)


def test_a_site_with_fresh_articles_and_a_clean_run_is_ok() -> None:
    health = judge(facts([run(), run(7)]), NOW)
    assert (health.verdict, health.reason) == ("ok", "")
    assert health.last_success == NOW - timedelta(hours=1)
    assert health.failure_rate == 0


def test_a_site_never_crawled_is_unknown() -> None:
    assert judge(facts([], []), NOW).verdict == "unknown"


def test_a_site_silent_for_three_usual_gaps_is_stale_but_not_before() -> None:
    assert judge(facts([run()], hourly(last_hours_ago=20)), NOW).verdict == "ok"  # 1 day floor
    daily = [NOW - timedelta(days=1 + i) for i in range(10)]
    assert judge(facts([run()], daily), NOW).verdict == "ok"
    health = judge(facts([run()], [t - timedelta(days=3) for t in daily]), NOW)
    assert health.verdict == "stale" and "usual gap 24.0 h" in health.reason


def test_a_jump_in_the_failure_rate_is_broken_a_steady_rate_is_not() -> None:
    usual = [run(7 * i, failures=1) for i in range(1, 4)]  # 1 in 11 fails, always
    assert judge(facts([run(failures=1), *usual]), NOW).verdict == "ok"
    jumped = judge(facts([run(failures=9, new=1, duplicates=0), *usual]), NOW)
    assert jumped.verdict == "broken" and "90%" in jumped.reason
    always_bad = [run(7 * i, failures=9, new=1, duplicates=0) for i in range(1, 4)]
    assert judge(facts([run(failures=9, new=1, duplicates=0), *always_bad]), NOW).verdict == "ok"


def test_too_few_article_pages_say_nothing_about_the_layout() -> None:
    assert judge(facts([run(failures=2, new=0, duplicates=0)]), NOW).verdict == "ok"


def test_anti_bot_answers_make_a_site_blocked_before_anything_else() -> None:
    challenge = run(responses=2, blocked=1, failures=9, new=1, duplicates=0)
    health = judge(
        facts([RunFacts(**{**_fields(challenge), "blocked_kinds": {"412-challenge": 1}})], []), NOW
    )
    assert health.verdict == "blocked" and "412-challenge ×1" in health.reason
    assert judge(facts([run(responses=40, blocked=3)]), NOW).verdict == "blocked"  # repeated 403s
    assert judge(facts([run(responses=40, blocked=1)]), NOW).verdict == "ok"  # one 403 is not


def test_a_running_run_is_not_judged_yet() -> None:
    assert judge(facts([run(0, status="running", failures=50), run(2)]), NOW).verdict == "ok"


def _fields(facts: RunFacts) -> dict[str, object]:
    return {name: getattr(facts, name) for name in RunFacts.__slots__}
