"""``python -m bench.extract`` on tiny temporary sets: the printed tables and the ``--json``
figures have every extractor, field, count and pages/s. Nothing here is timed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from bench.adapters import Extracted, Ours
from bench.corpus import Case, load_sets
from bench.extract import bench_set, main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "extract" / "fixtures"
REALPAGES = ROOT / "tests" / "data" / "realpages" / "cwced-dev"
#: An article with every byline field, a list page (is_article) and the seed page (body checks).
FIXTURE_NAMES = ("workercn_article", "channel_list", "seed_page")
EXTRACTORS = ("unionwatch", "gne", "trafilatura")
PEER_FIELDS = {"title", "published_at", "authors", "body", "body_checks", "is_article"}
QUICK = ["--passes", "1", "--warmup", "0"]


@pytest.fixture
def fixture_set(tmp_path: Path) -> Path:
    folder = tmp_path / "fixtures"
    for name in FIXTURE_NAMES:
        if not (FIXTURES / name / "expected.json").is_file():
            pytest.skip(f"fixture {name} is gone")
        shutil.copytree(FIXTURES / name, folder / name)
    (folder / "half_written").mkdir()  # a fixture someone is still writing
    (folder / "half_written" / "body.html").write_bytes(b"<html></html>")
    return folder


@pytest.fixture
def realpages_set(tmp_path: Path) -> Path:
    if not (REALPAGES / "truth.jsonl").is_file():
        pytest.skip("no realpages set")
    folder = tmp_path / "tiny-real"
    (folder / "pages").mkdir(parents=True)
    lines = (REALPAGES / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if "authors" in json.loads(line)["truth"]][:2]
    for line in kept:
        page_id = json.loads(line)["id"]
        shutil.copy(REALPAGES / "pages" / f"{page_id}.html", folder / "pages")
    (folder / "truth.jsonl").write_text("\n".join(kept) + "\n", encoding="utf-8")
    return folder


def _ours_ok(row: dict[str, Any]) -> bool:
    best = max(row["mean"]["gne"], row["mean"]["trafilatura"])
    return bool(row["mean"]["unionwatch"] >= best - 1e-9)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main([*args, *QUICK]) == 0
    return capsys.readouterr().out


def test_json_figures_on_a_fixture_set(
    fixture_set: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "figures.json"
    printed = _run([str(fixture_set), "--json", str(out)], capsys)
    figures: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))

    assert set(figures["extractors"]) == set(EXTRACTORS)
    assert set(figures["extractors"]["gne"]["fields"]) == PEER_FIELDS
    (result,) = figures["sets"]
    assert result["kind"] == "union layouts"
    assert result["pages"] == len(FIXTURE_NAMES)
    assert any(s.startswith("half_written") for s in result["skipped"])
    fields = result["fields"]
    for name in ("title", "published_at", "authors", "reporters", "editor", "body"):
        assert name in fields
    assert fields["is_article"]["count"] == 1  # channel_list
    assert fields["body_checks"]["count"] >= 1  # seed_page
    for name, row in fields.items():
        assert 1 <= row["count"] <= len(FIXTURE_NAMES)
        assert set(row["mean"]) == set(EXTRACTORS)
        assert 0.0 <= row["mean"]["unionwatch"] <= 1.0
        for peer in ("gne", "trafilatura"):
            if name in PEER_FIELDS:
                assert 0.0 <= row["mean"][peer] <= 1.0
            else:
                assert row["mean"][peer] is None
        assert row["ours_at_least_best_peer"] is (
            None if name not in PEER_FIELDS else _ours_ok(row)
        )
    for key in EXTRACTORS:
        timing = result["timing"][key]
        assert len(timing["pass_seconds"]) == len(timing["pass_cpu_seconds"]) == 1
        assert timing["pages_per_second"] > 0 and timing["pages_per_cpu_second"] > 0
        assert set(result["page_scores"][key]) == set(FIXTURE_NAMES)
        assert isinstance(result["errors"][key], list)
    overall = figures["throughput"]["all"]
    assert overall["pages"] == len(FIXTURE_NAMES)
    assert set(overall["ours_over"]) == set(overall["cpu"]["ours_over"]) == {"gne", "trafilatura"}
    assert set(figures["throughput"]["per_set"]) == {result["name"]}

    assert "== union layouts" in printed
    assert "pages/s" in printed and "pages/CPU s" in printed and "exceptions" in printed
    assert "—" in printed  # the peers have no editor
    assert printed.rstrip().splitlines()[-1].startswith("throughput over all 3 pages: ours/GNE")


def test_realpages_set_and_both_kinds_together(
    fixture_set: Path, realpages_set: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "figures.json"
    _run(["--sets", str(realpages_set), str(fixture_set), "--json", str(out)], capsys)
    figures = json.loads(out.read_text(encoding="utf-8"))
    kinds = {s["name"]: s["kind"] for s in figures["sets"]}
    assert kinds == {"tiny-real": "realpages", "union layouts": "union layouts"}
    real = next(s for s in figures["sets"] if s["name"] == "tiny-real")
    assert real["pages"] == 2
    assert set(real["fields"]) <= {"body", "authors", "published_at"}
    assert real["fields"]["authors"]["count"] == 2
    assert set(real["fields"]["body"]["mean"]) == set(EXTRACTORS)
    assert figures["throughput"]["all"]["pages"] == 2 + len(FIXTURE_NAMES)


def test_a_folder_of_realpages_sets_stands_for_each(
    realpages_set: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    printed = _run([str(realpages_set.parent)], capsys)
    assert "== tiny-real: 2 pages" in printed


def test_unknown_folder_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path), *QUICK]) == 2
    assert "neither a realpages set" in capsys.readouterr().err


class _Raising:
    """A peer that fails on every page."""

    key = "gne"
    label = "failing peer"
    fields = frozenset(PEER_FIELDS)

    def prepare(self, case: Case) -> Case:
        return case

    def run(self, item: Case) -> Extracted:
        raise ValueError(f"cannot read {item.page_id}")

    def convert(self, raw: Extracted) -> Extracted:
        return raw


def test_a_peer_that_raises_scores_zero(fixture_set: Path) -> None:
    (bench,) = load_sets([fixture_set])
    result = bench_set(bench, [Ours(), _Raising()], passes=1, warmup=0)
    failing = next(run for run in result.runs if run.key == "gne")
    assert [page for page, _ in failing.errors] == sorted(FIXTURE_NAMES)
    assert failing.errors[0][1] == f"ValueError: cannot read {min(FIXTURE_NAMES)}"
    for name in bench.fields:
        assert result.mean("gne", name) == (0.0 if name in PEER_FIELDS else None)
