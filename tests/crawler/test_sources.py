from __future__ import annotations

from crawler.sites import SiteConfig, SourceSites


def site(site_id: str, names: list[str], *, demo: bool = False) -> SiteConfig:
    return SiteConfig.from_mapping(
        {
            "id": site_id,
            "name": site_id,
            "level": "national",
            "demo": demo,
            "start_urls": [f"http://{site_id}.test/"],
            "source_names": names,
        },
        origin="test",
    )


SOURCES = SourceSites(
    [
        site("workercn", ["中工网", "工人日报"]),
        site("demo-portal", ["中工网", "工人日报"], demo=True),
        site("gdftu", ["广东省总工会"]),
        site("demo-city", ["宜昌市总工会"], demo=True),
    ]
)


def test_a_source_name_finds_its_site_in_any_script_or_quotes() -> None:
    assert SOURCES.site_for("《工人日报》") == "demo-portal"
    assert SOURCES.site_for("廣東省總工會") == "gdftu"
    assert SOURCES.site_for("新华社") is None
    assert SOURCES.site_for(None) is None


def test_a_name_claimed_by_a_demo_and_a_real_site_goes_to_the_same_kind() -> None:
    assert SOURCES.site_for("中工网", "demo-city") == "demo-portal"
    assert SOURCES.site_for("中工网", "demo-portal") == "demo-portal"
    assert SOURCES.site_for("中工网", "gdftu") == "workercn"
