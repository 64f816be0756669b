"""clusters and the LSH index

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

Existing articles keep their cluster_id: a cluster row is made for each. The LSH index starts
empty; `unionwatch dedup rebuild` fills it for articles stored before this revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clusters",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "canonical_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clusters")),
    )
    op.create_table(
        "lsh_keys",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column(
            "article_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_lsh_keys_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", "article_id", name=op.f("pk_lsh_keys")),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO clusters (id, canonical_id, size, created_at, updated_at)"
        " SELECT cluster_id, min(id), count(*), min(first_seen_at), max(last_seen_at)"
        " FROM articles WHERE cluster_id IS NOT NULL GROUP BY cluster_id"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "SELECT setval(pg_get_serial_sequence('clusters', 'id'),"
            " coalesce((SELECT max(id) FROM clusters), 0) + 1, false)"
        )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_site", sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_articles_cluster_id_clusters"),
            "clusters",
            ["cluster_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_articles_cluster_id_clusters"), type_="foreignkey")
        batch_op.drop_column("source_site")

    op.drop_table("lsh_keys")
    op.drop_table("clusters")
