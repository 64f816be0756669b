"""Crawl throughput: the whole pipeline against Scrapy's own ceiling, on one local site.

    .venv/bin/python -m bench.crawl [--articles N | --large | --quick] [--rounds R]
                                    [--skip-postgres]

It generates a static union news portal of N articles (``bench.crawl_site``: 25-60 KB pages
with portal chrome), serves it from its own process (its pages/s under a concurrent load from
another process is printed first: the server must outrun every crawler), then crawls it, each
run in its own subprocess (so its peak RSS and CPU seconds are its own):

(a) a bare Scrapy spider that follows the same links and does nothing with the pages (the
    framework's ceiling with the same concurrency, no delay);
(b) ``unionwatch crawl`` (extraction, dedup, storage) into a fresh SQLite file;
(c) the same into a scratch PostgreSQL database (created, then dropped).

pages/s is pages fetched / the crawl's own time (spider opened to closed); CPU ms/page is the
user+system CPU of the crawl's processes / pages, and "of it writer" the share of its child
processes (the store's writer process); peak RSS is the largest resident set of the crawl's
processes together (sampled every 0.1 s).
The runs come in rounds, (a), (b), (c) each (3 rounds by default, 1 with ``--large`` or
``--quick``), and each ratio is the median over the rounds of the run's pages/s over (a)'s of
the same round: a shared machine's speed drifts over minutes, which a single pair of runs
would read as a change of the ratio.
Targets (issue 8): b/a >= 0.7 at N=5,000; peak RSS at N=50,000 <= 1.5x that at N=5,000.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text

from bench.crawl_site import SiteLayout, generate

__all__ = ["CLI", "PG_ADMIN", "SITE_ID", "RunResult", "main", "scratch_database"]

_PYTHON = sys.executable
CLI = str(Path(sys.executable).with_name("unionwatch"))
SITE_ID = "bench-crawl"
#: Per-host concurrency of the site file and of the bare spider (no delay in either).
CONCURRENCY = 16
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True, slots=True)
class RunResult:
    """One crawl: what it fetched, how long the crawl took, what the process used."""

    name: str
    pages: int
    seconds: float
    cpu: float
    peak_rss: int  # bytes
    stored: int | None = None
    #: CPU seconds of its child processes (the store's writer), included in ``cpu``.
    child_cpu: float = 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def cpu_per_page(self) -> float:
        return self.cpu / self.pages if self.pages else 0.0

    @property
    def child_cpu_per_page(self) -> float:
        return self.child_cpu / self.pages if self.pages else 0.0


@dataclass(frozen=True, slots=True)
class _Usage:
    status: int
    cpu: float  # seconds, children included
    peak_rss: int  # bytes
    child_cpu: float  # seconds, the children's last sample


def _run(command: Sequence[str], env: dict[str, str] | None = None) -> _Usage:
    """Run ``command``; its exit status, CPU seconds (user + system, its child processes
    included), peak RSS (bytes): the largest sum over the process and its children (the
    store's writer process) sampled every 0.1 s, or the largest single process's peak if
    that is more; and its children's CPU seconds (as last sampled, within 0.1 s)."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    peak = [0]
    children: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            rss, cpu = _tree_usage(process.pid)
            peak[0] = max(peak[0], rss)
            children.update(cpu)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return _Usage(
        process.returncode,
        usage.ru_utime + usage.ru_stime,
        max(peak[0], usage.ru_maxrss * 1024),
        sum(children.values()),
    )


def _tree_usage(pid: int) -> tuple[int, dict[int, float]]:
    """The resident memory (bytes) of ``pid`` and its descendants, and each descendant's CPU
    seconds so far, from /proc (nothing elsewhere or once it has exited)."""
    total = 0
    cpu: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            stat = Path(f"/proc/{current}/stat").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
        if current != pid:  # fields after the command name: state is 3, utime 14, stime 15
            fields = stat.rsplit(")", 1)[1].split()
            cpu[current] = (int(fields[11]) + int(fields[12])) / tick
        stack.extend(int(child) for child in children)
    return total, cpu


# -- (a) the bare spider ----------------------------------------------------------------------


def bare_crawl(start: str, list_regex: str, article_regex: str, out: Path) -> None:
    """Crawl from ``start`` following list and article links, doing nothing with the pages;
    write the crawl's pages and seconds to ``out`` (JSON)."""
    from scrapy import Request, Spider
    from scrapy.crawler import CrawlerProcess
    from scrapy.http import Response, TextResponse

    from crawler import settings as project

    lists, articles = re.compile(list_regex), re.compile(article_regex)

    class BareSpider(Spider):
        name = "bare"

        async def start(self) -> Any:
            yield Request(start)

        def parse(self, response: Response) -> Any:
            if articles.search(response.url) or not isinstance(response, TextResponse):
                return
            for href in response.xpath("//a/@href").getall():
                url = response.urljoin(href)
                if lists.search(url) or articles.search(url):
                    yield Request(url)

    process = CrawlerProcess(
        {
            "CONCURRENT_REQUESTS": project.CONCURRENT_REQUESTS,
            "CONCURRENT_REQUESTS_PER_DOMAIN": CONCURRENCY,
            "DOWNLOAD_DELAY": 0,
            "ROBOTSTXT_OBEY": True,
            "USER_AGENT": project.USER_AGENT,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "WARNING",
        }
    )
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler)
    process.start()
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    out.write_text(
        json.dumps(
            {
                "pages": stats.get("response_received_count", 0),
                "seconds": stats.get("elapsed_time_seconds", 0.0),
            }
        )
    )


