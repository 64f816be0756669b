"""monitoring: revisions, validators per URL, run counts, site leases and health

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24

Adds the ``revisions`` table (earlier versions of changed articles), the ETag and
Last-Modified of each URL's last answer, the monitoring counts of a crawl run, the scheduler's
per-site lease and the last health verdict of each site. Existing rows get empty values.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_RUN_COUNTS = ("requests", "unchanged", "updated", "blocked")


def upgrade() -> None:
    op.create_table(
        "revisions",
        sa.Column("id", _ID, nullable=False),
        sa.Column("article_id", _ID, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_precision", sa.String(length=8), nullable=True),
        sa.Column("published_raw", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(length=40), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_revisions_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revisions")),
    )
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_revisions_article_id_changed_at"),
            ["article_id", "changed_at"],
            unique=False,
        )
    op.create_table(
        "site_leases",
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=128), nullable=False),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("site", name=op.f("pk_site_leases")),
    )
    op.create_table(
        "site_health",
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("site", name=op.f("pk_site_health")),
    )
    with op.batch_alter_table("url_states", schema=None) as batch_op:
        batch_op.add_column(sa.Column("etag", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("last_modified", sa.String(length=64), nullable=True))
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        for name in _RUN_COUNTS:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    # The model gives the default; the server default only filled the existing rows.
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        for name in _RUN_COUNTS:
            batch_op.alter_column(name, server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        for name in _RUN_COUNTS:
            batch_op.drop_column(name)
    with op.batch_alter_table("url_states", schema=None) as batch_op:
        batch_op.drop_column("last_modified")
        batch_op.drop_column("etag")
    op.drop_table("site_health")
    op.drop_table("site_leases")
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_revisions_article_id_changed_at"))
    op.drop_table("revisions")
