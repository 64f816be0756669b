"""Near-duplicate detection: character shingles, MinHash signatures, LSH band keys, and the
exact similarity check that confirms a candidate.

Pure functions (no database): the store keeps each article's band keys in ``lsh_keys`` so a new
article finds its candidates with one indexed query, whatever the number of stored articles;
the candidates sharing the most keys are then confirmed on the real texts
(:class:`TextCopies`, see :mod:`storage.clusters`).

Parameters (chosen by measurement; see ``bench/dedup_threshold.py``, ``bench/dedup.py`` and
the README). They decide the stored keys: after changing any of them (:data:`LSH_VERSION`),
``unionwatch dedup rebuild`` recomputes every key (``unionwatch dedup check`` tells).

- shingles of :data:`SHINGLE` characters of the normalized text (simplified script, letters and
  digits only, see :func:`crawler.fingerprint.normalize_for_fingerprint`);
- :data:`NUM_PERM` MinHash permutations (datasketch); the full text's signature is cut into
  :data:`BANDS` bands of :data:`ROWS` rows: two texts become candidates with probability
  ``1 - (1 - J**ROWS)**BANDS`` for Jaccard similarity ``J`` (0.23 at J = 0.3, 0.87 at 0.5);
- the *opening* (the first :data:`OPENING` normalized characters) has its own signature, of
  which :data:`OPEN_BANDS` bands of :data:`OPEN_ROWS` rows are keys too (in their own
  namespace): an excerpt (the first paragraphs of a long report, Jaccard 0.1-0.3 with it)
  shares its original's opening, so it is a candidate although its full-text Jaccard is low;
- a candidate is a copy when its Jaccard similarity is at least :data:`MIN_JACCARD`, or when
  the shorter text lies at least :data:`MIN_CONTAINMENT` inside the longer one (a reprint that
  trimmed or added paragraphs). The comparison hashes each shingle to 64 bits
  (:func:`shingle_set`); the new text is prepared once per article.

The decision (2026-11). Corpus: ``tests/dedup/corpus.py``, 363 articles, 185 stories, 300
same-story pairs (reprints, 原标题 lines, re-spaced, trimmed, excerpted, extended, edited,
mirrored and scraped copies; meeting reports, same-topic stories and notices that share formula
text but are different stories). ``python -m bench.dedup_threshold`` clusters it under shingles
of 3, 4 and 5; splits 64x2 to 16x8, and 42x3, 32x4, 25x5 with the opening's keys (windows 120
and 240); MIN_JACCARD 0.4-0.9 or off; MIN_CONTAINMENT 0.6-0.95 or off; 5 permutation seeds.

- Without the opening, only 64 bands of 2 rows keep recall >= 0.98 (steeper splits miss the
  excerpts: best recall 42x3 0.913, 32x4 0.880), and 64x2 makes 51.7 false candidate pairs
  per 1000 pairs of different stories, which at scale means hundreds to thousands of
  candidates per lookup (``bench.dedup``, before this change: 60 at 10k stored articles, 678
  at 100k, 6,452 at 1M; 49.9 ms per article at 10k, 67.9 ms at 100k).
- With the opening's keys (window 120; 240 loses recall: 0.95), 5-shingles and 32x4 reach
  precision and recall 1.000 with every seed and every grid neighbour of the thresholds, with
  3.61 false candidate pairs per 1000 (14x fewer than 64x2). The sweep's choice: that split.
- 2026-11-24, the shingle hash changed (SHA-1 of each shingle's UTF-8 inside datasketch ->
  the 64-bit polynomial of :func:`shingle_set`, folded to 32 bits: the signature costs 0.17
  instead of 0.43 ms for a 600-character text, and the new article's shingles serve both its
  keys and its confirmations). The sweep again: the same choice, 1.000 / 1.000 with every seed,
  neighbourhood 0.983, 2.48 false candidate pairs per 1000 (3.61 before).
- Thresholds: on the corpus every pair with MIN_JACCARD 0.6-0.9 and MIN_CONTAINMENT 0.75-0.9
  gives 1.000 / 1.000 with the production seed (containment below 0.75 or Jaccard below 0.6
  loses precision: notices of one template share up to 76 % of their shingles). The sweep's
  centre is 0.8 / 0.8; MIN_CONTAINMENT is 0.9 because ``bench.dedup`` showed short excerpts
  (140-170 characters) of template-built stories lying 0.80-0.85 inside a *different* story
  of the same template (5 false joins in 300 at 10k with 0.8, none with 0.9), while the
  corpus keeps 1.000 / 1.000 with every seed at 0.8 / 0.9 (neighbourhood 0.983: the worst
  neighbour, 0.9 / 0.95, loses 5 pairs with one seed).
- Cost: ``python -m bench.dedup --sizes 10000,100000 --lookups 500`` and ``--sizes 1000000``
  (SQLite WAL, 800-2,000-character bodies, 5 % copies; 2 cores, load average 1-2), 2026-11-24.
  ``Store.save_article`` median 4.27 ms at 10k stored articles, 5.03 ms at 100k, 6.57 ms at
  1M (1.54x the 10k figure; p95 12.5 / 18.1 / 26.3 ms): nearly flat, because each band key
  contributes only its newest :data:`storage.clusters.PER_KEY` = 200 articles to the candidate
  query (a backward scan of the ``lsh_keys`` primary key) and at most
  :data:`storage.clusters.MAX_CANDIDATES` = 10 of them, most shared keys first, are confirmed
  (about 2-3 ms). The band keys cost 0.7-0.8 ms more, before the store; peak RSS 190-193 MB
  at every size; 0 false joins; copies found 126/126, 117/117, 128/131. Peer: datasketch
  ``MinHashLSH`` (in memory, nothing durable, no confirmation) 0.06 / 0.09 ms, 230 / 1,243 MB
  at 10k / 100k (about 12 GB extrapolated to 1M). Earlier: 25.4 / 23.2 / 21.3 ms (before the
  store's statements were built once and the signatures came from the shingle hashes); before
  the opening keys (64x2, 50 confirmations of texts normalized again for each): 49.9 ms at
  10k, 67.9 ms at 100k; before the per-key bound: 25.7 ms at 1M (2.36x its 10k figure).
- Known limits: 3 of 131 copies missed at 1M stored articles, all excerpts (short copies of
  the bench's template-built stories, whose openings many stories share, so the per-key bound
  or the 10 confirmations can pass them over). Real openings are more varied than the bench's
  18 template leads; not measured on real data at 1M.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

from crawler.fingerprint import normalize_for_fingerprint

__all__ = [
    "BANDS",
    "LSH_VERSION",
    "MIN_CONTAINMENT",
    "MIN_JACCARD",
    "MIN_SHINGLES",
    "NUM_PERM",
    "OPENING",
    "OPEN_BANDS",
    "OPEN_ROWS",
    "ROWS",
    "SHINGLE",
    "ShingleSet",
    "Similarity",
    "TextCopies",
    "band_keys",
    "hashes32",
    "is_near_duplicate",
    "lsh_keys_for",
    "lsh_keys_of_normalized",
    "opening_keys",
    "shingle_set",
    "shingles",
    "signature",
    "signature_of",
    "similarity",
]

SHINGLE = 5
NUM_PERM = 128
#: The full text's bands x rows.
BANDS = 32
ROWS = 4
#: The opening: the first :data:`OPENING` normalized characters, cut into
#: :data:`OPEN_BANDS` x :data:`OPEN_ROWS` (the first 64 values of its own signature).
OPENING = 120
OPEN_BANDS = 16
OPEN_ROWS = 4
#: The permutation seed and scheme: fixed forever, or stored keys stop matching new ones.
SEED = 20250122
SCHEME = "affine32"
#: How a shingle is hashed before the permutations: the 64-bit polynomial of
#: :func:`shingle_set`, folded to 32 bits (before 2026-11-24: SHA-1 of its UTF-8; the signature
#: cost 2.6x as much).
SHINGLE_HASH = "poly64fold"
MIN_JACCARD = 0.8
MIN_CONTAINMENT = 0.9
#: Texts with fewer shingles than this are matched exactly only (too short to compare).
MIN_SHINGLES = 30
#: Everything that decides the stored keys: a store whose keys were made under another
#: version needs ``unionwatch dedup rebuild``.
LSH_VERSION = (
    f"k{SHINGLE}-{SHINGLE_HASH}-p{NUM_PERM}-s{SEED}-{SCHEME}-b{BANDS}r{ROWS}"
    f"-open{OPENING}b{OPEN_BANDS}r{OPEN_ROWS}"
)
#: Band namespaces: an opening key never equals a full-text key of the same rows.
_OPENING_NAMESPACE = 1000
#: Odd 64-bit multiplier of the shingle hash (:func:`shingle_set`).
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_FOLD = np.uint64(32)
_LOW32 = np.uint64(0xFFFF_FFFF)

ShingleSet = npt.NDArray[np.uint64]


def shingles(normalized: str) -> set[str]:
    """The set of :data:`SHINGLE`-character substrings of a normalized text."""
    if len(normalized) <= SHINGLE:
        return {normalized} if normalized else set()
    return {normalized[i : i + SHINGLE] for i in range(len(normalized) - SHINGLE + 1)}


def shingle_set(normalized: str, size: int = SHINGLE) -> ShingleSet:
    """The ``size``-character shingles of a normalized text as sorted unique 64-bit hashes (a
    polynomial of the code points with an odd multiplier): the same sizes and intersections
    as :func:`shingles`, barring a 64-bit collision, at a quarter of the cost."""
    points = np.frombuffer(normalized.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = len(points) - size + 1
    if count <= 0:  # shorter than a shingle: the whole text is its one shingle
        value = 0
        for point in points.tolist():
            value = (value * int(_MULTIPLIER) + point) & 0xFFFF_FFFF_FFFF_FFFF
        return np.array([value] if len(points) else [], dtype=np.uint64)
    hashes = points[:count].copy()
    for offset in range(1, size):
        hashes *= _MULTIPLIER
        hashes += points[offset : offset + count]
    found: ShingleSet = np.unique(hashes)
    return found


@lru_cache(maxsize=1)
def _template() -> MinHash:
    """The permutations are drawn once per process (deterministic from :data:`SEED`)."""
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)


def hashes32(shingled: ShingleSet) -> list[int]:
    """What a MinHash is updated with for a :func:`shingle_set`: each 64-bit shingle hash
    folded to the 32 bits of the scheme (its hash function is then ``int``; datasketch mixes
    the values with the MurmurHash3 finalizer before its permutations)."""
    folded: list[int] = ((shingled ^ (shingled >> _FOLD)) & _LOW32).tolist()
    return folded


def signature_of(shingled: ShingleSet) -> npt.NDArray[np.uint32]:
    """The MinHash signature (``NUM_PERM`` values) of a text's :func:`shingle_set`."""
    minhash = MinHash(
        num_perm=NUM_PERM,
        seed=SEED,
        permutations=_template().permutations,
        scheme=SCHEME,
        hashfunc=int,
    )
    minhash.update_batch(hashes32(shingled))
    values: npt.NDArray[np.uint32] = minhash.hashvalues
    return values


