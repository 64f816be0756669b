"""A labelled near-duplicate corpus: union news articles with known story clusters.

:func:`build_corpus` is deterministic (every choice comes from seeded :class:`random.Random`
instances and the demo vocabulary). It holds four families of articles:

``story``
    News from :func:`crawler.demo.compose_story` (18 topics, 28 cities): a third short news
    (130-530 characters), the others long reports that go on reviewing the city union's year
    (:func:`tests.dedup.templates.work_review`; 500-1000 or 1200-2500 characters). And the
    copies real sites make of them (:data:`COPY_KINDS`): a reprint under another title, with
    or without a ``原标题：`` line; re-punctuated and re-spaced copies (half-/full-width,
    indentation, other paragraph breaks); copies that drop the first or last paragraph; portal
    excerpts keeping the first 2-3 paragraphs; copies with an added 编者按, local lead or
    trailing note; copies a reprint editor touched (words swapped, a sentence cut);
    traditional-script mirrors (OpenCC ``s2t`` then the extractor's ``t2s``); scraped copies
    whose pinyin ruby was removed, leaving ``?`` and mojibake runs (``?。▍^``); and
    combinations of these.
``meeting``
    Reports of different meetings chaired by the same leader, several with the same dateline,
    sharing their opening and closing formula sentences (``全总党组书记…主持召开…会议``,
    ``…出席会议``) but not their agenda. Some are reprinted.
``same-topic``
    Groups of two or three different stories on one topic in one city within weeks, the same
    leader speaking in each. The demo's templates are few, so different stories on a topic
    reuse paragraph wordings (filled with their own names and numbers); any two stories of the
    corpus share at most a third of their paragraphs' wordings and at most one of their
    openings' (:class:`_Distinct`).
``notice``
    Short notices from four templates (劳动奖章公示, 会议通知, 服务安排, 培训报名): different
    notices, some of one city, share most of their wording; a few are reprinted.

Every article's ``cluster`` is its story; the article of kind ``original`` is the one the
store must choose as the cluster's canonical article: it is published on the earliest day, and
every copy published that same day (often a page showing only the day, so 00:00, before the
original's time) names its site as 来源 (``source_site``).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from functools import cache, lru_cache
from typing import Literal, TypeVar

import opencc

from crawler.dedup import lsh_keys_for
from crawler.demo import Story, compose_story
from crawler.demo.topics import TOPICS, Topic
from crawler.demo.topics import topic as topic_named
from crawler.demo.vocabulary import PLACES, STREETS, Place, person, stable_hash
from crawler.fingerprint import content_hash
from storage import ArticleRecord
from tests.dedup.templates import (
    AGENDA,
    DOCUMENTS,
    EDITOR_NOTES,
    LOCAL_LEADS,
    MEETING_CLOSINGS,
    MEETING_OPENINGS,
    NOTICES,
    PROVINCE_CLOSINGS,
    PROVINCE_OPENINGS,
    TRAILERS,
    AgendaItem,
    Notice,
    work_review,
)

__all__ = [
    "COPY_KINDS",
    "CST",
    "SITES",
    "CorpusArticle",
    "Family",
    "Site",
    "build_corpus",
    "composition",
    "fits",
    "make_copy",
    "pairwise_scores",
    "to_record",
]

CST = timezone(timedelta(hours=8))
SEED = 20250122
_K = TypeVar("_K")

Family = Literal["story", "meeting", "same-topic", "notice"]

#: How a copy differs from its original, and how often a copy of each kind is made (weights).
COPY_KINDS: Mapping[str, int] = {
    "reprint": 20,  # another title, the same body
    "title-line": 10,  # another title and a 原标题：... line in the body
    "respaced": 12,  # half-/full-width punctuation, indentation, other paragraph breaks
    "trimmed": 10,  # first and/or last paragraph dropped
    "excerpt": 9,  # only the first 2-3 paragraphs (portal teaser pages)
    "extended": 12,  # an added 编者按, local lead or trailing note
    "mirror": 10,  # traditional-script mirror, read back through t2s
    "scraped": 5,  # pinyin ruby removed, leaving ? and mojibake runs
    "edited": 6,  # a few words changed and one sentence cut by the reprinting editor
    "excerpt+mirror": 2,
    "trimmed+title-line": 3,
    "extended+respaced": 3,
}
#: How many copies a story gets (weights).
COPY_COUNTS: Mapping[int, int] = {0: 40, 1: 25, 2: 18, 3: 10, 4: 5, 5: 2}


@dataclass(frozen=True, slots=True)
class Site:
    id: str
    #: How a 来源 line names it.
    name: str


SITES: Mapping[str, Site] = {
    s.id: s
    for s in (
        Site("portal", "中工网"),
        Site("portal-big5", "中工网"),
        Site("province", "浙江工人日报"),
        Site("city", "杭州市总工会"),
        Site("aggregator", "工会资讯网"),
        Site("paper", "劳动报"),
        Site("forum", "职工之家网"),
        Site("weixin", "工会微信公众号"),
    )
}
_ORIGINAL_SITES = ("portal", "province", "city", "paper")
_COPY_SITES = ("aggregator", "province", "city", "paper", "weixin", "portal")


@dataclass(frozen=True, slots=True)
class CorpusArticle:
    """One page: where and when it was published, its extracted title and body, and the truth."""

    id: str
    #: The story (truth cluster) this page belongs to.
    cluster: str
    family: Family
    #: ``original`` or a :data:`COPY_KINDS` key.
    kind: str
    site: str
    url: str
    title: str
    #: Paragraphs joined by "\n", as the extractor returns them (simplified script).
    body: str
    published_at: datetime
    published_precision: str
    source: str | None
    source_site: str | None

    @property
    def is_original(self) -> bool:
        return self.kind == "original"


# -- text transformations ---------------------------------------------------------------------


@lru_cache(maxsize=2)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _s2t(text: str) -> str:
    converted: str = _converter("s2t").convert(text)
    return converted


def _t2s(text: str) -> str:
    converted: str = _converter("t2s").convert(text)
    return converted


_HALF_WIDTH = str.maketrans(
    {"，": ",", "。": ".", "：": ":", "；": ";", "（": "(", "）": ")", "“": '"', "”": '"'}
)
_FULL_DIGITS = str.maketrans("0123456789%", "０１２３４５６７８９％")


def _respace(paragraphs: Sequence[str], rng: random.Random) -> list[str]:
    """Other punctuation and whitespace: what a re-typeset or scraped copy looks like."""
    out = list(paragraphs)
    if rng.random() < 0.6:
        out = [p.translate(_HALF_WIDTH) for p in out]
    if rng.random() < 0.4:
        out = [p.translate(_FULL_DIGITS) for p in out]
    if rng.random() < 0.5:
        out = ["\u3000\u3000" + p for p in out]
    if len(out) > 2 and rng.random() < 0.5:  # two paragraphs run together
        at = rng.randrange(len(out) - 1)
        out[at : at + 2] = [out[at] + out[at + 1]]
    elif rng.random() < 0.5:  # a paragraph broken after a sentence
        at = rng.randrange(len(out))
        first, sep, rest = out[at].partition("。")
        if sep and rest:
            out[at : at + 1] = [first + sep, rest]
    if rng.random() < 0.4:
        out = [re.sub(r"(\d+)", r" \1 ", p) for p in out]
    return [p.strip(" ") if not p.startswith("\u3000") else p for p in out]


def _scrape(paragraphs: Sequence[str], rng: random.Random) -> list[str]:
    """A traditional-script page scraped with pinyin ruby after converted characters: once the
    extractor strips the ruby and converts back, a few characters are ``?`` and one run is
    mojibake (``?。▍^``); commas are ASCII."""
    text = _s2t("\n".join(paragraphs))
    chars = list(text)
    han = [i for i, ch in enumerate(chars) if "\u4e00" <= ch <= "\u9fff"]
    for i in rng.sample(han, k=min(len(han), 1 + len(han) // 250)):
        chars[i] = "?"
    run = rng.choice(("?。▍^", "??", "?ā▍", "?。^("))
    at = rng.choice(han)
    chars[at : at + 2] = list(run)
    return _t2s("".join(chars).replace("，", ",")).split("\n")


#: Words reprint editors swap.
_EDITS = (
    ("近日", "日前"),
    ("获悉", "了解到"),
    ("表示", "说"),
    ("目前", "截至目前"),
    ("据了解", "据悉"),
    ("今年", "今年以来"),
    ("开展", "组织开展"),
    ("进一步", "更好地"),
)


def _edit(paragraphs: Sequence[str], rng: random.Random) -> list[str]:
    """A reprint editor's touch: a few words swapped and one sentence of the longest
    multi-sentence paragraph cut."""
    out = list(paragraphs)
    for old, new in rng.sample(_EDITS, k=4):
        out = [p.replace(old, new, 1) for p in out]
    longest = max(range(len(out)), key=lambda n: (out[n].count("。"), len(out[n])))
    sentences = [x + "。" for x in out[longest].split("。") if x]
    if len(sentences) > 1:
        del sentences[rng.randrange(1, len(sentences))]
        out[longest] = "".join(sentences)
    return out


def _mirror(paragraphs: Sequence[str]) -> list[str]:
    return _t2s(_s2t("\n".join(paragraphs))).split("\n")


def _trim(paragraphs: Sequence[str], rng: random.Random) -> list[str]:
    if len(paragraphs) >= 5 and rng.random() < 0.3:
        return list(paragraphs[1:-1])
    return list(paragraphs[1:] if rng.random() < 0.5 else paragraphs[:-1])


def _excerpt(paragraphs: Sequence[str], rng: random.Random) -> list[str]:
    keep = rng.choice([n for n in (2, 3) if n < len(paragraphs)] or [len(paragraphs) - 1])
    return list(paragraphs[:keep])


@dataclass(frozen=True, slots=True)
class _Context:
    """What the added paragraphs of a copy may mention."""

    place: Place
    season: str
    year: int


def _extend(paragraphs: Sequence[str], context: _Context, rng: random.Random) -> list[str]:
    local = rng.choice([p for p in PLACES if p.key != context.place.key])
    slots = {
        "season": context.season,
        "city": context.place.city,
        "city_s": context.place.city_short,
        "prov": context.place.province,
        "paper": context.place.paper,
        "local": local.city,
        "year": str(context.year),
    }
    out = list(paragraphs)
    if 0.4 <= rng.random() < 0.7:  # a local lead above, or a local comment below
        lead = rng.choice(LOCAL_LEADS).format_map(slots)
        out = [lead, *out] if lead.startswith("本网讯") else [*out, lead]
    else:  # an editor's note above
        out.insert(0, rng.choice(EDITOR_NOTES).format_map(slots))
    if rng.random() < 0.5:
        out.append(rng.choice(TRAILERS).format_map(slots))
    return out


def _title_line(paragraphs: Sequence[str], title: str, rng: random.Random) -> list[str]:
    line = rng.choice((f"原标题：{title}", f"（原标题：{title}）", f"原标题：《{title}》"))
    return [line, *paragraphs] if rng.random() < 0.6 else [*paragraphs, line]


def _copy_paragraphs(
    kind: str,
    paragraphs: Sequence[str],
    original_title: str,
    context: _Context,
    rng: random.Random,
) -> list[str]:
    out = list(paragraphs)
    for step in kind.split("+"):
        if step == "title-line":
            out = _title_line(out, original_title, rng)
        elif step == "respaced":
            out = _respace(out, rng)
        elif step == "trimmed":
            out = _trim(out, rng)
        elif step == "excerpt":
            out = _excerpt(out, rng)
        elif step == "extended":
            out = _extend(out, context, rng)
        elif step == "mirror":
            out = _mirror(out)
        elif step == "scraped":
            out = _scrape(out, rng)
        elif step == "edited":
            out = _edit(out, rng)
        elif step != "reprint":
            raise ValueError(f"unknown copy kind {kind!r}")
    return out


def make_copy(
    kind: str,
    paragraphs: Sequence[str],
    original_title: str,
    place: Place,
    day: date,
    rng: random.Random,
) -> list[str]:
    """The paragraphs of a copy of ``kind`` (a :data:`COPY_KINDS` key) of a text published in
    ``place`` on ``day``."""
    if not fits(kind, len(paragraphs)):
        raise ValueError(f"a text of {len(paragraphs)} paragraphs has no {kind!r} copy")
    return _copy_paragraphs(kind, paragraphs, original_title, _context(place, day), rng)


def fits(kind: str, paragraphs: int) -> bool:
    """Whether a text of this many paragraphs can be copied this way (and still differ)."""
    if "trimmed" in kind:
        return paragraphs >= 4
    if "excerpt" in kind:
        return paragraphs >= 3
    return True


# -- the families -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Text:
    """An original text before it is published anywhere."""

    cluster: str
    family: Family
    titles: tuple[str, ...]
    paragraphs: tuple[str, ...]
    day: date
    context: _Context
    #: The chance that it is copied at all (the copy count is drawn from COPY_COUNTS).
    copied: float = 1.0


_SEASON = {1: "春节前", 2: "节后复工复产", 3: "春季"}


def _context(place: Place, day: date) -> _Context:
    return _Context(place, _SEASON.get(day.month, "今年"), day.year)


def _days(rng: random.Random, start: date = date(2025, 1, 2), span: int = 85) -> date:
    return start + timedelta(days=rng.randrange(span))


class _Distinct:
    """Keeps generated stories apart. The demo's templates give each topic a few wordings per
    paragraph, so two stories on one topic can read as one text with other names and numbers,
    which no two real reports do. Here two stories share paragraph wordings (formula
    paragraphs, filled with their own names and numbers) for at most a third of the shorter
    text's paragraphs (at least one), and their openings (the first two paragraphs, what an
    excerpt keeps) at most one."""

    def __init__(self) -> None:
        self._taken: list[tuple[frozenset[str], frozenset[str], int]] = []

    @staticmethod
    def _found(story: Story, size: int) -> tuple[frozenset[str], frozenset[str], int]:
        return (
            frozenset(_wordings(story.paragraphs, story.topic)),
            frozenset(_wordings(story.paragraphs[:2], story.topic)),
            size,
        )

    def check(self, *stories: tuple[Story, int]) -> bool:
        """Whether the stories (each with the paragraph count of its whole text) are far enough
        from the taken ones and from each other."""
        taken = list(self._taken)
        for story, size in stories:
            wordings, opening, _ = found = self._found(story, size)
            for w, o, n in taken:
                if (
                    len(wordings & w) > max(1, min(size, n) // 3)
                    or len(opening & w) > 1
                    or len(o & wordings) > 1
                ):
                    return False
            taken.append(found)
        return True

    def add(self, *stories: tuple[Story, int]) -> None:
        self._taken.extend(self._found(story, size) for story, size in stories)


def _stories(rng: random.Random, count: int, distinct: _Distinct) -> list[_Text]:
    """Stories from the demo generator: a third are short news (130-530 characters); the others
    go on with paragraphs reviewing the city union's year (:func:`work_review`), to 500-1000
    characters (two fifths) or 1200-2500 (a quarter), as reports and 工作综述 do."""
    texts: list[_Text] = []
    attempt = 0
    while len(texts) < count:
        attempt += 1
        if attempt > 200 * count:
            raise RuntimeError("the demo templates have no room for that many stories")
        day = _days(rng)
        key = f"dedup-story-{attempt}"
        story = compose_story(key, day=day, reporter_voice=rng.random() < 0.3)
        paragraphs = list(story.paragraphs)
        form = rng.random()
        if form < 0.4:
            paragraphs.extend(work_review(rng, story.place, day, rng.randint(3, 6)))
        elif form < 0.65:
            paragraphs.extend(work_review(rng, story.place, day, rng.randint(8, 14)))
        if not distinct.check((story, len(paragraphs))):
            continue
        distinct.add((story, len(paragraphs)))
        texts.append(
            _Text(
                f"story-{len(texts):03d}",
                "story",
                story.titles,
                tuple(paragraphs),
                day,
                _context(story.place, day),
            )
        )
    return texts


@cache
def _template_patterns(topic_key: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Every paragraph template of a topic, as a pattern matching its filled-in texts."""
    chosen = topic_named(topic_key)
    templates = [*chosen.leads, *(w for m in chosen.middles for w in m), *chosen.closings]
    out = []
    for template in templates:
        parts = re.split(r"\{[a-z_0-9]+\}", template)
        out.append((template, re.compile("(.*?)".join(re.escape(p) for p in parts) + r"\Z")))
    return tuple(out)


