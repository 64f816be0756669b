"""The template types: a :class:`Topic` and its :class:`Number` and :class:`Choice` slots.

The slots templates may use are listed in :mod:`crawler.demo.topics`.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Choice", "Number", "Topic"]


@dataclass(frozen=True, slots=True)
class Number:
    """A numeric slot: an integer in ``[low, high]`` times ``step``, divided by ``scale``
    (``scale=10`` writes one decimal)."""

    name: str
    low: int
    high: int
    scale: int = 1
    step: int = 1


@dataclass(frozen=True, slots=True)
class Choice:
    """Slots filled together from one row of ``options`` (``names[i]`` gets ``row[i]``)."""

    names: tuple[str, ...]
    options: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Topic:
    key: str
    #: 劳模表彰, 职工疗休养 ...
    label: str
    #: Months (1-12) the news fits in.
    months: tuple[int, ...]
    #: Headlines; a reprint or a 原标题 uses another one than the page's own.
    titles: tuple[str, ...]
    #: First paragraphs (alternatives).
    leads: tuple[str, ...]
    #: Further paragraphs in story order, each as its alternative wordings; a story uses a
    #: subset, one wording each.
    middles: tuple[tuple[str, ...], ...]
    #: Last paragraphs (alternatives); may be empty.
    closings: tuple[str, ...] = ()
    numbers: tuple[Number, ...] = ()
    choices: tuple[Choice, ...] = ()
