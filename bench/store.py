"""Storage cost per article: the store path the pipeline uses against a bare bulk insert.

    .venv/bin/python -m bench.store [--articles N]

The peer is the floor for writing the same rows: one SQLAlchemy Core ``executemany`` in a
single transaction, no people rows, no frontier, no clustering. unionwatch's path
(:meth:`storage.Store.save_articles`) stores each article with its people, its cluster lookup,
its search-index entry and its frontier state, so that a crash never leaves half an article:
once with one article a transaction (:meth:`storage.Store.save_article`), once in batches of
25 as the crawl's writer does. The ratios say what that safety costs. (No LSH keys here: the
MinHash signatures are computed before the store, see ``bench.crawl``.)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import cast

from sqlalchemy import Table

from crawler.fingerprint import content_hash
from storage import ArticleRecord, Store, ensure_schema, open_engine
from storage.models import Article
from storage.repository import ArticleWrite

CST = timezone(timedelta(hours=8))
#: Articles per transaction in the crawl's writer (``UNIONWATCH_STORE_BATCH_SIZE``).
_BATCH = 25
_BODY = (
    "1月22日，全市职工职业技能竞赛在市工人文化宫开幕，来自120家企业的860名选手参加焊工、电工、"
    "数控车工等12个工种的比赛。市总工会有关负责人表示，将把竞赛成绩优异的选手推荐参评劳动奖章。"
) * 8


def records(count: int) -> list[ArticleRecord]:
    base = ArticleRecord(
        site="bench",
        url="",
        canonical_url="",
        title="职工技能竞赛开幕",
        body="",
        content_hash="",
        extractor_version="bench",
        published_at=datetime(2025, 1, 22, 9, 30, tzinfo=CST),
        published_precision="minute",
        reporters=("郑莉", "郝赫"),
        correspondents=("王芳",),
        editors=("朱晶晶",),
        editor="朱晶晶",
        source="工人日报",
    )
    out = []
    for n in range(count):
        body = f"{n}号{_BODY}"
        url = f"http://bench.test/c/2025-01-22/{n}.shtml"
        out.append(
            replace(base, url=url, canonical_url=url, body=body, content_hash=content_hash(body))
        )
    return out


def time_store(db_url: str, rows: list[ArticleRecord], batch: int = 1) -> float:
    """Store ``rows`` through :meth:`Store.save_articles`, ``batch`` articles a transaction
    (1: each alone, as :meth:`Store.save_article`; the crawl's writer uses 25)."""
    engine = open_engine(db_url, writer=True)
    ensure_schema(engine)
    store = Store(engine)
    now = datetime.now(UTC)
    writes = [ArticleWrite(record, None, None) for record in rows]
    started = time.perf_counter()
    for start in range(0, len(writes), batch):
        store.save_articles(writes[start : start + batch], run_id=None, now=now)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed


def time_bulk_insert(db_url: str, rows: list[ArticleRecord]) -> float:
    engine = open_engine(db_url)
    ensure_schema(engine)
    table = cast(Table, Article.__table__)
    now = datetime.now(UTC)
    values: list[dict[str, object]] = [
        {
            "url": r.url,
            "canonical_url": r.canonical_url,
            "site": r.site,
            "title": r.title,
            "body": r.body,
            "content_hash": r.content_hash,
            "extractor_version": r.extractor_version,
            "published_at": r.published_at,
            "published_precision": r.published_precision,
            "script": r.script,
            "problems": [],
            "first_seen_at": now,
            "last_seen_at": now,
        }
        for r in rows
    ]
    started = time.perf_counter()
    with engine.begin() as connection:
        connection.execute(table.insert(), values)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    rows = records(args.articles)
    with tempfile.TemporaryDirectory() as folder:
        ours = time_store(f"sqlite:///{Path(folder) / 'ours.db'}", rows)
        batched = time_store(f"sqlite:///{Path(folder) / 'batched.db'}", rows, _BATCH)
        peer = time_bulk_insert(f"sqlite:///{Path(folder) / 'peer.db'}", rows)
    n = len(rows)
    print(f"{'path':<42}{'articles/s':>12}{'µs/article':>12}")
    for name, seconds in (
        ("unionwatch, one article a transaction", ours),
        (f"unionwatch, {_BATCH} a transaction (the crawl)", batched),
        ("peer: one executemany", peer),
    ):
        print(f"{name:<42}{n / seconds:>12.0f}{seconds / n * 1e6:>12.0f}")
    print(
        f"ratio ours/peer (time per article): {ours / peer:.1f}x one at a time, "
        f"{batched / peer:.1f}x in batches of {_BATCH}"
    )


if __name__ == "__main__":
    main()
