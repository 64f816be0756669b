"""Read queries: filtered article lists, one article with its copies, crawl runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased, selectinload

from storage.models import Article, ArticlePerson, Cluster, CrawlRun

__all__ = [
    "SHANGHAI",
    "ArticleFilter",
    "ClusterRow",
    "article_to_dict",
    "build_query",
    "cluster_of",
    "find_articles",
    "find_clusters",
    "format_published",
    "get_article",
    "recent_runs",
]

SHANGHAI = ZoneInfo("Asia/Shanghai")


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


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=SHANGHAI)


def _with_person(stmt: Select[Any], role: str, name: str) -> Select[Any]:
    person = select(ArticlePerson.article_id).where(
        ArticlePerson.role == role, ArticlePerson.name == name
    )
    return stmt.where(Article.id.in_(person))


def build_query(flt: ArticleFilter) -> Select[Article]:
    stmt = select(Article)
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
        for word in flt.text.split():
            stmt = stmt.where(
                Article.title.contains(word, autoescape=True)
                | Article.body.contains(word, autoescape=True)
            )
    if flt.cluster is not None:
        stmt = stmt.where(Article.cluster_id == flt.cluster)
    stmt = stmt.order_by(Article.published_at.desc().nulls_last(), Article.id.desc())
    if flt.limit:
        stmt = stmt.limit(flt.limit)
    return stmt.options(selectinload(Article.people), selectinload(Article.cluster))


def find_articles(session: Session, flt: ArticleFilter) -> Sequence[Article]:
    return session.execute(build_query(flt)).scalars().all()


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


def recent_runs(session: Session, site: str | None = None, limit: int = 20) -> Sequence[CrawlRun]:
    stmt = select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)
    if site:
        stmt = stmt.where(CrawlRun.site == site)
    return session.execute(stmt).scalars().all()


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
    matching = build_query(replace(flt, limit=None)).with_only_columns(Article.cluster_id)
    canonical = aliased(Article)
    stmt = (
        select(Cluster, canonical)
        .outerjoin(canonical, canonical.id == Cluster.canonical_id)
        .where(Cluster.id.in_(matching.order_by(None).scalar_subquery()))
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