def _wordings(paragraphs: Sequence[str], topic: str) -> set[str]:
    """The templates of ``topic`` that paragraphs were written from."""
    found = set()
    for paragraph in paragraphs:
        for template, pattern in _template_patterns(topic):
            if pattern.match(paragraph):
                found.add(template)
                break
    return found


def _same_topic_groups(rng: random.Random, groups: int, distinct: _Distinct) -> list[_Text]:
    """Different stories on one topic in one city, published within a few weeks."""
    texts: list[_Text] = []
    topics: list[Topic] = list(TOPICS)
    offset = 0
    for g in range(groups):
        members: list[Story] = []
        while not members:
            chosen = topics[(g + offset) % len(topics)]
            members = _group(rng, chosen, f"dedup-topic-{g}-{offset}", distinct)
            offset += 0 if members else 1
        for m, story in enumerate(members):
            texts.append(
                _Text(
                    f"topic-{g:02d}{'abc'[m]}",
                    "same-topic",
                    story.titles,
                    story.paragraphs,
                    story.day,
                    _context(story.place, story.day),
                    copied=0.35,
                )
            )
    return texts


def _group(rng: random.Random, chosen: Topic, key: str, distinct: _Distinct) -> list[Story]:
    """Two or three stories on ``chosen`` in one city, or none when the topic has no room
    left for them."""
    place = PLACES[rng.randrange(len(PLACES))]
    month = rng.choice(chosen.months)
    members: list[Story] = []
    for attempt in range(400):
        day = date(2025, month, rng.randint(1, 28))
        story = compose_story(f"{key}-{attempt}", day=day, topic=chosen.key, place=place)
        if members:  # one union: the same leader speaks in every story of the group
            story = _with_leader(story, person(members[0].key, "leader").name)
        if distinct.check(*((m, len(m.paragraphs)) for m in [*members, story])):
            members.append(story)
            if len(members) == 2 + (stable_hash(key) % 3 == 0):
                distinct.add(*((m, len(m.paragraphs)) for m in members))
                return members
    return []


