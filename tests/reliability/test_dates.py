"""Dates: labels are stripped before parsing, a month-day date resolves to the past in
Asia/Shanghai relative to the crawl time, and a date in the future is flagged, not stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crawler.extract import extract_article
from crawler.extract.dates import future_date_problem, parse_date, shanghai

CRAWL_TIME = datetime(2025, 1, 5, 12, 0, tzinfo=shanghai())


@pytest.mark.parametrize(
    "text",
    [
        "发布时间：2024年3月5日",
        "发布时间:2024年3月5日",
        "〖发布日期：2024年3月5日〗",
        "【发布时间】2024-03-05",
        "发布于 2024.3.5",
        "日期：2024/3/5",
        "来源：工人日报 发布时间：2024年03月05日",
    ],
)
def test_a_labelled_date_parses_without_its_label(text: str) -> None:
    match = parse_date(text, now=CRAWL_TIME)
    assert match is not None
    assert match.value.date().isoformat() == "2024-03-05"


def test_a_labelled_date_with_a_time_keeps_the_time() -> None:
    match = parse_date("发布时间：2024年3月5日 10:20", now=CRAWL_TIME)
    assert match is not None
    assert match.value == datetime(2024, 3, 5, 10, 20, tzinfo=shanghai())
    assert match.label == "发布时间"


def test_a_month_day_date_of_a_later_month_is_last_year() -> None:
    match = parse_date("12月20日 18:10", now=CRAWL_TIME)
    assert match is not None
    assert match.value == datetime(2024, 12, 20, 18, 10, tzinfo=shanghai())


def test_a_month_day_date_earlier_this_year_is_this_year() -> None:
    match = parse_date("1月3日 09:30", now=CRAWL_TIME)
    assert match is not None
    assert match.value == datetime(2025, 1, 3, 9, 30, tzinfo=shanghai())


def test_a_month_day_date_resolves_in_shanghai_not_utc() -> None:
    # 2025-01-01 17:00 UTC is already 2 January in Beijing: "1月2日" is today, not last year.
    crawl_time = datetime(2025, 1, 1, 17, 0, tzinfo=UTC)
    match = parse_date("1月2日 00:30", now=crawl_time)
    assert match is not None
    assert match.value == datetime(2025, 1, 2, 0, 30, tzinfo=shanghai())


def test_a_month_day_date_is_never_read_as_a_year() -> None:
    match = parse_date("时间：12月20日 18:10", now=CRAWL_TIME)
    assert match is not None
    assert match.value.year == 2024  # dateparser alone reads 2012-11-20


def test_a_date_more_than_a_day_ahead_is_a_problem() -> None:
    ahead = CRAWL_TIME + timedelta(days=3)
    problem = future_date_problem(ahead, "2025-01-08", now=CRAWL_TIME)
    assert problem == "publish date in the future: 2025-01-08"


def test_a_date_a_few_hours_ahead_is_a_clock_slip_not_a_problem() -> None:
    assert future_date_problem(CRAWL_TIME + timedelta(hours=20), None, now=CRAWL_TIME) is None
    assert future_date_problem(CRAWL_TIME - timedelta(days=400), None, now=CRAWL_TIME) is None


def page(date_line: str) -> bytes:
    paragraphs = "".join(
        f"<p>第{i}段：市总工会组织开展职工技能竞赛，推动产业工人队伍建设改革，切实维护职工合法权益。</p>"
        for i in range(5)
    )
    return (
        "<html><head><meta charset='utf-8'><title>职工技能竞赛启动</title></head><body>"
        f"<h1>职工技能竞赛启动</h1><div class='info'>{date_line} 来源：工人日报</div>"
        f"<div class='content'>{paragraphs}</div></body></html>"
    ).encode()


def test_an_article_dated_in_the_future_stores_no_date_and_says_why() -> None:
    article = extract_article(
        page("发布时间：2031年6月1日 08:00"), "http://x.test/a/1.html", now=CRAWL_TIME
    )
    assert article.title and article.body  # still an article
    assert article.published_at is None
    assert "publish date in the future: 2031年6月1日 08:00" in article.problems


def test_an_article_dated_today_keeps_its_date() -> None:
    article = extract_article(
        page("发布时间：2025年1月5日 18:00"), "http://x.test/a/1.html", now=CRAWL_TIME
    )
    assert article.published_at == datetime(2025, 1, 5, 18, 0, tzinfo=shanghai())
    assert not [p for p in article.problems if "future" in p]


def test_an_article_with_a_month_day_date_gets_last_years_december() -> None:
    article = extract_article(
        page("发布时间：12月20日 18:10"), "http://x.test/a/1.html", now=CRAWL_TIME
    )
    assert article.published_at == datetime(2024, 12, 20, 18, 10, tzinfo=shanghai())
