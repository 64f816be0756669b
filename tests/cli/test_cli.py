from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from crawler.cli import COMMANDS, main
from storage import ArticleRecord, Store, ensure_schema, open_engine
from tests.cli_helpers import commands

CST = timezone(timedelta(hours=8))


def run(*args: str, env: dict[str, str] | None = None) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def all_commands() -> list[tuple[str, ...]]:
    names: list[tuple[str, ...]] = []
    for name, command in commands().items():
        if isinstance(command, click.Group):
            names.extend((name, sub) for sub in command.commands)
        names.append((name,))
    return names


@pytest.mark.parametrize("path", all_commands(), ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = run(*path, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    assert "\\b" not in result.output  # click's no-rewrap marker is the \b character


def test_lazy_command_summaries_are_the_commands_own() -> None:
    imported = commands()
    assert set(COMMANDS) == set(imported)
    for name, (_, summary) in COMMANDS.items():
        assert summary == imported[name].get_short_help_str(10_000), name


_HELP_SCRIPT = """
import sys
from click.testing import CliRunner
from crawler.cli import COMMANDS, main
from tests.cli_helpers import commands

def render():
    return CliRunner().invoke(main, ["--help"], terminal_width=int(sys.argv[1])).output

lazy = render()
loaded = sorted(m for m in sys.modules if m.startswith("crawler.cli.") and m != "crawler.cli.app")
commands()
print(lazy == render(), loaded)
"""


@pytest.mark.parametrize("width", [60, 80, 200])
def test_top_level_help_lists_the_commands_without_importing_them(width: int) -> None:
    out = subprocess.run(
        [sys.executable, "-c", _HELP_SCRIPT, str(width)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    ).stdout
    assert out.strip() == "True []"


def test_version_says_which_page_walk_runs() -> None:
    from crawler.extract.walk import WALK_IMPLEMENTATION

    result = run("--version")
    assert result.exit_code == 0
    assert result.output.startswith("unionwatch, version ")
    assert f"(page walk: {WALK_IMPLEMENTATION})" in result.output


def test_top_level_help_shows_the_default_database(tmp_path: Path) -> None:
    result = run("--help", env={"UNIONWATCH_DB": f"sqlite:///{tmp_path}/x.db"})
    assert f"sqlite:///{tmp_path}/x.db" in result.output


@pytest.fixture
def filled_db(db_url: str) -> str:
    engine = open_engine(db_url)
    ensure_schema(engine)
    store = Store(engine)
    for n, (site, reporter) in enumerate([("s1", "郑莉"), ("s2", "王明")], start=1):
        store.save_article(
            ArticleRecord(
                site=site,
                url=f"http://a.test/{n}",
                canonical_url=f"http://a.test/{n}",
                title=f"工会新闻{n}",
                body=f"正文{n}",
                content_hash=f"{n:040d}",
                extractor_version="t",
                published_at=datetime(2025, 1, 20 + n, 9, 10, 30, tzinfo=CST),
                published_precision="second",
                reporters=(reporter,),
                editor="朱晶晶",
                editors=("朱晶晶",),
            ),
            run_id=None,
            now=datetime(2025, 2, 1, tzinfo=UTC),
        )
    engine.dispose()
    return db_url


def test_query_json_has_the_documented_fields(filled_db: str) -> None:
    result = run("--db", filled_db, "query", "--reporter", "郑莉", "--format", "json")
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.output)
    assert record["published_at"] == "2025-01-21T09:10:30+08:00"
    assert record["reporters"] == ["郑莉"] and record["editor"] == "朱晶晶"
    for key in (
        "id",
        "url",
        "site",
        "title",
        "correspondents",
        "photographers",
        "source",
        "dateline",
        "body",
        "first_seen_at",
        "cluster_id",
    ):
        assert key in record


def test_query_formats(filled_db: str) -> None:
    jsonl = run("query", "--db", filled_db, "--format", "jsonl").output.splitlines()
    assert [json.loads(line)["id"] for line in jsonl] == [2, 1]
    csv_out = run("query", "--db", filled_db, "--format", "csv", "--site", "s1").output
    assert csv_out.splitlines()[0].startswith("id,url,site,title")
    assert "工会新闻1" in run("query", "--db", filled_db).output


def test_show_prints_an_article_and_its_copies(filled_db: str) -> None:
    data = json.loads(run("--db", filled_db, "show", "1", "--format", "json").output)
    assert data["title"] == "工会新闻1" and data["copies"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("crawl", "no-such-site"), "unknown site 'no-such-site'"),
        (("--db", "mysql://x/y", "query"), "unsupported database 'mysql'"),
        (("--db", "://x", "query"), "not a database URL"),
        (("query", "--since", "2025-13-45"), "is not a date like"),
        (("crawl", "--url", "http://a.test/", "--follow", "(["), "--follow is not a valid"),
        (("crawl", "--url", "not a url"), "is not an http(s) URL"),
        (("crawl",), "name the sites to crawl"),
        (("extract", "/no/such/file.html"), "cannot read /no/such/file.html"),
        (("show", "999"), "no article with id 999"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(
    args: tuple[str, ...], message: str, filled_db: str
) -> None:
    env = {"UNIONWATCH_DB": filled_db}
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_query_on_a_missing_database_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{tmp_path}/none.db", "query"])
    assert result.exit_code == 1
    assert "no database at" in result.output
    assert not (tmp_path / "none.db").exists()


def test_a_broken_site_file_is_reported_in_one_line(tmp_path: Path, filled_db: str) -> None:
    (tmp_path / "bad.toml").write_text('id = "bad"\nname = "x"\nlevel = "moon"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--sites-dir", str(tmp_path), "sites"])
    assert result.exit_code == 2
    assert "bad.toml: level must be one of" in result.output


def test_db_upgrade_is_repeatable(db_url: str) -> None:
    first = run("--db", db_url, "db", "upgrade")
    second = run("--db", db_url, "db", "upgrade")
    assert "upgraded from empty" in first.output
    assert "already at revision" in second.output


FIXTURES = Path(__file__).resolve().parents[1] / "extract" / "fixtures"


def test_extract_a_saved_page_prints_the_article_json() -> None:
    page = FIXTURES / "seed_page" / "body.html"
    meta = json.loads((FIXTURES / "seed_page" / "meta.json").read_text(encoding="utf-8"))
    result = run("extract", str(page), "--url", meta["url"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["reporters"] == ["郑莉", "郝赫"]
    assert data["published_at"] == "2025-01-23T09:10:30+08:00"
    assert data["script"] == "traditional"


def test_extract_a_demo_url_needs_no_network() -> None:
    result = run("extract", "http://city.unionwatch.test/news_view.asp?id=3316")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["editor"] == "朱晶晶"


def test_extract_an_unknown_encoding_is_bad_input() -> None:
    page = FIXTURES / "seed_page" / "body.html"
    result = CliRunner().invoke(main, ["extract", str(page), "--encoding", "klingon"])
    assert result.exit_code == 2
    assert "unknown encoding 'klingon'" in result.output


def test_query_clusters_and_dedup_rebuild(filled_db: str) -> None:
    rows = json.loads(run("--db", filled_db, "query", "--clusters", "--format", "json").output)
    assert [(r["copies"], r["sites"]) for r in rows] == [(1, ["s2"]), (1, ["s1"])]
    assert set(rows[0]) >= {"cluster_id", "canonical_id", "title", "published_at"}
    result = run("--db", filled_db, "dedup", "rebuild")
    assert result.exit_code == 0, result.output
    assert "2 articles in 2 stories (0 copies)" in result.output
