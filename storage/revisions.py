"""The history of changed articles: when a revisit finds another text, the stored version is
kept in ``revisions`` before the article row is brought up to date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Article, Revision

__all__ = ["keep_revision", "revisions_of"]


def keep_revision(session: Session, article: Article, changed_at: datetime) -> None:
    """Add the article's current fields to its history (call before overwriting them)."""
    session.add(
        Revision(
            article_id=article.id,
            title=article.title,
            body=article.body,
            published_at=article.published_at,
            published_precision=article.published_precision,
            published_raw=article.published_raw,
            content_hash=article.content_hash,
            changed_at=changed_at,
        )
    )


def revisions_of(session: Session, article_id: int) -> Sequence[Revision]:
    """An article's earlier versions, oldest first."""
    return (
        session.execute(
            select(Revision)
            .where(Revision.article_id == article_id)
            .order_by(Revision.changed_at, Revision.id)
        )
        .scalars()
        .all()
    )