def _with_leader(story: Story, leader: str) -> Story:
    own = person(story.key, "leader").name
    return replace(
        story,
        titles=tuple(t.replace(own, leader) for t in story.titles),
        paragraphs=tuple(p.replace(own, leader) for p in story.paragraphs),
    )


def _numbers(rng: random.Random) -> dict[str, str]:
    return {
        "n1": str(rng.randint(3, 60)),
        "n2": str(rng.randint(100, 9000)),
        "pct": str(rng.randint(80, 99)),
    }


def _meetings(rng: random.Random) -> list[_Text]:
    """Reports of different meetings: the national federation's (several per day, same
    leader) and two provincial federations'; any two share at most one agenda item or studied
    document beyond the formula sentences."""
    leader = person("dedup", "acftu-leader", female=False).name
    members = "、".join(person("dedup", "acftu-member", i).name for i in range(4))
    texts: list[_Text] = []
    used: list[set[str]] = []

    def topics_free(chosen: set[str]) -> bool:
        return all(len(chosen & other) <= 1 for other in used)

    def pick_agenda(same_day: set[str]) -> tuple[tuple[str, str], tuple[AgendaItem, ...]]:
        while True:
            document = rng.choice(DOCUMENTS)
            items = tuple(rng.sample(AGENDA, k=rng.randint(2, 3)))
            chosen = {document[0], *(i.key for i in items)}
            if not chosen & same_day and topics_free(chosen):
                used.append(chosen)
                same_day.update(chosen)
                return document, items

    def report(
        opening: str,
        closing: str,
        slots: dict[str, str],
        document: tuple[str, str],
        items: tuple[AgendaItem, ...],
    ) -> list[str]:
        slots = {**slots, **_numbers(rng), "document": document[0]}
        paragraphs = [opening.format_map(slots)]
        if rng.random() < 0.5:
            paragraphs.append(document[1].format_map(slots))
        for item in items:
            filled = {**slots, **_numbers(rng)}
            paragraphs.append(item.heard.format_map(filled) + item.stressed.format_map(filled))
        paragraphs.append(closing.format_map(slots))
        return paragraphs

    beijing = next(p for p in PLACES if p.key == "beijing")
    national_days = sorted({_days(rng) for _ in range(7)})
    n = 0
    for day in national_days:
        same_day: set[str] = set()
        for _ in range(rng.choice((3, 3, 4))):
            document, items = pick_agenda(same_day)
            slots = {
                "date": f"{day.month}月{day.day}日",
                "leader": leader,
                "members": members,
                "year": str(day.year),
                "year_prev": str(day.year - 1),
                "season": _SEASON.get(day.month, "今年"),
            }
            opening, closing = rng.choice(MEETING_OPENINGS), rng.choice(MEETING_CLOSINGS)
            paragraphs = report(opening, closing, slots, document, items)
            title = f"全总党组会议传达学习{document[0]}精神"
            texts.append(
                _Text(
                    f"meeting-{n:02d}",
                    "meeting",
                    (title, f"{leader}主持召开全总党组会议"),
                    tuple(paragraphs),
                    day,
                    _context(beijing, day),
                    copied=0.35,
                )
            )
            n += 1
    for key in ("hangzhou", "wuhan"):
        place = next(p for p in PLACES if p.key == key)
        chief = person("dedup", "province-leader", key).name
        used.clear()
        for day in sorted({_days(rng) for _ in range(5)}):
            same_day = set()
            document, items = pick_agenda(same_day)
            slots = {
                "date": f"{day.month}月{day.day}日",
                "leader": chief,
                "org_prov": place.province + "总工会",
                "year": str(day.year),
                "year_prev": str(day.year - 1),
                "season": _SEASON.get(day.month, "今年"),
                "members": members,
            }
            opening, closing = rng.choice(PROVINCE_OPENINGS), rng.choice(PROVINCE_CLOSINGS)
            paragraphs = report(opening, closing, slots, document, items)
            title = f"{place.province}总工会党组会议传达学习{document[0]}精神"
            texts.append(
                _Text(
                    f"meeting-{n:02d}",
                    "meeting",
                    (title, f"{place.province_short}总工会研究部署近期工作"),
                    tuple(paragraphs),
                    day,
                    _context(place, day),
                    copied=0.35,
                )
            )
            n += 1
    return texts


