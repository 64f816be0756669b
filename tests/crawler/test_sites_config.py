from __future__ import annotations

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
