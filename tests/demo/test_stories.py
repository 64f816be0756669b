"""The vocabulary and templates compose coherent, deterministic stories for any key."""

from __future__ import annotations

import re
from datetime import date

import pytest

from crawler.demo import compose_story
from crawler.demo.stories import MAX_PARAGRAPHS, MIN_PARAGRAPHS
from crawler.demo.topics import TOPICS
from crawler.demo.vocabulary import PLACES, between, people, person, pick, stable_hash

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def test_stable_hash_is_crc32_of_the_parts() -> None:
    assert stable_hash("a", 1) == stable_hash("a", 1)
    assert stable_hash("a", 1) != stable_hash("a1")
    assert stable_hash("demo") == 0xD642DFA0  # CRC-32: the same on every Python
    assert pick(("x", "y", "z"), "k") == pick(("x", "y", "z"), "k")
    assert all(3 <= between(3, 5, "k", i) <= 5 for i in range(50))
    with pytest.raises(ValueError, match="at least one"):
        pick((), "k")


def test_names_are_distinct_when_asked() -> None:
    names = people(4, "story", "rep")
    assert len(set(names)) == 4
    assert all(2 <= len(name) <= 3 for name in names)
    pool = ("甲一", "乙二", "丙三")
    assert set(people(3, "story", pool=pool)) == set(pool)
    assert person("k", female=True).pronoun == "她"


@pytest.mark.parametrize("topic", [t.key for t in TOPICS])
def test_every_topic_composes_coherent_stories(topic: str) -> None:
    months = next(t.months for t in TOPICS if t.key == topic)
    for index in range(60):
        day = date(2025, months[index % len(months)], 1 + index % 28)
        place = PLACES[index % len(PLACES)]
        story = compose_story(f"test/{topic}/{index}", day=day, topic=topic, place=place)
        assert story.topic == topic
        assert MIN_PARAGRAPHS <= len(story.paragraphs) <= MAX_PARAGRAPHS
        text = "\n".join(story.paragraphs)
        assert not re.search(r"[{}]", text + "".join(story.titles)), text
        assert len(set(story.titles)) == len(story.titles) >= 2
        # A number in any headline is a fact the text states.
        for title in story.titles:
            for number in _NUMBER.findall(title):
                assert number == "2025" or number in text, (title, text)
        assert (
            place.city_short in text
            or place.city in text
            or any(district in text for district in place.districts)
        )


def test_stories_are_deterministic_and_vary_with_the_key() -> None:
    day = date(2025, 2, 14)
    first = compose_story("same", day=day)
    assert compose_story("same", day=day) == first
    others = {compose_story(f"other/{i}", day=day).paragraphs for i in range(20)}
    assert len(others) == 20


def test_a_chosen_topic_fits_the_month() -> None:
    for index in range(100):
        day = date(2025, 1 + index % 3, 10)
        story = compose_story(f"month/{index}", day=day)
        months = next(t.months for t in TOPICS if t.key == story.topic)
        assert day.month in months


def test_length_and_reporter_voice() -> None:
    day = date(2025, 3, 3)
    short = compose_story("len", day=day, topic="safety", length=3)
    assert len(short.paragraphs) == 3
    capped = compose_story("len", day=day, topic="safety", length=20)
    assert len(capped.paragraphs) <= MAX_PARAGRAPHS
    leads = []
    for index in range(40):
        key = f"voice/{index}"
        voiced = compose_story(key, day=day, topic="gig-union", reporter_voice=True)
        silent = compose_story(key, day=day, topic="gig-union", reporter_voice=False)
        leads.append(voiced.paragraphs[0])
        assert "记者" not in silent.paragraphs[0]
    assert any("记者从" in lead for lead in leads)
    vague = compose_story("vague", day=day, topic="safety", vague_date=True)
    dated = compose_story("vague", day=day, topic="safety", vague_date=False)
    assert "近日" in vague.paragraphs[0] and "3月3日" in dated.paragraphs[0]