_VENUES = ("市职工服务中心三楼会议室", "市工人文化宫报告厅", "市总工会机关一号会议室")
_MEETINGS = ("全市工会系统{year}年度工作会议", "全市工会财务工作会议", "全市工会宣传工作座谈会")
_ATTENDEES = ("主要负责同志", "分管负责同志和财务科长", "宣传委员")
_HOLIDAYS = ("春节", "元宵节", "清明节")
_SERVICES = (
    "12351职工服务热线",
    "法律援助值班电话",
    "线上“职工之家”服务专区",
    "困难职工帮扶急事窗口",
    "户外劳动者服务站点",
)
_HOURS = ("工作日8:30-17:30", "周一至周六9:00-17:00", "工作日9:00-12:00、13:30-17:30")
_COURSES = ("育婴员", "电工", "中式烹调师", "直播电商", "养老护理员")


def _notices(rng: random.Random, per_template: int) -> list[_Text]:
    """Short notices, several per template; some cities post the same kind twice (other
    dates, names and numbers)."""
    texts: list[_Text] = []
    cities = rng.sample(PLACES, k=5)
    n = 0
    for notice in NOTICES:
        for i in range(per_template):
            place = cities[i % len(cities)]  # the first cities post twice
            day = _days(rng)
            texts.append(_notice(notice, place, day, rng, f"notice-{n:02d}"))
            n += 1
    return texts


