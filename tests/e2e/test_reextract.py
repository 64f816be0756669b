"""`unionwatch reextract`: the current extractor over stored responses, without fetching."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import open_engine
from storage.models import Article, UrlState
from tests.e2e.conftest import unionwatch

pytestmark = pytest.mark.e2e

SEED_URL = "http://city.unionwatch.test/news_view.asp?id=3316"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reextract") / "crawled.db"
    result = unionwatch("--db", f"sqlite:///{path}", "crawl", "demo-city")
    assert result.returncode == 0, result.stderr
    return path


def test_reextract_repairs_what_an_older_extractor_got_wrong(crawled: Path, tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(crawled, db)
    engine = open_engine(f"sqlite:///{db}")
    with engine.begin() as connection:  # as an older extractor might have stored it
        connection.exec_driver_sql(
            "UPDATE articles SET title = title || ' - 宜昌市总工会', editor = NULL,"
            " extractor_version = '0.0.1' WHERE url = ?",
            (SEED_URL,),
        )
        connection.exec_driver_sql(
            "DELETE FROM article_people WHERE role = 'reporter' AND article_id ="
            " (SELECT id FROM articles WHERE url = ?)",
            (SEED_URL,),
        )
    result = unionwatch("--db", f"sqlite:///{db}", "reextract", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["updated"] == 1
    assert report["changed_fields"] == {"editor": 1, "reporters": 1, "title": 1}
    assert report["unchanged"] == report["pages"] - 1 - report["still_failing"]
    seed = json.loads(
        unionwatch(
            "--db", f"sqlite:///{db}", "query", "--reporter", "郑莉", "--format", "json"
        ).stdout
    )[0]
    assert seed["title"].endswith("王东明出席会议并讲话")
    assert seed["editor"] == "朱晶晶"
    assert seed["extractor_version"] != "0.0.1"
    engine.dispose()


def test_reextract_stores_a_page_that_failed_under_an_older_extractor(
    crawled: Path, tmp_path: Path
) -> None:
    db = tmp_path / "failed.db"
    shutil.copy(crawled, db)
    engine = open_engine(f"sqlite:///{db}")
    with engine.begin() as connection:  # the seed page had failed: no article row
        connection.exec_driver_sql("DELETE FROM articles WHERE url = ?", (SEED_URL,))
        connection.exec_driver_sql(
            "UPDATE url_states SET state = 'failed', last_error = 'no body' WHERE url = ?",
            (SEED_URL,),
        )
    result = unionwatch(
        "--db", f"sqlite:///{db}", "reextract", "--site", "demo-city", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["new"] + report["copy"] == 1
    with Session(engine) as session:
        assert session.execute(select(Article.title).where(Article.url == SEED_URL)).scalar_one()
        state = session.execute(select(UrlState.state).where(UrlState.url == SEED_URL)).scalar_one()
        assert state == "stored"
    engine.dispose()


def test_reextract_of_an_unknown_site_is_bad_input(crawled: Path) -> None:
    result = unionwatch("--db", f"sqlite:///{crawled}", "reextract", "--site", "nope")
    assert result.returncode == 2
    assert "unknown site 'nope'" in result.stderr
