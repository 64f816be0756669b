"""The city site's plan (``demo-city``): originals, reprints (the seed page among them) and a
listed page that is gone.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from crawler.demo.bylines import Credits, Editor, city_photo, city_wangxun
from crawler.demo.plan.common import (
    CITY,
    CITY_HOST,
    LENGTHS,
    TZ,
    Channel,
    PlannedArticle,
    parse_when,
    with_images,
)
from crawler.demo.plan.portal import SEED_PUBLISHED
from crawler.demo.seed import SeedPage
from crawler.demo.stories import compose_story
from crawler.demo.vocabulary import CITY_EDITORS, between, people, place, stable_hash

__all__ = ["CITY_CHANNELS", "plan_city"]

#: The city-site id of the seed page; other city ids are spaced by publication time.
_SEED_CITY_ID = 3316
_SEED_CITY_PUBLISHED = datetime(2025, 1, 23, 9, 10, 30, tzinfo=TZ)

#: Click counters read as of this moment.
_CLICKS_AS_OF = datetime(2025, 3, 31, 12, 0, tzinfo=TZ)

CITY_CHANNELS = (
    Channel("1", "工会动态", "/news_list.asp?classid=1&page=1"),
    Channel("2", "基层风采", "/news_list.asp?classid=2&page=1"),
)

#: (class id, published, topic, byline form, click counter shown). Forms: ``wangxun``
#: (本网讯（通讯员 X Y）), ``photo`` (a picture credited 通讯员 X 摄), ``none``.
_CITY_ROWS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("1", "01-08 15:32:10", "warmth", "wangxun", True),
    ("1", "01-20 10:05:44", "mental-health", "photo", True),
    ("1", "02-13 09:41:27", "job-fair", "none", False),
    ("1", "02-24 16:18:03", "safety", "wangxun", True),
    ("1", "03-07 11:26:51", "women", "photo", True),
    ("1", "03-20 14:02:38", "bargaining", "wangxun", True),
    ("2", "01-14 17:20:15", "station", "wangxun", True),
    ("2", "02-18 08:47:36", "gig-union", "none", True),
    ("2", "03-04 10:33:09", "skills-contest", "photo", False),
    ("2", "03-13 15:55:22", "recuperation", "wangxun", True),
    ("2", "03-26 09:12:47", "mutual-aid", "none", True),
)

#: (portal article published, class id, published here, click counter shown).
_CITY_REPRINTS = (
    ("01-09 15:10", "2", "01-10 08:36:12", True),
    ("01-16 17:50", "1", "01-17 09:58:40", True),
)

#: A listed article whose page is gone: (class id, listed date, title).
_CITY_GONE = ("1", "01-16 11:20:05", "市总工会召开2025年工作会议")


def _city_id(published: datetime) -> int:
    hours = int((published - _SEED_CITY_PUBLISHED).total_seconds() // 3600)
    return _SEED_CITY_ID + hours // 12


def _city_path(published: datetime) -> str:
    return f"/news_view.asp?id={_city_id(published)}"


def _city_image(published: datetime, number: int) -> str:
    return f"/UploadFiles/{published:%Y}/{published.month}/{published:%Y%m%d%H%M%S}{number}.jpg"


def _clicks(key: str, published: datetime) -> int:
    days = (_CLICKS_AS_OF - published).days
    return 180 + days * between(9, 16, key, "rate") + between(0, 120, key, "clicks")


def plan_city(portal: tuple[PlannedArticle, ...], seed: SeedPage) -> tuple[PlannedArticle, ...]:
    channels = {channel.key: channel for channel in CITY_CHANNELS}
    yichang = place("yichang")
    planned = []
    for index, (class_id, when, topic, form, shown) in enumerate(_CITY_ROWS):
        published = parse_when(when)
        key = f"{CITY}/{class_id}/{when}"
        credits = Credits()
        if form == "wangxun":
            count = 2 if stable_hash(key, "count") % 2 else 1
            credits = city_wangxun(people(count, key, "corr"))
        elif form == "photo":
            credits = city_photo(people(1, key, "corr")[0], _city_image(published, 1))
        story = compose_story(
            key, day=published.date(), topic=topic, place=yichang, length=LENGTHS.get(key)
        )
        planned.append(
            PlannedArticle(
                site_id=CITY,
                host=CITY_HOST,
                path=_city_path(published),
                channel=channels[class_id],
                kind="original",
                title=story.title,
                published=published,
                precision="second",
                source=None,
                credits=credits,
                paragraphs=story.paragraphs,
                editor=Editor("plain", (CITY_EDITORS[index % len(CITY_EDITORS)],)),
                click_count=_clicks(key, published) if shown else None,
            )
        )
    by_time = {article.published: article for article in portal}
    for original_when, class_id, when, shown in _CITY_REPRINTS:
        original = by_time[parse_when(original_when)]
        published = parse_when(when)
        planned.append(
            PlannedArticle(
                site_id=CITY,
                host=CITY_HOST,
                path=_city_path(published),
                channel=channels[class_id],
                kind="reprint",
                title=original.alt_title,
                published=published,
                precision="second",
                source=None,
                credits=with_images(original.credits, partial(_city_image, published)),
                paragraphs=original.paragraphs,
                editor=Editor("plain", (CITY_EDITORS[1],)),
                click_count=_clicks(f"{CITY}/{when}", published) if shown else None,
                original_url=original.url,
            )
        )
    seed_original = by_time[SEED_PUBLISHED]
    planned.append(
        PlannedArticle(
            site_id=CITY,
            host=CITY_HOST,
            path=_city_path(_SEED_CITY_PUBLISHED),
            channel=channels["1"],
            kind="reprint",
            title=seed.title,
            published=_SEED_CITY_PUBLISHED,
            precision="second",
            source=None,
            credits=seed_original.credits,
            paragraphs=seed.paragraphs,
            editor=Editor("plain", (seed.editor,)),
            original_url=seed_original.url,
            seed=True,
        )
    )
    class_id, when, title = _CITY_GONE
    gone_at = parse_when(when)
    planned.append(
        PlannedArticle(
            site_id=CITY,
            host=CITY_HOST,
            path=_city_path(gone_at),
            channel=channels[class_id],
            kind="gone",
            title=title,
            published=gone_at,
            precision="second",
            source=None,
            credits=Credits(),
            paragraphs=(),
            editor=None,
        )
    )
    return tuple(sorted(planned, key=lambda article: article.published))
