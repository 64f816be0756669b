"""What every demo site's plan shares: the sites, :class:`Channel`, :class:`PlannedArticle`
and :class:`Plan`, and the helpers the site plans use.

All dates are fixed (January to March 2025, Beijing time); URLs carry no port.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from types import MappingProxyType

from crawler.demo.bylines import Block, Credits, Editor
from crawler.demo.model import DemoArticle, DemoSiteInfo, Kind, Precision
from crawler.demo.seed import SeedPage

__all__ = [
    "CITY",
    "CITY_HOST",
    "LENGTHS",
    "MIRROR",
    "MIRROR_HOST",
    "PORTAL",
    "PORTAL_HOST",
    "PROVINCE",
    "PROVINCE_HOST",
    "SITE_INFOS",
    "TZ",
    "Channel",
    "Plan",
    "PlannedArticle",
    "parse_when",
    "with_images",
]

TZ = timezone(timedelta(hours=8), "Asia/Shanghai")

PORTAL = "demo-portal"
MIRROR = "demo-portal-big5"
PROVINCE = "demo-province"
CITY = "demo-city"

PORTAL_HOST = "portal.unionwatch.test"
MIRROR_HOST = "big5.portal.unionwatch.test"
PROVINCE_HOST = "province.unionwatch.test"
CITY_HOST = "city.unionwatch.test"

SITE_INFOS: tuple[DemoSiteInfo, ...] = (
    DemoSiteInfo(PORTAL, "中工网（演示）", "national", (f"http://{PORTAL_HOST}/",), (PORTAL_HOST,)),
    DemoSiteInfo(
        MIRROR,
        "中工网繁体版（演示）",
        "national",
        (f"http://{MIRROR_HOST}/big5/10000/10000.shtml",),
        (MIRROR_HOST,),
    ),
    DemoSiteInfo(
        PROVINCE,
        "浙江省总工会（演示）",
        "provincial",
        (f"http://{PROVINCE_HOST}/",),
        (PROVINCE_HOST,),
    ),
    DemoSiteInfo(CITY, "宜昌市总工会（演示）", "city", (f"http://{CITY_HOST}/",), (CITY_HOST,)),
)

#: Paragraph counts fixed by story key, where two long stories on one topic would otherwise
#: share too many sentences (a deduplicator must not take them for copies).
LENGTHS: Mapping[str, int] = MappingProxyType(
    {
        f"{PROVINCE}/jcdt/01-10 14:20": 5,
        f"{CITY}/1/02-24 16:18:03": 4,
        f"{PORTAL}/10093/02-27 13:33": 5,
        f"{CITY}/1/02-13 09:41:27": 4,
    }
)


@dataclass(frozen=True, slots=True)
class Channel:
    """A news column: its key in URLs, its name, and its first list page."""

    key: str
    name: str
    path: str


@dataclass(frozen=True, slots=True)
class PlannedArticle:
    """One article page (or a listed link that is gone) and everything known about it."""

    site_id: str
    host: str
    #: Path with query, as requested.
    path: str
    channel: Channel
    kind: Kind
    title: str
    published: datetime
    precision: Precision
    source: str | None
    credits: Credits
    #: The body paragraphs without byline prefix (empty for photo-only and gone pages).
    paragraphs: tuple[str, ...]
    editor: Editor | None
    #: Another wording of the headline, for sites reprinting this one.
    alt_title: str = ""
    #: 原标题 line opening the body.
    original_title: str | None = None
    #: A photo-only page's pictures.
    images: tuple[str, ...] = ()
    click_count: int | None = None
    original_url: str | None = None
    #: The seed page, served from its scraped text.
    seed: bool = False

    @property
    def url(self) -> str:
        return f"http://{self.host}{self.path}"

    @property
    def blocks(self) -> tuple[Block, ...]:
        """The body as laid out: 原标题, credits, paragraphs (lead not yet prefixed), credits."""
        head = (Block("line", f"原标题：{self.original_title}"),) if self.original_title else ()
        paragraphs = tuple(Block("para", text) for text in self.paragraphs)
        images = tuple(Block("image", src) for src in self.images)
        return (*head, *self.credits.before, *images, *paragraphs, *self.credits.after)

    def truth(self) -> DemoArticle:
        dated = self.kind != "gone"
        return DemoArticle(
            site_id=self.site_id,
            url=self.url,
            kind=self.kind,
            original_url=self.original_url,
            title=self.title,
            published_at=_iso(self.published, self.precision) if dated else None,
            published_precision=self.precision if dated else None,
            reporters=list(self.credits.reporters),
            correspondents=list(self.credits.correspondents),
            photographers=list(self.credits.photographers),
            editor=self.editor.value if self.editor else None,
            source=self.source,
            dateline=self.credits.dateline,
            body="\n".join(self.paragraphs) if self.paragraphs else None,
            click_count=self.click_count,
            agency=self.credits.agency,
            original_title=self.original_title,
        )


@dataclass(frozen=True, slots=True)
class Plan:
    """The four sites' articles, each tuple in publication order."""

    portal: tuple[PlannedArticle, ...]
    mirror: tuple[PlannedArticle, ...]
    province: tuple[PlannedArticle, ...]
    city: tuple[PlannedArticle, ...]
    seed: SeedPage

    @property
    def articles(self) -> tuple[PlannedArticle, ...]:
        return (*self.portal, *self.mirror, *self.province, *self.city)


def _iso(moment: datetime, precision: Precision) -> str:
    if precision == "day":
        return moment.date().isoformat()
    return moment.isoformat(timespec="seconds" if precision == "second" else "minutes")


def parse_when(text: str) -> datetime:
    """``"01-22 19:35"`` or ``"01-23 09:10:30"`` in 2025, Beijing time."""
    day, clock = text.split(" ")
    month, dom = (int(part) for part in day.split("-"))
    hour, minute, *second = (int(part) for part in clock.split(":"))
    return datetime(2025, month, dom, hour, minute, second[0] if second else 0, tzinfo=TZ)


def with_images(credits: Credits, make_src: Callable[[int], str]) -> Credits:
    """The same credits with each picture renamed as another site stores it."""
    counter = iter(range(1, 100))

    def restyle(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
        return tuple(
            Block("image", make_src(next(counter))) if block.kind == "image" else block
            for block in blocks
        )

    return replace(credits, before=restyle(credits.before), after=restyle(credits.after))
