from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from storage import ArticleRecord, Store
from storage.queries import ArticleFilter, build_query, find_articles
from storage.search import bigrams, is_common, plan_search

CST = timezone(timedelta(hours=8))
NOW = datetime(2025, 3, 1, tzinfo=UTC)


def _rec(n: int, day: int, title: str, body: str, **kw: object) -> ArticleRecord:
    base = ArticleRecord(
        site="s1",
        url=f"http://a.test/{n}",
        canonical_url=f"http://a.test/{n}",
        title=title,
        body=body,
        content_hash=f"{n:040d}",
        extractor_version="t",
        published_at=datetime(2025, 1, day, 9, 0, tzinfo=CST),
        published_precision="minute",
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def _fill(engine: Engine) -> None:
    store = Store(engine)
    for record in (
        _rec(1, 10, "职工技能竞赛开幕", "市总工会组织860名选手参加比赛。", reporters=("郑莉",)),
        _rec(2, 11, "工会驿站建成", "户外劳动者有了歇脚的地方。", site="s2"),
        _rec(3, 12, "困难职工帮扶", "记者郑莉报道：帮扶资金发放到位。"),
        _rec(4, 13, "劳模工匠进校园", "工会，会员代表大会召开。ACFTU news"),
        _rec(5, 14, "工会会员服务卡", "全省工会会员可以申领服务卡。"),
    ):
        store.save_article(record, run_id=None, now=NOW)


def _ids(engine: Engine, **kw: object) -> list[int]:
    with Session(engine) as session:
        return [a.id for a in find_articles(session, ArticleFilter(**kw))]  # type: ignore[arg-type]


def test_bigrams_cut_each_run_of_letters_and_digits() -> None:
    assert bigrams("职工之家，工会") == ["职工", "工之", "之家", "工会"]
    assert bigrams("A 会 ACFTU") == ["ac", "cf", "ft", "tu"]


def test_two_character_words_and_names_are_found_in_title_or_body(engine: Engine) -> None:
    _fill(engine)
    assert _ids(engine, text="工会") == [5, 4, 2, 1]
    assert _ids(engine, text="郑莉") == [3]  # in the body only (the byline is not text)
    assert _ids(engine, text="驿站") == [2]  # in the title only
    assert _ids(engine, text="不存在") == []


def test_a_longer_word_must_appear_as_written(engine: Engine) -> None:
    _fill(engine)
    # Article 4 has 工会 and 会员 apart; only article 5 has 工会会员.
    assert _ids(engine, text="工会会员") == [5]
    assert _ids(engine, text="acftu") == [4]


def test_every_word_must_match(engine: Engine) -> None:
    _fill(engine)
    assert _ids(engine, text="工会 比赛") == [1]


def test_search_combines_with_the_filters(engine: Engine) -> None:
    _fill(engine)
    assert _ids(engine, text="工会", site="s2") == [2]
    assert _ids(engine, text="工会", since=date(2025, 1, 11), until=date(2025, 1, 13)) == [4, 2]
    assert _ids(engine, text="工会", reporter="郑莉") == [1]
    assert _ids(engine, text="工会", limit=2) == [5, 4]


def test_rank_puts_title_matches_first(engine: Engine) -> None:
    _fill(engine)
    ranked = _ids(engine, text="工会", rank=True)
    assert sorted(ranked) == [1, 2, 4, 5]
    assert set(ranked[:2]) == {2, 5}  # 工会 in the title


def test_single_character_words_are_answered_by_a_scan(engine: Engine) -> None:
    _fill(engine)
    assert plan_search("帮").scan_words == ("帮",)
    assert not plan_search("帮").indexed
    assert _ids(engine, text="帮") == [3]
    assert _ids(engine, text="帮 资金") == [3]


def test_reading_the_newest_articles_gives_the_same_answer(engine: Engine) -> None:
    _fill(engine)
    with Session(engine) as session:
        for words in ("工会", "工会会员", "职工 比赛"):
            flt = ArticleFilter(text=words)
            indexed = session.execute(build_query(flt, engine.dialect.name)).scalars().all()
            scanned = session.execute(build_query(flt, engine.dialect.name, scan_text=True))
            assert [a.id for a in indexed] == [a.id for a in scanned.scalars().all()]


def test_a_reextracted_text_is_searched_as_it_is_now(engine: Engine) -> None:
    _fill(engine)
    store = Store(engine)
    changed = _rec(2, 11, "户外驿站建成", "环卫工人有了歇脚的地方。", site="s2")
    store.reextract_article(changed, now=NOW)
    assert _ids(engine, text="驿站") == [2]
    assert _ids(engine, text="环卫") == [2]
    assert _ids(engine, text="劳动者") == []
    assert 2 not in _ids(engine, text="工会")


def test_common_words_are_told_from_rare_ones(engine: Engine) -> None:
    _fill(engine)
    with engine.begin() as connection:  # PostgreSQL estimates from its statistics
        connection.exec_driver_sql("ANALYZE")
    with Session(engine) as session:
        assert is_common(session, plan_search("工会"), threshold=3)
        assert not is_common(session, plan_search("驿站"), threshold=3)
        assert not is_common(session, plan_search("不存在"), threshold=1)