def _notice(notice: Notice, place: Place, day: date, rng: random.Random, cluster: str) -> _Text:
    def md(d: date) -> str:
        return f"{d.month}月{d.day}日"

    names = "、".join(person("dedup", cluster, i).name for i in range(3))
    slots = {
        "year": str(day.year),
        "city": place.city,
        "city_s": place.city_short,
        "org_city": place.city + "总工会",
        "names": names,
        "n": str(rng.randint(20, 120)),
        "d1": md(day + timedelta(days=rng.randint(1, 3))),
        "d2": md(day + timedelta(days=rng.randint(6, 9))),
        "d3": md(day + timedelta(days=rng.randint(10, 12))),
        "phone": f"0{rng.randint(10, 99)}-{rng.randint(8000_0000, 8999_9999)}",
        "meeting": rng.choice(_MEETINGS).format(year=day.year),
        "venue": rng.choice(_VENUES),
        "attendee": rng.choice(_ATTENDEES),
        "contact": person("dedup", cluster, "contact").name,
        "holiday": rng.choice(_HOLIDAYS),
        "district": rng.choice(place.districts),
        "street": rng.choice(STREETS),
        "number": str(rng.randint(1, 300)),
        "services": "、".join(rng.sample(_SERVICES, k=rng.randint(1, 3))),
        "hours": rng.choice(_HOURS),
        "course": rng.choice(_COURSES),
    }
    return _Text(
        cluster,
        "notice",
        (notice.title.format_map(slots), "通知公告：" + notice.title.format_map(slots)),
        (notice.text.format_map(slots),),
        day,
        _context(place, day),
        copied=0.3,
    )