def signature(normalized: str) -> npt.NDArray[np.uint32]:
    """The MinHash signature of a normalized text (:func:`signature_of` its shingle set)."""
    return signature_of(shingle_set(normalized))


def band_keys(
    sig: npt.NDArray[np.uint32], bands: int = BANDS, rows: int = ROWS, namespace: int = 0
) -> tuple[int, ...]:
    """One signed 64-bit key per band: a hash of the band's number (plus ``namespace``) and
    its rows, so one index over a single column serves every band of both signatures."""
    keys = []
    for band in range(bands):
        values = sig[band * rows : (band + 1) * rows].astype(np.uint64).tobytes()
        person = (namespace + band).to_bytes(2, "big")
        digest = hashlib.blake2b(values, digest_size=8, person=person).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return tuple(keys)


def opening_keys(normalized: str) -> tuple[int, ...]:
    """The band keys of a normalized text's first :data:`OPENING` characters: an excerpt
    (the first paragraphs of a long report) meets its original through them."""
    opening = normalized[:OPENING]
    if len(opening) - SHINGLE + 1 < MIN_SHINGLES:
        return ()
    return band_keys(signature(opening), OPEN_BANDS, OPEN_ROWS, _OPENING_NAMESPACE)


@dataclass(frozen=True, slots=True)
class Similarity:
    """How alike two texts are, on their shingle sets."""

    jaccard: float
    #: Share of the smaller text's shingles found in the larger one.
    containment: float


