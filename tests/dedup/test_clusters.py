"""The labelled corpus stored through the real :class:`storage.Store`: pairwise precision and
recall of the clusters it builds (the issue asks for both >= 0.98), arrival order, and the
canonical article of each cluster.

Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from crawler.dedup import TextCopies
from storage import Store, ensure_schema, open_engine
from storage.models import Article, Cluster
from tests.dedup.corpus import CorpusArticle, build_corpus, composition, pairwise_scores, to_record

TARGET = 0.98
NOW = datetime(2025, 4, 1, tzinfo=UTC)
ORDER_SEED = 7


@dataclass(frozen=True, slots=True)
class Stored:
    """What the store made of a list of articles: cluster and canonical article by URL."""

    cluster: dict[str, int]
    #: Cluster id -> the URL of its canonical article.
    canonical: dict[int, str]


def shuffled(articles: Sequence[CorpusArticle], seed: int) -> list[CorpusArticle]:
    out = list(articles)
    random.Random(seed).shuffle(out)
    return out


def store_all(engine: Engine, articles: Sequence[CorpusArticle]) -> Stored:
    ensure_schema(engine)
    store = Store(engine, near=TextCopies())
    for article in articles:
        store.save_article(to_record(article), run_id=None, now=NOW)
    with Session(engine) as session:
        rows = session.execute(select(Article.id, Article.canonical_url, Article.cluster_id))
        urls: dict[int, str] = {}
        cluster: dict[str, int] = {}
        for article_id, url, cluster_id in rows:
            urls[article_id] = url
            if cluster_id is not None:
                cluster[url] = cluster_id
        canonical = {
            cluster_id: urls[canonical_id]
            for cluster_id, canonical_id in session.execute(
                select(Cluster.id, Cluster.canonical_id)
            )
            if canonical_id is not None
        }
    return Stored(cluster, canonical)


def scores(articles: Sequence[CorpusArticle], stored: Stored) -> tuple[float, float]:
    assert len(stored.cluster) == len(articles), "every article is stored with a cluster"
    truth = {a.url: a.cluster for a in articles}
    return pairwise_scores(truth, stored.cluster)


def report(label: str, articles: Sequence[CorpusArticle], stored: Stored) -> tuple[float, float]:
    precision, recall = scores(articles, stored)
    print(
        f"\n{label}: {len(articles)} articles, {len(set(stored.cluster.values()))} clusters "
        f"(truth: {len({a.cluster for a in articles})} stories); pairwise precision "
        f"{precision:.4f}, recall {recall:.4f}"
    )
    for problem in mistakes(articles, stored)[:10]:
        print("  " + problem)
    return precision, recall


def mistakes(articles: Sequence[CorpusArticle], stored: Stored) -> list[str]:
    """The truth clusters that were split, and the stored clusters that mix stories."""
    by_truth: dict[str, set[int]] = {}
    by_stored: dict[int, set[str]] = {}
    for a in articles:
        by_truth.setdefault(a.cluster, set()).add(stored.cluster[a.url])
        by_stored.setdefault(stored.cluster[a.url], set()).add(a.cluster)
    split = [f"split: {story} in {len(c)} clusters" for story, c in by_truth.items() if len(c) > 1]
    merged = [f"merged: {sorted(s)}" for s in by_stored.values() if len(s) > 1]
    return merged + split


@pytest.fixture(scope="module")
def corpus() -> tuple[CorpusArticle, ...]:
    articles = build_corpus()
    print("\n" + composition(articles))
    return articles


@pytest.fixture(scope="module")
def stored_sqlite(
    corpus: tuple[CorpusArticle, ...], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stored]:
    path = tmp_path_factory.mktemp("dedup") / "corpus.db"
    engine = open_engine(f"sqlite:///{path}", writer=True)
    yield store_all(engine, shuffled(corpus, ORDER_SEED))
    engine.dispose()


def test_corpus_is_deterministic_and_consistent(corpus: tuple[CorpusArticle, ...]) -> None:
    assert build_corpus.__wrapped__() == corpus
    assert len({a.url for a in corpus}) == len(corpus)
    by_cluster: dict[str, list[CorpusArticle]] = {}
    for a in corpus:
        by_cluster.setdefault(a.cluster, []).append(a)
    for members in by_cluster.values():
        (original,) = [a for a in members if a.is_original]
        day = original.published_at.date()
        for copy in members:
            assert copy.published_at.date() >= day
            if copy.published_at.date() == day:
                assert copy.source_site == original.site
    families = {a.family for a in corpus}
    assert families == {"story", "meeting", "same-topic", "notice"}
    assert 300 <= len(corpus) <= 500


def test_pairwise_precision_and_recall_on_sqlite(
    corpus: tuple[CorpusArticle, ...], stored_sqlite: Stored
) -> None:
    precision, recall = report("SQLite", corpus, stored_sqlite)
    assert precision >= TARGET
    assert recall >= TARGET


def test_pairwise_precision_and_recall_on_postgresql(
    corpus: tuple[CorpusArticle, ...], pg_url: str
) -> None:
    engine = open_engine(pg_url, writer=True)
    try:
        stored = store_all(engine, shuffled(corpus, ORDER_SEED))
    finally:
        engine.dispose()
    precision, recall = report("PostgreSQL", corpus, stored)
    assert precision >= TARGET
    assert recall >= TARGET


def _hard_clusters(corpus: Sequence[CorpusArticle]) -> list[list[CorpusArticle]]:
    """Stories whose copies include a partial one (excerpt, trimmed, extended), with at least
    two copies: the ones where the order of arrival could matter."""
    by_cluster: dict[str, list[CorpusArticle]] = {}
    for a in corpus:
        by_cluster.setdefault(a.cluster, []).append(a)
    partial = ("excerpt", "trimmed", "extended")
    return [
        members
        for members in by_cluster.values()
        if len(members) >= 3 and any(k in a.kind for a in members for k in partial)
    ]


@pytest.mark.parametrize("order", ["original first", "original last", "copies reversed", "random"])
def test_a_copy_joins_whatever_the_arrival_order(
    corpus: tuple[CorpusArticle, ...], order: str, tmp_path: Path
) -> None:
    stories = _hard_clusters(corpus)
    assert len(stories) >= 8
    sequence: list[CorpusArticle] = []
    for members in stories:
        original = [a for a in members if a.is_original]
        copies = [a for a in members if not a.is_original]
        if order == "original first":
            sequence += original + copies
        elif order == "original last":
            sequence += copies + original
        elif order == "copies reversed":
            sequence += copies[::-1] + original
        else:
            sequence += shuffled(members, len(sequence))
    engine = open_engine(f"sqlite:///{tmp_path / 'order.db'}", writer=True)
    try:
        stored = store_all(engine, sequence)
    finally:
        engine.dispose()
    assert mistakes(sequence, stored) == []


def test_the_canonical_article_is_the_earliest_day_preferring_the_named_source(
    corpus: tuple[CorpusArticle, ...], stored_sqlite: Stored
) -> None:
    by_cluster: dict[str, list[CorpusArticle]] = {}
    for a in corpus:
        by_cluster.setdefault(a.cluster, []).append(a)
    checked = tricky = 0
    for members in by_cluster.values():
        ids = {stored_sqlite.cluster[a.url] for a in members}
        whole = len(ids) == 1 and sum(v in ids for v in stored_sqlite.cluster.values()) == len(
            members
        )
        if not whole or len(members) == 1:
            continue  # a wrongly built cluster is the precision/recall test's business
        (original,) = [a for a in members if a.is_original]
        assert stored_sqlite.canonical[ids.pop()] == original.url, original.cluster
        checked += 1
        # A same-day copy whose page shows only the day sorts before the original by time:
        # only the 来源 preference makes the original canonical.
        tricky += any(a.published_at < original.published_at for a in members)
    print(f"\ncanonical articles checked: {checked} clusters, {tricky} with an earlier-timed copy")
    assert checked >= 80
    assert tricky >= 10
