"""What every demo layout shares: the rendered page type, escaping, pagination."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["DISCLAIMER", "Page", "attr", "esc", "pages_of"]

_T = TypeVar("_T")

#: Said in every demo page's footer.
DISCLAIMER = "本站为 unionwatch 演示站点，页面仅供测试，所载新闻多为虚构。"


@dataclass(frozen=True, slots=True)
class Page:
    """One rendered page: the path (with query) it is served at, its HTML, its status."""

    path: str
    html: str
    status: int = 200


def esc(text: str) -> str:
    """Text for element content."""
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    """Text for an attribute value in double quotes."""
    return html.escape(text, quote=True)


def pages_of(items: Sequence[_T], per_page: int) -> list[list[_T]]:
    """``items`` cut into list pages of ``per_page``; one empty page when there are none."""
    chunks = [list(items[start : start + per_page]) for start in range(0, len(items), per_page)]
    return chunks or [[]]