# -- publication --------------------------------------------------------------------------------


def _weighted(rng: random.Random, weights: Mapping[_K, int]) -> _K:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _publish(text: _Text, rng: random.Random) -> list[CorpusArticle]:
    """The original page and its copies, with sites, dates and 来源 consistent with the
    canonical rule (earliest day; within it, the site the copies name)."""
    site = rng.choice(_ORIGINAL_SITES)
    if text.family == "meeting":
        site = "portal" if text.context.place.key == "beijing" else "province"
    at = datetime.combine(text.day, time(rng.randint(8, 18), rng.choice((0, 15, 30))), CST)
    own = SITES[site].name
    original = CorpusArticle(
        id=f"{text.cluster}/original",
        cluster=text.cluster,
        family=text.family,
        kind="original",
        site=site,
        url=f"http://{site}.test/{text.day:%Y%m}/{text.cluster}.html",
        title=text.titles[0],
        body="\n".join(text.paragraphs),
        published_at=at,
        published_precision="minute",
        source=own,
        source_site=site,
    )
    out = [original]
    count = _weighted(rng, COPY_COUNTS) if rng.random() < text.copied else 0
    if count == 0 and text.copied < 1 and rng.random() < text.copied:
        count = 1
    for c in range(count):
        kinds = [k for k in COPY_KINDS if fits(k, len(text.paragraphs))]
        kind = _weighted(rng, {k: COPY_KINDS[k] for k in kinds})
        if "mirror" in kind and site == "portal":
            copy_site = "portal-big5"
        elif kind == "scraped":
            copy_site = "forum"
        else:
            copy_site = rng.choice([s for s in _COPY_SITES if s != site])
        paragraphs = _copy_paragraphs(kind, text.paragraphs, text.titles[0], text.context, rng)
        # Copies appear the same day (often a page that shows only the day, so 00:00 sorts
        # before the original) or up to three days later; a same-day copy always names the
        # original's site, a later one sometimes names none.
        delay = rng.choice((0, 0, 1, 1, 2, 3))
        if delay == 0 and rng.random() < 0.5:
            when, precision = datetime.combine(text.day, time(0, 0), CST), "day"
        else:
            when = at + timedelta(days=delay, hours=rng.randint(0 if delay else 1, 6))
            precision = "minute"
        names_source = delay == 0 or rng.random() < 0.7
        title = _copy_title(text, rng, kind)
        out.append(
            CorpusArticle(
                id=f"{text.cluster}/{kind}-{c}",
                cluster=text.cluster,
                family=text.family,
                kind=kind,
                site=copy_site,
                url=f"http://{copy_site}.test/{text.day:%Y%m}/{text.cluster}-{c}.html",
                title=title,
                body="\n".join(p for p in paragraphs if p),
                published_at=when,
                published_precision=precision,
                source=own if names_source else rng.choice((None, "新华社", "网络")),
                source_site=site if names_source else None,
            )
        )
    return out


