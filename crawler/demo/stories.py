"""Compose one coherent news story from the vocabulary and a topic's templates.

:func:`compose_story` is deterministic in its arguments: the same key gives the same text on
every run. The demo sites use it for every generated article; a benchmark can call it with
many keys to get as many realistic articles as it needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from types import MappingProxyType

from crawler.demo.topics import TOPICS, Topic
from crawler.demo.topics import topic as topic_named
from crawler.demo.vocabulary import (
    DESTINATIONS,
    FAMILY_MEMBERS,
    INDUSTRIES,
    LEADER_ROLES,
    PLACES,
    STREETS,
    Place,
    between,
    person,
    pick,
    stable_hash,
)

__all__ = ["MAX_PARAGRAPHS", "MIN_PARAGRAPHS", "Story", "compose_story"]

MIN_PARAGRAPHS = 3
MAX_PARAGRAPHS = 8

#: (season, season_short) by month, for safety checks and the like.
_SEASONS: Mapping[int, tuple[str, str]] = MappingProxyType(
    {
        1: ("春节前", "节前"),
        2: ("节后复工复产", "复工复产"),
        3: ("春季", "春季"),
        4: ("春季", "春季"),
        5: ("春季", "春季"),
        6: ("夏季", "高温季节"),
        7: ("夏季", "高温季节"),
        8: ("夏季", "高温季节"),
        9: ("秋冬季", "秋冬季"),
        10: ("秋冬季", "秋冬季"),
        11: ("秋冬季", "秋冬季"),
        12: ("岁末年初", "岁末年初"),
    }
)


@dataclass(frozen=True, slots=True)
class Story:
    """A news text without byline: headline variants and paragraphs."""

    key: str
    topic: str
    place: Place
    #: The day the story happened (its ``date`` slot).
    day: date
    #: The headline first, then rewordings of it (for reprints and 原标题 lines).
    titles: tuple[str, ...]
    paragraphs: tuple[str, ...]

    @property
    def title(self) -> str:
        return self.titles[0]


def _number(value: int, scale: int) -> str:
    """``value / scale`` as a newspaper writes it: "12", "3.5", "2" (not "2.0")."""
    if value % scale == 0:
        return str(value // scale)
    return f"{value / scale:.1f}"


def _slots(
    key: str, topic: Topic, place: Place, day: date, *, reporter_voice: bool, vague_date: bool
) -> dict[str, str]:
    industry, industry2 = (
        pick(INDUSTRIES, key, "industry"),
        pick(INDUSTRIES[1:], key, "industry2"),
    )
    if industry2 == industry:
        industry2 = INDUSTRIES[0]
    leader = person(key, "leader")
    worker = person(key, "worker", avoid=(leader.name,))
    worker2 = person(key, "worker2", avoid=(leader.name, worker.name))
    taken = (leader.name, worker.name, worker2.name)
    worker_f = person(key, "worker_f", female=True, avoid=taken)
    worker2_f = person(key, "worker2_f", female=True, avoid=(*taken, worker_f.name))
    age = between(30, 55, key, "age")
    company = place.city_short + industry.suffix
    org_city = place.city + "总工会"
    district = pick(place.districts, key, "district")
    season, season_short = _SEASONS[day.month]
    slots = {
        "year": str(day.year),
        "year_prev": str(day.year - 1),
        "date": "近日" if vague_date else f"{day.month}月{day.day}日",
        "season": season,
        "season_short": season_short,
        "reporter": "记者" if reporter_voice else "",
        "prov": place.province,
        "prov_s": place.province_short,
        "city": place.city,
        "city_s": place.city_short,
        "district": district,
        "street": pick(STREETS, key, "street"),
        "destination": pick(DESTINATIONS, key, "destination"),
        "org_prov": place.province + "总工会",
        "org_city": org_city,
        "org_dist": district + "总工会",
        "leader": leader.name,
        "leader_title": org_city + pick(LEADER_ROLES, key, "role"),
        "company": company,
        "company2": place.city_short + industry2.suffix,
        "job": industry.job,
        "worker_desc": company + industry.job,
        "worker": worker.name,
        "w_pron": worker.pronoun,
        "w_age": str(age),
        "w_years": str(between(5, age - 22, key, "years")),
        "worker2": worker2.name,
        "w2_pron": worker2.pronoun,
        "worker_f": worker_f.name,
        "worker2_f": worker2_f.name,
        "family": pick(FAMILY_MEMBERS, key, "family"),
    }
    for number in topic.numbers:
        value = between(number.low, number.high, key, number.name) * number.step
        slots[number.name] = _number(value, number.scale)
    for choice in topic.choices:
        row = pick(choice.options, key, *choice.names)
        slots.update(zip(choice.names, row, strict=True))
    return slots


def compose_story(
    key: str,
    *,
    day: date,
    topic: str | None = None,
    place: Place | None = None,
    reporter_voice: bool = False,
    length: int | None = None,
    vague_date: bool | None = None,
) -> Story:
    """A story for ``key``.

    ``topic`` (a :data:`~crawler.demo.topics.TOPICS` key) and ``place`` are chosen from the key
    when not given; a chosen topic always fits ``day``'s month. ``reporter_voice`` lets the text
    say "记者从...获悉" (use it when the byline names a reporter). ``length`` is the number of
    paragraphs (3-8, capped by what the topic has); ``vague_date`` writes "近日" instead of the
    day.
    """
    if topic is None:
        fitting = [t for t in TOPICS if day.month in t.months] or list(TOPICS)
        chosen = pick(fitting, key, "topic")
    else:
        chosen = topic_named(topic)
    where = place if place is not None else pick(PLACES, key, "place")
    vague = stable_hash(key, "vague") % 5 == 0 if vague_date is None else vague_date
    slots = _slots(key, chosen, where, day, reporter_voice=reporter_voice, vague_date=vague)

    longest = min(MAX_PARAGRAPHS, 1 + len(chosen.middles) + (1 if chosen.closings else 0))
    wanted = between(MIN_PARAGRAPHS, longest, key, "length") if length is None else length
    wanted = max(MIN_PARAGRAPHS, min(wanted, longest))
    closing = bool(chosen.closings) and (
        wanted - 1 > len(chosen.middles) or stable_hash(key, "closing") % 3 != 0
    )
    subsets = list(combinations(range(len(chosen.middles)), wanted - 1 - int(closing)))
    middles = [pick(chosen.middles[i], key, "wording", i) for i in pick(subsets, key, "middles")]
    templates = [pick(chosen.leads, key, "lead"), *middles]
    if closing:
        templates.append(pick(chosen.closings, key, "closing-text"))

    start = stable_hash(key, "title") % len(chosen.titles)
    titles = chosen.titles[start:] + chosen.titles[:start]
    return Story(
        key=key,
        topic=chosen.key,
        place=where,
        day=day,
        titles=tuple(t.format_map(slots) for t in titles),
        paragraphs=tuple(t.format_map(slots) for t in templates),
    )
