"""Names of the Scrapy stats unionwatch components write (hierarchical, like Scrapy's own)."""

from __future__ import annotations

__all__ = [
    "ARTICLES_DUPLICATE",
    "ARTICLES_DUPLICATE_PREFIX",
    "ARTICLES_NEW",
    "FAILURES",
    "FAILURE_REASON_PREFIX",
    "FRONTIER_RESUMED",
    "FRONTIER_SKIPPED",
    "PAGES",
    "REEXTRACT_FAILING_PREFIX",
    "REEXTRACT_FIELD_PREFIX",
    "REEXTRACT_PREFIX",
    "REEXTRACT_STILL_FAILING_PREFIX",
    "failure_reasons",
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


def failure_reasons(stats: dict[str, object]) -> dict[str, int]:
    """``{reason: count}`` from a crawl's stats."""
    return {
        key[len(FAILURE_REASON_PREFIX) :]: int(value)  # type: ignore[call-overload]
        for key, value in stats.items()
        if key.startswith(FAILURE_REASON_PREFIX)
    }
