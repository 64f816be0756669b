"""News templates, one :class:`Topic` per kind of union news.

A topic's templates all describe the same kind of event, so any lead reads well with any
subset of the middle paragraphs (kept in order) and any closing. Most paragraphs come in two
wordings, so that two stories on one topic do not read alike. Templates are
:meth:`str.format` strings over the slots :mod:`crawler.demo.stories` fills:

* time: ``year``, ``year_prev``, ``date`` (``1月22日`` or ``近日``), ``season`` /
  ``season_short`` (``春节前`` / ``节前``, ``节后复工复产`` / ``复工复产``, ``春季`` / ``春季``);
* place: ``prov``, ``prov_s``, ``city``, ``city_s``, ``district``, ``street``, ``destination``;
  unions ``org_prov``, ``org_city``, ``org_dist``;
* people: ``leader`` with ``leader_title``; ``worker`` (``w_pron``, ``w_age``, ``w_years``) at
  ``company`` as ``job`` (``worker_desc`` = company + job); ``worker2`` (``w2_pron``) at
  ``company2``; ``worker_f`` and ``worker2_f`` (women); ``family``; ``reporter`` (``记者`` when
  the story has a reporter, else empty);
* the topic's own ``numbers`` and ``choices``.

The topics live in theme modules (:mod:`~crawler.demo.topics.honours`,
:mod:`~crawler.demo.topics.rights`, :mod:`~crawler.demo.topics.care`,
:mod:`~crawler.demo.topics.culture`); :data:`TOPICS` lists them in a fixed order.
"""

from __future__ import annotations

from crawler.demo.topics.care import MENTAL_HEALTH, MUTUAL_AID, RECUPERATION, STATION, WARMTH, WOMEN
from crawler.demo.topics.common import Choice, Number, Topic
from crawler.demo.topics.culture import NEW_YEAR, READING, SPORTS
from crawler.demo.topics.honours import INNOVATION, MODEL_WORKER, SKILLS_CONTEST, TRAINING
from crawler.demo.topics.rights import BARGAINING, GIG_UNION, JOB_FAIR, SAFETY, WAGE_ARREARS

__all__ = ["TOPICS", "Choice", "Number", "Topic", "topic"]

#: Every topic, in the order stories are drawn from (do not reorder: it changes the demo).
TOPICS: tuple[Topic, ...] = (
    MODEL_WORKER,
    RECUPERATION,
    GIG_UNION,
    SKILLS_CONTEST,
    SAFETY,
    WARMTH,
    STATION,
    BARGAINING,
    JOB_FAIR,
    WOMEN,
    WAGE_ARREARS,
    INNOVATION,
    NEW_YEAR,
    MUTUAL_AID,
    READING,
    MENTAL_HEALTH,
    SPORTS,
    TRAINING,
)


def topic(key: str) -> Topic:
    """The topic with this key."""
    for candidate in TOPICS:
        if candidate.key == key:
            return candidate
    raise KeyError(key)
