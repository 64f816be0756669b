"""Extraction quality and speed: unionwatch beside GNE and trafilatura on the same labelled pages.

    .venv/bin/python -m bench.extract [SETDIR ...] [--sets SETDIR ...] [--json FILE] [-v]

Sets (default: the fixture corpus ``tests/extract/fixtures``, labelled "union layouts", and every
realpages set under ``tests/data/realpages``): a SETDIR is a realpages set
(``pages/`` + ``truth.jsonl``), a folder of them, or a fixture corpus (``<name>/body.html``,
``meta.json``, ``expected.json``); see :mod:`bench.corpus`.

Method
------
- Inputs are "HTML already in memory". unionwatch gets the raw bytes, URL and headers and
  decodes them itself; so does trafilatura (bytes + URL: how it decodes GB2312/GBK pages is part
  of what is measured). GNE only takes a ``str``: it gets the text unionwatch's decoder produced
  (``crawler.extract.Page.from_bytes(...).text``), decoded before its clock starts.
  Site-config ``selectors`` in a fixture's ``meta.json`` are *not* given to unionwatch (the
  peers have no such input); ``now`` (what year-less dates resolve against) is.
- Speed: per set, one warm-up round, then 3 timed rounds; a round is one pass of every
  extractor over the whole set, in turn, so that a change of the machine's load falls on all
  of them alike. Each pass is timed with ``time.perf_counter`` (wall clock) and
  ``time.process_time`` (CPU time of this process: what other processes do does not count);
  pages/s = pages / best pass, on each clock. Ratios "ours/GNE" are unionwatch's pages/s over
  the peer's (higher is better for us), on the wall clock, then on CPU time.
- Scores follow ``/work/shared/realpages/README.md`` (:mod:`bench.scoring`): text is compared
  after OpenCC t2s with all whitespace removed; ``body`` is F1 over character bigrams; name
  fields are exact set equality; ``published_at`` matches when both read the same at the
  labelled precision in Asia/Shanghai time *and* the extractor gave at least that precision (a
  date without a time can only match a day label). Short text fields (title, editor, source,
  dateline, agency, original_title) and click_count are exact; a label of ``null`` is matched
  by giving nothing. ``authors`` is reporters + correspondents for unionwatch and the peer's
  author string split into names (:func:`bench.adapters.split_names`); peer dates are read at
  the precision they print (:func:`bench.adapters.parse_peer_date`). ``body_checks`` is the
  share of a fixture's ``body_contains`` / ``body_not_contains`` substrings that hold;
  ``is_article`` compares "has a title and a body" with the label. A peer that raises on a page
  scores 0 on every field of that page; the exceptions are counted and printed.

Reading the table
-----------------
One table per set: a row per field the set labels, a column per extractor with the mean score
over the pages labelling it and ``n`` = how many do (1.000 = every page right), ``—`` where the
extractor has no such field (GNE and trafilatura have no correspondents, editor, dateline...).
The last column says whether unionwatch is at least as good as the better peer on that row
(``n/a`` when no peer has the field). Below: pages/s and exceptions per extractor. The run ends
with the rows where unionwatch is below a peer and one line of throughput ratios.
``--json FILE`` writes every figure (means, counts, per-page scores, pass times, errors).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.adapters import Extracted, Extractor, Gne, Ours, Trafilatura
from bench.corpus import DEFAULT_SETS, NAME_FIELDS, TEXT_FIELDS, BenchSet, Case, load_sets
from bench.scoring import (
    bigram_f1,
    date_matches_at,
    names_match,
    normalize,
    precision_of,
    text_matches,
)
from crawler.extract.text import compact
from crawler.extract.walk import WALK_IMPLEMENTATION

__all__ = ["Run", "SetResult", "bench_set", "main", "score_field", "score_page"]

OURS = "unionwatch"
#: Longest exception message kept.
_MESSAGE = 160


@dataclass(slots=True)
class Run:
    """One extractor over one set: pass times and its answer per page (``None``: it raised)."""

    key: str
    label: str
    fields: frozenset[str]
    pass_seconds: list[float]
    #: The same passes on ``time.process_time``.
    pass_cpu_seconds: list[float]
    outputs: list[Extracted | None]
    #: (page id, "ExceptionType: message") for every page it raised on.
    errors: list[tuple[str, str]]

    @property
    def best_seconds(self) -> float:
        return min(self.pass_seconds)

    @property
    def best_cpu_seconds(self) -> float:
        return min(self.pass_cpu_seconds)

    def pages_per_second(self) -> float:
        best = self.best_seconds
        return len(self.outputs) / best if best > 0 else 0.0

    def pages_per_cpu_second(self) -> float:
        best = self.best_cpu_seconds
        return len(self.outputs) / best if best > 0 else 0.0


@dataclass(slots=True)
class SetResult:
    """Every extractor's run and scores on one set."""

    bench_set: BenchSet
    runs: list[Run]
    #: extractor key → one {field: score} per page, for the fields it has and the page labels.
    scores: dict[str, list[dict[str, float]]]

    def count(self, field: str) -> int:
        """How many pages label ``field``."""
        return sum(field in case.truth for case in self.bench_set.cases)

    def mean(self, key: str, field: str) -> float | None:
        """An extractor's mean score on ``field``; ``None`` when it has no such field."""
        values = [page[field] for page in self.scores[key] if field in page]
        return sum(values) / len(values) if values else None

    def best_peer(self, field: str) -> tuple[str, float] | None:
        """The better peer on ``field`` (label, mean), ``None`` when no peer has it."""
        means = [(run.label, self.mean(run.key, field)) for run in self.runs if run.key != OURS]
        known = [(label, mean) for label, mean in means if mean is not None]
        return max(known, key=lambda item: item[1]) if known else None

    def ours_at_least_best_peer(self, field: str) -> bool | None:
        peer = self.best_peer(field)
        ours = self.mean(OURS, field)
        if peer is None or ours is None:
            return None
        return ours >= peer[1] - 1e-9


