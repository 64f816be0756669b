"""Distributed crawling: scrapy-redis queues shared by workers, PostgreSQL as the store.

- :mod:`.keys` names every Redis key and opens connections;
- :mod:`.codec` turns requests into JSON (never pickle: a worker must not run what it reads);
- :mod:`.queue` the per-site request queue with leases (scrapy-redis's queue plus lease/ack);
- :mod:`.tracker` when a leased request is finished (children queued, items stored);
- :mod:`.scheduler` the Scrapy scheduler on that queue, surviving Redis restarts;
- :mod:`.politeness` per-host delay and concurrency held across workers;
- :mod:`.spider` the site spider as a worker runs it;
- :mod:`.seed` ``unionwatch crawl --redis``: put a site's start URLs on the queue;
- :mod:`.status` ``unionwatch cluster status``;
- :mod:`.worker` ``unionwatch worker``.
"""