def _copy_title(text: _Text, rng: random.Random, kind: str) -> str:
    if kind == "reprint" or "title-line" in kind:
        return rng.choice(text.titles[1:] or text.titles)
    if "mirror" in kind or kind == "scraped":
        return _t2s(_s2t(text.titles[0]))
    prefix = rng.choice(("", "【工会要闻】", f"{text.context.place.city_short}：", "转载｜"))
    return prefix + text.titles[0]


@lru_cache(maxsize=1)
def build_corpus() -> tuple[CorpusArticle, ...]:
    """The whole labelled corpus, in a fixed order (originals before their copies)."""
    rng = random.Random(SEED)
    distinct = _Distinct()
    texts = [
        *_same_topic_groups(random.Random(rng.random()), 14, distinct),
        *_stories(random.Random(rng.random()), 90, distinct),
        *_meetings(random.Random(rng.random())),
        *_notices(random.Random(rng.random()), 7),
    ]
    articles: list[CorpusArticle] = []
    for text in texts:
        articles.extend(_publish(text, random.Random(f"{SEED}:{text.cluster}")))
    return tuple(articles)


# -- use ------------------------------------------------------------------------------------------


def to_record(
    article: CorpusArticle, keys: Callable[[str], tuple[int, ...]] = lsh_keys_for
) -> ArticleRecord:
    """The record the pipeline would store for this page (``pipelines.store.to_record``)."""
    return ArticleRecord(
        site=article.site,
        url=article.url,
        canonical_url=article.url,
        title=article.title,
        body=article.body,
        content_hash=content_hash(article.body),
        extractor_version="dedup-corpus",
        published_at=article.published_at,
        published_precision=article.published_precision,
        source=article.source,
        lsh_keys=keys(article.body),
        source_site=article.source_site,
    )


