"""`unionwatch sites`, `sites check` and the crawl's date options, through the click app."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from crawler.cli import main
from tests.presets.layouts import chrome_links
from tests.presets.recorded import load_recorded


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def saved(tmp_path: Path, site_id: str, url: str) -> Path:
    path = tmp_path / "page.html"
    path.write_bytes(load_recorded(site_id).pages[url][2])
    return path


def test_sites_json_lists_every_preset_with_its_keys() -> None:
    result = run("sites", "--format", "json")
    assert result.exit_code == 0
    sites = {site["id"]: site for site in json.loads(result.output)}
    assert {"workercn", "grrb-epaper", "workercn-xz", "acftu"} <= set(sites)
    paper = sites["grrb-epaper"]
    assert paper["level"] == "paper" and paper["date_days"] == 3
    assert paper["date_start_urls"] == [
        "https://www.workercn.cn/papers/grrb/{date:%Y/%m/%d}/1/page.html"
    ]
    assert sites["workercn"]["politeness"] == {"download_delay": 1.0, "concurrency": 2}


def test_sites_check_sorts_a_list_pages_links(tmp_path: Path) -> None:
    url = "https://www.workercn.cn/32840/32840.shtml"
    page = saved(tmp_path, "workercn", url)
    result = run(
        "sites", "check", "workercn", "--file", str(page), "--url", url, "--format", "json"
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["role"] == "start"
    assert report["follow_as_list"] == ["https://www.workercn.cn/32840/32840_2.shtml"]
    assert report["follow_as_article"] == ["https://www.workercn.cn/c/2025-01-22/8432101.shtml"]
    assert {link["url"] for link in report["ignored"]} == set(chrome_links(url))
    assert report["article"] is None


def test_sites_check_extracts_an_article(tmp_path: Path) -> None:
    url = "https://www.workercn.cn/papers/grrb/2025/01/23/2/news-3.html"
    page = saved(tmp_path, "grrb-epaper", url)
    result = run("sites", "check", "grrb-epaper", "--file", str(page), "--url", url)
    assert result.exit_code == 0, result.output
    assert "an article page" in result.output
    assert "title: 暖心驿站守护户外劳动者" in result.output
    assert "photographers: 田国垒、孔国政" in result.output
    assert "follow as" not in result.output


def test_sites_check_fetches_the_first_start_url_by_default() -> None:
    result = run("sites", "check", "demo-city")
    assert result.exit_code == 0, result.output
    assert "site demo-city: http://city.unionwatch.test/" in result.output
    assert "follow as list pages (2):" in result.output
    assert "news_view.asp?id=" in result.output


def test_sites_check_errors_are_one_line(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html></html>")
    for args, message in (
        (("sites", "check", "nope"), "unknown site 'nope'"),
        (("sites", "check", "workercn", "--file", str(page)), "--file needs the page's --url"),
        (("sites", "check", "workercn", "--url", "ftp://x/"), "is not an http(s) URL"),
    ):
        result = CliRunner().invoke(main, list(args))
        assert result.exit_code == 2, args
        assert message in result.output and result.output.count("\n") == 1


def test_a_broken_site_file_is_one_line_naming_file_and_key(tmp_path: Path) -> None:
    (tmp_path / "gh-x.toml").write_text(
        'id = "gh-x"\nname = "x"\nlevel = "city"\nstart_urls = ["http://x.test/"]\n'
        'schedule = "*/61 * * * *"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["--sites-dir", str(tmp_path), "sites"])
    assert result.exit_code == 2
    assert "gh-x.toml: schedule '*/61 * * * *' is not a cron expression" in result.output
    assert result.output.count("\n") == 1


def test_crawl_rejects_a_bad_date_range() -> None:
    result = CliRunner().invoke(
        main, ["crawl", "grrb-epaper", "--since", "2025-02-01", "--until", "2025-01-01"]
    )
    assert result.exit_code == 2 and "--since is after --until" in result.output
    result = CliRunner().invoke(main, ["crawl", "grrb-epaper", "--since", "yesterday"])
    assert result.exit_code == 2 and "is not a date like" in result.output