def _similarity(sa: ShingleSet, sb: ShingleSet) -> Similarity:
    if not len(sa) or not len(sb):
        return Similarity(0.0, 0.0)
    common = int(np.intersect1d(sa, sb, assume_unique=True).size)
    return Similarity(common / (len(sa) + len(sb) - common), common / min(len(sa), len(sb)))


def similarity(a: str, b: str) -> Similarity:
    """Exact similarity of two normalized texts."""
    return _similarity(shingle_set(a), shingle_set(b))


def _is_copy(sa: ShingleSet, sb: ShingleSet, la: int, lb: int) -> bool:
    if min(la, lb) - SHINGLE + 1 < MIN_SHINGLES:
        return False
    found = _similarity(sa, sb)
    return found.jaccard >= MIN_JACCARD or found.containment >= MIN_CONTAINMENT


def is_near_duplicate(a: str, b: str) -> bool:
    """True when two normalized texts are copies of one article (see the module docstring)."""
    return _is_copy(shingle_set(a), shingle_set(b), len(a), len(b))


def lsh_keys_of_normalized(normalized: str, shingled: ShingleSet | None = None) -> tuple[int, ...]:
    """The full-text band keys then the opening's, of a normalized text (``shingled``: its
    :func:`shingle_set`, when the caller has it); none for a text too short to compare."""
    if len(normalized) - SHINGLE + 1 < MIN_SHINGLES:
        return ()
    full = shingle_set(normalized) if shingled is None else shingled
    return band_keys(signature_of(full)) + opening_keys(normalized)


