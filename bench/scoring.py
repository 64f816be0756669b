"""Score extraction against labelled pages (the ``realpages`` sets: ``<set>/pages/<id>.html`` +
``<set>/truth.jsonl``), with the project's shared definitions:

- text is compared after OpenCC t2s and removing all whitespace;
- ``body``: F1 over character bigrams (as multisets);
- names: exact set equality of the labelled ``authors`` with reporters + correspondents;
- ``published_at``: equal when both, formatted at the labelled precision, are the same
  Asia/Shanghai time.

Run ``python -m bench.scoring /work/shared/realpages`` for per-set, per-field means.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from crawler.extract.article import Article
from crawler.extract.dates import shanghai
from crawler.extract.extractor import extract_article
from crawler.extract.text import compact, to_simplified

__all__ = [
    "PRECISIONS",
    "PageScore",
    "SetScore",
    "bigram_f1",
    "date_matches",
    "date_matches_at",
    "main",
    "names_match",
    "normalize",
    "precision_of",
    "score_article",
    "score_set",
    "text_matches",
]

#: Formats of a time at each labelled precision.
_FORMATS: Mapping[str, str] = MappingProxyType(
    {"day": "%Y-%m-%d", "minute": "%Y-%m-%dT%H:%M", "second": "%Y-%m-%dT%H:%M:%S"}
)
#: Precisions from coarsest to finest.
PRECISIONS: tuple[str, ...] = ("day", "minute", "second")
#: The clock of an ISO 8601 string: ``T07:28`` or ``T07:28:05``.
_ISO_CLOCK = re.compile(r"[T ]\d{2}:\d{2}(?P<seconds>:\d{2})?")


@dataclass(frozen=True, slots=True)
class PageScore:
    """One page's scores: field → score in [0, 1] for the fields its truth labels."""

    page_id: str
    scores: Mapping[str, float]
    seconds: float


@dataclass(slots=True)
class SetScore:
    """Every page's scores in one set."""

    name: str
    pages: list[PageScore] = field(default_factory=list)

    def mean(self, name: str) -> tuple[float, int]:
        """Mean score of a field over the pages that label it, and how many do."""
        values = [p.scores[name] for p in self.pages if name in p.scores]
        return (sum(values) / len(values) if values else 0.0), len(values)


def normalize(text: str | None) -> str:
    """Simplified script, no whitespace."""
    return compact(to_simplified(text or ""))


def bigram_f1(predicted: str | None, truth: str | None) -> float:
    """F1 over the character bigrams of the normalized strings."""
    got, want = _bigrams(normalize(predicted)), _bigrams(normalize(truth))
    if not got or not want:
        return float(got == want)
    common = sum((got & want).values())
    if common == 0:
        return 0.0
    precision = common / sum(got.values())
    recall = common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def names_match(predicted: Sequence[str], truth: Sequence[str]) -> bool:
    """Exact set equality after normalization."""
    return {normalize(n) for n in predicted} == {normalize(n) for n in truth}


def date_matches(predicted: datetime | None, truth: str, precision: str) -> bool:
    """Equal when both read the same at the labelled precision in Asia/Shanghai time."""
    if predicted is None:
        return False
    wanted = datetime.fromisoformat(truth)
    if wanted.tzinfo is None:
        wanted = wanted.replace(tzinfo=shanghai())
    fmt = _FORMATS[precision]
    zone = shanghai()
    return predicted.astimezone(zone).strftime(fmt) == wanted.astimezone(zone).strftime(fmt)


def date_matches_at(
    predicted: datetime | None, predicted_precision: str | None, truth: str, precision: str
) -> bool:
    """:func:`date_matches`, and the prediction is at least as precise as the label: a date
    read without a time (``predicted_precision`` ``day``) only matches a day-labelled truth."""
    given = PRECISIONS.index(predicted_precision) if predicted_precision in PRECISIONS else -1
    if given < PRECISIONS.index(precision):
        return False
    return date_matches(predicted, truth, precision)


def precision_of(value: str) -> str:
    """The precision an ISO 8601 string is written at: ``2024-05-04`` → day, ``…T07:28`` →
    minute, ``…T07:28:05`` → second."""
    clock = _ISO_CLOCK.search(value)
    if clock is None:
        return "day"
    return "second" if clock.group("seconds") else "minute"


def text_matches(predicted: str | None, truth: str | None) -> bool:
    """Exact equality after normalization (``None`` and blank are the same)."""
    return normalize(predicted) == normalize(truth)


def score_article(article: Article, truth: Mapping[str, Any]) -> dict[str, float]:
    """Scores of the fields ``truth`` labels."""
    scores: dict[str, float] = {}
    if "body" in truth:
        scores["body"] = bigram_f1(article.body, truth["body"])
    if "authors" in truth:
        names = [*article.reporters, *article.correspondents]
        scores["authors"] = float(names_match(names, truth["authors"]))
    if "published_at" in truth:
        precision = truth.get("published_precision", "day")
        scores["published_at"] = float(
            date_matches(article.published_at, truth["published_at"], precision)
        )
    return scores


def score_set(folder: Path) -> Iterator[tuple[PageScore, Article, Mapping[str, Any]]]:
    """Extract and score every page of one set."""
    with (folder / "truth.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            body = (folder / "pages" / f"{record['id']}.html").read_bytes()
            started = time.perf_counter()
            article = extract_article(body, record["url"])
            seconds = time.perf_counter() - started
            scores = score_article(article, record["truth"])
            yield PageScore(record["id"], scores, seconds), article, record["truth"]


def main(argv: Sequence[str] | None = None) -> int:
    """Print per-set, per-field mean scores (``-v``: per page)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="folder holding one folder per labelled set")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every page's scores")
    options = parser.parse_args(argv)
    folders = sorted(p.parent for p in options.root.glob("*/truth.jsonl"))
    if not folders:
        print(f"no <set>/truth.jsonl under {options.root}", file=sys.stderr)
        return 1
    for folder in folders:
        result = SetScore(folder.name)
        for page, _, _ in score_set(folder):
            result.pages.append(page)
            if options.verbose:
                shown = " ".join(f"{k}={v:.2f}" for k, v in sorted(page.scores.items()))
                print(f"{folder.name}/{page.page_id}: {shown} ({page.seconds * 1000:.1f} ms)")
        times = sorted(p.seconds for p in result.pages)
        fields = ", ".join(
            f"{name} {mean:.3f} (n={count})"
            for name in ("body", "authors", "published_at")
            for mean, count in [result.mean(name)]
            if count
        )
        median = times[len(times) // 2] * 1000 if times else 0.0
        print(f"{result.name}: {len(result.pages)} pages; {fields}; median {median:.1f} ms/page")
    return 0


def _bigrams(text: str) -> Counter[str]:
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


if __name__ == "__main__":
    raise SystemExit(main())
