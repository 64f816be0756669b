"""Every CLI input is validated: a bad one gives one line naming the problem, exit code 2 and
no traceback, for every command that takes it."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from crawler.cli import main
from storage import ensure_schema, open_engine
from tests.cli_helpers import commands

#: A database URL every command refuses, and what the message names.
BAD_DB_URLS = [
    ("://x", "not a database URL"),
    ("mysql://u@h/db", "unsupported database 'mysql'"),
    ("postgresql+nosuchdriver://u@h/db", "cannot open"),
]

#: How to run each command when its input is fine (the bad --db goes in front).
COMMANDS: list[tuple[str, ...]] = [
    ("crawl", "demo-city"),
    ("db", "upgrade"),
    ("db", "current"),
    ("dedup", "rebuild"),
    ("dedup", "check"),
    ("demo",),
    ("export",),
    ("query",),
    ("reextract",),
    ("runs",),
    ("schedule", "--once"),
    ("show", "1"),
    ("stats",),
    ("status",),
    ("worker", "--redis", "redis://127.0.0.1:1/0"),
]


def leaf_commands() -> set[tuple[str, ...]]:
    paths: set[tuple[str, ...]] = set()
    for name, command in commands().items():
        if isinstance(command, click.Group):
            paths.update((name, sub) for sub in command.commands)
        else:
            paths.add((name,))
    return paths


#: Commands that never open the database.
NO_DATABASE = {("extract",), ("sites",), ("sites", "check"), ("cluster", "status")}


def test_every_database_command_is_in_the_bad_db_list() -> None:
    covered = {
        tuple(w for w in c if not w.startswith("-") and not w[0].isdigit()) for c in COMMANDS
    }
    covered = {c[:2] if c[0] in ("db", "dedup") else c[:1] for c in covered}
    assert leaf_commands() - NO_DATABASE <= covered


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'ok.db'}"
    engine = open_engine(url)
    ensure_schema(engine)
    engine.dispose()
    return url


@pytest.fixture
def broken_sites(tmp_path: Path) -> Path:
    folder = tmp_path / "sites"
    folder.mkdir()
    (folder / "bad.toml").write_text('id = "bad"\nname = "x"\nlevel = "moon"\n', encoding="utf-8")
    return folder


def invoke(args: list[str], db: str) -> click.testing.Result:
    return CliRunner().invoke(main, args, env={"UNIONWATCH_DB": db, "UNIONWATCH_DEBUG": ""})


def assert_usage_error(result: click.testing.Result, message: str) -> None:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert message in result.output, result.output
    assert len(lines) == 1, result.output


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize(("url", "message"), BAD_DB_URLS, ids=[u for u, _ in BAD_DB_URLS])
def test_a_bad_db_url_is_one_line_and_exit_2(
    command: tuple[str, ...], url: str, message: str, db: str
) -> None:
    assert_usage_error(invoke(["--db", url, *command], db), message)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_bad_db_url_in_the_environment_is_one_line_and_exit_2(
    command: tuple[str, ...],
) -> None:
    assert_usage_error(invoke(list(command), "://x"), "not a database URL")


BAD_INPUTS: list[tuple[list[str], str]] = [
    # unknown site
    (["crawl", "no-such-site"], "no-such-site"),
    (["sites", "check", "no-such-site"], "no-such-site"),
    (["schedule", "--once", "--site", "no-such-site"], "no-such-site"),
    (["status", "--site", "no-such-site"], "no-such-site"),
    # malformed dates
    (["crawl", "demo-city", "--since", "2025-02-30"], "2025-02-30"),
    (["crawl", "demo-city", "--until", "yesterday"], "yesterday"),
    (["query", "--since", "2025-13-45"], "2025-13-45"),
    (["query", "--until", "2025-00-10"], "2025-00-10"),
    (["export", "--since", "1/2/2025"], "1/2/2025"),
    (["stats", "--until", "2025-1-"], "2025-1-"),
    (["reextract", "--since", "not-a-date"], "not-a-date"),
    # bad regexes
    (["crawl", "--url", "http://a.test/", "--follow", "(["], "--follow"),
    (["crawl", "--url", "http://a.test/", "--article", "*x"], "--article"),
    # bad URLs
    (["crawl", "--url", "not a url"], "not a url"),
    (["crawl", "--url", "ftp://a.test/x"], "ftp://a.test/x"),
    (["status", "--webhook", "not a url"], "not a url"),
    (["sites", "check", "demo-city", "--url", "not a url"], "not a url"),
    # unreadable files
    (["extract", "/no/such/file.html"], "/no/such/file.html"),
    (
        ["sites", "check", "demo-city", "--file", "/no/such/page.html", "--url", "http://a.test/"],
        "/no/such/page.html",
    ),
    # unknown encodings, ids
    (
        ["extract", "tests/extract/fixtures/acftu_document/body.html", "--encoding", "klingon"],
        "klingon",
    ),
    (["show", "999"], "999"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUTS, ids=[" ".join(a) for a, _ in BAD_INPUTS])
def test_a_bad_input_is_one_line_naming_it_and_exit_2(
    args: list[str], message: str, db: str
) -> None:
    assert_usage_error(invoke(args, db), message)


def test_a_directory_given_as_a_page_file_is_one_line_and_exit_2(tmp_path: Path, db: str) -> None:
    assert_usage_error(invoke(["extract", str(tmp_path)], db), str(tmp_path))


def test_an_undecodable_page_file_is_read_not_a_traceback(tmp_path: Path, db: str) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(b"\xff\xfe\x00garbage")
    result = invoke(["extract", str(page), "--url", "http://a.test/1.html"], db)
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "command",
    [["crawl", "demo-city"], ["sites"], ["sites", "check", "demo-city"], ["schedule", "--once"]],
    ids=" ".join,
)
def test_a_broken_site_file_is_one_line_naming_file_and_key(
    command: list[str], broken_sites: Path, db: str
) -> None:
    result = invoke(["--sites-dir", str(broken_sites), *command], db)
    assert_usage_error(result, "bad.toml: level")


def test_a_site_file_that_is_not_toml_is_one_line(tmp_path: Path, db: str) -> None:
    (tmp_path / "x.toml").write_text("id = [unclosed\n", encoding="utf-8")
    assert_usage_error(invoke(["--sites-dir", str(tmp_path), "sites"], db), "x.toml")


def test_a_missing_sites_dir_is_one_line(tmp_path: Path, db: str) -> None:
    assert_usage_error(invoke(["--sites-dir", str(tmp_path / "none"), "sites"], db), "none")
