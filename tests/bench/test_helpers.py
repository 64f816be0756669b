"""The scoring and peer-reading helpers of ``bench.extract`` on small hand-made cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bench.adapters import Extracted, parse_peer_date, split_names
from bench.corpus import fixture_truth
from bench.extract import score_field
from bench.scoring import bigram_f1, date_matches_at, precision_of, text_matches

CST = timezone(timedelta(hours=8))


@pytest.mark.parametrize(
    ("author", "names"),
    [
        ("记者 郑莉 郝赫", ["郑莉", "郝赫"]),
        ("本报记者 李娜 通讯员 王磊", ["李娜", "王磊"]),
        ("记者周金友、洪菡婷", ["周金友", "洪菡婷"]),
        ("作者：白居易", ["白居易"]),
        ("文/图 张明", ["张明"]),
        ("张明 文", ["张明"]),
        ("李文；王图,赵磊", ["李文", "王图", "赵磊"]),  # 文/图 inside a name stay
        ("赵 培", ["赵培"]),  # a spaced two-character name is one name
        ("責任編輯：胡永秋 記者 王偉", ["胡永秋", "王伟"]),  # read after t2s
        ("郝赫; 郝赫", ["郝赫"]),
        ("", []),
        (None, []),
        ("记者", []),
    ],
)
def test_split_names(author: str | None, names: list[str]) -> None:
    assert split_names(author) == names


@pytest.mark.parametrize(
    ("text", "when", "precision"),
    [
        ("2024-05-04 07:28", datetime(2024, 5, 4, 7, 28, tzinfo=CST), "minute"),
        ("2022年02月09日16:59", datetime(2022, 2, 9, 16, 59, tzinfo=CST), "minute"),
        ("2025/1/23 9:10:30", datetime(2025, 1, 23, 9, 10, 30, tzinfo=CST), "second"),
        ("2021年12月22日", datetime(2021, 12, 22, tzinfo=CST), "day"),
        (" 2024.05.11", datetime(2024, 5, 11, tzinfo=CST), "day"),
        ("2024-06-11T08:30:00+08:00", datetime(2024, 6, 11, 8, 30, tzinfo=CST), "second"),
        # UTC is moved to Shanghai time.
        ("2011-06-17T11:26:10Z", datetime(2011, 6, 17, 19, 26, 10, tzinfo=CST), "second"),
        ("2024-05-09T14:30:07.000Z", datetime(2024, 5, 9, 22, 30, 7, tzinfo=CST), "second"),
    ],
)
def test_parse_peer_date(text: str, when: datetime, precision: str) -> None:
    parsed = parse_peer_date(text)
    assert parsed is not None
    assert parsed[0] == when
    assert parsed[1] == precision
    assert parsed[0].utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize("text", ["", None, "6月8日", "2024-13-40", "昨天 18:10"])
def test_parse_peer_date_without_a_full_date(text: str | None) -> None:
    assert parse_peer_date(text) is None


def test_midnight_padding_reads_as_a_day() -> None:
    padded = parse_peer_date("2024-03-08T00:00:00", midnight_is_day=True)
    assert padded is not None and padded[1] == "day"
    stated = parse_peer_date("2024-03-08 00:00:00")
    assert stated is not None and stated[1] == "second"


def test_date_precision_matching() -> None:
    at = datetime(2024, 5, 4, 7, 28, 40, tzinfo=CST)
    day = datetime(2024, 5, 4, tzinfo=CST)
    # A date without a time only matches a day label.
    assert date_matches_at(day, "day", "2024-05-04", "day")
    assert not date_matches_at(day, "day", "2024-05-04T07:28+08:00", "minute")
    assert not date_matches_at(day, "day", "2024-05-04T00:00+08:00", "minute")
    # A finer answer matches a coarser label, compared at the label's precision.
    assert date_matches_at(at, "second", "2024-05-04T07:28+08:00", "minute")
    assert date_matches_at(at, "minute", "2024-05-04", "day")
    assert not date_matches_at(at, "minute", "2024-05-04T07:28:05+08:00", "second")
    assert not date_matches_at(at, "second", "2024-05-04T07:29+08:00", "minute")
    # Compared in Shanghai time: 23:30 UTC is the next day there.
    utc = datetime(2024, 5, 3, 23, 30, tzinfo=UTC)
    assert date_matches_at(utc, "minute", "2024-05-04", "day")
    assert not date_matches_at(None, None, "2024-05-04", "day")


@pytest.mark.parametrize(
    ("value", "precision"),
    [
        ("2024-05-04", "day"),
        ("2024-05-04T07:28+08:00", "minute"),
        ("2024-05-04T07:28:05+08:00", "second"),
    ],
)
def test_precision_of(value: str, precision: str) -> None:
    assert precision_of(value) == precision


def test_bigram_f1() -> None:
    assert bigram_f1("工会职工之家", "工会职工之家") == 1.0
    assert bigram_f1("工会 职工\n之家", "工會職工之家") == 1.0  # whitespace and script ignored
    assert bigram_f1("工会职工", "天气晴朗") == 0.0
    assert bigram_f1("", "工会") == 0.0
    assert bigram_f1(None, None) == 1.0
    assert 0.0 < bigram_f1("工会职工之家", "工会职工") < 1.0


def test_text_matches() -> None:
    assert text_matches("全總召開 座談會", "全总召开座谈会")
    assert text_matches(None, "")
    assert not text_matches("工人日报", None)


def test_fixture_truth() -> None:
    truth = fixture_truth(
        {
            "title": "标题",
            "published_at": "2025-02-25T06:45+08:00",
            "reporters": ["郑莉"],
            "correspondents": ["王磊"],
            "editor": None,
            "body_contains": ["工会"],
            "body_not_contains": ["记者"],
            "is_article": True,
            "problems": [],
        }
    )
    assert truth["published_precision"] == "minute"
    assert truth["authors"] == ["郑莉", "王磊"]
    assert truth["editor"] is None
    assert truth["body_checks"] == (["工会"], ["记者"])
    assert "problems" not in truth
    assert "authors" not in fixture_truth({"correspondents": ["王磊"]})


def test_score_field_on_null_labels_and_checks() -> None:
    truth = {
        "published_at": None,
        "editor": None,
        "body": None,
        "is_article": False,
        "body_checks": (["职工之家"], ["记者", "發"]),
    }
    nothing = Extracted()
    assert score_field("published_at", truth, nothing) == 1.0
    assert score_field("editor", truth, nothing) == 1.0
    assert score_field("body", truth, nothing) == 1.0
    assert score_field("is_article", truth, nothing) == 1.0
    wrong = Extracted(
        title="标题",
        body="本报记者 职工之家建設",
        editor="王伟",
        published_at=datetime(2024, 1, 1, tzinfo=CST),
        published_precision="day",
    )
    assert score_field("published_at", truth, wrong) == 0.0
    assert score_field("editor", truth, wrong) == 0.0
    assert score_field("body", truth, wrong) == 0.0
    assert score_field("is_article", truth, wrong) == 0.0
    # 职工之家 present (1), 记者 present (0), 發 absent after t2s (1).
    assert score_field("body_checks", truth, wrong) == pytest.approx(2 / 3)
    # A peer that raised scores 0, whatever the label.
    assert score_field("editor", truth, None) == 0.0


def test_score_field_names_and_counts() -> None:
    got = Extracted(authors=("郝赫", "郑莉"), reporters=("郑莉",), click_count=8)
    assert score_field("authors", {"authors": ["郑莉", "郝赫"]}, got) == 1.0
    assert score_field("reporters", {"reporters": ["郑莉", "郝赫"]}, got) == 0.0
    assert score_field("click_count", {"click_count": 8}, got) == 1.0
    assert score_field("click_count", {"click_count": None}, got) == 0.0