def score_field(field: str, truth: Mapping[str, Any], got: Extracted | None) -> float:
    """One field's score in [0, 1] for one page (``got`` ``None``: the extractor raised)."""
    if got is None:
        return 0.0
    want = truth[field]
    if field == "body":
        return bigram_f1(got.body, want)
    if field == "published_at":
        if not want:
            return float(got.published_at is None)
        precision = truth.get("published_precision") or precision_of(want)
        return float(date_matches_at(got.published_at, got.published_precision, want, precision))
    if field in NAME_FIELDS:
        return float(names_match(got.names(field), want))
    if field in TEXT_FIELDS:
        return float(text_matches(got.text(field), want))
    if field == "click_count":
        return float(got.click_count == want)
    if field == "body_checks":
        return _body_checks(got.body, *want)
    if field == "is_article":
        return float(got.is_article == want)
    raise ValueError(f"no scorer for field {field!r}")


def score_page(
    fields: Iterable[str], provides: frozenset[str], case: Case, got: Extracted | None
) -> dict[str, float]:
    """Scores of the fields the page labels and the extractor has."""
    return {f: score_field(f, case.truth, got) for f in fields if f in case.truth and f in provides}


def bench_set(
    bench: BenchSet, extractors: Sequence[Extractor[Any, Any]], passes: int, warmup: int
) -> SetResult:
    """Time and score every extractor on one set (their passes interleaved)."""
    runs = _runs(extractors, bench.cases, passes, warmup)
    scores = {
        run.key: [
            score_page(bench.fields, run.fields, case, got)
            for case, got in zip(bench.cases, run.outputs, strict=True)
        ]
        for run in runs
    }
    return SetResult(bench, runs, scores)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the bench, print the tables, optionally write ``--json``."""
    options = _parser().parse_args(argv)
    paths = [*options.dirs, *(options.sets or [])] or list(DEFAULT_SETS)
    try:
        sets = load_sets(paths)
    except (OSError, ValueError) as error:
        print(f"bench.extract: {error}", file=sys.stderr)
        return 2
    extractors: list[Extractor[Any, Any]] = [Ours(), Gne(), Trafilatura()]
    results = [bench_set(s, extractors, options.passes, options.warmup) for s in sets]
    for line in _report(results, extractors, options):
        print(line)
    if options.json:
        figures = _figures(results, extractors, options)
        options.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.extract",
        description="Score and time unionwatch, GNE and trafilatura on labelled page sets.",
    )
    parser.add_argument("dirs", nargs="*", type=Path, metavar="SETDIR", help="sets to run")
    parser.add_argument("--sets", nargs="+", type=Path, metavar="SETDIR", help="sets to run")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write all figures as JSON")
    parser.add_argument("--passes", type=_positive, default=3, help="timed passes (best is kept)")
    parser.add_argument("--warmup", type=_count, default=1, help="untimed passes first")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every page's scores")
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


# -- running ----------------------------------------------------------------------------------


def _runs(
    extractors: Sequence[Extractor[Any, Any]], cases: Sequence[Case], passes: int, warmup: int
) -> list[Run]:
    inputs = [[extractor.prepare(case) for case in cases] for extractor in extractors]
    wall: list[list[float]] = [[] for _ in extractors]
    cpu: list[list[float]] = [[] for _ in extractors]
    results: list[list[object]] = [[] for _ in extractors]
    for number in range(warmup + passes):
        for index, extractor in enumerate(extractors):
            elapsed, used, results[index] = _one_pass(extractor, inputs[index])
            if number >= warmup:
                wall[index].append(elapsed)
                cpu[index].append(used)
    return [
        _run(extractor, cases, wall[index], cpu[index], results[index])
        for index, extractor in enumerate(extractors)
    ]


def _run(
    extractor: Extractor[Any, Any],
    cases: Sequence[Case],
    seconds: list[float],
    cpu_seconds: list[float],
    results: list[object],
) -> Run:
    outputs: list[Extracted | None] = []
    errors: list[tuple[str, str]] = []
    for case, raw in zip(cases, results, strict=True):
        if isinstance(raw, Exception):
            outputs.append(None)
            errors.append((case.page_id, f"{type(raw).__name__}: {raw}"[:_MESSAGE]))
        else:
            outputs.append(extractor.convert(raw))
    return Run(
        extractor.key, extractor.label, extractor.fields, seconds, cpu_seconds, outputs, errors
    )


def _one_pass(
    extractor: Extractor[Any, Any], inputs: list[Any]
) -> tuple[float, float, list[object]]:
    """Wall-clock seconds, CPU seconds and the results of one pass."""
    gc.collect()
    results: list[object] = []
    started, started_cpu = time.perf_counter(), time.process_time()
    for item in inputs:
        try:
            results.append(extractor.run(item))
        except Exception as error:  # a peer failing on a page is a result, not a crash
            results.append(error)
    return time.perf_counter() - started, time.process_time() - started_cpu, results


def _body_checks(body: str | None, contains: list[str], absent: list[str]) -> float:
    text = normalize(body)
    held = sum(compact(s) in text for s in contains) + sum(compact(s) not in text for s in absent)
    return held / (len(contains) + len(absent))


# -- report -----------------------------------------------------------------------------------


def _report(
    results: list[SetResult], extractors: Sequence[Extractor[Any, Any]], options: argparse.Namespace
) -> list[str]:
    labels = " | ".join(e.label for e in extractors)
    lines = [
        f"Extraction bench: {labels}",
        "Inputs (HTML already in memory): unionwatch and trafilatura get the raw bytes + URL "
        "(unionwatch also the headers) and decode them; GNE needs a str and gets the text "
        "unionwatch's decoder produced (Page.from_bytes(...).text), decoded outside its timing.",
        f"unionwatch's page walk: {WALK_IMPLEMENTATION} (see crawler/extract/walk.py).",
        f"Timing: each whole set, best of {options.passes} rounds after {options.warmup} "
        "warm-up round(s), the extractors' passes taking turns; pages/s on the wall clock "
        "(time.perf_counter) and on CPU time (time.process_time). Scores: mean over the pages "
        "labelling the field (n); text t2s, no whitespace; body = bigram F1; names = exact "
        "sets; dates at the labelled precision (Asia/Shanghai); — = the extractor has no such "
        "field.",
    ]
    for result in results:
        lines += ["", *_set_table(result)]
        if options.verbose:
            lines += _page_lines(result)
    lines += ["", *_below_lines(results), _ratio_line(results)]
    return lines


def _set_table(result: SetResult) -> list[str]:
    bench = result.bench_set
    lines = [f"== {bench.name}: {len(bench.cases)} pages ({bench.path}) =="]
    header = ["field", *(run.label for run in result.runs), "ours >= best peer"]
    rows = [
        [
            field,
            *(_cell(result.mean(run.key, field), result.count(field)) for run in result.runs),
            _verdict(result.ours_at_least_best_peer(field)),
        ]
        for field in bench.fields
    ]
    rows.append(["pages/s", *(f"{run.pages_per_second():.1f}" for run in result.runs), ""])
    rows.append(["pages/CPU s", *(f"{run.pages_per_cpu_second():.1f}" for run in result.runs), ""])
    rows.append(["exceptions", *(str(len(run.errors)) for run in result.runs), ""])
    lines += _aligned([header, *rows])
    lines += [f"  skipped {reason}" for reason in bench.skipped]
    for run in result.runs:
        lines += [f"  {run.label} raised on {page}: {message}" for page, message in run.errors]
    return lines


def _cell(mean: float | None, count: int) -> str:
    return "—" if mean is None else f"{mean:.3f} n={count}"


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else "yes" if ok else "NO"


def _aligned(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]


def _page_lines(result: SetResult) -> list[str]:
    lines = []
    for index, case in enumerate(result.bench_set.cases):
        parts = [
            f"{run.label.split()[0]}["
            + " ".join(f"{k}={v:.2f}" for k, v in result.scores[run.key][index].items())
            + "]"
            for run in result.runs
        ]
        lines.append(f"  {case.page_id}: " + " ".join(parts))
    return lines


def _below_lines(results: list[SetResult]) -> list[str]:
    below = []
    for result in results:
        for field in result.bench_set.fields:
            peer = result.best_peer(field)
            ours = result.mean(OURS, field)
            if peer is not None and ours is not None and ours < peer[1] - 1e-9:
                below.append(
                    f"{result.bench_set.name}/{field} {ours:.3f} < {peer[0]} {peer[1]:.3f}"
                )
    return [f"Ours below the better peer: {'; '.join(below) if below else 'nowhere'}"]


def _ratio_line(results: list[SetResult]) -> str:
    total = _throughput(results)
    parts = [
        f"throughput over all {total['pages']} pages: ours/GNE "
        f"{_ratio(total, 'gne')}, ours/trafilatura {_ratio(total, 'trafilatura')}"
    ]
    for result in results:
        each = _throughput([result])
        parts.append(
            f"{result.bench_set.name}: {_ratio(each, 'gne')} / {_ratio(each, 'trafilatura')}"
        )
    return "; ".join(parts)


def _ratio(throughput: dict[str, Any], peer: str) -> str:
    """The wall-clock ratio, then the CPU-time one: ``7.0x (CPU 7.2x)``."""
    value = throughput["ours_over"].get(peer)
    cpu = throughput["cpu"]["ours_over"].get(peer)
    if value is None:
        return "n/a"
    return f"{value:.1f}x (CPU {cpu:.1f}x)" if cpu is not None else f"{value:.1f}x"


def _throughput(results: list[SetResult]) -> dict[str, Any]:
    """Pages, best seconds summed over the sets, pages/s per extractor and ours/peer ratios,
    on the wall clock and (under ``cpu``) on CPU time."""
    pages = sum(len(r.bench_set.cases) for r in results)
    figures = _rates(pages, results, lambda run: run.best_seconds)
    return {**figures, "cpu": _rates(pages, results, lambda run: run.best_cpu_seconds)}


def _rates(pages: int, results: list[SetResult], best: Callable[[Run], float]) -> dict[str, Any]:
    seconds: dict[str, float] = {}
    for result in results:
        for run in result.runs:
            seconds[run.key] = seconds.get(run.key, 0.0) + best(run)
    rates = {key: (pages / s if s > 0 else 0.0) for key, s in seconds.items()}
    ours = rates.get(OURS, 0.0)
    ratios = {k: (ours / r if r > 0 else None) for k, r in rates.items() if k != OURS}
    return {"pages": pages, "seconds": seconds, "pages_per_second": rates, "ours_over": ratios}


# -- JSON -------------------------------------------------------------------------------------


def _figures(
    results: list[SetResult], extractors: Sequence[Extractor[Any, Any]], options: argparse.Namespace
) -> dict[str, Any]:
    return {
        "extractors": {e.key: {"label": e.label, "fields": sorted(e.fields)} for e in extractors},
        "method": {
            "passes": options.passes,
            "warmup": options.warmup,
            "clock": "time.perf_counter (and time.process_time under cpu), best pass over the "
            "whole set, the extractors' passes interleaved",
            "gne_input": "str from crawler.extract.Page.from_bytes(...).text, decoded untimed",
            "unionwatch_walk": WALK_IMPLEMENTATION,
        },
        "sets": [_set_figures(result) for result in results],
        "throughput": {
            "all": _throughput(results),
            "per_set": {r.bench_set.name: _throughput([r]) for r in results},
        },
    }


def _set_figures(result: SetResult) -> dict[str, Any]:
    bench = result.bench_set
    return {
        "name": bench.name,
        "path": str(bench.path),
        "kind": bench.kind,
        "pages": len(bench.cases),
        "skipped": list(bench.skipped),
        "fields": {
            field: {
                "count": result.count(field),
                "mean": {run.key: result.mean(run.key, field) for run in result.runs},
                "ours_at_least_best_peer": result.ours_at_least_best_peer(field),
            }
            for field in bench.fields
        },
        "timing": {
            run.key: {
                "pass_seconds": run.pass_seconds,
                "best_seconds": run.best_seconds,
                "pages_per_second": run.pages_per_second(),
                "pass_cpu_seconds": run.pass_cpu_seconds,
                "pages_per_cpu_second": run.pages_per_cpu_second(),
            }
            for run in result.runs
        },
        "errors": {
            run.key: [{"page": page, "error": message} for page, message in run.errors]
            for run in result.runs
        },
        "page_scores": {
            run.key: {
                case.page_id: scores
                for case, scores in zip(bench.cases, result.scores[run.key], strict=True)
            }
            for run in result.runs
        },
    }


if __name__ == "__main__":
    raise SystemExit(main())
