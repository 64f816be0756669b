from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawler.sites import SiteConfigError, SiteRegistry, adhoc_site, load_site_file

GOOD = """
id = "{id}"
name = "测试工会"
level = "city"
start_urls = ["http://gh.test/list.asp"]
article_pattern = 'news_view\\.asp\\?id=\\d+'
list_pattern = 'news_list\\.asp'
[politeness]
download_delay = 1.5
concurrency = 2
"""


def write(tmp_path: Path, text: str, name: str = "gh-test") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_loads_with_defaults(tmp_path: Path) -> None:
    site = load_site_file(write(tmp_path, GOOD.format(id="gh-test")))
    assert site.allowed_hosts == ("gh.test",)
    assert site.enabled and not site.demo
    assert site.politeness.download_delay == 1.5
    assert site.is_article("http://gh.test/news_view.asp?id=12")
    assert site.is_list("http://gh.test/news_list.asp?page=2")
    assert not site.is_list("http://gh.test/about.asp")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace('level = "city"', 'level = "town"'), "level must be one of"),
        (lambda t: t.replace('name = "测试工会"\n', ""), "name is missing"),
        (lambda t: t.replace("news_list\\.asp", "news_list(["), "list_pattern is not a valid"),
        (lambda t: t.replace("concurrency = 2", "concurrency = 0"), "politeness.concurrency"),
        (lambda t: 'colour = "red"\n' + t, "colour is not a known key"),
        (lambda t: t + "delay = 3\n", "politeness.delay is not a known key"),
        (lambda t: t.replace('["http://gh.test/list.asp"]', '["ftp://gh.test/"]'), "start_urls"),
        (
            lambda t: t.replace("[politeness]", "[selectors]\nauthor = 'h1'\n[politeness]"),
            "selectors.author",
        ),
    ],
)
def test_errors_name_the_file_and_the_key(tmp_path: Path, change: object, message: str) -> None:
    path = write(tmp_path, change(GOOD.format(id="gh-test")))  # type: ignore[operator]
    with pytest.raises(SiteConfigError, match=message) as info:
        load_site_file(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_id_must_match_the_file_name(tmp_path: Path) -> None:
    with pytest.raises(SiteConfigError, match="must equal the file name"):
        load_site_file(write(tmp_path, GOOD.format(id="other")))


def test_broken_toml_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(SiteConfigError, match="not valid TOML"):
        load_site_file(write(tmp_path, "id = "))


def test_registry_adds_extra_folders_and_names_unknown_sites(tmp_path: Path) -> None:
    write(tmp_path, GOOD.format(id="gh-test"))
    registry = SiteRegistry.load([tmp_path])
    assert registry.get("gh-test").name == "测试工会"
    with pytest.raises(SiteConfigError, match="unknown site 'nope'"):
        registry.get("nope")


def test_builtin_demo_sites_load() -> None:
    registry = SiteRegistry.load()
    assert {s.id for s in registry.demo_sites()} >= {"demo-portal", "demo-province", "demo-city"}


def test_adhoc_site_allows_the_start_hosts_and_subdomains() -> None:
    site = adhoc_site(["http://gh.test/news/"], follow="/news/", article=r"/news/\d+")
    assert site.allows("http://gh.test/a") and site.allows("http://m.gh.test/a")
    assert not site.allows("http://evil.test/gh.test")
    assert site.is_article("http://gh.test/news/12")
    with pytest.raises(SiteConfigError, match="--follow is not a valid regular expression"):
        adhoc_site(["http://gh.test/"], follow="(")
    with pytest.raises(SiteConfigError, match="not an http"):
        adhoc_site(["gh.test/news"])


def top(line: str) -> str:
    """GOOD with a top-level ``line`` (before its [politeness] table)."""
    return GOOD.format(id="gh-test").replace("[politeness]", line + "\n[politeness]")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (top('schedule = "61 * * * *"'), r"schedule '61 \* \* \* \*' is not a cron expression"),
        (top('schedule = "every hour"'), "schedule 'every hour' is not a cron expression"),
        (GOOD.replace("news_view\\.asp", "news_view(["), "article_pattern is not a valid"),
        (GOOD.replace('level = "city"\n', ""), "level is missing"),
        (top("date_days = 0"), "date_days must be a number >= 1"),
        (top("date_start_urls = ['http://gh.test/paper.html']"), "does not use the date"),
        (top("date_start_urls = ['http://gh.test/{day:%Y}.html']"), "is not a template"),
        (top("date_start_urls = ['{date:%Y}/index.html']"), "does not give an http"),
    ],
)
def test_schedule_and_date_errors_name_the_file_and_the_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text.replace("{id}", "gh-test"))
    with pytest.raises(SiteConfigError, match=message) as info:
        load_site_file(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_a_valid_cron_schedule_loads(tmp_path: Path) -> None:
    site = load_site_file(write(tmp_path, top('schedule = "0 7 * * mon-fri"')))
    assert site.schedule == "0 7 * * mon-fri"


def test_date_templates_give_one_start_url_per_day_newest_first(tmp_path: Path) -> None:
    text = top("date_start_urls = ['http://gh.test/paper/{date:%Y/%m/%d}/1/page.html']")
    site = load_site_file(write(tmp_path, text))
    urls = site.start_urls_for(date(2025, 1, 30), date(2025, 2, 1))
    assert urls == [
        "http://gh.test/list.asp",
        "http://gh.test/paper/2025/02/01/1/page.html",
        "http://gh.test/paper/2025/01/31/1/page.html",
        "http://gh.test/paper/2025/01/30/1/page.html",
    ]


def test_a_dated_site_needs_no_fixed_start_url_and_defaults_to_its_last_days(
    tmp_path: Path,
) -> None:
    text = GOOD.format(id="gh-test").replace(
        'start_urls = ["http://gh.test/list.asp"]',
        "date_start_urls = ['http://gh.test/{date:%Y-%m/%d}/node_2.htm']\ndate_days = 2",
    )
    site = load_site_file(write(tmp_path, text))
    assert site.allowed_hosts == ("gh.test",)
    today = datetime.now(timezone(timedelta(hours=8))).date()
    assert site.start_urls_for() == [
        f"http://gh.test/{day:%Y-%m/%d}/node_2.htm" for day in (today, today - timedelta(days=1))
    ]


def test_links_are_classified_like_the_spider_follows_them(tmp_path: Path) -> None:
    site = load_site_file(write(tmp_path, GOOD.format(id="gh-test")))
    assert site.classify("http://gh.test/news_view.asp?id=3") == "article"
    assert site.classify("http://gh.test/news_list.asp?page=2") == "list"
    assert site.classify("http://gh.test/about.asp") == "ignored"
    assert site.classify("http://other.test/news_view.asp?id=3") == "outside"


def test_real_presets_are_polite_and_scheduled() -> None:
    for site in SiteRegistry.load():
        if site.demo:
            continue
        assert site.politeness.download_delay >= 1.0, site.id
        assert site.politeness.concurrency <= 2, site.id
        assert site.schedule and site.article_pattern and site.list_pattern, site.id


def test_revisit_days_is_optional_and_validated(tmp_path: Path) -> None:
    assert load_site_file(write(tmp_path, GOOD.format(id="gh-test"))).revisit_days is None
    text = GOOD.format(id="gh-test").replace('level = "city"', 'level = "city"\nrevisit_days = 5')
    assert load_site_file(write(tmp_path, text)).revisit_days == 5.0
    bad = GOOD.format(id="gh-test").replace('level = "city"', 'level = "city"\nrevisit_days = -1')
    with pytest.raises(SiteConfigError, match=r"gh-test\.toml.*revisit_days"):
        load_site_file(write(tmp_path, bad))
