"""Cluster assignment: which story a newly stored article belongs to, inside the transaction
that stores it.

An article joins the cluster of a stored article with the same text (exact fingerprint), or of
the stored articles that share an LSH band key with it and that the caller's
:class:`NearDuplicates` confirms on the real texts. The candidates come from one grouped query,
most shared band keys first (then the newest), at most :data:`MAX_CANDIDATES` of them; a
candidate already in a confirmed cluster is not compared again. When it matches several
clusters, they are merged. The cluster's canonical article is then chosen again: the earliest
publication day, preferring within that day the site the copies name in their 来源, then the
earliest time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any, Protocol, cast

from sqlalchemy import (
    Table,
    TextClause,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from storage.models import Article, Cluster, LshKey
from storage.upsert import dialect_insert_of

__all__ = [
    "NearDuplicates",
    "assign_cluster",
    "choose_canonical",
    "lsh_keys_are_current",
    "replace_keys",
]

_LSH = cast(Table, LshKey.__table__)
_ARTICLES = cast(Table, Article.__table__)
_CLUSTERS = cast(Table, Cluster.__table__)
#: At most this many LSH candidates are confirmed per article: those sharing the most band
#: keys (a true copy shares many; an unrelated text that happens to be a candidate, one).
MAX_CANDIDATES = 10
#: Of each band key, only the newest this many articles are candidates.
PER_KEY = 200
_SHANGHAI = timedelta(hours=8)
_LATEST = datetime.max.replace(tzinfo=UTC)


class NearDuplicates(Protocol):
    """Confirms that article texts are copies of one story."""

    def copies_of(self, body: str) -> Callable[[str], bool]:
        """A test, prepared once for ``body``, of whether another body is a copy of it."""
        ...


def assign_cluster(
    session: Session,
    article_id: int,
    *,
    content_hash: str,
    body: str,
    lsh_keys: Sequence[int],
    near: NearDuplicates | None,
    now: datetime,
) -> bool:
    """Put a just-inserted article into its cluster, index its LSH keys; True when it joined
    an existing story (a copy), False when it starts one."""
    clusters = _exact_clusters(session, article_id, content_hash)
    if not clusters and lsh_keys and near is not None:
        clusters = _near_clusters(session, article_id, body, lsh_keys, near)
    _add_keys(session, article_id, lsh_keys)
    if not clusters:
        cluster_id = session.execute(
            _NEW_CLUSTER,
            {"canonical_id": article_id, "size": 1, "created_at": now, "updated_at": now},
        ).scalar_one()
        _set_cluster(session, article_id, cluster_id)
        return False
    target, *others = sorted(clusters)
    if others:
        session.execute(
            update(Article).where(Article.cluster_id.in_(others)).values(cluster_id=target)
        )
        session.execute(delete(Cluster).where(Cluster.id.in_(others)))
    _set_cluster(session, article_id, target)
    _refresh(session, target, now)
    return True


# The statements run for every stored article, built once (Core, on the tables).
_NEW_CLUSTER = insert(_CLUSTERS).returning(_CLUSTERS.c.id)
_SET_CLUSTER = (
    update(_ARTICLES)
    .where(_ARTICLES.c.id == bindparam("article"))
    .values(cluster_id=bindparam("cluster"))
)
_SAME_TEXT = (
    select(_ARTICLES.c.cluster_id)
    .where(
        _ARTICLES.c.content_hash == bindparam("hash"),
        _ARTICLES.c.id != bindparam("article"),
        _ARTICLES.c.cluster_id.is_not(None),
    )
    .limit(1)
)


@lru_cache(maxsize=4)
def _index_keys(dialect: str) -> Any:
    return dialect_insert_of(dialect, _LSH).on_conflict_do_nothing(
        index_elements=["key", "article_id"]
    )


def replace_keys(session: Session, article_id: int, lsh_keys: Sequence[int]) -> None:
    """Index a stored article under the band keys of its new text (a revision): later copies
    of the text it has now find it. It stays in its story."""
    session.execute(delete(LshKey).where(LshKey.article_id == article_id))
    _add_keys(session, article_id, lsh_keys)


def _add_keys(session: Session, article_id: int, lsh_keys: Sequence[int]) -> None:
    if lsh_keys:
        session.execute(
            _index_keys(session.get_bind().dialect.name),
            [{"key": key, "article_id": article_id} for key in dict.fromkeys(lsh_keys)],
        )


def _set_cluster(session: Session, article_id: int, cluster_id: int) -> None:
    session.execute(_SET_CLUSTER, {"article": article_id, "cluster": cluster_id})


def _exact_clusters(session: Session, article_id: int, content_hash: str) -> set[int]:
    found = session.execute(
        _SAME_TEXT, {"hash": content_hash, "article": article_id}
    ).scalar_one_or_none()
    return {found} if found is not None else set()


def _near_clusters(
    session: Session,
    article_id: int,
    body: str,
    lsh_keys: Sequence[int],
    near: NearDuplicates,
) -> set[int]:
    # Per band key only its newest PER_KEY articles (a backward range scan of the primary
    # key), so a key that thousands of texts share (a formula opening) costs the same at 10k
    # and 1M stored articles; a true copy shares many keys, most of them rare. The statement
    # is plain SQL text: building it as SQLAlchemy constructs (one subquery per key, 48 keys)
    # cost more than running it.
    keys = list(dict.fromkeys(lsh_keys))
    params: dict[str, int] = {f"k{i}": key for i, key in enumerate(keys)}
    params |= {"article_id": article_id, "per_key": PER_KEY, "limit": MAX_CANDIDATES}
    rows = session.execute(_candidates(len(keys)), params).all()
    is_copy = near.copies_of(body)
    found: set[int] = set()
    for cluster_id, other in rows:
        if cluster_id is not None and cluster_id not in found and is_copy(other):
            found.add(cluster_id)
    return found


@lru_cache(maxsize=128)
def _candidates(count: int) -> TextClause:
    """:func:`_candidates_sql` as a statement, made once per key count (parsing the text for
    its parameters cost as much as running it)."""
    return text(_candidates_sql(count))


def _candidates_sql(count: int) -> str:
    """The clusters and bodies of the stored articles sharing the most of ``count`` band keys
    (parameters ``k0``... ``article_id``, ``per_key``, ``limit``), most shared first."""
    per_key = " UNION ALL ".join(
        f"SELECT article_id FROM (SELECT article_id FROM lsh_keys WHERE key = :k{i}"
        " AND article_id != :article_id ORDER BY article_id DESC LIMIT :per_key) AS h"
        f"{i}"
        for i in range(count)
    )
    return (
        "SELECT articles.cluster_id, articles.body FROM articles JOIN (SELECT hits.article_id"
        f" AS article_id, count(*) AS shared FROM ({per_key}) AS hits GROUP BY hits.article_id"
        " ORDER BY shared DESC, hits.article_id DESC LIMIT :limit) AS candidates"
        " ON candidates.article_id = articles.id WHERE articles.cluster_id IS NOT NULL"
        " ORDER BY candidates.shared DESC, articles.id DESC"
    )


def lsh_keys_are_current(
    session: Session, keys_for: Callable[[str], Sequence[int]], sample: int = 3
) -> bool:
    """Whether the newest stored article that has band keys is indexed under the keys
    ``keys_for`` makes now; False when they were made under other parameters (or the article
    was stored before the index existed): the store then needs ``unionwatch dedup rebuild``.
    Reads at most ``sample`` articles, so it is cheap enough for every start."""
    rows = session.execute(
        select(Article.id, Article.body).order_by(Article.id.desc()).limit(sample)
    ).all()
    for article_id, body in rows:
        keys = list(dict.fromkeys(keys_for(body)))
        if keys:
            stored = session.execute(
                select(func.count())
                .select_from(LshKey)
                .where(LshKey.key.in_(keys), LshKey.article_id == article_id)
            ).scalar_one()
            return bool(stored == len(keys))
    return True


def _refresh(session: Session, cluster_id: int, now: datetime) -> None:
    members = session.execute(
        select(Article.id, Article.published_at, Article.site, Article.source_site).where(
            Article.cluster_id == cluster_id
        )
    ).all()
    canonical = choose_canonical([(m[0], m[1], m[2], m[3]) for m in members])
    session.execute(
        update(Cluster)
        .where(Cluster.id == cluster_id)
        .values(canonical_id=canonical, size=len(members), updated_at=now)
    )


def _day(moment: datetime | None) -> date:
    """The publication day in Asia/Shanghai (days compare across pages that show only a day)."""
    return (moment.astimezone(UTC) + _SHANGHAI).date() if moment is not None else date.max


def choose_canonical(
    members: Sequence[tuple[int, datetime | None, str, str | None]],
) -> int:
    """The original among ``(id, published_at, site, source_site)`` members: the earliest
    publication day; within it, a copy on a site the members name as their 来源; then the
    earliest time; then the first stored."""
    named = {source for _, _, _, source in members if source}
    return min(
        members,
        key=lambda m: (_day(m[1]), m[2] not in named, m[1] or _LATEST, m[0]),
    )[0]
