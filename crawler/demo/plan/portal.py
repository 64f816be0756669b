"""The portal's plan (``demo-portal``) and its Big5 mirror's (``demo-portal-big5``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta
from types import MappingProxyType

from crawler.demo.bylines import (
    Credits,
    Editor,
    EditorStyle,
    end_credit,
    paper_dateline,
    portal_dateline,
    portal_photo,
)
from crawler.demo.model import Kind
from crawler.demo.plan.common import (
    LENGTHS,
    MIRROR,
    MIRROR_HOST,
    PORTAL,
    PORTAL_HOST,
    TZ,
    Channel,
    PlannedArticle,
    parse_when,
)
from crawler.demo.seed import SeedPage
from crawler.demo.stories import compose_story
from crawler.demo.vocabulary import (
    PORTAL_EDITOR_PAIRS,
    PORTAL_EDITORS,
    PORTAL_REPORTERS,
    TIBETAN_NAMES,
    between,
    people,
    pick,
    place,
    stable_hash,
)

__all__ = [
    "MIRRORED_CHANNEL",
    "PORTAL_CHANNELS",
    "SEED_PUBLISHED",
    "plan_mirror",
    "plan_portal",
]

#: The portal id of the seed's original; other portal ids are spaced by publication time.
_SEED_PORTAL_ID = 8432101
#: When the seed's original appeared on the portal (the city site reprints it).
SEED_PUBLISHED = datetime(2025, 1, 22, 19, 35, tzinfo=TZ)

PORTAL_CHANNELS = (
    Channel("10000", "工会要闻", "/10000/10000.shtml"),
    Channel("10093", "劳模工匠", "/10093/10093.shtml"),
    Channel("10143", "维权服务", "/10143/10143.shtml"),
)
#: The one portal channel the Big5 mirror carries.
MIRRORED_CHANNEL = PORTAL_CHANNELS[0]

#: (channel, published, topic, place, byline form, editor style). Forms: ``dateline1`` /
#: ``dateline2`` (中工网...电 with one or two reporters), ``photo`` (工人日报—中工网 photo credit),
#: ``paper`` / ``paper-orig`` (a provincial paper's ...讯, the latter with 原标题), ``end`` /
#: ``end-edition`` (本报记者 ... 摄 after the text, the latter with the print edition line),
#: ``none``. Topic ``seed`` is the seed's original; ``photos`` the photo-only page.
_PORTAL_ROWS: tuple[tuple[str, str, str, str, str, EditorStyle], ...] = (
    ("10000", "01-07 08:45", "warmth", "shenyang", "dateline2", "plain"),
    ("10000", "01-10 16:20", "gig-union", "chengdu", "paper-orig", "zebian"),
    ("10000", "01-14 10:05", "safety", "guangzhou", "photo", "plain"),
    ("10000", "01-17 19:02", "new-year", "xian", "dateline1", "plain"),
    ("10000", "01-22 19:35", "seed", "beijing", "seed", "plain"),
    ("10000", "02-06 09:30", "job-fair", "zhengzhou", "none", "plain"),
    ("10000", "02-12 14:48", "model-worker", "lhasa", "paper", "zebian"),
    ("10000", "02-19 11:16", "bargaining", "hangzhou", "dateline2", "plain"),
    ("10000", "03-05 17:40", "women", "changsha", "end-edition", "plain"),
    ("10000", "03-18 08:52", "station", "urumqi", "dateline1", "zebian"),
    ("10093", "01-09 15:10", "innovation", "yichang", "dateline2", "plain"),
    ("10093", "01-13 09:40", "model-worker", "qingdao", "end-edition", "plain"),
    ("10093", "01-20 18:25", "skills-contest", "ningbo", "dateline1", "bracket"),
    ("10093", "01-28 10:05", "photos", "suzhou", "none", "bracket"),
    ("10093", "02-10 20:15", "innovation", "shenzhen", "paper", "zebian"),
    ("10093", "02-21 07:58", "skills-contest", "guiyang", "paper-orig", "bracket"),
    ("10093", "02-27 13:33", "model-worker", "jiaxing", "photo", "plain"),
    ("10093", "03-07 09:20", "recuperation", "kunming", "none", "plain"),
    ("10093", "03-13 16:45", "skills-contest", "hefei", "dateline2", "bracket"),
    ("10093", "03-24 10:30", "innovation", "lanzhou", "end", "plain"),
    ("10143", "01-06 11:02", "wage-arrears", "shanghai", "dateline1", "plain"),
    ("10143", "01-11 09:15", "mutual-aid", "yinchuan", "paper", "zebian"),
    ("10143", "01-16 17:50", "wage-arrears", "yichang", "dateline2", "plain"),
    ("10143", "01-24 08:30", "station", "taizhou", "dateline1", "bracket"),
    ("10143", "02-08 14:12", "gig-union", "beijing", "end", "plain"),
    ("10143", "02-14 10:40", "bargaining", "suzhou", "none", "zebian"),
    ("10143", "02-25 15:25", "training", "wuhan", "paper", "plain"),
    ("10143", "03-04 12:05", "reading", "jinhua", "dateline1", "plain"),
    ("10143", "03-11 18:10", "mental-health", "shenyang", "photo", "plain"),
    ("10143", "03-21 09:05", "women", "hefei", "none", "bracket"),
)

#: Days between the event and the portal's publication, per byline form.
_PORTAL_LAG: Mapping[str, int] = MappingProxyType(
    {"paper": 1, "paper-orig": 2, "end": 1, "end-edition": 1}
)


def _portal_id(published: datetime) -> int:
    minutes = int((published - SEED_PUBLISHED).total_seconds() // 60)
    return _SEED_PORTAL_ID + minutes * 17 // 100


def _portal_editor(style: EditorStyle, key: str) -> Editor:
    if style == "zebian":
        return Editor(style, pick(PORTAL_EDITOR_PAIRS, key, "editor"))
    if style == "bracket":  # the portal's 【】 editors are 陈頔 and 邱文卓
        return Editor(style, (pick(PORTAL_EDITORS[3:], key, "editor"),))
    return Editor(style, (pick(PORTAL_EDITORS[:3], key, "editor"),))


def _portal_credits(
    form: str,
    key: str,
    *,
    city_short: str,
    paper: str,
    event: date,
    published: datetime,
    image: str,
) -> Credits:
    if form in ("dateline1", "dateline2"):
        count = 2 if form == "dateline2" else 1
        return portal_dateline(city_short, event, people(count, key, "rep", pool=PORTAL_REPORTERS))
    if form == "photo":
        reporter = people(1, key, "rep", pool=PORTAL_REPORTERS)[0]
        correspondents = people(2, key, "corr", avoid=(reporter,))
        return portal_photo(reporter, correspondents, image)
    if form in ("paper", "paper-orig"):
        pool = TIBETAN_NAMES if paper == "西藏日报" else ()
        count = 2 if stable_hash(key, "count") % 3 else 1
        return paper_dateline(paper, city_short, event, people(count, key, "rep", pool=pool))
    if form in ("end", "end-edition"):
        reporter = people(1, key, "rep", pool=PORTAL_REPORTERS)[0]
        correspondent = people(1, key, "corr", avoid=(reporter,))[0]
        edition = None
        if form == "end-edition":
            page = between(2, 7, key, "page")
            edition = f"《工人日报》（{published:%Y年%m月%d日} {page:02d}版）"
        return end_credit(reporter, correspondent, image, edition)
    if form == "none":
        return Credits()
    raise ValueError(f"unknown portal byline form {form!r}")


def _portal_source(form: str, paper: str) -> str:
    if form in ("photo", "none"):
        return "中工网"
    if form in ("paper", "paper-orig"):
        return paper
    return "工人日报"


def _portal_path(published: datetime) -> str:
    return f"/c/{published:%Y-%m-%d}/{_portal_id(published)}.shtml"


def plan_portal(seed: SeedPage) -> tuple[PlannedArticle, ...]:
    channels = {channel.key: channel for channel in PORTAL_CHANNELS}
    planned = []
    for channel_key, when, topic, place_key, form, editor_style in _PORTAL_ROWS:
        published = parse_when(when)
        where = place(place_key)
        key = f"{PORTAL}/{channel_key}/{when}"
        article_id = _portal_id(published)
        images = tuple(f"/img/{published:%Y/%m/%d}/{article_id}_{n}.jpg" for n in range(1, 6))
        editor = _portal_editor(editor_style, key)
        original_title = None
        if topic == "seed":
            kind: Kind = "original"
            title = alt_title = seed.title
            source = "工人日报"
            credits = portal_dateline("北京", published.date(), seed.reporters)
            paragraphs = tuple(_fullwidth(p) for p in seed.paragraphs)
            editor = Editor("plain", (seed.editor,))
        elif topic == "photos":
            kind = "no-body"
            title = alt_title = f"组图：除夕，{where.city_short}一线职工坚守岗位"
            source = "中工网"
            credits = Credits()
            paragraphs = ()
        else:
            kind = "original"
            event = published.date() - timedelta(days=_PORTAL_LAG.get(form, 0))
            credits = _portal_credits(
                form,
                key,
                city_short=where.city_short,
                paper=where.paper,
                event=event,
                published=published,
                image=images[0],
            )
            story = compose_story(
                key,
                day=event,
                topic=topic,
                place=where,
                reporter_voice=bool(credits.reporters),
                length=LENGTHS.get(key),
            )
            title, alt_title = story.title, story.titles[-1]
            if form == "paper-orig":
                original_title = story.titles[1]
            source = _portal_source(form, where.paper)
            paragraphs = story.paragraphs
        planned.append(
            PlannedArticle(
                site_id=PORTAL,
                host=PORTAL_HOST,
                path=_portal_path(published),
                channel=channels[channel_key],
                kind=kind,
                title=title,
                published=published,
                precision="minute",
                source=source,
                credits=credits,
                paragraphs=paragraphs,
                editor=editor,
                alt_title=alt_title,
                original_title=original_title,
                images=images if kind == "no-body" else (),
            )
        )
    return tuple(sorted(planned, key=lambda article: article.published))


def _fullwidth(text: str) -> str:
    """The portal's own punctuation for the seed text the scraped copy turned into ASCII."""
    return text.replace(",", "，").replace("(", "（").replace(")", "）")


def plan_mirror(portal: tuple[PlannedArticle, ...]) -> tuple[PlannedArticle, ...]:
    mirror_channel = replace(MIRRORED_CHANNEL, path="/big5" + MIRRORED_CHANNEL.path)
    return tuple(
        replace(
            article,
            site_id=MIRROR,
            host=MIRROR_HOST,
            path="/big5" + article.path,
            channel=mirror_channel,
            kind="mirror",
            original_url=article.url,
        )
        for article in portal
        if article.channel == MIRRORED_CHANNEL
    )
