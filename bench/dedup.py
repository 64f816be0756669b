"""Near-duplicate lookup cost per article at 10k, 100k and 1M stored articles, and the peer.

    .venv/bin/python -m bench.dedup [--sizes 10000,100000,1000000] [--lookups 1000]
        [--peer-max 100000] [--filler realpages|demo] [--keep]

For each size an SQLite database (WAL) is filled fast: realistic bodies
(:mod:`bench.dedup_bodies`, 800-2000 characters, 5 % near-copies of earlier ones) computed by
two worker processes, inserted with ``executemany`` in big transactions together with their
clusters, frontier rows and ``lsh_keys`` rows (sorted by key, so the index fills in order).
Then a fresh process opens the database with the writer engine the crawler uses
(``open_engine(url, writer=True)``) and times ``Store(engine, near=TextCopies()).save_article``
on ``--lookups`` new articles, a quarter of them copies of stored ones. That call is the whole
per-article path: insert, exact-hash lookup, LSH candidate query, confirmation of the
candidates on their texts, ``lsh_keys`` insert, cluster join and canonical refresh, commit. The
records' fingerprints and band keys are computed before the clock starts (the pipeline does
that in ``to_record``); their cost (content hash and :func:`crawler.dedup.lsh_keys_for`, which
does not depend on the store's size) is reported apart.

The peer, in another fresh process: datasketch's in-memory ``MinHashLSH`` with the same
permutations and the full text's bands x rows (``params=(b, r)``; it has no opening keys)
holding the same signatures; its
time per article is one ``query`` and one ``insert`` (no confirmation, nothing durable). It is
run up to ``--peer-max`` stored articles; beyond, its memory is extrapolated from the largest
run instead.

Peak memory is each process's ``ru_maxrss``. Progress goes to stderr, the table to stdout,
with the load average (the machine may be shared while it runs).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from datasketch import LeanMinHash, MinHashLSH
from sqlalchemy import Engine, Table, event, func, select

from bench.dedup_bodies import BenchArticle, Filler, article, background_similarity, copy_of
from crawler import dedup
from crawler.fingerprint import content_hash, normalize_for_fingerprint
from storage import ArticleRecord, SaveOutcome, Store, ensure_schema, open_engine
from storage.clusters import MAX_CANDIDATES
from storage.models import Article, Cluster, LshKey, UrlState

__all__ = ["main"]

NOW = datetime(2026, 1, 1, tzinfo=UTC)
#: Share of the timed articles that are copies of stored ones.
LOOKUP_COPY_SHARE = 0.25
_CHUNK = 1000
_COMMIT_EVERY = 20_000
_KEY_BATCH = 500_000
_ROOT = Path(__file__).resolve().parent.parent
#: Band keys per article long enough to compare.
_WIDTH = dedup.BANDS + dedup.OPEN_BANDS


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# -- fingerprints ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fingerprinted:
    article: BenchArticle
    content_hash: str
    keys: tuple[int, ...]
    signature: npt.NDArray[np.uint32]


def fingerprint(item: BenchArticle) -> Fingerprinted:
    """What ``pipelines.store.to_record`` computes (content hash, band keys: the same as
    :func:`crawler.dedup.lsh_keys_of_normalized`, whose full-text signature is kept for the
    peer) plus the signature the peer indexes."""
    normalized = normalize_for_fingerprint(item.body)
    signature = dedup.signature(normalized)
    long_enough = len(normalized) - dedup.SHINGLE + 1 >= dedup.MIN_SHINGLES
    keys = (dedup.band_keys(signature) + dedup.opening_keys(normalized)) if long_enough else ()
    return Fingerprinted(
        item,
        hashlib.sha1(normalized.encode("utf-8")).hexdigest(),
        keys,
        signature.astype(np.uint32),
    )


def record(done: Fingerprinted) -> ArticleRecord:
    a = done.article
    return ArticleRecord(
        site=a.site,
        url=a.url,
        canonical_url=a.url,
        title=a.title,
        body=a.body,
        content_hash=done.content_hash,
        extractor_version="bench",
        published_at=a.published_at,
        published_precision="minute",
        lsh_keys=done.keys,
    )


def _make_chunk(job: tuple[int, int, Filler]) -> list[Fingerprinted]:
    start, stop, filler = job
    return [fingerprint(article(n, filler)) for n in range(start, stop)]


# -- phase 1: build -------------------------------------------------------------------------


def _bulk_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-1000000")
        cursor.execute("PRAGMA foreign_keys=OFF")
    finally:
        cursor.close()


def _rows(done: Sequence[Fingerprinted]) -> tuple[list[dict[str, Any]], ...]:
    clusters, articles, states = [], [], []
    for item in done:
        a = item.article
        article_id = a.index + 1
        cluster_id = (a.original + 1) if a.original is not None else article_id
        if a.original is None:
            clusters.append(
                {"id": article_id, "canonical_id": article_id, "size": 1,
                 "created_at": a.published_at, "updated_at": a.published_at}
            )  # fmt: skip
        articles.append(
            {
                "id": article_id,
                "url": a.url,
                "canonical_url": a.url,
                "site": a.site,
                "title": a.title,
                "published_at": a.published_at,
                "published_precision": "minute",
                "body": a.body,
                "script": "simplified",
                "problems": [],
                "content_hash": item.content_hash,
                "cluster_id": cluster_id,
                "extractor_version": "bench",
                "first_seen_at": a.published_at,
                "last_seen_at": a.published_at,
            }
        )
        states.append(
            {"canonical_url": a.url, "url": a.url, "site": a.site, "kind": "article",
             "state": "stored", "attempts": 1, "last_status": 200,
             "first_seen_at": a.published_at, "updated_at": a.published_at}
        )  # fmt: skip
    return clusters, articles, states


def build(db: Path, size: int, filler: Filler, peer_max: int) -> dict[str, Any]:
    """Fill ``db`` with ``size`` articles; save the first ``peer_max`` signatures beside it."""
    started = time.perf_counter()
    context = multiprocessing.get_context("fork")
    pool = context.Pool(2)
    engine = open_engine(f"sqlite:///{db}")
    event.listen(engine, "connect", _bulk_pragmas)
    ensure_schema(engine)
    tables = [cast(Table, m.__table__) for m in (Cluster, Article, UrlState)]
    keys = np.zeros((size, _WIDTH), dtype=np.int64)
    has_keys = np.zeros(size, dtype=np.bool_)
    signatures = np.zeros((min(size, peer_max), dedup.NUM_PERM), dtype=np.uint32)
    jobs = [(s, min(s + _CHUNK, size), filler) for s in range(0, size, _CHUNK)]
    pending: list[Fingerprinted] = []
    stored = copies = 0

    def flush() -> None:
        with engine.begin() as connection:
            for table, rows in zip(tables, _rows(pending), strict=True):
                if rows:
                    connection.execute(table.insert(), rows)
        pending.clear()

    for chunk in pool.imap(_make_chunk, jobs):
        for item in chunk:
            n = item.article.index
            if len(item.keys) == _WIDTH:
                keys[n] = item.keys
                has_keys[n] = True
            elif item.keys:
                raise RuntimeError(f"article {n}: {len(item.keys)} keys, not {_WIDTH}")
            if n < len(signatures):
                signatures[n] = item.signature
            copies += item.article.original is not None
        pending.extend(chunk)
        stored += len(chunk)
        if len(pending) >= _COMMIT_EVERY:
            flush()
        if stored % 50_000 == 0 or stored == size:
            rate = stored / (time.perf_counter() - started)
            _log(f"build {size:,}: {stored:,} articles ({rate:,.0f}/s)")
    flush()
    pool.close()
    pool.join()
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE clusters SET size = (SELECT count(*) FROM articles"
            " WHERE articles.cluster_id = clusters.id)"
            " WHERE id IN (SELECT DISTINCT cluster_id FROM articles WHERE cluster_id != id)"
        )
    _log(f"build {size:,}: sorting {int(has_keys.sum()) * _WIDTH:,} lsh_keys rows")
    ids = np.repeat(np.arange(1, size + 1, dtype=np.int64)[has_keys], _WIDTH)
    flat = keys[has_keys].ravel()
    del keys
    order = np.lexsort((ids, flat))
    flat, ids = flat[order], ids[order]
    del order
    for start in range(0, len(flat), _KEY_BATCH):
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO lsh_keys (key, article_id) VALUES (?, ?)",
                list(
                    zip(
                        flat[start : start + _KEY_BATCH].tolist(),
                        ids[start : start + _KEY_BATCH].tolist(),
                        strict=True,
                    )
                ),
            )
        if (start // _KEY_BATCH) % 20 == 19:
            _log(f"build {size:,}: {start + _KEY_BATCH:,} lsh_keys rows")
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    np.save(db.with_suffix(".signatures.npy"), signatures)
    return {
        "articles": stored,
        "copies": copies,
        "seconds": time.perf_counter() - started,
        "bytes": db.stat().st_size,
        "build_rss_mb": _peak_rss_mb(),
    }


def lookups(size: int, count: int, filler: Filler) -> list[Fingerprinted]:
    """The articles to time: new stories, and a quarter copies of stored originals."""
    import random

    rng = random.Random(f"bench-lookups:{size}")
    out = []
    for n in range(size, size + count):
        if rng.random() < LOOKUP_COPY_SHARE:
            target = rng.randrange(size)
            item = article(n, filler, copy_of(target) or target)
        else:
            item = article(n, filler, None)
        out.append(fingerprint(item))
    return out


def key_costs(items: Sequence[Fingerprinted]) -> list[float]:
    """Milliseconds per article of what the pipeline computes before storing: the content
    hash and :func:`crawler.dedup.lsh_keys_for` (checked against the bench's keys)."""
    out = []
    for item in items:
        started = time.perf_counter()
        keys = dedup.lsh_keys_for(item.article.body)
        content_hash(item.article.body)
        out.append((time.perf_counter() - started) * 1000)
        if keys != item.keys:
            raise RuntimeError(
                f"article {item.article.index}: the bench's keys are not lsh_keys_for's"
            )
    return out


# -- phase 2: ours --------------------------------------------------------------------------


class TimedCopies:
    """:class:`crawler.dedup.TextCopies` that counts its comparisons and times the whole
    confirmation (preparing the new text and every comparison)."""

    def __init__(self) -> None:
        self.inner = dedup.TextCopies()
        self.calls = 0
        self.seconds = 0.0

    def copies_of(self, body: str) -> Callable[[str], bool]:
        started = time.perf_counter()
        test = self.inner.copies_of(body)
        self.seconds += time.perf_counter() - started

        def is_copy(other: str) -> bool:
            started = time.perf_counter()
            try:
                return test(other)
            finally:
                self.calls += 1
                self.seconds += time.perf_counter() - started

        return is_copy


def ours(db: Path, items: Sequence[Fingerprinted]) -> dict[str, Any]:
    engine = open_engine(f"sqlite:///{db}", writer=True)
    near = TimedCopies()
    store = Store(engine, near=near)
    times: list[float] = []
    confirms: list[int] = []
    confirm_seconds: list[float] = []
    found = missed = false_joins = 0
    ids = []
    examples: list[tuple[int, int]] = []
    missed_kinds: dict[str, int] = {}
    for item in items:
        new = record(item)
        calls, seconds = near.calls, near.seconds
        started = time.perf_counter()
        outcome, article_id = store.save_article(new, run_id=None, now=NOW)
        times.append(time.perf_counter() - started)
        confirms.append(near.calls - calls)
        confirm_seconds.append(near.seconds - seconds)
        ids.append(article_id)
        expected_copy = item.article.original is not None
        if expected_copy:
            found += outcome is SaveOutcome.COPY
            if outcome is not SaveOutcome.COPY:
                missed += 1
                kind = item.article.kind
                missed_kinds[kind] = missed_kinds.get(kind, 0) + 1
        elif outcome is SaveOutcome.COPY:
            false_joins += 1
            examples.append((item.article.index, article_id))
    rss = _peak_rss_mb()
    joined = _joined_with(engine, [article_id for _, article_id in examples])
    candidates = _candidate_counts(engine, items, ids)
    engine.dispose()
    return {
        "ms": [t * 1000 for t in times],
        "rss_mb": rss,
        "confirms": confirms,
        "confirm_ms": [s * 1000 for s in confirm_seconds],
        "candidates": candidates,
        "copies_found": found,
        "copies_missed": missed,
        "false_joins": false_joins,
        "missed_kinds": missed_kinds,
        "false_join_examples": [
            [index, joined.get(article_id, [])] for index, article_id in examples[:5]
        ],
    }


def _joined_with(engine: Engine, article_ids: Sequence[int]) -> dict[int, list[int]]:
    """For each article, the bench indexes of the other members of its cluster."""
    out: dict[int, list[int]] = {}
    with engine.connect() as connection:
        for article_id in article_ids:
            cluster = select(Article.cluster_id).where(Article.id == article_id)
            members = connection.execute(
                select(Article.id).where(Article.cluster_id == cluster.scalar_subquery())
            ).scalars()
            out[article_id] = [m - 1 for m in members if m != article_id]
    return out


def _candidate_counts(
    engine: Engine, items: Sequence[Fingerprinted], ids: Sequence[int]
) -> list[int]:
    """For each timed article, how many stored articles share a band key with it."""
    out = []
    with engine.connect() as connection:
        for item, article_id in zip(items, ids, strict=True):
            if not item.keys:
                out.append(0)
                continue
            out.append(
                connection.execute(
                    select(func.count(func.distinct(LshKey.article_id))).where(
                        LshKey.key.in_(list(item.keys)), LshKey.article_id != article_id
                    )
                ).scalar_one()
            )
    return out


# -- phase 3: the peer ----------------------------------------------------------------------


def peer(db: Path, items: Sequence[Fingerprinted], size: int) -> dict[str, Any]:
    signatures = np.load(db.with_suffix(".signatures.npy"), mmap_mode="r")
    index = MinHashLSH(num_perm=dedup.NUM_PERM, params=(dedup.BANDS, dedup.ROWS))
    started = time.perf_counter()
    for n in range(size):
        minhash = LeanMinHash(seed=dedup.SEED, hashvalues=signatures[n], scheme=dedup.SCHEME)
        index.insert(n, minhash, check_duplication=False)
        if (n + 1) % 100_000 == 0:
            _log(f"peer {size:,}: {n + 1:,} inserted")
    built = time.perf_counter() - started
    del signatures
    queries = [
        LeanMinHash(seed=dedup.SEED, hashvalues=item.signature, scheme=dedup.SCHEME)
        for item in items
    ]
    times = []
    candidates = []
    for n, minhash in enumerate(queries):
        started = time.perf_counter()
        found = index.query(minhash)
        index.insert(size + n, minhash, check_duplication=False)
        times.append(time.perf_counter() - started)
        candidates.append(len(found))
    return {
        "ms": [t * 1000 for t in times],
        "rss_mb": _peak_rss_mb(),
        "build_seconds": built,
        "candidates": candidates,
    }


# -- orchestration --------------------------------------------------------------------------


def _phase(args: argparse.Namespace) -> None:
    """Run one phase in this (fresh) process; write its result as JSON to ``--out``."""
    db = Path(args.db)
    items_path = db.with_suffix(".lookups.pkl")
    result: dict[str, Any]
    if args.phase == "build":
        result = build(db, args.size, args.filler, args.peer_max)
        items = lookups(args.size, args.lookups, args.filler)
        result["keys_ms"] = key_costs(items)
        items_path.write_bytes(pickle.dumps(items))
    else:
        items = pickle.loads(items_path.read_bytes())
        result = ours(db, items) if args.phase == "ours" else peer(db, items, args.size)
    Path(args.out).write_text(json.dumps(result))


def _run_phase(phase: str, size: int, db: Path, args: argparse.Namespace) -> dict[str, Any]:
    out = db.with_suffix(f".{phase}.json")
    command = [
        sys.executable, "-m", "bench.dedup", "--phase", phase, "--size", str(size),
        "--db", str(db), "--out", str(out), "--lookups", str(args.lookups),
        "--filler", args.filler, "--peer-max", str(args.peer_max),
    ]  # fmt: skip
    subprocess.run(command, check=True, cwd=_ROOT)
    result: dict[str, Any] = json.loads(out.read_text())
    return result


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@dataclass(frozen=True, slots=True)
class SizeResult:
    size: int
    built: dict[str, Any]
    ours: dict[str, Any]
    peer: dict[str, Any] | None


def _print_table(results: Sequence[SizeResult], args: argparse.Namespace) -> None:
    base = statistics.median(results[0].ours["ms"])
    base95 = _pct(results[0].ours["ms"], 0.95)
    largest_peer = max((r for r in results if r.peer), key=lambda r: r.size, default=None)
    print(
        f"\n{'size':>9} | {'ours ms/article':>17} | {'keys ms':>7} | {'ours RSS':>8} |"
        f" {'peer ms/article':>17} | {'peer RSS':>10} |"
        f" {'ratio to ours@' + f'{results[0].size:,}':>22}"
    )
    print(f"{'':>9} | {'median':>8} {'p95':>8} | {'median':>7} | {'MB':>8} |"
          f" {'median':>8} {'p95':>8} | {'MB':>10} | {'median':>10} {'p95':>11}")  # fmt: skip
    for r in results:
        ms = r.ours["ms"]
        if r.peer is not None:
            peer_ms = f"{statistics.median(r.peer['ms']):>8.3f} {_pct(r.peer['ms'], 0.95):>8.3f}"
            peer_rss = f"{r.peer['rss_mb']:>10,.0f}"
        else:
            peer_ms = f"{'skipped':>17}"
            estimate = ""
            if largest_peer is not None and largest_peer.peer is not None:
                estimate = f"~{largest_peer.peer['rss_mb'] * r.size / largest_peer.size:,.0f}*"
            peer_rss = f"{estimate:>10}"
        print(
            f"{r.size:>9,} | {statistics.median(ms):>8.2f} {_pct(ms, 0.95):>8.2f} |"
            f" {statistics.median(r.built['keys_ms']):>7.2f} |"
            f" {r.ours['rss_mb']:>8,.0f} | {peer_ms} | {peer_rss} |"
            f" {statistics.median(ms) / base:>9.2f}x {_pct(ms, 0.95) / base95:>10.2f}x"
        )
    print("\nDetails per size (ours):")
    print(
        f"{'size':>9} | {'cand. med/p95/max':>18} | {'confirms med/max':>16} |"
        f" {'confirm ms med':>14} | {'copies found':>12} | {'false joins':>11} | {'db GB':>6} |"
        f" {'build s':>7}"
    )
    for r in results:
        o = r.ours
        expected = o["copies_found"] + o["copies_missed"]
        print(
            f"{r.size:>9,} | {statistics.median(o['candidates']):>6.0f}"
            f" {_pct(o['candidates'], 0.95):>5.0f} {max(o['candidates']):>5} |"
            f" {statistics.median(o['confirms']):>7.0f} {max(o['confirms']):>8} |"
            f" {statistics.median(o['confirm_ms']):>14.2f} |"
            f" {o['copies_found']:>5}/{expected:<6} | {o['false_joins']:>11} |"
            f" {r.built['bytes'] / 1e9:>6.2f} | {r.built['seconds']:>7.0f}"
        )
    peers = [r for r in results if r.peer]
    if peers:
        print("\nPeer: " + "; ".join(
            f"{r.size:,}: candidates median {statistics.median(r.peer['candidates']):.0f},"
            f" index built in {r.peer['build_seconds']:.0f}s" for r in peers if r.peer
        ))  # fmt: skip
    for r in results:
        if r.ours.get("missed_kinds"):
            kinds = ", ".join(f"{k} {n}" for k, n in sorted(r.ours["missed_kinds"].items()))
            print(f"copies missed at {r.size:,}: {kinds}")
        for index, members in r.ours["false_join_examples"]:
            print(f"false join at {r.size:,}: new article {index} joined the story of {members}")
    print(
        "ours ms/article: Store.save_article (insert, exact and LSH lookup, confirmation,"
        " lsh_keys insert, cluster, commit); keys ms: content hash + lsh_keys_for, computed"
        " by the pipeline before it (independent of the size)."
    )
    if any(r.peer is None for r in results):
        print(
            f"* peer not run above {args.peer_max:,} stored articles: its index lives in memory;"
            " the estimate scales its largest measured RSS linearly."
        )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--lookups", type=int, default=1000)
    parser.add_argument("--peer-max", type=int, default=100_000)
    parser.add_argument("--filler", choices=("realpages", "demo"), default="realpages")
    parser.add_argument("--workdir", default=None, help="where the databases go (default: temp)")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--phase", choices=("build", "ours", "peer"), help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        _phase(args)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"LSH {dedup.LSH_VERSION}: {dedup.SHINGLE}-character shingles, {dedup.NUM_PERM}"
          f" permutations, full text {dedup.BANDS} bands x {dedup.ROWS} rows + the first"
          f" {dedup.OPENING} characters {dedup.OPEN_BANDS} x {dedup.OPEN_ROWS}; confirmation:"
          f" Jaccard >= {dedup.MIN_JACCARD} or containment >= {dedup.MIN_CONTAINMENT}, at most"
          f" {MAX_CANDIDATES} candidates")  # fmt: skip
    print(f"machine: {os.cpu_count()} CPUs, load average at start {_load()}")
    median_j, p99_j, max_j = background_similarity(args.filler)
    print(f"bodies: {args.filler} background; Jaccard of unrelated originals: median"
          f" {median_j:.4f}, p99 {p99_j:.4f}, max {max_j:.3f}")  # fmt: skip
    with _workdir(args) as folder:
        results = []
        for size in sizes:
            db = folder / f"dedup-{size}.db"
            for stale in folder.glob(f"dedup-{size}.*"):
                stale.unlink()
            _log(f"size {size:,}: building {db}")
            built = _run_phase("build", size, db, args)
            _log(f"size {size:,}: built in {built['seconds']:.0f}s; timing ours")
            mine = _run_phase("ours", size, db, args)
            other = None
            if size <= args.peer_max:
                _log(f"size {size:,}: timing the peer")
                other = _run_phase("peer", size, db, args)
            results.append(SizeResult(size, built, mine, other))
            if not args.keep:
                for leftover in folder.glob(f"dedup-{size}.*"):
                    leftover.unlink()
        _print_table(results, args)
    print(f"load average at the end {_load()} (other work may share the CPUs)")


class _workdir:
    """The folder for the databases: ``--workdir`` (kept) or a temporary one."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.temp: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> Path:
        if self.args.workdir:
            path = Path(self.args.workdir)
            path.mkdir(parents=True, exist_ok=True)
            return path
        self.temp = tempfile.TemporaryDirectory(prefix="unionwatch-bench-dedup-")
        return Path(self.temp.name)

    def __exit__(self, *exc: object) -> None:
        if self.temp is not None:
            self.temp.cleanup()


if __name__ == "__main__":
    main()
