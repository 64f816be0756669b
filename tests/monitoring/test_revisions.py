"""An edited article keeps its history (both backends)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from storage import SaveOutcome, Store
from storage.models import Article
from storage.revisions import revisions_of
from tests.storage.test_repository import record

NOW = datetime(2025, 2, 1, 8, 0, tzinfo=UTC)


def test_a_changed_text_updates_the_article_and_keeps_the_old_version(engine: Engine) -> None:
    store = Store(engine)
    original = record(1, body="工会第一版正文")
    _, article_id = store.save_article(original, run_id=None, now=NOW)
    edited = replace(
        record(1, body="工会第二版正文，已更正"), title="更正后的标题", reporters=("郑莉",)
    )
    later = NOW + timedelta(hours=5)
    assert store.save_article(edited, run_id=None, now=later) == (SaveOutcome.UPDATED, article_id)
    assert store.save_article(edited, run_id=None, now=later) == (SaveOutcome.KNOWN, article_id)
    with Session(engine) as session:
        article = session.get_one(Article, article_id)
        assert (article.title, article.body) == ("更正后的标题", "工会第二版正文，已更正")
        assert article.names("reporter") == ["郑莉"]
        (old,) = revisions_of(session, article_id)
    assert (old.title, old.body, old.changed_at) == ("标题1", "工会第一版正文", later)
    assert old.published_at == original.published_at
    assert old.content_hash == original.content_hash
