"""What the cluster is doing: ``unionwatch cluster status``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from crawler.distributed.keys import ClusterKeys

if TYPE_CHECKING:
    import redis

__all__ = ["ClusterStatus", "SiteQueue", "WorkerInfo", "cluster_status"]


@dataclass(frozen=True, slots=True)
class SiteQueue:
    site: str
    queued: int
    in_flight: int
    generation: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "queued": self.queued,
            "in_flight": self.in_flight,
            "pending": self.queued + self.in_flight,
            "generation": self.generation,
        }


@dataclass(frozen=True, slots=True)
class WorkerInfo:
    id: str
    host: str
    pid: int
    sites: tuple[str, ...]
    items: int
    items_per_second: float
    concurrency: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "host": self.host,
            "pid": self.pid,
            "sites": list(self.sites),
            "items": self.items,
            "items_per_second": round(self.items_per_second, 2),
            "concurrency": self.concurrency,
        }


@dataclass(frozen=True, slots=True)
class ClusterStatus:
    sites: list[SiteQueue] = field(default_factory=list)
    workers: list[WorkerInfo] = field(default_factory=list)

    @property
    def pending(self) -> int:
        """Requests waiting or in flight, over all sites."""
        return sum(site.queued + site.in_flight for site in self.sites)

    @property
    def items_per_second(self) -> float:
        return sum(worker.items_per_second for worker in self.workers)

    def to_dict(self) -> dict[str, Any]:
        return {
            "pending": self.pending,
            "queued": sum(site.queued for site in self.sites),
            "in_flight": sum(site.in_flight for site in self.sites),
            "workers_alive": len(self.workers),
            "items_per_second": round(self.items_per_second, 2),
            "sites": [site.to_dict() for site in self.sites],
            "workers": [worker.to_dict() for worker in self.workers],
        }


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value or "")


def site_queues(server: redis.Redis, names: ClusterKeys) -> list[SiteQueue]:
    sites = sorted(_text(site) for site in server.smembers(names.sites))
    pipe = server.pipeline(transaction=False)
    for site in sites:
        pipe.zcard(names.queue(site))
        pipe.zcard(names.leases(site))
        pipe.get(names.generation(site))
    answers = pipe.execute()
    return [
        SiteQueue(site, int(answers[3 * i]), int(answers[3 * i + 1]), int(answers[3 * i + 2] or 0))
        for i, site in enumerate(sites)
    ]


def live_workers(server: redis.Redis, names: ClusterKeys) -> list[WorkerInfo]:
    ids = sorted(_text(worker) for worker in server.smembers(names.workers))
    pipe = server.pipeline(transaction=False)
    for worker_id in ids:
        pipe.hgetall(names.worker(worker_id))
    workers = []
    for worker_id, raw in zip(ids, pipe.execute(), strict=True):
        if not raw:
            continue  # its key expired: the worker is dead
        info = {_text(k): _text(v) for k, v in raw.items()}
        workers.append(
            WorkerInfo(
                id=worker_id,
                host=info.get("host", ""),
                pid=int(info.get("pid") or 0),
                sites=tuple(s for s in info.get("sites", "").split(",") if s),
                items=int(info.get("items") or 0),
                items_per_second=float(info.get("items_per_second") or 0.0),
                concurrency=int(info.get("concurrency") or 0),
            )
        )
    return workers


def cluster_status(server: redis.Redis, names: ClusterKeys) -> ClusterStatus:
    return ClusterStatus(site_queues(server, names), live_workers(server, names))
