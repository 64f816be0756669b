"""Regression gate on real labelled pages (``tests/data/realpages``, copied with their licences
from the project's shared material, or the folder named by ``UNIONWATCH_REALPAGES``): per-field
score floors a change must not go below. Scoring: :mod:`bench.scoring`. Speed is
measured in ``bench/``, not here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.scoring import SetScore, score_set

ROOT = Path(
    os.environ.get(
        "UNIONWATCH_REALPAGES", Path(__file__).resolve().parents[1] / "data" / "realpages"
    )
)

#: Floors pinned a little under the scores reached (set, field) → minimum mean score.
FLOORS = {
    ("cwced-dev", "body"): 0.90,
    ("cwced-dev", "authors"): 0.55,
    ("cwced-dev", "published_at"): 0.75,
    ("magic-dev", "body"): 0.95,
}


@pytest.fixture(scope="module")
def scores() -> dict[str, SetScore]:
    if not (ROOT / "cwced-dev" / "truth.jsonl").is_file():
        pytest.skip(f"no labelled pages under {ROOT}")
    results: dict[str, SetScore] = {}
    for folder in sorted(p.parent for p in ROOT.glob("*/truth.jsonl")):
        result = SetScore(folder.name)
        result.pages.extend(page for page, _, _ in score_set(folder))
        results[folder.name] = result
    return results


@pytest.mark.parametrize(("name", "field"), sorted(FLOORS))
def test_score_floor(scores: dict[str, SetScore], name: str, field: str) -> None:
    if name not in scores:
        pytest.skip(f"set {name} not present")
    mean, count = scores[name].mean(field)
    assert count > 0
    assert mean >= FLOORS[(name, field)], f"{name} {field}: {mean:.3f} over {count} pages"
