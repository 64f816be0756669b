"""``unionwatch schedule``: every enabled site crawled on its cron schedule, each crawl in its
own process, one at a time per site (a lease in the database), a missed run caught up once."""

from __future__ import annotations

from crawler.schedule.scheduler import CrawlScheduler, SchedulerOptions, due_sites

__all__ = ["CrawlScheduler", "SchedulerOptions", "due_sites"]
