"""full-text search index (character bigrams)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

SQLite: a contentless FTS5 table ``article_search`` (rowid = article id) over the title's and
the body's character bigrams. PostgreSQL: ``article_search(article_id, terms tsvector)`` with a
GIN index, and an index on articles in "newest first" order. Existing articles are indexed
here (see :mod:`storage.search`). The people indexes
of 0001 already serve "articles by X" (``article_people(name, role)``) and "top reporters of a
site" (``articles(site, published_at)`` then ``article_people(article_id, role, name)``).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from storage.search import NEWEST_INDEX, SEARCH_TABLE, build_index

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(
            f"CREATE TABLE {SEARCH_TABLE} ("
            " article_id BIGINT NOT NULL,"
            " terms TSVECTOR NOT NULL,"
            f" CONSTRAINT pk_{SEARCH_TABLE} PRIMARY KEY (article_id),"
            f" CONSTRAINT fk_{SEARCH_TABLE}_article_id_articles FOREIGN KEY (article_id)"
            " REFERENCES articles (id) ON DELETE CASCADE)"
        )
        build_index(bind)
        op.execute(f"CREATE INDEX ix_{SEARCH_TABLE}_terms ON {SEARCH_TABLE} USING gin (terms)")
        # "Newest first" is ORDER BY published_at DESC NULLS LAST, id DESC: an index in that
        # order lets PostgreSQL stop after the first page instead of sorting every match.
        # (SQLite reads ix_articles_published_at backwards: its DESC already puts NULLs last.)
        op.execute(
            f"CREATE INDEX {NEWEST_INDEX} ON articles (published_at DESC NULLS LAST, id DESC)"
        )
    else:
        op.execute(
            f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5("
            "title, body, content='', detail=full, tokenize='ascii')"
        )
        build_index(bind)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX {NEWEST_INDEX}")
    op.execute(f"DROP TABLE {SEARCH_TABLE}")
