"""Re-extraction: run the current extractor over stored responses, without fetching.

The spider's "navigation" is the response archive: its start yields one item per stored
response, and the same pipelines as a crawl validate and store them (the store pipeline updates
the existing article and counts what changed).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from scrapy import Spider

from crawler.database import Database
from crawler.extract import Page, extract_page
from crawler.items import ArticleItem, PageFailure
from crawler.sites import SiteConfig, SiteRegistry
from storage.responses import iter_responses

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["ReextractSpider"]

logger = logging.getLogger(__name__)


class ReextractSpider(Spider):
    """Spider arguments: ``site`` (only this site's responses), ``since`` (fetched on or after,
    an aware datetime or ISO string), ``sites_dir`` (extra site files, for their selectors and
    encoding overrides)."""

    name = "reextract"

    def __init__(
        self,
        site: str | None = None,
        since: datetime | str | None = None,
        sites_dir: str | None = None,
        keep_script: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.only_site = site or None
        self.since = datetime.fromisoformat(since) if isinstance(since, str) else since
        self.registry = SiteRegistry.load([Path(sites_dir)] if sites_dir else [])
        self.keep_script = keep_script

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        kwargs.setdefault("keep_script", crawler.settings.getbool("UNIONWATCH_KEEP_SCRIPT"))
        return super().from_crawler(crawler, *args, **kwargs)

    def _config(self, site_id: str) -> SiteConfig | None:
        return self.registry.get(site_id) if site_id in self.registry else None

    async def start(self) -> AsyncIterator[Any]:
        database = self.crawler.get_extension(Database)
        assert database is not None, "the Database extension is required"
        for stored in iter_responses(database.read_engine, site=self.only_site, since=self.since):
            config = self._config(stored.site)
            page = Page.from_bytes(
                stored.body,
                stored.url,
                stored.headers,
                encoding=config.encoding if config else None,
            )
            try:
                article = extract_page(
                    page,
                    selectors=config.selectors if config else None,
                    keep_script=self.keep_script,
                )
            except Exception as exc:  # an extractor bug must not stop the whole re-run
                logger.exception("extraction crashed on %s", stored.url)
                yield PageFailure(
                    site=stored.site,
                    url=stored.url,
                    canonical_url=stored.canonical_url,
                    reason=f"extractor error: {type(exc).__name__}",
                    status=stored.status,
                    reextracted=True,
                )
                continue
            yield ArticleItem(
                site=stored.site,
                url=stored.url,
                canonical_url=stored.canonical_url,
                article=article,
                status=stored.status,
                reextracted=True,
            )
