"""Sweep the near-duplicate parameters of :mod:`crawler.dedup` on the labelled corpus.

    .venv/bin/python -m bench.dedup_threshold [--seeds 5] [--all]

Pure functions, no database: for every shingle size, LSH split (bands x rows of the 128
permutations), with or without the opening's keys (the band keys of the first ``W``
normalized characters, ``OPEN_BANDS`` x ``OPEN_ROWS``, as :func:`crawler.dedup.lsh_keys_for`
stores them), and pair of thresholds (``MIN_JACCARD``, ``MIN_CONTAINMENT``) the store's
clustering is reproduced on :func:`tests.dedup.corpus.build_corpus`. Two articles are linked
when their normalized texts are equal (the exact fingerprint), or when they share an LSH band
key and :func:`crawler.dedup.is_near_duplicate`'s rule (with those thresholds) confirms them;
the clusters are the connected components, which is what the store's join-or-merge builds
whatever the arrival order (the store's cap of ``MAX_CANDIDATES`` confirmations, most shared
keys first, is not modelled; ``tests/dedup`` stores the corpus through the real store and gets
the chosen setting's figures). Each setting is scored by pairwise precision and recall against
the truth.

The LSH step is random in the permutation seed, so every setting is also run with
``--seeds`` - 1 other seeds; the tables give the production seed's figures and the worst
over all seeds. A setting's *neighbourhood* score is the worst min(precision, recall) over it
and its neighbours on the threshold grid (one step in either threshold) with every seed; the
choice (:func:`choose`) is the setting with the best neighbourhood score (rounded to 0.01: the
corpus has 300 same-story pairs, so losing three of them is the first sign of a weakness),
then the fewest false LSH candidates (the lookup's cost), then the widest margin to a
threshold pair below 0.98.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

from crawler import dedup
from crawler.fingerprint import normalize_for_fingerprint
from tests.dedup.corpus import CorpusArticle, build_corpus, composition

__all__ = [
    "CONTAINMENTS",
    "JACCARDS",
    "SHINGLES",
    "SPLITS",
    "Outcome",
    "PairTable",
    "Setting",
    "candidate_pairs",
    "main",
    "pair_table",
    "signatures",
    "sweep",
]

SHINGLES = (3, 4, 5)
#: (bands, rows) splits of the 128 permutations, from the widest S-curve to the steepest.
SPLITS = ((64, 2), (42, 3), (32, 4), (25, 5), (21, 6), (16, 8))
#: ``OFF`` (above 1) disables a test.
OFF = 1.01
JACCARDS = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9, OFF)
CONTAINMENTS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, OFF)
TARGET = 0.98
#: The full-text splits tried with the opening's keys, and the opening windows tried (the
#: opening's own split is crawler.dedup's).
OPENING_SPLITS = ((42, 3), (32, 4), (25, 5))
OPENINGS = (120, 240)
OPEN_BANDS, OPEN_ROWS = dedup.OPEN_BANDS, dedup.OPEN_ROWS

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Setting:
    shingle: int
    bands: int
    rows: int
    min_jaccard: float
    min_containment: float
    #: Band keys of the first ``opening`` normalized characters too (:data:`OPEN_BANDS` x
    #: :data:`OPEN_ROWS`, as crawler.dedup does with ``OPENING``); 0: none.
    opening: int = 0

    def describe(self) -> str:
        j = "off" if self.min_jaccard > 1 else f"{self.min_jaccard:.2f}"
        c = "off" if self.min_containment > 1 else f"{self.min_containment:.2f}"
        extra = f" +open{self.opening}" if self.opening else ""
        return f"k={self.shingle} b={self.bands:<2} r={self.rows}{extra} J>={j:<4} C>={c:<4}"


@dataclass(frozen=True, slots=True)
class PairTable:
    """Every pair ``i < j`` of the corpus at one shingle size."""

    size: int
    i: IntArray
    j: IntArray
    jaccard: FloatArray
    containment: FloatArray
    #: Same normalized text (the exact fingerprint).
    exact: BoolArray
    #: Both texts long enough to compare (``MIN_SHINGLES``).
    comparable: BoolArray
    #: The truth: one story.
    same: BoolArray


@cache
def _normalized(articles: tuple[CorpusArticle, ...]) -> tuple[str, ...]:
    return tuple(normalize_for_fingerprint(a.body) for a in articles)


def _shingles(text: str, k: int) -> set[str]:
    if len(text) <= k:
        return {text} if text else set()
    return {text[n : n + k] for n in range(len(text) - k + 1)}


def pair_table(articles: tuple[CorpusArticle, ...], k: int) -> PairTable:
    texts = _normalized(articles)
    sets = [_shingles(t, k) for t in texts]
    n = len(articles)
    i, j = np.triu_indices(n, k=1)
    jac = np.zeros(len(i))
    con = np.zeros(len(i))
    for p, (a, b) in enumerate(zip(i.tolist(), j.tolist(), strict=True)):
        sa, sb = sets[a], sets[b]
        common = len(sa & sb)
        if common:
            jac[p] = common / (len(sa) + len(sb) - common)
            con[p] = common / min(len(sa), len(sb))
    lengths = np.array([len(t) - k + 1 for t in texts])
    clusters = np.array([hash(a.cluster) for a in articles])
    hashes = np.array([hash(t) for t in texts])
    return PairTable(
        size=n,
        i=i.astype(np.int64),
        j=j.astype(np.int64),
        jaccard=jac,
        containment=con,
        exact=hashes[i] == hashes[j],
        comparable=(lengths[i] >= dedup.MIN_SHINGLES) & (lengths[j] >= dedup.MIN_SHINGLES),
        same=clusters[i] == clusters[j],
    )


def signatures(texts: Sequence[str], k: int, seed: int) -> npt.NDArray[np.uint64]:
    """MinHash signatures as :func:`crawler.dedup.signature` computes them, for any shingle
    size and seed."""
    template = MinHash(num_perm=dedup.NUM_PERM, seed=seed, scheme=dedup.SCHEME)
    out = np.zeros((len(texts), dedup.NUM_PERM), dtype=np.uint64)
    for row, text in enumerate(texts):
        minhash = MinHash(
            num_perm=dedup.NUM_PERM,
            seed=seed,
            permutations=template.permutations,
            scheme=dedup.SCHEME,
            hashfunc=int,
        )
        minhash.update_batch(dedup.hashes32(dedup.shingle_set(text, k)))
        out[row] = minhash.hashvalues
    return out


def candidate_pairs(
    table: PairTable, sigs: npt.NDArray[np.uint64], bands: int, rows: int
) -> BoolArray:
    """Which pairs share at least one band (the store's LSH lookup)."""
    n = table.size
    together = np.zeros((n, n), dtype=np.bool_)
    for band in range(bands):
        groups: dict[bytes, list[int]] = {}
        for row in range(n):
            groups.setdefault(sigs[row, band * rows : (band + 1) * rows].tobytes(), []).append(row)
        for members in groups.values():
            if len(members) > 1:
                index = np.array(members)
                together[np.ix_(index, index)] = True
    found: BoolArray = together[table.i, table.j]
    return found


def _components(n: int, i: IntArray, j: IntArray) -> list[int]:
    parent = list(range(n))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in zip(i.tolist(), j.tolist(), strict=True):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [root(x) for x in range(n)]


def _pairs(counts: Counter[object]) -> int:
    return sum(c * (c - 1) // 2 for c in counts.values())


def _scores(labels: Sequence[int], truth: Sequence[str]) -> tuple[float, float]:
    together = _pairs(Counter(zip(labels, truth, strict=True)))
    predicted = _pairs(Counter(labels))
    actual = _pairs(Counter(truth))
    return (together / predicted if predicted else 1.0, together / actual if actual else 1.0)


@dataclass(frozen=True, slots=True)
class Outcome:
    setting: Setting
    #: With the production seed.
    precision: float
    recall: float
    #: The worst over all seeds.
    worst_precision: float
    worst_recall: float

    @property
    def worst(self) -> float:
        return min(self.worst_precision, self.worst_recall)


@dataclass(frozen=True, slots=True)
class LshOutcome:
    """How the LSH split behaves at one shingle size, before any confirmation."""

    shingle: int
    bands: int
    rows: int
    #: Share of the same-story pairs that are candidates (production seed; worst seed).
    candidate_recall: float
    worst_candidate_recall: float
    #: Share of the same-story pairs that are connected by exact-or-candidate links (an upper
    #: bound on the recall the confirmation can reach; production seed; worst seed).
    reachable: float
    worst_reachable: float
    #: Candidate pairs that are not one story, per 1000 such pairs (the lookup's cost driver).
    false_per_mille: float
    opening: int = 0


def sweep(
    articles: tuple[CorpusArticle, ...], seeds: Sequence[int], *, progress: bool = True
) -> tuple[list[Outcome], list[LshOutcome]]:
    """Every setting of the grid, without and with the opening's keys (``Setting.opening``)."""
    truth = [a.cluster for a in articles]
    outcomes: list[Outcome] = []
    lsh: list[LshOutcome] = []
    for k in SHINGLES:
        started = time.perf_counter()
        table = pair_table(articles, k)
        texts = _normalized(articles)
        per_seed = [signatures(texts, k, seed) for seed in seeds]
        full = {
            (bands, rows): [candidate_pairs(table, sigs, bands, rows) for sigs in per_seed]
            for bands, rows in SPLITS
        }
        for (bands, rows), candidates in full.items():
            lsh.append(_lsh_outcome(table, truth, candidates, Setting(k, bands, rows, 0, 0)))
            outcomes.extend(_evaluate(table, truth, candidates, k, bands, rows, 0))
        for window in OPENINGS:
            openings = [
                candidate_pairs(table, sigs, OPEN_BANDS, OPEN_ROWS)
                for sigs in (signatures([t[:window] for t in texts], k, seed) for seed in seeds)
            ]
            for bands, rows in OPENING_SPLITS:
                candidates = [f | o for f, o in zip(full[(bands, rows)], openings, strict=True)]
                base = Setting(k, bands, rows, 0, 0, window)
                lsh.append(_lsh_outcome(table, truth, candidates, base))
                outcomes.extend(_evaluate(table, truth, candidates, k, bands, rows, window))
        if progress:
            print(f"shingle {k}: {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return outcomes, lsh


def _evaluate(
    table: PairTable,
    truth: Sequence[str],
    candidates: Sequence[BoolArray],
    k: int,
    bands: int,
    rows: int,
    opening: int,
) -> list[Outcome]:
    out = []
    for mj in JACCARDS:
        for mc in CONTAINMENTS:
            confirmed = (table.jaccard >= mj) | (table.containment >= mc)
            results = []
            for cand in candidates:
                link = table.exact | (cand & table.comparable & confirmed)
                labels = _components(table.size, table.i[link], table.j[link])
                results.append(_scores(labels, truth))
            out.append(
                Outcome(
                    Setting(k, bands, rows, mj, mc, opening),
                    precision=results[0][0],
                    recall=results[0][1],
                    worst_precision=min(p for p, _ in results),
                    worst_recall=min(r for _, r in results),
                )
            )
    return out


def _lsh_outcome(
    table: PairTable, truth: Sequence[str], candidates: Sequence[BoolArray], split: Setting
) -> LshOutcome:
    same = table.same
    recalls = [float(c[same].mean()) for c in candidates]
    reach = []
    for cand in candidates:
        link = table.exact | (cand & table.comparable & same)
        reach.append(_scores(_components(table.size, table.i[link], table.j[link]), truth)[1])
    false = float(candidates[0][~same].mean()) * 1000
    return LshOutcome(
        split.shingle,
        split.bands,
        split.rows,
        recalls[0],
        min(recalls),
        reach[0],
        min(reach),
        false,
        split.opening,
    )


def _neighbourhood(outcomes: Sequence[Outcome]) -> dict[Setting, float]:
    """For each setting, the worst min(precision, recall) over it and its grid neighbours."""
    by_setting = {o.setting: o for o in outcomes}
    out: dict[Setting, float] = {}
    for o in outcomes:
        out[o.setting] = min(by_setting[s].worst for s in _around(o.setting, 1))
    return out


def _around(s: Setting, radius: int) -> list[Setting]:
    """The settings within ``radius`` grid steps of ``s`` in both thresholds."""
    jx, cx = JACCARDS.index(s.min_jaccard), CONTAINMENTS.index(s.min_containment)
    return [
        Setting(s.shingle, s.bands, s.rows, JACCARDS[j], CONTAINMENTS[c], s.opening)
        for j in range(max(0, jx - radius), min(len(JACCARDS), jx + radius + 1))
        for c in range(max(0, cx - radius), min(len(CONTAINMENTS), cx + radius + 1))
    ]


def _margin(s: Setting, by_setting: dict[Setting, Outcome]) -> int:
    """Grid steps from ``s`` to the nearest setting below the target with some seed."""
    for radius in range(max(len(JACCARDS), len(CONTAINMENTS))):
        if any(by_setting[x].worst < TARGET for x in _around(s, radius)):
            return radius
    return max(len(JACCARDS), len(CONTAINMENTS))


def choose(outcomes: Sequence[Outcome], lsh: Sequence[LshOutcome]) -> Outcome:
    """The setting to use: the best neighbourhood score (the setting and its grid neighbours,
    every seed; rounded to 0.01), then the fewest false LSH candidates (the lookup's cost),
    then the widest margin to a failing threshold pair, then the best worst case."""
    near = _neighbourhood(outcomes)
    by_setting = {o.setting: o for o in outcomes}
    false = {(x.shingle, x.bands, x.rows, x.opening): x.false_per_mille for x in lsh}
    return min(
        outcomes,
        key=lambda o: (
            -round(near[o.setting], 2),
            false[(o.setting.shingle, o.setting.bands, o.setting.rows, o.setting.opening)],
            -_margin(o.setting, by_setting),
            -o.worst,
        ),
    )


def _s_curve(similarity: float, bands: int, rows: int) -> float:
    return 1 - (1 - similarity**rows) ** bands


def _check_model(articles: tuple[CorpusArticle, ...]) -> None:
    """The sweep's LSH must be the module's: same candidate pairs for the current constants."""
    table = pair_table(articles, dedup.SHINGLE)
    texts = _normalized(articles)
    ours = candidate_pairs(
        table, signatures(texts, dedup.SHINGLE, dedup.SEED), dedup.BANDS, dedup.ROWS
    ) | candidate_pairs(
        table,
        signatures([t[: dedup.OPENING] for t in texts], dedup.SHINGLE, dedup.SEED),
        OPEN_BANDS,
        OPEN_ROWS,
    )
    keys = [set(dedup.lsh_keys_for(a.body)) for a in articles]
    module = np.array(
        [bool(keys[a] & keys[b]) for a, b in zip(table.i.tolist(), table.j.tolist(), strict=True)]
    )
    comparable = table.comparable
    if not np.array_equal(ours[comparable], module[comparable]):
        raise SystemExit("the sweep's LSH model disagrees with crawler.dedup: fix the bench")


def _print_tables(
    outcomes: Sequence[Outcome], lsh: Sequence[LshOutcome], best: Outcome, show_all: bool
) -> None:
    near = _neighbourhood(outcomes)
    print("\nLSH candidates before confirmation (S-curve P = 1-(1-J^r)^b; cand. recall: share of")
    print("same-story pairs that are candidates; reachable: recall if every candidate pair of one")
    print("story were confirmed; false/1000: candidate pairs per 1000 pairs of different stories):")
    _lsh_header()
    for x in lsh:
        if not x.opening:
            _lsh_row(x)
    print("\nBest thresholds per shingle size and LSH split (P/R: production seed; worst: all")
    print("seeds; nbhd: worst min(P, R) over the setting and its grid neighbours, all seeds):")
    _header()
    for k in SHINGLES:
        for bands, rows in SPLITS:
            _row(_top(outcomes, near, k, bands, rows, 0), near)
    s = best.setting
    print(f"\nThreshold grid at k={s.shingle} b={s.bands} r={s.rows} opening {s.opening or '-'}:"
          " precision/recall with the "
          "production seed (* = worst over seeds below 0.98)")  # fmt: skip
    columns = "".join(f"{'off' if c > 1 else f'{c:.2f}':>12}" for c in CONTAINMENTS)
    print("J \\ C".ljust(6) + columns)
    by_setting = {o.setting: o for o in outcomes}
    for mj in JACCARDS:
        cells = []
        for mc in CONTAINMENTS:
            o = by_setting[Setting(s.shingle, s.bands, s.rows, mj, mc, s.opening)]
            mark = "*" if o.worst < TARGET else " "
            cells.append(f"{o.precision:.3f}/{o.recall:.3f}{mark}".rjust(12))
        print(("off" if mj > 1 else f"{mj:.2f}").ljust(6) + "".join(cells))
    print(f"\nWith the opening's keys too: the band keys of the first W normalized characters "
          f"({OPEN_BANDS} bands x {OPEN_ROWS} rows), so that an excerpt meets its original "
          f"through the opening they share (crawler.dedup: W = {dedup.OPENING}):")  # fmt: skip
    _lsh_header()
    for x in lsh:
        if x.opening:
            _lsh_row(x)
    _header()
    for k in SHINGLES:
        for window in OPENINGS:
            for bands, rows in OPENING_SPLITS:
                _row(_top(outcomes, near, k, bands, rows, window), near)
    if show_all:
        print("\nEvery setting:")
        for o in outcomes:
            _row(o, near)
    print(f"\nchosen: {s.describe()}  precision {best.precision:.3f}  recall "
          f"{best.recall:.3f}  (worst over seeds {best.worst_precision:.3f}/"
          f"{best.worst_recall:.3f}; neighbourhood {near[s]:.3f}; margin "
          f"{_margin(s, by_setting)} grid steps)")  # fmt: skip


def _top(
    outcomes: Sequence[Outcome],
    near: dict[Setting, float],
    k: int,
    bands: int,
    rows: int,
    opening: int,
) -> Outcome:
    group = [
        o
        for o in outcomes
        if (o.setting.shingle, o.setting.bands, o.setting.rows, o.setting.opening)
        == (k, bands, rows, opening)
    ]
    return max(group, key=lambda o: (round(near[o.setting], 3), round(o.worst, 3)))


def _lsh_header() -> None:
    print(
        f"{'k':>2} {'b':>3} {'r':>2} {'open':>4} | {'P(J=.1)':>7} {'P(J=.3)':>7} {'P(J=.5)':>7} |"
        f" {'cand. recall':>12} {'worst':>6} | {'reachable':>9} {'worst':>6} | {'false/1000':>10}"
    )


def _lsh_row(x: LshOutcome) -> None:
    curve = " ".join(f"{_s_curve(j, x.bands, x.rows):>7.2f}" for j in (0.1, 0.3, 0.5))
    print(
        f"{x.shingle:>2} {x.bands:>3} {x.rows:>2} {x.opening or '-':>4} | {curve} | "
        f"{x.candidate_recall:>12.3f} {x.worst_candidate_recall:>6.3f} | "
        f"{x.reachable:>9.3f} {x.worst_reachable:>6.3f} | {x.false_per_mille:>10.2f}"
    )


def _header() -> None:
    print(f"{'setting':<42} | {'P':>6} {'R':>6} | {'worst P':>7} {'worst R':>7} | {'nbhd':>6}")


def _row(o: Outcome, near: dict[Setting, float]) -> None:
    print(
        f"{o.setting.describe():<42} | {o.precision:>6.3f} {o.recall:>6.3f} | "
        f"{o.worst_precision:>7.3f} {o.worst_recall:>7.3f} | {near[o.setting]:>6.3f}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seeds", type=int, default=5, help="permutation seeds (first: SEED)")
    parser.add_argument("--all", action="store_true", help="print every setting")
    args = parser.parse_args(argv)
    articles = build_corpus()
    print(composition(articles))
    _check_model(articles)
    seeds = [dedup.SEED + n for n in range(args.seeds)]
    outcomes, lsh = sweep(articles, seeds)
    best = choose(outcomes, lsh)
    _print_tables(outcomes, lsh, best, args.all)
    current = Setting(
        dedup.SHINGLE,
        dedup.BANDS,
        dedup.ROWS,
        dedup.MIN_JACCARD,
        dedup.MIN_CONTAINMENT,
        dedup.OPENING,
    )
    found = [o for o in outcomes if o.setting == current]
    if found:
        print("crawler.dedup now:")
        _row(found[0], _neighbourhood(outcomes))
    else:
        print(f"crawler.dedup now: {current.describe()} (not on the grid)")


if __name__ == "__main__":
    main()
