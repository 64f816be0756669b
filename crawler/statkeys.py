"""Names of the Scrapy stats unionwatch components write (hierarchical, like Scrapy's own)."""

from __future__ import annotations

__all__ = [
    "ARTICLES_DUPLICATE",
    "ARTICLES_DUPLICATE_PREFIX",
    "ARTICLES_NEW",
    "ARTICLES_UNCHANGED",
    "ARTICLES_UPDATED",
    "BLOCKED",
    "BLOCKED_PREFIX",
    "CONDITIONAL_SENT",
    "FAILURES",
    "FAILURE_REASON_PREFIX",
    "FRONTIER_RESUMED",
    "FRONTIER_SKIPPED",
    "INCREMENTAL_SINCE_SKIPPED",
    "INCREMENTAL_STOPPED",
    "NOT_MODIFIED",
    "PAGES",
    "REEXTRACT_FAILING_PREFIX",
    "REEXTRACT_FIELD_PREFIX",
    "REEXTRACT_PREFIX",
    "REEXTRACT_STILL_FAILING_PREFIX",
    "REQUESTS",
    "RESPONSE_STATUS_PREFIX",
    "REVISITS",
    "STORE_WRITER_BATCHES",
    "blocked_kinds",
    "failure_reasons",
    "statuses",
]

#: Responses received (Scrapy's own counter).
PAGES = "response_received_count"
#: Articles stored for the first time that start a cluster of their own.
ARTICLES_NEW = "unionwatch/articles/new"
#: Articles that were not new: all reasons together...
ARTICLES_DUPLICATE = "unionwatch/articles/duplicate"
#: ...and per reason: ``url`` (the canonical URL again), ``stored`` (stored by an earlier run),
#: ``copy`` (the same text as a stored article under another URL: a reprint or mirror).
ARTICLES_DUPLICATE_PREFIX = "unionwatch/articles/duplicate/"
#: Article pages that could not be fetched or extracted: all reasons together, and per reason.
FAILURES = "unionwatch/failures"
FAILURE_REASON_PREFIX = "unionwatch/failures/reason/"
#: Article links not requested because the database has them already.
FRONTIER_SKIPPED = "unionwatch/frontier/skipped_known"
#: Re-extraction outcomes: ``updated``, ``unchanged``, ``new`` / ``copy`` (a page that had failed
#: and is an article now)...
REEXTRACT_PREFIX = "unionwatch/reextract/"
#: ...the fields that changed, one count per field...
REEXTRACT_FIELD_PREFIX = "unionwatch/reextract/field/"
#: ...stored articles whose response does not extract any more, per reason (the article is
#: kept)...
REEXTRACT_FAILING_PREFIX = "unionwatch/reextract/failing/"
#: ...and pages that had failed and still fail, per reason.
REEXTRACT_STILL_FAILING_PREFIX = "unionwatch/reextract/still_failing/"
#: URLs an earlier, interrupted run discovered and this run fetched.
FRONTIER_RESUMED = "unionwatch/frontier/resumed"


#: Requests sent and responses per status (Scrapy's own counters).
REQUESTS = "downloader/request_count"
RESPONSE_STATUS_PREFIX = "downloader/response_status_count/"
#: Batches of articles written by the store's writer process (not on a thread of the crawl).
STORE_WRITER_BATCHES = "unionwatch/storage/writer_process_batches"
#: Revisited articles whose text changed (the old version went to ``revisions``)...
ARTICLES_UPDATED = "unionwatch/articles/updated"
#: ...and revisited articles whose text had not changed (answered 200).
ARTICLES_UNCHANGED = "unionwatch/articles/unchanged"
#: Answers 304 Not Modified to a conditional request (ETag / Last-Modified).
NOT_MODIFIED = "unionwatch/conditional/not_modified"
#: Conditional requests sent.
CONDITIONAL_SENT = "unionwatch/conditional/sent"
#: Stored articles requested again to detect edits (the revisit window).
REVISITS = "unionwatch/revisit/requested"
#: List pages whose pagination was not followed: every article on them was known before the
#: run (or older than ``--since``).
INCREMENTAL_STOPPED = "unionwatch/incremental/stopped_lists"
#: Article links not requested because their URL or list date is before ``--since``.
INCREMENTAL_SINCE_SKIPPED = "unionwatch/incremental/before_since"
#: Anti-bot answers: all kinds together, and per kind (``412-challenge``, ``521-cookie``,
#: ``captcha``, ``403``, ``429``).
BLOCKED = "unionwatch/blocked"
BLOCKED_PREFIX = "unionwatch/blocked/kind/"


def _by_prefix(stats: dict[str, object], prefix: str) -> dict[str, int]:
    return {
        key[len(prefix) :]: int(value)  # type: ignore[call-overload]
        for key, value in stats.items()
        if key.startswith(prefix)
    }


def statuses(stats: dict[str, object]) -> dict[str, int]:
    """``{"200": count, "304": count, ...}`` from a crawl's stats."""
    return _by_prefix(stats, RESPONSE_STATUS_PREFIX)


def blocked_kinds(stats: dict[str, object]) -> dict[str, int]:
    """``{kind: count}`` of the anti-bot answers in a crawl's stats."""
    return _by_prefix(stats, BLOCKED_PREFIX)


def failure_reasons(stats: dict[str, object]) -> dict[str, int]:
    """``{reason: count}`` from a crawl's stats."""
    return {
        key[len(FAILURE_REASON_PREFIX) :]: int(value)  # type: ignore[call-overload]
        for key, value in stats.items()
        if key.startswith(FAILURE_REASON_PREFIX)
    }
