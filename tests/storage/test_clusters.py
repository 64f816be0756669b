from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from storage import ArticleRecord, SaveOutcome, Store
from storage.clusters import MAX_CANDIDATES, choose_canonical
from storage.models import Article, Cluster
from storage.queries import ArticleFilter, find_clusters

CST = timezone(timedelta(hours=8))
NOW = datetime(2025, 2, 1, tzinfo=UTC)


class SameFirstWord:
    """A stand-in confirmation: texts are copies when they start with the same word."""

    def copies_of(self, body: str) -> Callable[[str], bool]:
        first = body.split(maxsplit=1)[0]
        return lambda other: other.split(maxsplit=1)[0] == first


def rec(
    n: int,
    body: str,
    *,
    keys: tuple[int, ...] = (),
    day: int = 22,
    hour: int = 10,
    site: str = "s1",
    source_site: str | None = None,
) -> ArticleRecord:
    return ArticleRecord(
        site=site,
        url=f"http://{site}.test/{n}",
        canonical_url=f"http://{site}.test/{n}",
        title=f"t{n}",
        body=body,
        content_hash=body.replace(" ", "")[:40].ljust(40, "0"),
        extractor_version="t",
        published_at=datetime(2025, 1, day, hour, tzinfo=CST),
        published_precision="minute",
        lsh_keys=keys,
        source_site=source_site,
    )


def cluster_of(engine: Engine, article_id: int) -> tuple[int | None, int | None, int]:
    with Session(engine) as session:
        article = session.get_one(Article, article_id)
        cluster = session.get_one(Cluster, article.cluster_id)
        return article.cluster_id, cluster.canonical_id, cluster.size


def test_a_new_story_starts_its_own_cluster(engine: Engine) -> None:
    _, article_id = Store(engine).save_article(rec(1, "甲 一"), run_id=None, now=NOW)
    assert cluster_of(engine, article_id)[1:] == (article_id, 1)


def test_a_near_copy_found_through_a_shared_key_joins_when_confirmed(engine: Engine) -> None:
    store = Store(engine, near=SameFirstWord())
    _, first = store.save_article(rec(1, "甲 一", keys=(1, 2)), run_id=None, now=NOW)
    outcome, copy = store.save_article(rec(2, "甲 二", keys=(2, 3)), run_id=None, now=NOW)
    assert outcome is SaveOutcome.COPY
    assert cluster_of(engine, copy) == (cluster_of(engine, first)[0], first, 2)
    outcome, _ = store.save_article(rec(3, "乙 二", keys=(2,)), run_id=None, now=NOW)
    assert outcome is SaveOutcome.NEW  # a shared key alone is not enough: not confirmed


def test_the_candidates_sharing_most_keys_are_confirmed_first(engine: Engine) -> None:
    store = Store(engine, near=SameFirstWord())
    _, original = store.save_article(rec(1, "甲 一", keys=(1, 2, 3)), run_id=None, now=NOW)
    for n in range(2, MAX_CANDIDATES + 6):
        store.save_article(rec(n, f"乙{n} 一", keys=(1,)), run_id=None, now=NOW)
    outcome, copy = store.save_article(rec(99, "甲 二", keys=(1, 2, 3)), run_id=None, now=NOW)
    assert outcome is SaveOutcome.COPY
    assert cluster_of(engine, copy)[0] == cluster_of(engine, original)[0]