def run_bare(base: str, layout: SiteLayout, folder: Path) -> RunResult:
    out = folder / "bare.json"
    command = [_PYTHON, "-m", "bench.crawl", "bare", base + "/"]
    command += [re.escape(base) + layout.list_regex, re.escape(base) + layout.article_regex]
    usage = _run([*command, str(out)])
    if usage.status != 0:
        raise SystemExit(f"the bare spider failed (exit {usage.status})")
    found = json.loads(out.read_text())
    pages, seconds = int(found["pages"]), found["seconds"]
    return RunResult("(a) bare Scrapy spider", pages, seconds, usage.cpu, usage.peak_rss)


# -- (b), (c) unionwatch crawl ----------------------------------------------------------------


def write_site(folder: Path, base: str, layout: SiteLayout) -> Path:
    sites = folder / "sites"
    sites.mkdir(exist_ok=True)
    (sites / f"{SITE_ID}.toml").write_text(
        f'id = "{SITE_ID}"\nname = "基准测试站"\nlevel = "national"\nenabled = false\n'
        f'start_urls = ["{base}/"]\nallowed_hosts = ["127.0.0.1"]\n'
        f"article_pattern = '^{re.escape(base)}{layout.article_regex}'\n"
        f"list_pattern = '^{re.escape(base)}{layout.list_regex}'\n"
        f"max_seed_pages = 10000000\nmax_list_depth = 100000\n"
        f"[politeness]\ndownload_delay = 0.0\nconcurrency = {CONCURRENCY}\n",
        encoding="utf-8",
    )
    return sites


def run_unionwatch(name: str, db_url: str, sites: Path) -> RunResult:
    command = [CLI, "--sites-dir", str(sites), "crawl", SITE_ID, "--db", db_url]
    usage = _run([*command, "--progress", "none"])
    if usage.status != 0:
        raise SystemExit(f"unionwatch crawl failed (exit {usage.status}) on {name}")
    from storage.models import Article, CrawlRun

    engine = create_engine(db_url)
    with engine.connect() as connection:
        run = connection.execute(
            select(CrawlRun.started_at, CrawlRun.finished_at, CrawlRun.stats)
            .order_by(CrawlRun.id.desc())
            .limit(1)
        ).one()
        stored = connection.execute(select(func.count()).select_from(Article)).scalar_one()
    engine.dispose()
    stats = run.stats or {}
    seconds = float(stats.get("elapsed_time_seconds") or 0.0)
    if not seconds and run.finished_at is not None:
        seconds = (run.finished_at - run.started_at).total_seconds()
    pages = int(stats.get("response_received_count", 0))
    return RunResult(name, pages, seconds, usage.cpu, usage.peak_rss, stored, usage.child_cpu)


def scratch_database(admin_url: str, name: str, *, create: bool) -> str:
    """A fresh (or, with ``create`` false, dropped) PostgreSQL database ``name``; its URL."""
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if create:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


# -- the server -------------------------------------------------------------------------------


def start_server(root: Path, folder: Path) -> tuple[subprocess.Popen[bytes], int]:
    port_file = folder / "port"
    server = subprocess.Popen(
        [_PYTHON, "-m", "bench.crawl_site", "serve", str(root), str(port_file)]
    )
    deadline = time.monotonic() + 30
    while not port_file.exists() or not port_file.read_text():
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the site server did not start")
        time.sleep(0.05)
    return server, int(port_file.read_text())


def server_rate(port: int, root: Path, folder: Path, seconds: float) -> float:
    paths = sorted("/" + str(p.relative_to(root)) for p in root.rglob("*.shtml"))
    paths_file = folder / "paths.txt"
    paths_file.write_text("\n".join(paths))
    command = [_PYTHON, "-m", "bench.crawl_site", "load", str(port), str(paths_file)]
    found = subprocess.run(
        [*command, str(seconds), str(CONCURRENCY)], capture_output=True, text=True, check=True
    )
    return float(found.stdout.strip())


# -- the report -------------------------------------------------------------------------------


