"""Labelled page sets for :mod:`bench.extract`: what a set folder holds, read into cases.

Two kinds of folder, told apart by their contents:

- a **realpages** set: ``pages/<id>.html`` + ``truth.jsonl`` (``{"id", "url", "truth"}`` per line),
  labelling ``body``, ``authors`` and ``published_at`` (+ ``published_precision``);
- the **union layouts** fixture corpus: one folder per page with ``body.html``, ``meta.json``
  (``url``, ``headers``, optional ``now``) and ``expected.json`` (a subset of
  ``Article.to_dict()`` plus ``body_contains`` / ``body_not_contains`` / ``is_article``).

A folder holding realpages sets (``tests/data/realpages``) stands for each of them. Fixture
folders that are incomplete or unreadable (someone may be writing one right now) are skipped
and listed, never fatal.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from bench.scoring import precision_of

__all__ = [
    "DEFAULT_SETS",
    "NAME_FIELDS",
    "REALPAGES_FIELDS",
    "TEXT_FIELDS",
    "UNION_FIELDS",
    "BenchSet",
    "Case",
    "fixture_truth",
    "load_sets",
]

Kind = Literal["union layouts", "realpages"]

_REPO = Path(__file__).resolve().parents[1]
#: The fixture corpus, then the folder of realpages sets.
DEFAULT_SETS: tuple[Path, ...] = (
    _REPO / "tests" / "extract" / "fixtures",
    _REPO / "tests" / "data" / "realpages",
)

#: Rows of a union layouts table, in order (only those some page labels are shown).
UNION_FIELDS: tuple[str, ...] = (
    "title",
    "published_at",
    "authors",
    "reporters",
    "correspondents",
    "photographers",
    "editor",
    "source",
    "dateline",
    "agency",
    "click_count",
    "original_title",
    "body",
    "body_checks",
    "is_article",
)
#: Rows of a realpages table.
REALPAGES_FIELDS: tuple[str, ...] = ("body", "authors", "published_at")
#: Fields holding a list of names (compared as sets).
NAME_FIELDS: frozenset[str] = frozenset({"authors", "reporters", "correspondents", "photographers"})
#: Fields holding one short string (compared exactly after normalization).
TEXT_FIELDS: frozenset[str] = frozenset(
    {"title", "editor", "source", "dateline", "agency", "original_title"}
)
#: ``expected.json`` keys copied into the truth as they are.
#: The files of one fixture folder.
_FIXTURE_FILES = ("body.html", "meta.json", "expected.json")
_COPIED = (*sorted(NAME_FIELDS - {"authors"}), *sorted(TEXT_FIELDS), "click_count", "body")


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled page: the raw bytes as served, its URL and headers, and its truth."""

    page_id: str
    url: str
    body: bytes
    headers: Mapping[str, str] | None
    #: field → labelled value; ``published_at`` comes with ``published_precision``.
    truth: Mapping[str, Any]
    #: The time dates printed without a year resolve against (fixtures' ``meta.json``).
    now: datetime | None = None


@dataclass(frozen=True, slots=True)
class BenchSet:
    """One set of labelled pages."""

    name: str
    path: Path
    kind: Kind
    cases: tuple[Case, ...]
    #: Folders left out, with the reason.
    skipped: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        """The table rows: the kind's fields that at least one page labels."""
        order = UNION_FIELDS if self.kind == "union layouts" else REALPAGES_FIELDS
        return tuple(f for f in order if any(f in case.truth for case in self.cases))


def load_sets(paths: Sequence[Path]) -> list[BenchSet]:
    """Every set the folders stand for, in order; ``ValueError`` for a folder of neither kind."""
    sets: list[BenchSet] = []
    for path in paths:
        if (path / "truth.jsonl").is_file():
            sets.append(_load_realpages(path))
        elif _fixture_folders(path):
            sets.append(_load_fixtures(path))
        elif children := sorted(p.parent for p in path.glob("*/truth.jsonl")):
            sets.extend(_load_realpages(child) for child in children)
        else:
            raise ValueError(
                f"{path}: neither a realpages set (truth.jsonl), a folder of them, "
                "nor a fixture corpus (<name>/expected.json)"
            )
    return _unique_names(sets)


def fixture_truth(expected: Mapping[str, Any]) -> dict[str, Any]:
    """The scored labels of one ``expected.json``.

    ``published_precision`` defaults to the precision the ISO string is written at; ``authors``
    (reporters + correspondents, the peers' notion) is labelled wherever reporters are, an
    unlabelled ``correspondents`` counting as none; ``body_checks`` holds the
    ``body_contains`` / ``body_not_contains`` substrings.
    """
    truth = {key: expected[key] for key in _COPIED if key in expected}
    if "published_at" in expected:
        value = expected["published_at"]
        truth["published_at"] = value
        given = expected.get("published_precision")
        truth["published_precision"] = given or (precision_of(value) if value else None)
    if "reporters" in expected:
        truth["authors"] = [*expected["reporters"], *expected.get("correspondents", [])]
    contains = list(expected.get("body_contains", []))
    absent = list(expected.get("body_not_contains", []))
    if contains or absent:
        truth["body_checks"] = (contains, absent)
    if "is_article" in expected:
        truth["is_article"] = bool(expected["is_article"])
    return truth


def _load_realpages(folder: Path) -> BenchSet:
    cases = []
    with (folder / "truth.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                body = (folder / "pages" / f"{record['id']}.html").read_bytes()
                cases.append(Case(record["id"], record["url"], body, None, record["truth"]))
    return BenchSet(folder.name, folder, "realpages", tuple(cases))


def _fixture_folders(path: Path) -> list[Path]:
    if not path.is_dir():
        return []
    return sorted(p for p in path.iterdir() if p.is_dir() and (p / "expected.json").exists())


def _load_fixtures(path: Path) -> BenchSet:
    cases: list[Case] = []
    skipped: list[str] = []
    for folder in sorted(p for p in path.iterdir() if p.is_dir()):
        present = {name for name in _FIXTURE_FILES if (folder / name).is_file()}
        if not present:
            continue
        if missing := sorted(set(_FIXTURE_FILES) - present):
            skipped.append(f"{folder.name}: no {', '.join(missing)}")
            continue
        try:
            if _needs_site_selectors(folder):
                # The targets are for the generic path: a page that tests a site config's
                # selector overrides is not scored here (tests/extract checks it).
                skipped.append(f"{folder.name}: tests site-config selectors")
                continue
            cases.append(_load_fixture(folder))
        except (OSError, ValueError, KeyError, TypeError) as error:
            skipped.append(f"{folder.name}: {type(error).__name__}: {error}")
    name = "union layouts" if path.name == "fixtures" else f"union layouts ({path.name})"
    return BenchSet(name, path, "union layouts", tuple(cases), tuple(skipped))


def _needs_site_selectors(folder: Path) -> bool:
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    return bool(meta.get("selectors"))


def _load_fixture(folder: Path) -> Case:
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    now = datetime.fromisoformat(meta["now"]) if meta.get("now") else None
    body = (folder / "body.html").read_bytes()
    headers = meta.get("headers") or None
    return Case(folder.name, meta["url"], body, headers, fixture_truth(expected), now)


def _unique_names(sets: list[BenchSet]) -> list[BenchSet]:
    seen: dict[str, int] = {}
    out = []
    for item in sets:
        seen[item.name] = seen.get(item.name, 0) + 1
        number = seen[item.name]
        out.append(item if number == 1 else replace(item, name=f"{item.name} #{number}"))
    return out
