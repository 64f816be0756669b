"""Distributed crawling: 1, 2 and 4 workers on one Redis and one PostgreSQL.

    .venv/bin/python -m bench.distributed [--articles N] [--workers 1,2,4] [--redis URL]

Generates the static site of ``bench.crawl`` (default 20,000 articles, 25-60 KB pages),
serves it from its own process (its pages/s alone is printed first), then for each worker
count: a fresh PostgreSQL database, an empty Redis database, ``unionwatch crawl SITE --redis``
and N ``unionwatch worker`` processes. The crawl's time runs from the first request leased to
the moment nothing is queued or in flight. It prints pages/s per worker count, the scaling
against one worker, the workers' CPU per page, and Redis's own CPU and commands per page (from
``INFO``), from which the Redis ceiling of the design follows: pages/s <= 1 / Redis CPU per
page, whatever the number of machines.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import redis
from sqlalchemy import create_engine, func, select

from bench.crawl import CLI, PG_ADMIN, SITE_ID, scratch_database, start_server, write_site
from bench.crawl_site import generate

__all__ = ["DistributedRun", "main"]


@dataclass(frozen=True, slots=True)
class DistributedRun:
    workers: int
    pages: int
    stored: int
    seconds: float
    worker_cpu: float
    redis_cpu: float
    redis_commands: int

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def _redis_usage(server: redis.Redis) -> tuple[float, int]:
    cpu = server.info("cpu")
    stats = server.info("stats")
    return (
        float(cpu["used_cpu_sys"]) + float(cpu["used_cpu_user"]),
        int(stats["total_commands_processed"]),
    )


def _pending(server: redis.Redis) -> tuple[int, int]:
    queue = int(server.zcard(f"unionwatch:site:{SITE_ID}:queue"))
    return queue, int(server.zcard(f"unionwatch:site:{SITE_ID}:leases"))


def run(
    workers: int, sites: Path, pages: int, redis_url: str, admin_url: str, concurrency: int
) -> DistributedRun:
    server = redis.Redis.from_url(redis_url)
    server.flushdb()
    db = scratch_database(admin_url, f"uw_bench_distributed_{workers}", create=True)
    base = [CLI, "--sites-dir", str(sites), "--db", db]
    subprocess.run([*base, "db", "upgrade"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [*base, "crawl", SITE_ID, "--redis", redis_url], check=True, stdout=subprocess.DEVNULL
    )
    cpu_before, commands_before = _redis_usage(server)
    processes = [
        subprocess.Popen(
            [
                *(*base, "worker", "--redis", redis_url, "--worker-id", f"bench-{n}"),
                *("--concurrency", str(concurrency), "--exit-when-idle", "2"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(workers)
    ]
    started = ended = None
    while ended is None:
        queued, in_flight = _pending(server)
        now = time.monotonic()
        if started is None and (in_flight or not queued):
            started = now
        if started is not None and not queued and not in_flight:
            ended = now
        time.sleep(0.05)
    cpu_after, commands_after = _redis_usage(server)
    worker_cpu = 0.0
    for process in processes:
        _, status, usage = os.wait4(process.pid, 0)
        worker_cpu += usage.ru_utime + usage.ru_stime
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"a worker failed (exit {os.waitstatus_to_exitcode(status)})")
    from storage.models import Article

    engine = create_engine(db)
    with engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(Article)).scalar_one()
    engine.dispose()
    scratch_database(admin_url, f"uw_bench_distributed_{workers}", create=False)
    assert started is not None
    return DistributedRun(
        workers,
        pages,
        int(stored),
        ended - started,
        worker_cpu,
        cpu_after - cpu_before,
        commands_after - commands_before,
    )


def report(runs: Sequence[DistributedRun], served: float | None) -> str:
    lines = []
    if served is not None:
        lines.append(f"server alone: {served:,.0f} pages/s")
    lines.append(
        f"{'workers':>7}{'pages':>8}{'stored':>8}{'s':>8}{'pages/s':>9}{'scaling':>9}"
        f"{'worker CPU ms/page':>20}{'Redis CPU ms/page':>19}{'Redis cmds/page':>17}"
    )
    one = runs[0].pages_per_second if runs else 0.0
    for r in runs:
        lines.append(
            f"{r.workers:>7}{r.pages:>8,}{r.stored:>8,}{r.seconds:>8.1f}{r.pages_per_second:>9.1f}"
            f"{r.pages_per_second / one if one else 0:>8.2f}x"
            f"{r.worker_cpu / r.pages * 1000:>20.2f}{r.redis_cpu / r.pages * 1000:>19.3f}"
            f"{r.redis_commands / r.pages:>17.1f}"
        )
    if runs and runs[-1].redis_cpu:
        ceiling = runs[-1].pages / runs[-1].redis_cpu
        lines.append(
            f"Redis ceiling of the design: ~{ceiling:,.0f} pages/s (1 / Redis CPU per page)"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> list[DistributedRun]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000, help="default 20,000")
    parser.add_argument("--workers", default="1,2,4", help="worker counts (default 1,2,4)")
    parser.add_argument("--concurrency", type=int, default=16, help="per worker (default 16)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/11", help="emptied first")
    parser.add_argument("--pg-url", default=PG_ADMIN, help="an admin URL of the PostgreSQL")
    parser.add_argument("--no-server-rate", action="store_true", help="skip the server's own rate")
    options = parser.parse_args(argv)
    counts = [int(n) for n in options.workers.split(",") if n]
    runs: list[DistributedRun] = []
    with tempfile.TemporaryDirectory(prefix="uw-bench-distributed-") as tmp:
        folder = Path(tmp)
        layout = generate(folder / "site", options.articles)
        server, port = start_server(layout.root, folder)
        try:
            served = None
            if not options.no_server_rate:
                from bench.crawl import server_rate

                served = server_rate(port, layout.root, folder, 5.0)
            sites = write_site(folder, f"http://127.0.0.1:{port}", layout)
            print(f"site: {layout.articles:,} articles, {layout.pages:,} pages", flush=True)
            for count in counts:
                runs.append(
                    run(
                        count,
                        sites,
                        layout.pages,
                        options.redis,
                        options.pg_url,
                        options.concurrency,
                    )
                )
                last = runs[-1]
                print(f"{count} worker(s): {last.pages_per_second:.1f} pages/s", flush=True)
        finally:
            server.terminate()
            server.wait(10)
    print(report(runs, served))
    return runs


if __name__ == "__main__":
    main()
