"""Read queries: filtered article lists, one article with its copies, crawl runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVarTuple
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session, aliased, selectinload

from storage.models import Article, ArticlePerson, Cluster
from storage.search import is_common, matching_ids, plan_search, relevance

__all__ = [
    "SHANGHAI",
    "ArticleFilter",
    "ClusterRow",
    "article_to_dict",
    "build_query",
    "cluster_of",
    "filter_articles",
    "find_articles",
    "find_clusters",
    "format_published",
    "get_article",
    "order_articles",
    "ranked_by_relevance",
    "scan_is_faster",
]

SHANGHAI = ZoneInfo("Asia/Shanghai")
_Ts = TypeVarTuple("_Ts")


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """What ``unionwatch query`` asks for. Dates are calendar days in Asia/Shanghai, both
    ends inclusive."""

    site: str | None = None
    since: date | None = None
    until: date | None = None
    reporter: str | None = None
    correspondent: str | None = None
    editor: str | None = None
    source: str | None = None
    text: str | None = None
    cluster: int | None = None
    limit: int | None = 20
    #: Order a text search by relevance instead of recency.
    rank: bool = False


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=SHANGHAI)


def _with_person(stmt: Select[*_Ts], role: str, name: str) -> Select[*_Ts]:
    person = select(ArticlePerson.article_id).where(
        ArticlePerson.role == role, ArticlePerson.name == name
    )
    return stmt.where(Article.id.in_(person))


def _contains(word: str) -> ColumnElement[bool]:
    return Article.title.icontains(word, autoescape=True) | Article.body.icontains(
        word, autoescape=True
    )


def _with_text(stmt: Select[*_Ts], words: str, dialect: str, *, scan: bool) -> Select[*_Ts]:
    """Every word in the title or the body: through the bigram index, then confirmed on the
    text where the index is not exact; scanning the texts for one-character words (or when
    ``scan``: see :func:`find_articles`)."""
    plan = plan_search(words)
    if scan or not plan.indexed:
        checked = tuple(words.split())
    else:
        stmt = stmt.where(Article.id.in_(matching_ids(dialect, plan)))
        checked = plan.confirm_words + plan.scan_words
    for word in checked:
        stmt = stmt.where(_contains(word))
    return stmt


def filter_articles(
    stmt: Select[*_Ts], flt: ArticleFilter, dialect: str, *, scan_text: bool = False
) -> Select[*_Ts]:
    """``stmt`` (a select from ``articles``) restricted to what ``flt`` asks for; no order,
    no limit."""
    if flt.site:
        stmt = stmt.where(Article.site == flt.site)
    if flt.since:
        stmt = stmt.where(Article.published_at >= _day_start(flt.since))
    if flt.until:
        stmt = stmt.where(Article.published_at < _day_start(flt.until + timedelta(days=1)))
    if flt.reporter:
        stmt = _with_person(stmt, "reporter", flt.reporter)
    if flt.correspondent:
        stmt = _with_person(stmt, "correspondent", flt.correspondent)
    if flt.editor:
        stmt = _with_person(stmt, "editor", flt.editor)
    if flt.source:
        stmt = stmt.where(Article.source.contains(flt.source, autoescape=True))
    if flt.text:
        stmt = _with_text(stmt, flt.text, dialect, scan=scan_text)
    if flt.cluster is not None:
        stmt = stmt.where(Article.cluster_id == flt.cluster)
    return stmt


def ranked_by_relevance(flt: ArticleFilter) -> bool:
    """``--rank`` applies when the search has indexed words to rank by."""
    return bool(flt.rank and flt.text and plan_search(flt.text).indexed)


def order_articles(
    stmt: Select[*_Ts], flt: ArticleFilter, dialect: str, *, scan_text: bool = False
) -> Select[*_Ts]:
    """``stmt`` (a select from ``articles``, any columns) filtered by ``flt``, newest first (or
    best match first with ``rank``), limited."""
    stmt = filter_articles(stmt, flt, dialect, scan_text=scan_text)
    newest = (Article.published_at.desc().nulls_last(), Article.id.desc())
    if ranked_by_relevance(flt):
        assert flt.text is not None
        scores = relevance(dialect, plan_search(flt.text))
        stmt = stmt.join(scores, scores.c.id == Article.id).order_by(scores.c.score, *newest)
    else:
        stmt = stmt.order_by(*newest)
    if flt.limit:
        stmt = stmt.limit(flt.limit)
    return stmt


def build_query(
    flt: ArticleFilter, dialect: str = "sqlite", *, scan_text: bool = False
) -> Select[Any]:
    """The articles ``flt`` asks for, in order, with their people and cluster loaded."""
    stmt = order_articles(select(Article), flt, dialect, scan_text=scan_text)
    return stmt.options(selectinload(Article.people), selectinload(Article.cluster))


def scan_is_faster(session: Session, flt: ArticleFilter) -> bool:
    """The newest page of a search for common words is found faster by reading the newest
    articles and checking their text than by reading and sorting every match."""
    if not flt.text or not flt.limit or ranked_by_relevance(flt):
        return False
    plan = plan_search(flt.text)
    return plan.indexed and is_common(session, plan)


def find_articles(session: Session, flt: ArticleFilter) -> Sequence[Article]:
    dialect = session.get_bind().dialect.name
    stmt = build_query(flt, dialect, scan_text=scan_is_faster(session, flt))
    return session.execute(stmt).scalars().all()


def get_article(session: Session, article_id: int) -> Article | None:
    return session.get(
        Article,
        article_id,
        options=[selectinload(Article.people), selectinload(Article.cluster)],
    )


def cluster_of(session: Session, article: Article) -> Sequence[Article]:
    """Every stored copy of ``article``'s story, the original first."""
    if article.cluster_id is None:
        return [article]
    return (
        session.execute(
            select(Article)
            .where(Article.cluster_id == article.cluster_id)
            .order_by(Article.published_at.asc().nulls_last(), Article.id)
            .options(selectinload(Article.people), selectinload(Article.cluster))
        )
        .scalars()
        .all()
    )