def _pairs(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def pairwise_scores(
    truth: Mapping[str, Hashable], predicted: Mapping[str, Hashable]
) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering: over the pairs of articles put in one
    cluster, the share that are truly one story; over the pairs that are one story, the share
    put in one cluster."""
    together = _pairs(Counter((truth[a], predicted[a]) for a in truth).values())
    predicted_pairs = _pairs(Counter(predicted[a] for a in truth).values())
    true_pairs = _pairs(Counter(truth.values()).values())
    precision = together / predicted_pairs if predicted_pairs else 1.0
    recall = together / true_pairs if true_pairs else 1.0
    return precision, recall


def composition(articles: Sequence[CorpusArticle]) -> str:
    """A readable summary: articles and stories per family, copies per kind, true pairs."""
    lines = []
    by_family = Counter(a.family for a in articles)
    stories = Counter(a.family for a in articles if a.is_original)
    for family, count in by_family.items():
        lines.append(f"{family:<11} {count:>4} articles in {stories[family]:>3} stories")
    kinds = Counter(a.kind for a in articles if not a.is_original)
    lines.append("copies: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    sizes = Counter(a.cluster for a in articles).values()
    lines.append(
        f"total {len(articles)} articles, {len(sizes)} stories "
        f"({sum(1 for s in sizes if s == 1)} without copies), {_pairs(sizes)} same-story pairs"
        f" of {_pairs([len(articles)])}"
    )
    return "\n".join(lines)
