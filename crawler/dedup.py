"""Near-duplicate detection: character shingles, MinHash signatures, LSH band keys, and the
exact similarity check that confirms a candidate.

Pure functions (no database): the store keeps each article's band keys in ``lsh_keys`` so a new
article finds its candidates with one indexed query, whatever the number of stored articles;
each candidate is then confirmed on the real texts with :func:`is_near_duplicate`.

Parameters (chosen by measurement on ``tests/dedup``; see ``bench/dedup.py`` and the README):

- shingles of :data:`SHINGLE` characters of the normalized text (simplified script, letters and
  digits only, see :func:`crawler.fingerprint.normalize_for_fingerprint`);
- :data:`NUM_PERM` MinHash permutations (datasketch), cut into :data:`BANDS` bands of
  :data:`ROWS` rows: two texts become candidates with probability ``1 - (1 - J**ROWS)**BANDS``
  for Jaccard similarity ``J`` (0.47 at J = 0.1, 0.93 at J = 0.2, 1.00 from J = 0.3);
- a candidate is a copy when its Jaccard similarity is at least :data:`MIN_JACCARD`, or when
  the shorter text lies at least :data:`MIN_CONTAINMENT` inside the longer one (a reprint that
  trimmed or added paragraphs).

The decision (2026-11, ``python -m bench.dedup_threshold``): the labelled corpus
(``tests/dedup/corpus.py``: 363 articles, 185 stories, 300 same-story pairs: reprints, 原标题
lines, re-spaced, trimmed, excerpted, extended, edited, mirrored and scraped copies; meeting
reports, same-topic stories and notices that share formula text but are different stories)
was clustered under shingles of 3, 4 and 5; splits 64x2, 42x3, 32x4, 25x5, 21x6 and 16x8;
MIN_JACCARD 0.4-0.9 or off; MIN_CONTAINMENT 0.6-0.95 or off; each with 5 permutation seeds.

- Only 64 bands of 2 rows keep pairwise recall >= 0.98: a portal excerpt (the first 2-3
  paragraphs of a 1,000-2,000-character report) has Jaccard 0.1-0.3 with its original, which
  steeper curves miss (best recall at 5-shingles: 42x3 0.913, 32x4 0.880, 25x5 0.867).
- At 5-shingles, 64x2: precision 1.000, recall 0.997 (worst seed 1.000 / 0.987). Every
  threshold pair with MIN_JACCARD 0.6-0.9 and MIN_CONTAINMENT 0.75-0.95 stays >= 0.98 with every
  seed; 0.8 / 0.8 sits 3 grid steps from the nearest failing pair. Precision fails below
  containment 0.75 (different notices from one template share up to 76 % of their shingles)
  or Jaccard 0.6. 3- and 4-shingles reach the same quality with 3x and 1.5x more false
  candidates. The previous provisional setting (4-shingles, 42x3, 0.5 / 0.8) measured
  precision 0.799, recall 0.890.
- Cost (``python -m bench.dedup``: SQLite WAL, 800-2,000-character bodies, 5 % copies):
  ``Store.save_article`` median 37.5 ms at 10k stored articles, 41.7 ms at 100k, 48.5 ms at 1M
  (1.30x; p95 52.6 / 56.5 / 73.0 ms), peak RSS 184 MB at every size. Nearly all of it is the
  confirmation of ``storage.clusters.MAX_CANDIDATES`` = 50 candidates (~35 ms): with 64x2, 70
  (10k) to 6,452 (1M, median) stored articles share a band key with a new one.
- Known limits: an excerpt shorter than a tenth of its original is still missed (bench: 12 of
  233 copies at 1M stored articles); a short excerpt of a formulaic text can be "contained" in
  another story of the same template (bench: 9 of 767 new stories joined a story at 1M).
  Indexing also the band keys of each text's first 120 normalized characters (a logic change,
  measured as a variant by both benches) lets a 32x4 split reach precision and recall 1.000 on
  the corpus with 14x fewer false candidates.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from crawler.fingerprint import normalize_for_fingerprint

__all__ = [
    "BANDS",
    "MIN_CONTAINMENT",
    "MIN_JACCARD",
    "MIN_SHINGLES",
    "NUM_PERM",
    "ROWS",
    "SHINGLE",
    "Similarity",
    "TextCopies",
    "band_keys",
    "is_near_duplicate",
    "lsh_keys_for",
    "shingles",
    "signature",
    "similarity",
]

SHINGLE = 5
NUM_PERM = 128
BANDS = 64
ROWS = 2
#: The permutation seed and scheme: fixed forever, or stored keys stop matching new ones.
SEED = 20250122
SCHEME = "affine32"
MIN_JACCARD = 0.8
MIN_CONTAINMENT = 0.8
#: Texts with fewer shingles than this are matched exactly only (too short to compare).
MIN_SHINGLES = 30

_KEY = struct.Struct(">q")


def shingles(normalized: str) -> set[str]:
    """The set of :data:`SHINGLE`-character substrings of a normalized text."""
    if len(normalized) <= SHINGLE:
        return {normalized} if normalized else set()
    return {normalized[i : i + SHINGLE] for i in range(len(normalized) - SHINGLE + 1)}


@lru_cache(maxsize=1)
def _template() -> MinHash:
    """The permutations are drawn once per process (deterministic from :data:`SEED`)."""
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)


def signature(normalized: str) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint64 values) of a normalized text."""
    minhash = MinHash(
        num_perm=NUM_PERM, seed=SEED, permutations=_template().permutations, scheme=SCHEME
    )
    minhash.update_batch([s.encode("utf-8") for s in shingles(normalized)])
    values: np.ndarray = minhash.hashvalues
    return values


def band_keys(sig: np.ndarray) -> tuple[int, ...]:
    """One signed 64-bit key per band: a hash of the band's index and its rows, so one index
    over a single column serves every band."""
    keys = []
    for band in range(BANDS):
        rows = sig[band * ROWS : (band + 1) * ROWS].astype(np.uint64).tobytes()
        digest = hashlib.blake2b(rows, digest_size=8, person=band.to_bytes(2, "big")).digest()
        keys.append(_KEY.unpack(digest)[0])
    return tuple(keys)


@dataclass(frozen=True, slots=True)
class Similarity:
    """How alike two texts are, on their shingle sets."""

    jaccard: float
    #: Share of the smaller text's shingles found in the larger one.
    containment: float


def similarity(a: str, b: str) -> Similarity:
    """Exact similarity of two normalized texts."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return Similarity(0.0, 0.0)
    common = len(sa & sb)
    return Similarity(common / len(sa | sb), common / min(len(sa), len(sb)))


def is_near_duplicate(a: str, b: str) -> bool:
    """True when two normalized texts are copies of one article (see the module docstring)."""
    if min(len(a), len(b)) - SHINGLE + 1 < MIN_SHINGLES:
        return False
    found = similarity(a, b)
    return found.jaccard >= MIN_JACCARD or found.containment >= MIN_CONTAINMENT


def lsh_keys_for(body: str) -> tuple[int, ...]:
    """The band keys of an article body; none for a text too short to compare."""
    normalized = normalize_for_fingerprint(body)
    if len(normalized) - SHINGLE + 1 < MIN_SHINGLES:
        return ()
    return band_keys(signature(normalized))


class TextCopies:
    """:class:`storage.clusters.NearDuplicates` on article bodies (normalized here)."""

    def is_copy(self, body: str, other: str) -> bool:
        return is_near_duplicate(normalize_for_fingerprint(body), normalize_for_fingerprint(other))
