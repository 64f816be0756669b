"""The fixtures' page chrome is what ``tests/extract/fixtures/_chrome`` generates: every dressed
page is reproduced byte for byte from its own article part, and its article part is the page's
real encoding between the two markers."""

from __future__ import annotations

import pytest

from tests.extract.fixtures._chrome.generate import END, FIXTURES, ROOT, START, render

DRESSED = sorted(FIXTURES)


@pytest.mark.parametrize("name", DRESSED)
def test_page_is_generated(name: str) -> None:
    current = (ROOT / name / "body.html").read_bytes()
    assert render(name, current) == current, "run: python -m tests.extract.fixtures._chrome"


@pytest.mark.parametrize("name", DRESSED)
def test_article_part_is_marked_once(name: str) -> None:
    page = (ROOT / name / "body.html").read_bytes()
    assert page.count(START) == 1
    assert page.count(END) == 1
    assert page.index(START) < page.index(END)


def test_every_page_is_dressed_but_the_exceptions() -> None:
    plain = {"selectors_override", "jsgh_ruishu_challenge"}
    folders = {p.name for p in ROOT.iterdir() if (p / "expected.json").is_file()}
    assert folders - plain == set(FIXTURES)