def report(layout: SiteLayout, served: float, rounds: Sequence[Sequence[RunResult]]) -> str:
    """The table of every run, round by round, and the throughput ratios."""
    mb = layout.article_bytes / layout.articles / 1024 if layout.articles else 0
    lines = [
        f"site: {layout.articles:,} articles (mean {mb:.0f} KB), {layout.list_pages} list pages,"
        f" {layout.pages:,} pages a crawl",
        f"server alone: {served:,.0f} pages/s ({CONCURRENCY} keep-alive clients, another process)",
        "",
        f"{'run':<30}{'pages':>8}{'stored':>8}{'s':>8}{'pages/s':>10}{'peak RSS':>11}"
        f"{'CPU ms/page':>13}{'of it writer':>14}",
    ]
    for number, runs in enumerate(rounds, 1):
        if len(rounds) > 1:
            lines.append(f"round {number}")
        for r in runs:
            stored = "" if r.stored is None else f"{r.stored:,}"
            lines.append(
                f"{r.name:<30}{r.pages:>8,}{stored:>8}{r.seconds:>8.1f}"
                f"{r.pages_per_second:>10.1f}{r.peak_rss / 2**20:>8.0f} MB"
                f"{r.cpu_per_page * 1000:>13.2f}{r.child_cpu_per_page * 1000:>14.2f}"
            )
    ratios = _ratios(rounds)
    if ratios:
        label = "throughput ratios"
        if len(rounds) > 1:
            label += f", median of {len(rounds)} rounds (each round's in brackets)"
        lines.append(f"{label}: {', '.join(ratios)} (target (b)/(a) >= 0.7)")
    return "\n".join(lines)


def _ratios(rounds: Sequence[Sequence[RunResult]]) -> list[str]:
    """Each run's pages/s over the bare spider's of the same round: the median over the
    rounds (and, with more than one, every round's)."""
    by_run: dict[str, list[float]] = {}
    for runs in rounds:
        bare = runs[0]
        for r in runs[1:]:
            if bare.pages_per_second:
                by_run.setdefault(r.name[:3], []).append(r.pages_per_second / bare.pages_per_second)
    out = []
    for name, values in by_run.items():
        text = f"{name}/(a) = {statistics.median(values):.2f}"
        if len(values) > 1:
            text += " (" + ", ".join(f"{v:.2f}" for v in values) + ")"
        out.append(text)
    return out


def main(argv: Sequence[str] | None = None) -> list[list[RunResult]]:
    """Run the benchmark; the runs of each round, (a) first."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["bare"]:
        bare_crawl(args[1], args[2], args[3], Path(args[4]))
        return []
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000, help="articles (default 5,000)")
    parser.add_argument("--large", action="store_true", help="50,000 articles")
    parser.add_argument("--quick", action="store_true", help="smoke test: 60 articles")
    parser.add_argument(
        "--rounds",
        type=int,
        default=None,
        help="rounds of (a), (b), (c); the ratios are the medians (default 3; 1 with --large"
        " or --quick)",
    )
    parser.add_argument("--skip-postgres", action="store_true", help="no run (c)")
    parser.add_argument("--pg-url", default=PG_ADMIN, help="an admin URL of the PostgreSQL")
    options = parser.parse_args(args)
    count = 60 if options.quick else 50_000 if options.large else options.articles
    rounds = options.rounds or (1 if options.quick or options.large else 3)
    with tempfile.TemporaryDirectory(prefix="uw-bench-crawl-") as name:
        folder = Path(name)
        started = time.perf_counter()
        layout = generate(folder / "site", count)
        print(f"generated in {time.perf_counter() - started:.1f} s", flush=True)
        server, port = start_server(layout.root, folder)
        try:
            base = f"http://127.0.0.1:{port}"
            served = server_rate(port, layout.root, folder, 0.5 if options.quick else 3.0)
            sites = write_site(folder, base, layout)
            results = [
                _round(number, base, layout, folder, sites, options)
                for number in range(1, rounds + 1)
            ]
        finally:
            server.terminate()
            server.wait()
    print(report(layout, served, results))
    return results


def _round(
    number: int,
    base: str,
    layout: SiteLayout,
    folder: Path,
    sites: Path,
    options: argparse.Namespace,
) -> list[RunResult]:
    """One round: (a), (b) into a fresh SQLite file, (c) into a fresh PostgreSQL database."""
    runs = [run_bare(base, layout, folder)]
    print(f"round {number}: (a) {runs[-1].pages_per_second:.1f} pages/s", flush=True)
    db = folder / f"crawl-{number}.db"
    runs.append(run_unionwatch("(b) unionwatch, SQLite", f"sqlite:///{db}", sites))
    db.unlink()
    print(f"round {number}: (b) {runs[-1].pages_per_second:.1f} pages/s", flush=True)
    if not options.skip_postgres:
        scratch = f"uw_bench_crawl_{os.getpid()}"
        pg = scratch_database(options.pg_url, scratch, create=True)
        try:
            runs.append(run_unionwatch("(c) unionwatch, PostgreSQL", pg, sites))
        finally:
            scratch_database(options.pg_url, scratch, create=False)
        print(f"round {number}: (c) {runs[-1].pages_per_second:.1f} pages/s", flush=True)
    return runs


if __name__ == "__main__":
    main()
