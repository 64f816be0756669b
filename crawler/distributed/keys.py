"""Redis key names and connections for the cluster.

Every key starts with a prefix (``UNIONWATCH_REDIS_PREFIX``, default ``unionwatch``), so
several deployments can share one Redis. Lua scripts compute some key names, so this needs a
single Redis server (or a primary with replicas), not Redis Cluster.
"""

from __future__ import annotations

from dataclasses import dataclass

import redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

__all__ = [
    "DEFAULT_PREFIX",
    "REDIS_DOWN",
    "ClusterKeys",
    "connect",
    "describe_url",
]

DEFAULT_PREFIX = "unionwatch"

#: What a lost or refused Redis connection raises: the cluster waits for Redis to come back.
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, ConnectionError, OSError)


@dataclass(frozen=True, slots=True)
class ClusterKeys:
    """The names of the cluster's keys under one prefix."""

    prefix: str = DEFAULT_PREFIX

    @property
    def sites(self) -> str:
        """SET: the sites that have been seeded (the workers look for work there)."""
        return f"{self.prefix}:sites"

    @property
    def epoch(self) -> str:
        """STRING: set once per Redis lifetime; missing after a restart that lost the data."""
        return f"{self.prefix}:epoch"

    @property
    def workers(self) -> str:
        """SET: worker ids that announced themselves (dead ones are pruned by status)."""
        return f"{self.prefix}:workers"

    def worker(self, worker_id: str) -> str:
        """HASH with a time to live: a worker is alive while its key exists."""
        return f"{self.prefix}:worker:{worker_id}"

    @property
    def worker_prefix(self) -> str:
        return f"{self.prefix}:worker:"

    def queue(self, site: str) -> str:
        """ZSET: requests waiting, scored by -priority (scrapy-redis's priority queue)."""
        return f"{self.prefix}:site:{site}:queue"

    def leases(self, site: str) -> str:
        """ZSET: lease token -> when it was taken (ms); the requests in flight."""
        return f"{self.prefix}:site:{site}:leases"

    def lease_data(self, site: str) -> str:
        """HASH: lease token -> the encoded request."""
        return f"{self.prefix}:site:{site}:lease-data"

    def lease_owner(self, site: str) -> str:
        """HASH: lease token -> "worker id|queue score"."""
        return f"{self.prefix}:site:{site}:lease-owner"

    def generation(self, site: str) -> str:
        """STRING: the site's crawl generation, raised by every seeding."""
        return f"{self.prefix}:site:{site}:generation"

    def seen_prefix(self, site: str) -> str:
        """SETs ``<prefix><generation>``: fingerprints requested in that generation."""
        return f"{self.prefix}:site:{site}:seen:"

    def host_next(self, host: str) -> str:
        """STRING: the earliest time (ms, Redis clock) the next request to ``host`` may start."""
        return f"{self.prefix}:host:{host}:next"

    def host_active(self, host: str) -> str:
        """ZSET: request tokens downloading from ``host`` -> when their hold expires (ms)."""
        return f"{self.prefix}:host:{host}:active"

    def reseeded(self, site: str, epoch: str) -> str:
        """STRING: set by the one worker that re-seeds ``site`` after Redis lost its data."""
        return f"{self.prefix}:site:{site}:reseeded:{epoch}"


def connect(url: str, *, timeout: float = 5.0) -> redis.Redis:
    """A client for ``url`` (``redis://HOST:PORT/DB``) that fails fast when Redis is down."""
    return redis.Redis.from_url(
        url,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        health_check_interval=30,
    )


def describe_url(url: str) -> str:
    """``url`` without its password, for log lines."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = f"{parts.username or ''}:***@{parts.hostname}"
        if parts.port:
            netloc += f":{parts.port}"
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)
