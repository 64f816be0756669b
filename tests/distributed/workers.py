"""Running workers in tests: seed with the CLI, start `unionwatch worker` processes."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from crawler.demo import DemoServer
from storage import open_engine
from storage.models import Article, Cluster
from tests.e2e.conftest import ROOT, UNIONWATCH


def routes(server: DemoServer) -> list[str]:
    args = []
    for host in server.hosts:
        args += ["--route", f"{host}={server.proxy_url}"]
    return args


def start_worker(
    db: str,
    redis_url: str,
    worker_id: str,
    *extra: str,
    log: Path,
    sites_dir: Path | None = None,
) -> subprocess.Popen[bytes]:
    env = {**os.environ}
    env.pop("UNIONWATCH_DB", None)
    env.pop("UNIONWATCH_REDIS", None)
    command = [str(UNIONWATCH), "--db", db]
    if sites_dir is not None:
        command += ["--sites-dir", str(sites_dir)]
    command += ["worker", "--redis", redis_url, "--worker-id", worker_id, *extra]
    with log.open("wb") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)


def wait_all(processes: list[subprocess.Popen[bytes]], timeout: float = 240) -> list[int]:
    return [process.wait(timeout) for process in processes]


def outcome(codes: list[int], logs: list[Path]) -> str:
    """A failure message: the exit codes, then each worker's error lines and last lines."""
    parts = [f"exit codes {codes}"]
    for log in logs:
        lines = log.read_text(errors="replace").splitlines()
        errors = [line for line in lines if " ERROR: " in line or "Traceback" in line]
        parts += [f"--- {log.name}: errors", *errors[:20], f"--- {log.name}: last lines"]
        parts += lines[-25:]
    return "\n".join(parts)


def clusters(db: str) -> list[tuple[object, ...]]:
    """Each article's canonical URL with its story's original's."""
    engine = open_engine(db)
    original = aliased(Article)
    try:
        with Session(engine) as session:
            return [
                tuple(row)
                for row in session.execute(
                    select(Article.canonical_url, original.canonical_url)
                    .join(Cluster, Cluster.id == Article.cluster_id)
                    .join(original, original.id == Cluster.canonical_id)
                    .order_by(Article.canonical_url)
                )
            ]
    finally:
        engine.dispose()
