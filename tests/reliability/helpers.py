"""What the reliability tests share: reading a crawl's outcome back from its database."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import open_engine
from storage.models import Article, UrlState


def url_outcomes(db_url: str) -> dict[str, tuple[str, str | None]]:
    """Every article URL of the frontier: its state and its last error."""
    engine = open_engine(db_url)
    try:
        with Session(engine) as session:
            rows = session.execute(
                select(UrlState.url, UrlState.state, UrlState.last_error).where(
                    UrlState.kind == "article"
                )
            ).all()
    finally:
        engine.dispose()
    return {url: (state, error) for url, state, error in rows}


def stored_urls(db_url: str) -> list[str]:
    """The canonical URL of every stored article (repeated if stored twice)."""
    engine = open_engine(db_url)
    try:
        with Session(engine) as session:
            return list(session.execute(select(Article.canonical_url)).scalars())
    finally:
        engine.dispose()


def article_rows(db_url: str) -> list[tuple[object, ...]]:
    """Every stored article's identifying fields, in URL order (to compare two databases)."""
    engine = open_engine(db_url)
    try:
        with Session(engine) as session:
            return [
                tuple(row)
                for row in session.execute(
                    select(
                        Article.canonical_url,
                        Article.site,
                        Article.title,
                        Article.body,
                        Article.published_at,
                    ).order_by(Article.canonical_url)
                )
            ]
    finally:
        engine.dispose()
