"""Article bodies for :mod:`bench.dedup`: as many as wanted, deterministic by index.

Each body is a demo news story (:func:`crawler.demo.compose_story`: the lead, the facts, the
quotes) grown to 800-2000 characters with background paragraphs, and about 5 % of the bodies
are near-copies of an earlier one, made with the dedup corpus's transformations
(:func:`tests.dedup.corpus.make_copy`: reprints, re-spaced copies, excerpts, mirrors ...).

Why the background matters: an LSH lookup's cost is the number of stored articles that share
a band key with the new one, and that number is set by how alike *unrelated* stored texts are.
Real unrelated Chinese pages share almost no 5-character shingles (``tests/data/realpages``:
median Jaccard 0.000, 99th percentile 0.001), while bodies grown only from the demo's 18 topic
templates share 5-8 % with any other body, so at a million articles every lookup would meet
thousands of "candidates" no real store sees. So the background comes from real text:

- ``realpages`` (default): sentences of the human-labelled real pages in
  ``tests/data/realpages`` (4,800 sentences, 207,000 characters; news, essays, forum posts);
- ``demo``: sentences of other demo stories of the same city (the pessimistic case).

:func:`background_similarity` measures what a filler gives.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import cache
from itertools import combinations
from pathlib import Path
from statistics import median
from typing import Literal

from crawler import dedup
from crawler.demo import compose_story
from crawler.demo.topics import TOPICS
from crawler.demo.vocabulary import PLACES
from crawler.fingerprint import normalize_for_fingerprint
from tests.dedup.corpus import COPY_KINDS, fits, make_copy

__all__ = [
    "COPY_SHARE",
    "BenchArticle",
    "Filler",
    "article",
    "background_similarity",
    "copy_of",
    "lengths",
]

CST = timezone(timedelta(hours=8))
#: Share of the stored articles that are near-copies of an earlier one.
COPY_SHARE = 0.05
_REALPAGES = Path(__file__).resolve().parent.parent / "tests" / "data" / "realpages"
_SENTENCE_END = re.compile(r"(?<=[。！？])|\n")
_FIRST_DAY = date(2023, 1, 1)
_SITES = 40

Filler = Literal["realpages", "demo"]


@dataclass(frozen=True, slots=True)
class BenchArticle:
    index: int
    site: str
    url: str
    title: str
    body: str
    published_at: datetime
    #: The index of the article this one copies (always an original), else None.
    original: int | None
    kind: str


@cache
def _real_sentences() -> tuple[str, ...]:
    found: list[str] = []
    for truth in sorted(_REALPAGES.glob("*/truth.jsonl")):
        for line in truth.read_text(encoding="utf-8").splitlines():
            body = json.loads(line)["truth"].get("body") or ""
            for piece in _SENTENCE_END.split(body):
                sentence = piece.strip()
                han = sum("\u4e00" <= ch <= "\u9fff" for ch in sentence)
                if len(sentence) >= 12 and han >= 0.7 * len(sentence):
                    found.append(sentence)
    if not found:
        raise FileNotFoundError(f"no real-page sentences under {_REALPAGES}")
    return tuple(found)


def _day(index: int) -> date:
    return _FIRST_DAY + timedelta(days=index % 1000)


def copy_of(index: int, share: float = COPY_SHARE) -> int | None:
    """The original that article ``index`` copies, or None: deterministic, and always an
    article that is itself an original."""
    rng = random.Random(f"bench-copy:{index}")
    if index == 0 or rng.random() >= share:
        return None
    target = rng.randrange(index)
    return copy_of(target, share) or target


def _original(index: int, filler: Filler) -> tuple[str, list[str], str]:
    """Title, paragraphs and place key of an original article."""
    rng = random.Random(f"bench:{index}")
    day = _day(index)
    story = compose_story(f"bench-{index}", day=day)
    paragraphs = list(story.paragraphs)
    target = rng.randint(800, 2000)
    length = sum(len(p) for p in paragraphs)
    if filler == "realpages":
        pool = _real_sentences()
        while length < target:
            paragraph = "".join(rng.sample(pool, rng.randint(2, 4)))
            paragraphs.append(paragraph)
            length += len(paragraph)
    else:
        sentences = [
            s + "。"
            for topic in rng.sample(TOPICS, 6)
            for p in compose_story(
                f"bench-{index}-{topic.key}", day=day, topic=topic.key, place=story.place, length=8
            ).paragraphs
            for s in p.split("。")
            if s
        ]
        rng.shuffle(sentences)
        while length < target and sentences:
            take = rng.randint(2, 4)
            paragraph = "".join(sentences[:take])
            del sentences[:take]
            paragraphs.append(paragraph)
            length += len(paragraph)
    return story.title, paragraphs, story.place.key


def article(index: int, filler: Filler = "realpages", original: int | None = -1) -> BenchArticle:
    """Article ``index``: an original, or a copy of :func:`copy_of` (``original=-1``), of the
    given original, or never a copy (``original=None``)."""
    source = copy_of(index) if original == -1 else original
    site = f"site-{index % _SITES}"
    url = f"http://{site}.bench.test/a/{index:08d}.html"
    if source is None:
        title, paragraphs, _ = _original(index, filler)
        at = datetime.combine(_day(index), time(9, index % 60), CST).astimezone(UTC)
        return BenchArticle(index, site, url, title, "\n".join(paragraphs), at, None, "original")
    title, paragraphs, place_key = _original(source, filler)
    rng = random.Random(f"bench-kind:{index}")
    kinds = [k for k in COPY_KINDS if fits(k, len(paragraphs))]
    kind = rng.choices(kinds, weights=[COPY_KINDS[k] for k in kinds])[0]
    place = next(p for p in PLACES if p.key == place_key)
    copied = make_copy(kind, paragraphs, title, place, _day(source), rng)
    at = datetime.combine(_day(source), time(12, 0), CST) + timedelta(days=rng.randint(0, 3))
    return BenchArticle(
        index, site, url, title, "\n".join(p for p in copied if p), at.astimezone(UTC), source, kind
    )


def background_similarity(
    filler: Filler, count: int = 300, shingle: int | None = None
) -> tuple[float, float, float]:
    """Median, 99th percentile and maximum Jaccard similarity of the shingle sets of
    ``count`` original bodies (all pairs)."""
    k = shingle or dedup.SHINGLE
    texts = [normalize_for_fingerprint(article(n, filler, None).body) for n in range(count)]
    sets = [{t[i : i + k] for i in range(len(t) - k + 1)} for t in texts]
    values = sorted(len(a & b) / len(a | b) for a, b in combinations(sets, 2))
    return median(values), values[int(len(values) * 0.99)], values[-1]


def lengths(articles: Sequence[BenchArticle]) -> tuple[int, int, int]:
    """Minimum, median and maximum body length."""
    sizes = sorted(len(a.body) for a in articles)
    return sizes[0], sizes[len(sizes) // 2], sizes[-1]