def lsh_keys_for(body: str) -> tuple[int, ...]:
    """The band keys an article body is stored under (:func:`lsh_keys_of_normalized`)."""
    return lsh_keys_of_normalized(normalize_for_fingerprint(body))


class TextCopies:
    """:class:`storage.clusters.NearDuplicates` on article bodies: each body is normalized and
    shingled once while it is among the ``remember`` most recently compared (copies of a story
    arrive close together, so the same stored articles are candidates again and again). The
    store's caller hands over what it computed already for a new body (:meth:`remember`)."""

    def __init__(self, remember: int = 4096) -> None:
        self._remember = remember
        self._prepared: OrderedDict[str, tuple[ShingleSet, int]] = OrderedDict()
        self._lock = threading.Lock()  # a store may write from a thread pool

    def remember(self, body: str, shingled: ShingleSet, length: int) -> None:
        """Keep ``body``'s shingle set and normalized length (see :func:`shingle_set`)."""
        with self._lock:
            self._prepared[body] = (shingled, length)
            self._prepared.move_to_end(body)
            if len(self._prepared) > self._remember:
                self._prepared.popitem(last=False)

    def _prepare(self, body: str) -> tuple[ShingleSet, int]:
        with self._lock:
            found = self._prepared.get(body)
            if found is not None:
                self._prepared.move_to_end(body)
                return found
        normalized = normalize_for_fingerprint(body)
        found = (shingle_set(normalized), len(normalized))
        self.remember(body, *found)
        return found

    def copies_of(self, body: str) -> Callable[[str], bool]:
        mine, length = self._prepare(body)

        def is_copy(other: str) -> bool:
            theirs, other_length = self._prepare(other)
            return _is_copy(mine, theirs, length, other_length)

        return is_copy