def format_published(article: Article) -> str | None:
    """ISO 8601 in +08:00 at the precision the page showed; a bare date for day precision."""
    if article.published_at is None:
        return None
    local = article.published_at.astimezone(SHANGHAI)
    if article.published_precision == "day":
        return local.date().isoformat()
    spec = "seconds" if article.published_precision == "second" else "minutes"
    return local.isoformat(timespec=spec)


def article_to_dict(article: Article, *, with_body: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": article.id,
        "url": article.url,
        "site": article.site,
        "title": article.title,
        "published_at": format_published(article),
        "published_precision": article.published_precision,
        "reporters": article.names("reporter"),
        "correspondents": article.names("correspondent"),
        "photographers": article.names("photographer"),
        "editor": article.editor,
        "source": article.source,
        "dateline": article.dateline,
        "agency": article.agency,
        "click_count": article.click_count,
        "original_title": article.original_title,
        "script": article.script,
        "first_seen_at": article.first_seen_at.astimezone(SHANGHAI).isoformat(timespec="seconds"),
        "cluster_id": article.cluster_id,
        "canonical_id": article.cluster.canonical_id if article.cluster is not None else None,
        "problems": list(article.problems),
        "extractor_version": article.extractor_version,
    }
    if with_body:
        data["body"] = article.body
    return data


@dataclass(frozen=True, slots=True)
class ClusterRow:
    """One story: its original article and how widely it was copied."""

    cluster_id: int
    canonical_id: int | None
    title: str | None
    site: str | None
    published_at: str | None
    copies: int
    sites: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "cluster_id": self.cluster_id,
            "canonical_id": self.canonical_id,
            "title": self.title,
            "site": self.site,
            "published_at": self.published_at,
            "copies": self.copies,
            "sites": list(self.sites),
        }


def find_clusters(session: Session, flt: ArticleFilter) -> list[ClusterRow]:
    """Stories with at least one article matching ``flt``, newest original first: one row per
    cluster with its number of stored copies and the sites they are on."""
    dialect = session.get_bind().dialect.name
    matching = filter_articles(select(Article.cluster_id), flt, dialect)
    canonical = aliased(Article)
    stmt = (
        select(Cluster, canonical)
        .outerjoin(canonical, canonical.id == Cluster.canonical_id)
        .where(Cluster.id.in_(matching.scalar_subquery()))
        .order_by(canonical.published_at.desc().nulls_last(), Cluster.id.desc())
        .options(selectinload(canonical.people))
    )
    if flt.limit:
        stmt = stmt.limit(flt.limit)
    pairs = session.execute(stmt).all()
    sites: dict[int, set[str]] = {}
    ids = [cluster.id for cluster, _ in pairs]
    for start in range(0, len(ids), 500):
        for cluster_id, site in session.execute(
            select(Article.cluster_id, Article.site)
            .where(Article.cluster_id.in_(ids[start : start + 500]))
            .distinct()
        ):
            if cluster_id is not None:
                sites.setdefault(cluster_id, set()).add(site)
    return [
        ClusterRow(
            cluster_id=cluster.id,
            canonical_id=cluster.canonical_id,
            title=article.title if article else None,
            site=article.site if article else None,
            published_at=format_published(article) if article else None,
            copies=cluster.size,
            sites=tuple(sorted(sites.get(cluster.id, ()))),
        )
        for cluster, article in pairs
    ]
