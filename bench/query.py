"""Query speed at a million articles, on SQLite and PostgreSQL, against an unindexed scan.

    .venv/bin/python -m bench.query [--size 1000000] [--backends sqlite,postgresql]
                                    [--store-rate 2000] [--repeat 7] [--pg-url URL] [--dir DIR]

Builds a database of ``--size`` articles per backend from the demo generator's vocabulary
(:func:`crawler.demo.stories.compose_story`: 12 sites, three years, reporters, sources), loaded
in bulk (SQLite: executemany in large transactions; PostgreSQL: COPY, the GIN index built
afterwards), with the search index filled exactly as the store fills it. Then it times the
typical queries through unionwatch's own query functions (median of ``--repeat`` runs after a
warm-up) and the same questions answered by an unindexed scan on the same data: ``LIKE`` on
the texts instead of the search index, and no index on ``articles`` or ``article_people``
(SQLite ``NOT INDEXED``; PostgreSQL with index and bitmap scans switched off). Last, it stores
``--store-rate`` more articles through :meth:`storage.Store.save_article` (the pipeline's
store path: clustering, people, frontier state, search index, one transaction per article)
into the full database and reports the rate.

Targets (issue 7): every query under 100 ms median at 1M articles on both backends, keyword
queries at least 20x faster than the scan.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, literal_column, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from crawler.demo.stories import Story, compose_story
from crawler.demo.vocabulary import person, stable_hash
from crawler.fingerprint import content_hash
from storage import ArticleRecord, Store, ensure_schema, open_engine
from storage.models import Article, ArticlePerson
from storage.queries import (
    SHANGHAI,
    ArticleFilter,
    filter_articles,
    find_articles,
    order_articles,
)
from storage.search import SEARCH_TABLE, pg_terms, sqlite_terms
from storage.stats import articles_per_period, period_expression, top_reporters

__all__ = ["BenchData", "Query", "main", "queries"]

SITES = (
    "workercn",
    "acftu",
    "zjgh",
    "shzgh",
    "bjzgh",
    "gdftu",
    "jsgh",
    "scgh",
    "hbgh",
    "sxgh",
    "hz-city",
    "nb-city",
)
#: Share of the articles per site (the national portal publishes most).
_SITE_WEIGHTS = (30, 12, 8, 8, 7, 7, 6, 6, 5, 4, 4, 3)
START = date(2023, 1, 1)
DAYS = 3 * 365
#: Distinct stories composed; articles reuse them (as reprints do) with their own site, date
#: and byline.
_STORY_POOL = 50_000
_REPORTERS = 2_000
_SOURCES = ("工人日报", "中工网", "新华社", "人民日报", "浙江日报", "本网", "解放日报")
_CHUNK = 5_000


@dataclass(frozen=True, slots=True)
class BenchData:
    """What the queries ask for: a reporter, a site, a month, and words of three frequencies."""

    reporter: str
    site: str
    month: tuple[date, date]
    common_word: str
    topic_word: str
    rare_word: str


@dataclass(frozen=True, slots=True)
class Row:
    id: int
    site: str
    title: str
    body: str
    published_at: datetime
    reporters: tuple[str, ...]
    source: str
    editor: str


def _reporter(i: int) -> str:
    return person("bench-reporter", i).name


def _site(i: int) -> str:
    pick = stable_hash("site", i) % sum(_SITE_WEIGHTS)
    for site, weight in zip(SITES, _SITE_WEIGHTS, strict=True):
        if pick < weight:
            return site
        pick -= weight
    return SITES[-1]


class Generator:
    """Deterministic realistic articles: ``rows(size)`` yields them in chunks."""

    def __init__(self, pool: int = _STORY_POOL) -> None:
        self._pool = pool
        self._stories: dict[int, Story] = {}
        self._reporters = [_reporter(i) for i in range(_REPORTERS)]
        self._size = 1

    def story(self, n: int) -> Story:
        found = self._stories.get(n)
        if found is None:
            day = START + timedelta(days=stable_hash("story-day", n) % DAYS)
            found = self._stories[n] = compose_story(f"bench-{n}", day=day)
        return found

    def row(self, i: int) -> Row:
        story = self.story(stable_hash("story", i) % self._pool)
        day = START + timedelta(days=i * DAYS // max(self._size, 1))
        minute = stable_hash("minute", i) % (14 * 60)
        published = datetime.combine(day, dtime(7, 0), tzinfo=SHANGHAI) + timedelta(minutes=minute)
        # Zipf-like: a few reporters write much more than the others.
        r = stable_hash("reporter", i) % _REPORTERS
        first = self._reporters[(r * r) // _REPORTERS]
        second = self._reporters[stable_hash("reporter2", i) % _REPORTERS]
        reporters = (first,) if i % 3 else (first, second)
        title = story.titles[stable_hash("title", i) % len(story.titles)]
        return Row(
            id=i + 1,
            site=_site(i),
            title=title,
            body="\n".join(story.paragraphs),
            published_at=published.astimezone(UTC),
            reporters=tuple(dict.fromkeys(reporters)),
            source=_SOURCES[stable_hash("source", i) % len(_SOURCES)],
            editor=person("bench-editor", i % 40).name,
        )

    def rows(self, size: int) -> Iterator[list[Row]]:
        self._size = size
        for start in range(0, size, _CHUNK):
            yield [self.row(i) for i in range(start, min(size, start + _CHUNK))]

    def data(self, size: int) -> BenchData:
        self._size = size
        mid = START + timedelta(days=DAYS // 2)
        month = (mid.replace(day=1), (mid.replace(day=1) + timedelta(days=32)).replace(day=1))
        # A reporter with a typical number of articles, and a person named in few stories.
        rare = next(
            name
            for n in range(self._pool)
            if (name := person(f"bench-{n}", "worker").name) in "".join(self.story(n).paragraphs)
        )
        return BenchData(
            reporter=self._reporters[40],
            site="zjgh",
            month=(month[0], month[1] - timedelta(days=1)),
            common_word="工会",
            topic_word="驿站",
            rare_word=rare,
        )


# -- loading --------------------------------------------------------------------------------

_COLUMNS = (
    "id, url, canonical_url, site, title, published_at, published_precision, editor, source,"
    " body, script, problems, content_hash, extractor_version, first_seen_at, last_seen_at"
)


def _article_values(row: Row, now: datetime) -> tuple[Any, ...]:
    url = f"http://{row.site}.bench.test/a/{row.id}.html"
    return (
        row.id,
        url,
        url,
        row.site,
        row.title,
        row.published_at,
        "minute",
        row.editor,
        row.source,
        row.body,
        "simplified",
        "[]",
        f"{row.id:040x}",
        "bench",
        now,
        now,
    )


def _people_values(row: Row) -> list[tuple[Any, ...]]:
    people = [(row.id, "reporter", name, pos) for pos, name in enumerate(row.reporters)]
    people.append((row.id, "editor", row.editor, 0))
    return people


def load_sqlite(engine: Engine, batches: Iterator[list[Row]]) -> int:
    now = datetime.now(UTC)
    raw = engine.raw_connection()
    count = 0
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        for rows in batches:
            cursor.execute("BEGIN")
            cursor.executemany(
                f"INSERT INTO articles ({_COLUMNS}) VALUES ({', '.join('?' * 16)})",
                [
                    tuple(
                        v.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, datetime) else v
                        for v in _article_values(r, now)
                    )
                    for r in rows
                ],
            )
            cursor.executemany(
                "INSERT INTO article_people (article_id, role, name, position) VALUES (?, ?, ?, ?)",
                [p for r in rows for p in _people_values(r)],
            )
            cursor.executemany(
                f"INSERT INTO {SEARCH_TABLE} (rowid, title, body) VALUES (?, ?, ?)",
                [(r.id, sqlite_terms(r.title), sqlite_terms(r.body)) for r in rows],
            )
            cursor.execute("COMMIT")
            count += len(rows)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
    finally:
        raw.close()
    return count


def load_postgresql(engine: Engine, batches: Iterator[list[Row]]) -> int:
    now = datetime.now(UTC)
    count = 0
    with engine.connect() as connection:
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS ix_{SEARCH_TABLE}_terms")
        connection.commit()
        pg = connection.connection.driver_connection
        assert pg is not None
        for rows in batches:
            with pg.cursor() as cursor:
                with cursor.copy(f"COPY articles ({_COLUMNS}) FROM STDIN") as copy:
                    for r in rows:
                        copy.write_row(_article_values(r, now))
                with cursor.copy(
                    "COPY article_people (article_id, role, name, position) FROM STDIN"
                ) as copy:
                    for r in rows:
                        for person_row in _people_values(r):
                            copy.write_row(person_row)
                with cursor.copy(f"COPY {SEARCH_TABLE} (article_id, terms) FROM STDIN") as copy:
                    for r in rows:
                        copy.write_row((r.id, pg_terms(r.title, r.body)))
            pg.commit()
            count += len(rows)
        connection.exec_driver_sql("SET maintenance_work_mem = '512MB'")
        connection.exec_driver_sql(
            f"CREATE INDEX ix_{SEARCH_TABLE}_terms ON {SEARCH_TABLE} USING gin (terms)"
        )
        connection.exec_driver_sql(
            "SELECT setval(pg_get_serial_sequence('articles', 'id'),"
            " (SELECT max(id) FROM articles))"
        )
        connection.commit()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")
    return count


# -- queries --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    ours: Callable[[Session], object]
    #: The same question without the indexes (see the module docstring).
    scan: Callable[[Session], object]


def _list(flt: ArticleFilter) -> Callable[[Session], object]:
    return lambda session: find_articles(session, flt)


_TABLES = re.compile(r"\b(FROM|JOIN) (articles|article_people)\b")


def _unindexed(session: Session, stmt: Any) -> object:
    """Run ``stmt`` with no index usable on articles and article_people (their primary keys
    stay usable on SQLite)."""
    if session.get_bind().dialect.name == "postgresql":
        for flag in ("indexscan", "bitmapscan", "indexonlyscan"):
            session.execute(text(f"SET LOCAL enable_{flag} = off"))
        try:
            return session.execute(stmt).all()
        finally:
            session.rollback()
    engine = session.get_bind()

    def not_indexed(*args: Any) -> tuple[str, Any]:
        statement, parameters = args[2], args[3]
        return _TABLES.sub(r"\1 \2 NOT INDEXED", statement), parameters

    event.listen(engine, "before_cursor_execute", not_indexed, retval=True)
    try:
        return session.execute(stmt).all()
    finally:
        event.remove(engine, "before_cursor_execute", not_indexed)


def _scan_list(flt: ArticleFilter) -> Callable[[Session], object]:
    def run(session: Session) -> object:
        dialect = session.get_bind().dialect.name
        return _unindexed(session, order_articles(select(Article), flt, dialect, scan_text=True))

    return run


def _count_per_day(flt: ArticleFilter) -> Callable[[Session], object]:
    return lambda session: articles_per_period(session, flt, "day")


def _scan_count_per_day(flt: ArticleFilter) -> Callable[[Session], object]:
    def run(session: Session) -> object:
        dialect = session.get_bind().dialect.name
        period = period_expression(dialect, "day").label("period")
        stmt = (
            filter_articles(select(period, Article.site, func.count()), flt, dialect)
            .group_by(literal_column("period"), Article.site)
            .order_by(literal_column("period"), Article.site)
        )
        return _unindexed(session, stmt)

    return run


def _top_reporters(flt: ArticleFilter) -> Callable[[Session], object]:
    return lambda session: top_reporters(session, flt)


def _scan_top_reporters(flt: ArticleFilter) -> Callable[[Session], object]:
    def run(session: Session) -> object:
        dialect = session.get_bind().dialect.name
        matching = filter_articles(select(Article.id), flt, dialect).subquery()
        stmt = (
            select(ArticlePerson.name, func.count())
            .join(matching, matching.c.id == ArticlePerson.article_id)
            .where(ArticlePerson.role == "reporter")
            .group_by(ArticlePerson.name)
            .order_by(func.count().desc(), ArticlePerson.name)
            .limit(10)
        )
        return _unindexed(session, stmt)

    return run


def queries(data: BenchData) -> list[Query]:
    since, until = data.month
    out: list[Query] = []

    def listing(name: str, flt: ArticleFilter) -> None:
        out.append(Query(name, _list(flt), _scan_list(flt)))

    listing(
        f"by reporter ({data.reporter}), newest 50", ArticleFilter(reporter=data.reporter, limit=50)
    )
    listing(
        f"site {data.site} + one month, newest 50",
        ArticleFilter(site=data.site, since=since, until=until, limit=50),
    )
    for word in (data.common_word, data.topic_word, data.rare_word):
        listing(f"keyword {word}, limit 50", ArticleFilter(text=word, limit=50))
    listing(
        f"keyword {data.topic_word} + one month, limit 50",
        ArticleFilter(text=data.topic_word, since=since, until=until, limit=50),
    )
    month = ArticleFilter(since=since, until=until, limit=None)
    out.append(
        Query(
            "count per site per day, one month", _count_per_day(month), _scan_count_per_day(month)
        )
    )
    site_month = replace(month, site=data.site)
    out.append(
        Query(
            f"top reporters of {data.site}, one month",
            _top_reporters(site_month),
            _scan_top_reporters(site_month),
        )
    )
    return out


def _median_ms(engine: Engine, run: Callable[[Session], object], repeat: int) -> float:
    times = []
    with Session(engine) as session:
        run(session)  # warm-up: caches and statements
        session.rollback()
        for _ in range(repeat):
            started = time.perf_counter()
            run(session)
            times.append(time.perf_counter() - started)
            session.rollback()
    return statistics.median(times) * 1000


def time_queries(
    engine: Engine, data: BenchData, repeat: int, scan_repeat: int
) -> list[tuple[str, float, float]]:
    results = []
    for query in queries(data):
        ours = _median_ms(engine, query.ours, repeat)
        scan = _median_ms(engine, query.scan, scan_repeat)
        results.append((query.name, ours, scan))
    return results


def store_rate(engine: Engine, generator: Generator, start: int, count: int) -> float:
    """Articles per second through :meth:`Store.save_article` into the loaded database."""
    store = Store(engine)
    now = datetime.now(UTC)
    records = []
    for i in range(start, start + count):
        row = generator.row(i)
        url = f"http://{row.site}.bench.test/store/{i}.html"
        body = f"{row.body}\n（第{i}稿）"
        records.append(
            ArticleRecord(
                site=row.site,
                url=url,
                canonical_url=url,
                title=row.title,
                body=body,
                content_hash=content_hash(body),
                extractor_version="bench",
                published_at=row.published_at,
                published_precision="minute",
                reporters=row.reporters,
                editors=(row.editor,),
                editor=row.editor,
                source=row.source,
            )
        )
    started = time.perf_counter()
    for record in records:
        store.save_article(record, run_id=None, now=now)
    return count / (time.perf_counter() - started)


# -- backends -------------------------------------------------------------------------------


def _sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'bench-query.db'}"


def _pg_database(admin_url: str) -> tuple[str, Callable[[], None]]:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"uw_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), drop


def run_backend(
    backend: str, url: str, size: int, repeat: int, scan_repeat: int, store_count: int
) -> None:
    generator = Generator()
    engine = open_engine(url, writer=True)
    ensure_schema(engine)
    started = time.perf_counter()
    loader = load_postgresql if backend == "postgresql" else load_sqlite
    loaded = loader(engine, generator.rows(size))
    load_s = time.perf_counter() - started
    print(f"\n## {backend}: {loaded:,} articles bulk-loaded in {load_s:.0f} s", flush=True)
    data = generator.data(size)
    results = time_queries(engine, data, repeat, scan_repeat)
    print(f"{'query':<44}{'ours ms':>10}{'scan ms':>11}{'scan/ours':>11}{'<100ms':>8}")
    for name, ours, scan in results:
        ok = "yes" if ours < 100 else "NO"
        print(f"{name:<44}{ours:>10.1f}{scan:>11.1f}{scan / ours:>10.0f}x{ok:>8}")
    if store_count:
        rate = store_rate(engine, generator, size, store_count)
        print(f"store path (Store.save_article, {store_count} articles): {rate:,.0f} articles/s")
    engine.dispose()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=1_000_000, help="articles per backend")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per query")
    parser.add_argument("--scan-repeat", type=int, default=3, help="timed runs per scan")
    parser.add_argument("--store-rate", type=int, default=2000, help="articles via the store")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "UNIONWATCH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        ),
        help="an admin URL: the bench creates and drops its own database there",
    )
    parser.add_argument("--dir", type=Path, help="folder for the SQLite file (default: temp)")
    args = parser.parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    print(f"# bench.query: {args.size:,} articles per backend, median of {args.repeat} runs")
    for backend in backends:
        if backend == "sqlite":
            with tempfile.TemporaryDirectory(dir=args.dir) as folder:
                run_backend(
                    backend,
                    _sqlite_url(Path(folder)),
                    args.size,
                    args.repeat,
                    args.scan_repeat,
                    args.store_rate,
                )
        elif backend == "postgresql":
            url, drop = _pg_database(args.pg_url)
            try:
                run_backend(backend, url, args.size, args.repeat, args.scan_repeat, args.store_rate)
            finally:
                drop()
        else:
            parser.error(f"unknown backend {backend!r}: sqlite or postgresql")


if __name__ == "__main__":
    main()
