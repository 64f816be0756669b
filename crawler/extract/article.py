"""The typed result of extracting one page: :class:`Article`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

__all__ = ["EXTRACTOR_VERSION", "Article", "Precision", "Script"]

#: Bumped whenever extraction output may change, so stored records say which rules made them.
EXTRACTOR_VERSION = "0.2.0"

Precision = Literal["day", "minute", "second"]
Script = Literal["simplified", "traditional"]


@dataclass(slots=True)
class Article:
    """One news article as extracted from a page.

    Only ``url`` is always present; every other field is ``None`` / empty when the page does not
    show it, and ``problems`` then says why (``"no publish date"``, ``"no body"``...).
    Text fields are trimmed and, by default, in simplified script whatever the page used.
    """

    url: str
    #: The headline, without the ``<title>``'s "-站名" suffix.
    title: str | None = None
    #: Timezone-aware (Asia/Shanghai), as precise as the page shows it.
    published_at: datetime | None = None
    #: ``day``, ``minute`` or ``second``: how much of ``published_at`` the page really gave.
    published_precision: Precision | None = None
    #: The string the date was read from, as it stood on the page.
    published_raw: str | None = None
    #: 记者: names, one per entry.
    reporters: list[str] = field(default_factory=list)
    #: 通讯员: names, one per entry.
    correspondents: list[str] = field(default_factory=list)
    #: 摄 / 摄影: names, one per entry.
    photographers: list[str] = field(default_factory=list)
    #: 责任编辑 / 责编 / 编辑; several names are joined with "、".
    editor: str | None = None
    #: 来源 (the outlet the page credits), e.g. "工人日报".
    source: str | None = None
    #: 电头, e.g. "北京1月22日电".
    dateline: str | None = None
    #: The news agency a byline names, e.g. "新华社", "工人日报-中工网".
    agency: str | None = None
    #: 点击量 / 人气 where the page shows a number.
    click_count: int | None = None
    #: The article text, paragraphs joined by "\n".
    body: str | None = None
    #: 原标题 of a reprint, when the page states it.
    original_title: str | None = None
    #: The script the page was written in.
    script: Script = "simplified"
    #: The character encoding the page was decoded with.
    encoding: str | None = None
    #: Reasons a field could not be found.
    problems: list[str] = field(default_factory=list)
    extractor_version: str = EXTRACTOR_VERSION

    @property
    def is_article(self) -> bool:
        """True when the page yielded the two fields every stored article needs."""
        return bool(self.title) and bool(self.body)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values: ``published_at`` in ISO 8601 with its offset, or a date when only
        the day is known."""
        published: str | None = None
        if self.published_at is not None:
            if self.published_precision == "day":
                published = self.published_at.date().isoformat()
            else:
                published = self.published_at.isoformat(
                    timespec="seconds" if self.published_precision == "second" else "minutes"
                )
        return {
            "url": self.url,
            "title": self.title,
            "published_at": published,
            "published_precision": self.published_precision,
            "published_raw": self.published_raw,
            "reporters": list(self.reporters),
            "correspondents": list(self.correspondents),
            "photographers": list(self.photographers),
            "editor": self.editor,
            "source": self.source,
            "dateline": self.dateline,
            "agency": self.agency,
            "click_count": self.click_count,
            "body": self.body,
            "original_title": self.original_title,
            "script": self.script,
            "encoding": self.encoding,
            "problems": list(self.problems),
            "extractor_version": self.extractor_version,
        }
