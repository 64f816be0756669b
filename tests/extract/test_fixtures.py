"""One test per (fixture, field): raw response bytes in, the fields ``expected.json`` defines out.

Each ``fixtures/<name>/`` holds ``body.html`` (the raw bytes, in the page's real encoding),
``meta.json`` (``url``, ``headers``; optionally ``selectors``, ``now``) and ``expected.json``:
a subset of :meth:`Article.to_dict` compared exactly (``body`` too, when given), plus
``body_contains`` / ``body_not_contains`` (substrings), ``is_article`` and ``problems_contain``.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from crawler.extract import Article, extract_article

FIXTURES = Path(__file__).parent / "fixtures"


def _cases() -> list[tuple[str, str]]:
    cases: list[tuple[str, str]] = []
    for folder in sorted(p for p in FIXTURES.iterdir() if (p / "expected.json").is_file()):
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        cases.extend((folder.name, key) for key in expected)
    return cases


@cache
def _extract(name: str) -> tuple[Article, dict[str, Any]]:
    folder = FIXTURES / name
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    now = datetime.fromisoformat(meta["now"]) if "now" in meta else None
    article = extract_article(
        (folder / "body.html").read_bytes(),
        meta["url"],
        meta.get("headers"),
        selectors=meta.get("selectors"),
        now=now,
    )
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return article, expected


@pytest.mark.parametrize(("name", "key"), _cases())
def test_fixture_field(name: str, key: str) -> None:
    article, expected = _extract(name)
    got = article.to_dict()
    want = expected[key]
    if key == "body_contains":
        missing = [s for s in want if s not in (got["body"] or "")]
        assert not missing, f"body lacks {missing}"
    elif key == "body_not_contains":
        present = [s for s in want if s in (got["body"] or "")]
        assert not present, f"body has {present}"
    elif key == "problems_contain":
        assert set(want) <= set(got["problems"])
    elif key == "is_article":
        assert article.is_article is want
    else:
        assert got[key] == want


def test_every_fixture_is_complete() -> None:
    for folder in FIXTURES.iterdir():
        if folder.is_dir() and not folder.name.startswith("_"):  # _chrome: the generator
            assert {"body.html", "meta.json", "expected.json"} <= {p.name for p in folder.iterdir()}
