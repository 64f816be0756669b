"""Statistics over stored articles: per site and day (or week), top reporters and sources,
and how widely stories were reprinted. Days and weeks are calendar days in Asia/Shanghai.

Every figure is one grouped query over the filtered articles, served by the indexes on
``articles(site, published_at)``, ``articles(cluster_id)`` and
``article_people(article_id, role, name)``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Date, case, cast, func, literal_column, select
from sqlalchemy.orm import Session, aliased

from storage.models import Article, ArticlePerson, Cluster
from storage.queries import ArticleFilter, filter_articles

__all__ = [
    "PERIODS",
    "Stats",
    "articles_per_period",
    "collect_stats",
    "period_expression",
    "top_reporters",
]

PERIODS = ("day", "week")


def period_expression(dialect: str, per: str) -> ColumnElement[Any]:
    """The Asia/Shanghai calendar day (or the Monday of its week) of ``published_at``."""
    if per not in PERIODS:
        raise ValueError(f"per must be one of {PERIODS}, not {per!r}")
    if dialect == "postgresql":
        local = func.timezone("Asia/Shanghai", Article.published_at)
        if per == "week":
            return cast(func.date_trunc("week", local), Date)
        return cast(local, Date)
    # SQLite keeps UTC text; Shanghai has had no daylight saving time since 1991.
    if per == "week":
        return func.date(Article.published_at, "+8 hours", "-6 days", "weekday 1")
    return func.date(Article.published_at, "+8 hours")


@dataclass(slots=True)
class Stats:
    per: str
    #: {"period", "site", "articles"}, oldest period first.
    articles: list[dict[str, Any]] = field(default_factory=list)
    #: {"site", "articles", "originals", "copies", "undated"}: copies are reprints and mirrors
    #: of a story whose original is another article.
    sites: list[dict[str, Any]] = field(default_factory=list)
    top_reporters: list[dict[str, Any]] = field(default_factory=list)
    top_sources: list[dict[str, Any]] = field(default_factory=list)
    #: The most reprinted stories: {"cluster_id", "canonical_id", "title", "copies", "sites"}.
    top_stories: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def articles_per_period(
    session: Session, flt: ArticleFilter, per: str = "day"
) -> list[dict[str, Any]]:
    """Dated articles per site and period: {"period", "site", "articles"}, oldest first."""
    dialect = session.get_bind().dialect.name
    period = period_expression(dialect, per).label("period")
    rows = session.execute(
        filter_articles(select(period, Article.site, func.count()), flt, dialect)
        .where(Article.published_at.is_not(None))
        .group_by(literal_column("period"), Article.site)
        .order_by(literal_column("period"), Article.site)
    )
    return [{"period": _day(p), "site": s, "articles": n} for p, s, n in rows]


def top_reporters(session: Session, flt: ArticleFilter, top: int = 10) -> list[dict[str, Any]]:
    """The reporters with the most articles among those ``flt`` asks for."""
    dialect = session.get_bind().dialect.name
    matching = filter_articles(select(Article.id), flt, dialect).subquery()
    rows = session.execute(
        select(ArticlePerson.name, func.count())
        .join(matching, matching.c.id == ArticlePerson.article_id)
        .where(ArticlePerson.role == "reporter")
        .group_by(ArticlePerson.name)
        .order_by(func.count().desc(), ArticlePerson.name)
        .limit(top)
    )
    return [{"name": name, "articles": n} for name, n in rows]


def collect_stats(session: Session, flt: ArticleFilter, per: str = "day", top: int = 10) -> Stats:
    dialect = session.get_bind().dialect.name
    stats = Stats(per=per)
    stats.articles = articles_per_period(session, flt, per)
    stats.top_reporters = top_reporters(session, flt, top)

    copy = case((Cluster.canonical_id != Article.id, 1), else_=0)
    undated = case((Article.published_at.is_(None), 1), else_=0)
    rows = session.execute(
        filter_articles(
            select(Article.site, func.count(), func.sum(copy), func.sum(undated)).outerjoin(
                Cluster, Cluster.id == Article.cluster_id
            ),
            flt,
            dialect,
        )
        .group_by(Article.site)
        .order_by(func.count().desc(), Article.site)
    )
    stats.sites = [
        {
            "site": site,
            "articles": n,
            "originals": n - int(copies or 0),
            "copies": int(copies or 0),
            "undated": int(no_date or 0),
        }
        for site, n, copies, no_date in rows
    ]

    rows = session.execute(
        filter_articles(select(Article.source, func.count()), flt, dialect)
        .where(Article.source.is_not(None), Article.source != "")
        .group_by(Article.source)
        .order_by(func.count().desc(), Article.source)
        .limit(top)
    )
    stats.top_sources = [{"source": source, "articles": n} for source, n in rows]

    copies = func.count().label("copies")
    spread = func.count(Article.site.distinct()).label("sites")
    stories = (
        filter_articles(select(Article.cluster_id, copies, spread), flt, dialect)
        .where(Article.cluster_id.is_not(None))
        .group_by(Article.cluster_id)
        .having(func.count() > 1)
        .order_by(copies.desc(), Article.cluster_id)
        .limit(top)
        .subquery()
    )
    original = aliased(Article)
    rows = session.execute(
        select(stories, Cluster.canonical_id, original.title)
        .join(Cluster, Cluster.id == stories.c.cluster_id)
        .outerjoin(original, original.id == Cluster.canonical_id)
        .order_by(stories.c.copies.desc(), stories.c.cluster_id)
    )
    stats.top_stories = [
        {
            "cluster_id": cluster_id,
            "canonical_id": canonical_id,
            "title": title,
            "copies": n,
            "sites": n_sites,
        }
        for cluster_id, n, n_sites, canonical_id, title in rows
    ]
    return stats
