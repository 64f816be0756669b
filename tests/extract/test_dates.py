"""Date strings: the forms union pages print, metadata values, URL dates, and no guessing."""

from __future__ import annotations

from datetime import datetime

import pytest

from crawler.extract.dates import (
    date_from_url,
    find_dates,
    parse_date,
    parse_machine_date,
    shanghai,
)

NOW = datetime(2025, 1, 10, 12, 0, tzinfo=shanghai())


@pytest.mark.parametrize(
    ("text", "iso", "precision", "raw"),
    [
        (
            "〖发布日期:2025/1/23 9:10:30〗 〖点击量:",
            "2025-01-23T09:10:30",
            "second",
            "2025/1/23 9:10:30",
        ),
        ("2024-05-04 07:28  来源:西藏日报", "2024-05-04T07:28:00", "minute", "2024-05-04 07:28"),
        (
            "2022年02月09日16:59  来源:《工人日报》",
            "2022-02-09T16:59:00",
            "minute",
            "2022年02月09日16:59",
        ),
        ("来源:新华社   作者:     2025/4/28  人气:8", "2025-04-28T00:00:00", "day", "2025/4/28"),
        (
            "发布时间：2025-01-23 10:12  来源：江苏省总工会",
            "2025-01-23T10:12:00",
            "minute",
            "2025-01-23 10:12",
        ),
        ("《工人日报》(2021年12月22日 02版)", "2021-12-22T00:00:00", "day", "2021年12月22日"),
        ("2022年2月9日16时59分", "2022-02-09T16:59:00", "minute", "2022年2月9日16时59分"),
        (
            "2016年05月25日 星期三 下午3:20",
            "2016-05-25T15:20:00",
            "minute",
            "2016年05月25日 星期三 下午3:20",
        ),
        ("日期：2024.11.08", "2024-11-08T00:00:00", "day", "2024.11.08"),
    ],
)
def test_fast_path_forms(text: str, iso: str, precision: str, raw: str) -> None:
    match = parse_date(text, now=NOW)
    assert match is not None
    assert match.value == datetime.fromisoformat(iso).replace(tzinfo=shanghai())
    assert match.value.utcoffset() is not None
    assert (match.precision, match.raw) == (precision, raw)


def test_labels_are_recognised() -> None:
    (match,) = find_dates("〖发布日期:2025/1/23 9:10:30〗", now=NOW)
    assert match.label == "发布日期"
    (update,) = find_dates("更新时间：2025-01-24 08:00", now=NOW)
    assert update.is_update
    (plain,) = find_dates("2024-05-04 07:28", now=NOW)
    assert plain.label is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        # Month and day without a year: the most recent such day not after "now".
        ("12月20日 18:10", "2024-12-20T18:10:00"),
        ("1月5日", "2025-01-05T00:00:00"),
        ("1月10日 08:00", "2025-01-10T08:00:00"),
        ("1月11日", "2024-01-11T00:00:00"),
    ],
)
def test_month_day_resolves_against_now(text: str, iso: str) -> None:
    match = parse_date(text, now=NOW)
    assert match is not None
    assert match.value == datetime.fromisoformat(iso).replace(tzinfo=shanghai())


def test_month_day_never_becomes_2012() -> None:
    match = parse_date("12月20日 18:10", now=NOW)
    assert match is not None and match.value.year == 2024


def test_offsets_are_converted_to_shanghai() -> None:
    match = parse_machine_date("2024-05-17T09:51:00Z")
    assert match is not None
    assert match.value.isoformat() == "2024-05-17T17:51:00+08:00"
    rfc = parse_machine_date("Thu, 23 Jan 2025 10:12:00 +0800")
    assert rfc is not None
    assert (rfc.value.isoformat(), rfc.precision) == ("2025-01-23T10:12:00+08:00", "second")


def test_fallback_parser_reads_a_labelled_value() -> None:
    match = parse_date("发布时间：Jan 5, 2024 10:00", now=NOW)
    assert match is not None
    assert (match.value.isoformat(), match.precision) == ("2024-01-05T10:00:00+08:00", "minute")


@pytest.mark.parametrize(
    "text",
    [
        "没有日期的一段话",
        "第12期",
        "电话：2025-1234",
        "2025年",
        "Copyright © 2008-2025",
        "99/99/2024",
    ],
)
def test_no_date_is_no_date(text: str) -> None:
    assert parse_date(text, now=NOW) is None


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://www.workercn.cn/c/2024-05-04/8242194.shtml", "2024-05-04"),
        ("https://www.workercn.cn/papers/grrb/2021/12/22/2/news-3.html", "2021-12-22"),
        ("http://www.jsgh.org/ghyw/202501/t20250123_856321.html", "2025-01-23"),
        ("http://a.example/2025/0123/x.html", "2025-01-23"),
        ("http://ldwb.workerbj.cn/content/2023-03/02/content_124917.htm", "2023-03-02"),
        ("http://acftu.people.com.cn/n1/2022/0209/c67502-32348744.html", "2022-02-09"),
        ("http://www.xz.gov.cn/art/2025/1/23/art_1_2.html", "2025-01-23"),
        ("http://sxghgx01.sxgrw.com/typenews.asp?id=3272", None),
        ("http://www.example.cn/20251399/x.html", None),
    ],
)
def test_url_dates(url: str, day: str | None) -> None:
    match = date_from_url(url)
    if day is None:
        assert match is None
    else:
        assert match is not None
        assert (match.value.date().isoformat(), match.precision) == (day, "day")
