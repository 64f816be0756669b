"""The typed form of a site configuration and its validation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal
from urllib.parse import urlsplit

from crawler.sites.dates import check_date_template, default_range, expand

__all__ = [
    "LEVELS",
    "LinkKind",
    "Politeness",
    "SiteConfig",
    "SiteConfigError",
    "adhoc_site",
    "cron_problem",
]

Level = Literal["national", "provincial", "city", "paper", "adhoc"]
LinkKind = Literal["article", "list", "outside", "ignored"]
LEVELS: tuple[str, ...] = ("national", "provincial", "city", "paper")
_FIELDS_WITH_SELECTORS = frozenset(
    {
        "title",
        "published_at",
        "body",
        "reporters",
        "correspondents",
        "photographers",
        "editor",
        "source",
        "dateline",
    }
)
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class SiteConfigError(ValueError):
    """A site configuration is invalid; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Politeness:
    """How hard a crawl may hit a site's hosts."""

    #: Seconds between two requests to one host.
    download_delay: float = 0.5
    #: Requests in flight per host.
    concurrency: int = 4


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """One monitored site."""

    id: str
    name: str
    level: Level
    start_urls: tuple[str, ...]
    allowed_hosts: tuple[str, ...]
    #: Links matching this are articles; ``None`` means "any page whose extraction finds a
    #: title and a body".
    article_pattern: re.Pattern[str] | None
    #: Links matching this are list/pagination pages to follow; ``None`` means "follow any
    #: link on the allowed hosts".
    list_pattern: re.Pattern[str] | None
    enabled: bool = True
    demo: bool = False
    encoding: str | None = None
    schedule: str | None = None
    politeness: Politeness = field(default_factory=Politeness)
    selectors: Mapping[str, str] = field(default_factory=dict)
    #: Stop after this many pages (``None``: no cap).
    max_pages: int | None = None
    #: Follow at most this many links descending from one start URL (a crawler-trap cap).
    max_seed_pages: int = 10000
    #: Follow list pages at most this many list pages away from their start URL (``?page=N``
    #: and calendar traps).
    max_list_depth: int = 200
    #: Names other pages give this site in their 来源 (``中工网``, ``工人日报``): a copy on
    #: this site is preferred as a story's original.
    source_names: tuple[str, ...] = ()
    #: Site-specific URL rewrites applied before canonicalization (``crawler.urls``): pairs of
    #: compiled ``match`` and its ``replace`` template.
    url_rules: tuple[tuple[re.Pattern[str], str], ...] = ()
    #: Start URL templates by date (``{date:%Y/%m/%d}``), one per day of the crawl's range:
    #: e-paper editions. See :mod:`crawler.sites.dates`.
    date_start_urls: tuple[str, ...] = ()
    #: Without ``--since``, the date templates cover this many days ending today.
    date_days: int = 3
    #: Re-fetch stored articles published within this many days to detect edits (``None``:
    #: the crawl's ``UNIONWATCH_REVISIT_DAYS``); see :mod:`crawler.incremental`.
    revisit_days: float | None = None
    #: Where the config came from (a file path, or "command line").
    origin: str = "command line"

    def allows(self, url: str) -> bool:
        """True when ``url`` is http(s) on one of the allowed hosts (or their subdomains)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        host = parts.hostname.lower()
        return any(host == h or host.endswith("." + h) for h in self.allowed_hosts)

    def start_urls_for(self, since: date | None = None, until: date | None = None) -> list[str]:
        """The fixed start URLs, then the date templates for each day of the range (newest
        first; default: the last ``date_days`` days)."""
        urls = list(self.start_urls)
        if self.date_start_urls:
            days = default_range(self.date_days, since, until)
            urls.extend(u for u in expand(self.date_start_urls, days) if u not in urls)
        return urls

    def classify(self, url: str) -> LinkKind:
        """What a crawl does with a link to ``url``: fetch it as an ``article``, follow it as
        a ``list`` page, or leave it (``outside`` the hosts, or ``ignored``: neither pattern)."""
        if not self.allows(url):
            return "outside"
        if self.is_article(url):
            return "article"
        if self.is_list(url):
            return "list"
        return "ignored"

    def is_article(self, url: str) -> bool:
        return self.article_pattern is not None and bool(self.article_pattern.search(url))

    def is_list(self, url: str) -> bool:
        if self.list_pattern is None:
            return True
        return bool(self.list_pattern.search(url))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "level": self.level,
            "enabled": self.enabled,
            "demo": self.demo,
            "start_urls": list(self.start_urls),
            "date_start_urls": list(self.date_start_urls),
            "date_days": self.date_days,
            "revisit_days": self.revisit_days,
            "max_seed_pages": self.max_seed_pages,
            "max_list_depth": self.max_list_depth,
            "allowed_hosts": list(self.allowed_hosts),
            "article_pattern": self.article_pattern.pattern if self.article_pattern else None,
            "list_pattern": self.list_pattern.pattern if self.list_pattern else None,
            "encoding": self.encoding,
            "schedule": self.schedule,
            "politeness": {
                "download_delay": self.politeness.download_delay,
                "concurrency": self.politeness.concurrency,
            },
            "selectors": dict(self.selectors),
            "source_names": list(self.source_names),
            "url_rules": [
                {"match": pattern.pattern, "replace": replace}
                for pattern, replace in self.url_rules
            ],
            "origin": self.origin,
        }

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], origin: str) -> SiteConfig:
        """Validate ``data`` (a parsed TOML table); raise :class:`SiteConfigError` naming
        ``origin`` and the offending key."""
        reader = _Reader(data, origin)
        site_id = reader.string("id")
        if not _ID_RE.match(site_id):
            raise reader.error("id", "must be lowercase letters, digits and dashes")
        level = reader.string("level")
        if level not in LEVELS:
            raise reader.error("level", f"must be one of {', '.join(LEVELS)}")
        date_templates = reader.string_list("date_start_urls", required=False)
        for template in date_templates:
            problem = check_date_template(template)
            if problem:
                raise reader.error("date_start_urls", f"{template!r} {problem}")
        start_urls = reader.string_list("start_urls", required=not date_templates)
        if not start_urls and not date_templates:
            raise reader.error("start_urls", "must name at least one URL")
        for url in start_urls:
            if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
                raise reader.error("start_urls", f"{url!r} is not an http(s) URL")
        examples = [t.format(date=date(2024, 5, 4)) for t in date_templates]
        hosts = reader.string_list("allowed_hosts", required=False) or [
            h for h in (urlsplit(u).hostname for u in [*start_urls, *examples]) if h
        ]
        schedule = reader.optional_string("schedule")
        if schedule is not None:
            problem = cron_problem(schedule)
            if problem:
                raise reader.error("schedule", f"{schedule!r} is not a cron expression ({problem})")
        polite = _Reader(reader.table("politeness"), origin, "politeness.")
        politeness = Politeness(
            download_delay=polite.number("download_delay", default=0.5, minimum=0.0),
            concurrency=int(polite.number("concurrency", default=4, minimum=1)),
        )
        polite.reject_unknown(_POLITENESS_KEYS)
        selectors = reader.table("selectors")
        for key, value in selectors.items():
            if key not in _FIELDS_WITH_SELECTORS:
                raise reader.error(f"selectors.{key}", "is not an extractable field")
            if not isinstance(value, str) or not value.strip():
                raise reader.error(f"selectors.{key}", "must be a CSS or XPath string")
        reader.reject_unknown(_KNOWN_KEYS)
        return cls(
            id=site_id,
            name=reader.string("name"),
            level=level,  # type: ignore[arg-type]
            start_urls=tuple(start_urls),
            allowed_hosts=tuple(h.lower() for h in hosts),
            article_pattern=reader.regex("article_pattern"),
            list_pattern=reader.regex("list_pattern"),
            enabled=reader.boolean("enabled", default=True),
            demo=reader.boolean("demo", default=False),
            encoding=reader.optional_string("encoding"),
            schedule=schedule,
            politeness=politeness,
            selectors=dict(selectors),
            source_names=tuple(reader.string_list("source_names", required=False)),
            url_rules=reader.url_rules("url_rules"),
            date_start_urls=tuple(date_templates),
            date_days=int(reader.number("date_days", default=3, minimum=1)),
            max_seed_pages=int(reader.number("max_seed_pages", default=10000, minimum=1)),
            max_list_depth=int(reader.number("max_list_depth", default=200, minimum=0)),
            revisit_days=(
                reader.number("revisit_days", default=0, minimum=0)
                if "revisit_days" in data
                else None
            ),
            origin=origin,
        )


_KNOWN_KEYS = frozenset(
    {
        "id",
        "name",
        "level",
        "enabled",
        "demo",
        "start_urls",
        "allowed_hosts",
        "article_pattern",
        "list_pattern",
        "encoding",
        "schedule",
        "politeness",
        "selectors",
        "source_names",
        "url_rules",
        "date_start_urls",
        "date_days",
        "revisit_days",
        "max_seed_pages",
        "max_list_depth",
    }
)


def cron_problem(expression: str) -> str | None:
    """``None`` when ``expression`` is a five-field crontab line the scheduler accepts
    (APScheduler's ``CronTrigger.from_crontab``), else what is wrong with it."""
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(expression, timezone="Asia/Shanghai")
    except ValueError as exc:
        return str(exc).splitlines()[0] if str(exc).strip() else "invalid"
    return None


_POLITENESS_KEYS = frozenset({"download_delay", "concurrency"})


class _Reader:
    """Typed access to a TOML table with errors that name the file and key."""

    def __init__(self, data: Mapping[str, Any], origin: str, prefix: str = "") -> None:
        self._data = data
        self._origin = origin
        self._prefix = prefix

    def error(self, key: str, problem: str) -> SiteConfigError:
        return SiteConfigError(f"{self._origin}: {self._prefix}{key} {problem}")

    def _get(self, key: str, required: bool) -> Any:
        if key not in self._data:
            if required:
                raise self.error(key, "is missing")
            return None
        return self._data[key]

    def string(self, key: str) -> str:
        value = self._get(key, required=True)
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, "must be a non-empty string")
        return value.strip()

    def optional_string(self, key: str) -> str | None:
        value = self._get(key, required=False)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, "must be a non-empty string")
        return value.strip()

    def string_list(self, key: str, required: bool = True) -> list[str]:
        value = self._get(key, required=required)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.error(key, "must be a list of strings")
        return [v.strip() for v in value]

    def boolean(self, key: str, default: bool) -> bool:
        value = self._get(key, required=False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(key, "must be true or false")
        return value

    def number(self, key: str, default: float, minimum: float) -> float:
        value = self._get(key, required=False)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise self.error(key, f"must be a number >= {minimum:g}")
        return float(value)

    def regex(self, key: str) -> re.Pattern[str] | None:
        value = self.optional_string(key)
        if value is None:
            return None
        try:
            return re.compile(value)
        except re.error as exc:
            raise self.error(key, f"is not a valid regular expression ({exc})") from None

    def url_rules(self, key: str) -> tuple[tuple[re.Pattern[str], str], ...]:
        """``[[url_rules]]`` tables with a ``match`` regex and a ``replace`` template."""
        value = self._get(key, required=False)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error(key, "must be an array of tables with match and replace")
        rules = []
        for number, table in enumerate(value, start=1):
            rule = _Reader(table, self._origin, f"{self._prefix}{key}[{number}].")
            pattern = rule.regex("match")
            if pattern is None:
                raise rule.error("match", "is missing")
            replace = table.get("replace")
            if not isinstance(replace, str):
                raise rule.error("replace", "must be a string (use \\1 for groups)")
            try:
                pattern.sub(replace, "")
            except re.error as exc:
                raise rule.error("replace", f"is not a valid template ({exc})") from None
            rule.reject_unknown(frozenset({"match", "replace"}))
            rules.append((pattern, replace))
        return tuple(rules)

    def table(self, key: str) -> Mapping[str, Any]:
        value = self._get(key, required=False)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(key, "must be a table")
        return value

    def reject_unknown(self, known: frozenset[str]) -> None:
        for key in self._data:
            if key not in known:
                raise self.error(key, "is not a known key")


def adhoc_site(
    urls: list[str],
    *,
    follow: str | None = None,
    article: str | None = None,
    max_pages: int | None = None,
    site_id: str = "adhoc",
) -> SiteConfig:
    """A one-off site from start URLs: their hosts are allowed, ``follow`` picks the links to
    follow (default: every link on those hosts), ``article`` the article pages (default: any
    page whose extraction finds a title and a body)."""
    reader = _Reader({"follow": follow, "article": article}, "command line", "--")
    hosts: list[str] = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SiteConfigError(f"command line: --url {url!r} is not an http(s) URL")
        if parts.hostname.lower() not in hosts:
            hosts.append(parts.hostname.lower())
    if max_pages is not None and max_pages < 1:
        raise SiteConfigError("command line: --max-pages must be at least 1")
    return SiteConfig(
        id=site_id,
        name="one-off crawl of " + ", ".join(hosts),
        level="adhoc",
        start_urls=tuple(urls),
        allowed_hosts=tuple(hosts),
        article_pattern=reader.regex("article"),
        list_pattern=reader.regex("follow"),
        politeness=Politeness(download_delay=0.25, concurrency=4),
        max_pages=max_pages,
    )
