"""The provincial site's plan (``demo-province``): originals and reprints of the portal."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial

from crawler.demo.bylines import (
    Credits,
    Editor,
    benbao,
    benbao_dateline,
    end_credit,
    two_line_credit,
)
from crawler.demo.plan.common import (
    LENGTHS,
    PROVINCE,
    PROVINCE_HOST,
    TZ,
    Channel,
    PlannedArticle,
    parse_when,
    with_images,
)
from crawler.demo.stories import compose_story
from crawler.demo.vocabulary import PROVINCE_EDITORS, PROVINCE_REPORTERS, people, place

__all__ = ["PROVINCE_CHANNELS", "plan_province"]

PROVINCE_CHANNELS = (
    Channel("ghdt", "工会动态", "/ghdt/index.html"),
    Channel("jcdt", "基层动态", "/jcdt/index.html"),
)

#: (channel, published, topic, place, byline form). Forms: ``benbao`` (本报讯（记者 X 通讯员 Y）),
#: ``benbao-dateline`` (本报温州1月14日讯（记者 X Y）), ``two-line`` (记者X、Y + 通讯员Z 摄影报道),
#: ``end`` (本报记者 X 本报通讯员 Y 摄 after the text), ``none``.
_PROVINCE_ROWS: tuple[tuple[str, str, str, str, str], ...] = (
    ("ghdt", "01-08 10:12", "warmth", "hangzhou", "benbao"),
    ("ghdt", "01-15 16:40", "wage-arrears", "wenzhou", "benbao-dateline"),
    ("ghdt", "01-23 10:12", "new-year", "shaoxing", "two-line"),
    ("ghdt", "02-11 09:05", "gig-union", "huzhou", "none"),
    ("ghdt", "02-26 15:30", "job-fair", "jiaxing", "end"),
    ("ghdt", "03-06 11:48", "women", "ningbo", "benbao"),
    ("ghdt", "03-19 17:22", "recuperation", "hangzhou", "two-line"),
    ("jcdt", "01-10 14:20", "safety", "jinhua", "benbao"),
    ("jcdt", "02-17 10:36", "sports", "taizhou", "benbao-dateline"),
    ("jcdt", "03-03 08:55", "mutual-aid", "wenzhou", "none"),
    ("jcdt", "03-25 16:05", "reading", "huzhou", "end"),
)

#: (portal article published, channel, published here): portal originals the province reprints.
_PROVINCE_REPRINTS = (
    ("01-20 18:25", "ghdt", "01-21 10:02"),
    ("01-24 08:30", "ghdt", "01-25 11:20"),
    ("02-19 11:16", "ghdt", "02-20 09:15"),
    ("02-27 13:33", "jcdt", "02-28 09:40"),
)

_PROVINCE_PAPER = "浙江工人日报"


def _province_id(published: datetime) -> int:
    start = datetime(2025, 1, 1, tzinfo=TZ)
    return 2760000 + int((published - start).total_seconds() // 1800)


def _province_path(channel: Channel, published: datetime) -> str:
    stamp = f"{published:%Y%m%d}_{_province_id(published)}"
    return f"/{channel.key}/{published:%Y%m}/t{stamp}.html"


def _province_image(published: datetime, number: int) -> str:
    return f"./W0{published:%Y%m%d}{_province_id(published) % 100000:05d}{number:03d}.jpg"


def _province_credits(form: str, key: str, city_short: str, event: date, image: str) -> Credits:
    if form == "benbao":
        reporter = people(1, key, "rep", pool=PROVINCE_REPORTERS)[0]
        return benbao(reporter, people(1, key, "corr", avoid=(reporter,))[0])
    if form == "benbao-dateline":
        return benbao_dateline(city_short, event, people(2, key, "rep", pool=PROVINCE_REPORTERS))
    if form == "two-line":
        reporters = people(2, key, "rep", pool=PROVINCE_REPORTERS)
        return two_line_credit(reporters, people(1, key, "corr", avoid=reporters)[0], image)
    if form == "end":
        reporter = people(1, key, "rep", pool=PROVINCE_REPORTERS)[0]
        correspondent = people(1, key, "corr", avoid=(reporter,))[0]
        return end_credit(reporter, correspondent, image, None)
    if form == "none":
        return Credits()
    raise ValueError(f"unknown province byline form {form!r}")


def plan_province(portal: tuple[PlannedArticle, ...]) -> tuple[PlannedArticle, ...]:
    channels = {channel.key: channel for channel in PROVINCE_CHANNELS}
    planned = []
    for index, (channel_key, when, topic, place_key, form) in enumerate(_PROVINCE_ROWS):
        published = parse_when(when)
        where = place(place_key)
        key = f"{PROVINCE}/{channel_key}/{when}"
        lag = 1 if form in ("benbao-dateline", "end") else 0
        event = published.date() - timedelta(days=lag)
        credits = _province_credits(
            form, key, where.city_short, event, _province_image(published, 1)
        )
        story = compose_story(
            key,
            day=event,
            topic=topic,
            place=where,
            reporter_voice=bool(credits.reporters),
            length=LENGTHS.get(key),
        )
        planned.append(
            PlannedArticle(
                site_id=PROVINCE,
                host=PROVINCE_HOST,
                path=_province_path(channels[channel_key], published),
                channel=channels[channel_key],
                kind="original",
                title=story.title,
                published=published,
                precision="minute",
                source=_PROVINCE_PAPER if form != "none" else where.city + "总工会",
                credits=credits,
                paragraphs=story.paragraphs,
                editor=Editor("bianji", (PROVINCE_EDITORS[index % len(PROVINCE_EDITORS)],)),
            )
        )
    by_time = {article.published: article for article in portal}
    for index, (original_when, channel_key, when) in enumerate(_PROVINCE_REPRINTS):
        original = by_time[parse_when(original_when)]
        published = parse_when(when)
        planned.append(
            PlannedArticle(
                site_id=PROVINCE,
                host=PROVINCE_HOST,
                path=_province_path(channels[channel_key], published),
                channel=channels[channel_key],
                kind="reprint",
                title=original.alt_title,
                published=published,
                precision="minute",
                source="中工网",
                credits=with_images(original.credits, partial(_province_image, published)),
                paragraphs=original.paragraphs,
                editor=Editor("bianji", (PROVINCE_EDITORS[(index + 1) % len(PROVINCE_EDITORS)],)),
                original_url=original.url,
            )
        )
    return tuple(sorted(planned, key=lambda article: article.published))