def test_a_key_shared_by_many_newer_texts_does_not_hide_an_old_original(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storage.clusters.PER_KEY", 5)
    store = Store(engine, near=SameFirstWord())
    _, original = store.save_article(rec(1, "甲 一", keys=(1, 2, 3)), run_id=None, now=NOW)
    for n in range(2, 30):  # a formula opening: key 1 on every later text
        store.save_article(rec(n, f"乙{n} 一", keys=(1, 100 + n)), run_id=None, now=NOW)
    outcome, copy = store.save_article(rec(99, "甲 二", keys=(1, 2, 3)), run_id=None, now=NOW)
    assert outcome is SaveOutcome.COPY
    assert cluster_of(engine, copy)[0] == cluster_of(engine, original)[0]


def test_among_equal_candidates_the_newest_are_confirmed_first(engine: Engine) -> None:
    store = Store(engine, near=SameFirstWord())
    for n in range(1, MAX_CANDIDATES + 6):
        store.save_article(rec(n, f"乙{n} 一", keys=(1,)), run_id=None, now=NOW)
    _, original = store.save_article(rec(50, "甲 一", keys=(1,)), run_id=None, now=NOW)
    outcome, copy = store.save_article(rec(99, "甲 二", keys=(1,)), run_id=None, now=NOW)
    assert outcome is SaveOutcome.COPY
    assert cluster_of(engine, copy)[0] == cluster_of(engine, original)[0]


def test_without_a_matcher_only_exact_copies_cluster(engine: Engine) -> None:
    store = Store(engine)
    store.save_article(rec(1, "甲 一", keys=(1,)), run_id=None, now=NOW)
    assert (
        store.save_article(rec(2, "甲 二", keys=(1,)), run_id=None, now=NOW)[0] is SaveOutcome.NEW
    )
    assert store.save_article(rec(3, "甲 一"), run_id=None, now=NOW)[0] is SaveOutcome.COPY


def test_an_article_matching_two_stories_merges_them(engine: Engine) -> None:
    store = Store(engine, near=SameFirstWord())
    _, a = store.save_article(rec(1, "甲 一", keys=(1,)), run_id=None, now=NOW)
    _, b = store.save_article(rec(2, "甲 二", keys=(2,)), run_id=None, now=NOW)
    assert cluster_of(engine, a)[0] != cluster_of(engine, b)[0]
    _, c = store.save_article(rec(3, "甲 三", keys=(1, 2)), run_id=None, now=NOW)
    assert cluster_of(engine, a)[0] == cluster_of(engine, b)[0] == cluster_of(engine, c)[0]
    with Session(engine) as session:
        assert len(session.execute(select(Cluster)).all()) == 1
    assert cluster_of(engine, a)[2] == 3


def test_the_original_is_the_earliest_day_then_the_site_named_as_source(engine: Engine) -> None:
    store = Store(engine, near=SameFirstWord())
    _, reprint = store.save_article(
        rec(1, "甲 一", keys=(1,), day=23, site="prov", source_site="portal"), run_id=None, now=NOW
    )
    # The same day as the mirror, later in the day, but the site the copies credit.
    _, mirror = store.save_article(
        rec(2, "甲 一 ", keys=(1,), day=22, hour=8, site="mirror", source_site="portal"),
        run_id=None,
        now=NOW,
    )
    _, original = store.save_article(
        rec(3, "甲 二", keys=(1,), day=22, hour=19, site="portal", source_site="portal"),
        run_id=None,
        now=NOW,
    )
    assert cluster_of(engine, reprint)[1] == original
    assert cluster_of(engine, mirror)[1] == original


def test_choose_canonical_compares_days_in_shanghai() -> None:
    day_only = (1, datetime(2025, 1, 22, tzinfo=CST), "b", None)  # shown as a day: midnight
    timed = (2, datetime(2025, 1, 22, 19, 35, tzinfo=CST), "a", None)
    undated = (3, None, "c", None)
    assert choose_canonical([undated, timed, day_only]) == 1
    named = (4, datetime(2025, 1, 22, 23, 0, tzinfo=CST), "portal", None)
    credit = (5, datetime(2025, 1, 22, 1, 0, tzinfo=CST), "prov", "portal")
    assert choose_canonical([credit, named]) == 4


def test_clusters_query_lists_stories_with_copies_and_sites(engine: Engine) -> None:
    store = Store(engine, near=SameFirstWord())
    store.save_article(rec(1, "甲 一", keys=(1,)), run_id=None, now=NOW)
    store.save_article(rec(2, "甲 二", keys=(1,), site="s2"), run_id=None, now=NOW)
    store.save_article(rec(3, "乙 一", day=25), run_id=None, now=NOW)
    with Session(engine) as session:
        rows = find_clusters(session, ArticleFilter())
        assert [(r.copies, r.sites) for r in rows] == [(1, ("s1",)), (2, ("s1", "s2"))]
        only = find_clusters(session, ArticleFilter(site="s2"))
        assert [r.copies for r in only] == [2]


def test_rebuild_recomputes_every_cluster(engine: Engine) -> None:
    store = Store(engine)
    store.save_article(rec(1, "甲 一", keys=(1,)), run_id=None, now=NOW)
    store.save_article(rec(2, "甲 二", keys=(1,)), run_id=None, now=NOW)
    assert Store(engine, near=SameFirstWord()).rebuild_clusters(lambda body: (1,), NOW) == (1, 1)
