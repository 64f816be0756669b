"""A small union news site on loopback whose pages a test changes between crawls: fresh
articles, a changed layout, anti-bot answers, slow answers."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import open_engine
from storage.models import CrawlRun
from tests.loopback import Page, serve_answers

ROOT = Path(__file__).resolve().parents[2]
SHANGHAI = timezone(timedelta(hours=8))
HTML = {"Content-Type": "text/html; charset=utf-8"}

_PARAGRAPHS = (
    "市总工会近日召开专题会议，部署开展职工技能提升行动，来自全市各级工会组织的负责人参加会议。",
    "会议要求，各级工会要聚焦产业工人队伍建设改革，推动职工技能竞赛常态化，并落实技能人才待遇。",
    "据介绍，今年以来全市已举办各类职工技能竞赛一百二十余场，参赛职工超过三万人次，成效明显。",
)


def article_html(number: int, published: datetime, *, broken: bool = False) -> bytes:
    """An article page; ``broken``: the page after a redesign (the text moved into a script
    the extractor does not read)."""
    title = f"全市职工技能提升行动第{number}场活动举行"
    text = "".join(f"<p>{p}（第{number}期）</p>\n" for p in _PARAGRAPHS)
    stamp = published.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    if broken:
        content = f"<div id='app'></div><script>var data = {{'n': {number}}};</script>"
    else:
        content = f'<div class="content">\n{text}</div>'
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{title}-某市总工会</title></head><body>"
        f"<h1>{title}</h1><div class='info'>发布时间：{stamp} 来源：某市总工会</div>"
        f"{content}<p>责任编辑：张三</p></body></html>"
    ).encode()


@dataclass
class LoopbackSite:
    """The site's pages by path (mutable while served), and how it answers."""

    pages: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    #: Seconds to wait before answering an article page.
    delay: float = 0.0
    #: When set, every answer is this (status, headers, body): an anti-bot front end.
    block: tuple[int, dict[str, str], bytes] | None = None
    requests: int = 0

    def publish(self, numbers: range, now: datetime, *, broken: bool = False) -> None:
        """Articles ``numbers`` (one per hour, the last one now) and the list linking them."""
        items = []
        for number in numbers:
            published = now - timedelta(hours=numbers.stop - 1 - number)
            self.pages[f"/news/{number}.html"] = (
                200,
                HTML,
                article_html(number, published, broken=broken),
            )
            stamp = published.astimezone(SHANGHAI).strftime("%Y-%m-%d")
            items.append(f'<li><a href="/news/{number}.html">第{number}场活动</a> {stamp}</li>')
        body = "<ul>" + "".join(reversed(items)) + "</ul>"
        self.pages["/list.html"] = (
            200,
            HTML,
            f'<html><head><meta charset="utf-8"><title>工会动态</title></head><body>{body}</body></html>'.encode(),
        )


@contextmanager
def serve_site(site: LoopbackSite) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1; yields the base URL."""

    def answer(path: str) -> Page:
        site.requests += 1
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\n"
        if site.block is not None:
            return site.block
        if path.startswith("/news/") and site.delay:
            time.sleep(site.delay)
        return site.pages.get(path, (404, HTML, b"<html>404</html>"))

    with serve_answers(answer) as url:
        yield url


def write_site(folder: Path, site_id: str, base: str, schedule: str = "0 0 1 1 *") -> Path:
    """A site file for the loopback site in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{site_id}.toml").write_text(
        f'id = "{site_id}"\nname = "测试工会"\nlevel = "city"\n'
        f'start_urls = ["{base}/list.html"]\nallowed_hosts = ["127.0.0.1"]\n'
        "article_pattern = '/news/\\d+\\.html$'\nlist_pattern = 'list\\.html'\n"
        f'schedule = "{schedule}"\n[politeness]\ndownload_delay = 0.0\nconcurrency = 4\n',
        encoding="utf-8",
    )
    return folder


def unionwatch(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("UNIONWATCH_DB", None)
    return subprocess.run(
        [str(Path(sys.executable).with_name("unionwatch")), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
        cwd=ROOT,
    )


def spawn(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ}
    env.pop("UNIONWATCH_DB", None)
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("unionwatch")), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def finish(process: subprocess.Popen[str], timeout: float) -> tuple[str, str]:
    """The process's stdout and stderr once it exits; when it does not within ``timeout``,
    it and its descendants print every thread's stack (SIGUSR1, see ``unionwatch --help``), are
    killed, and the test fails with the end of what they printed."""
    try:
        return process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        for pid in [process.pid, *_descendants(process.pid)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGUSR1)
        time.sleep(2)
        for pid in [*_descendants(process.pid), process.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        out, err = process.communicate()
        raise AssertionError(
            f"{process.args} did not exit within {timeout} s; its stacks and last output:\n"
            + err[-12_000:]
            + "\n--- stdout ---\n"
            + out[-2_000:]
        ) from None


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                found += [int(child), *_descendants(int(child))]
    return found


def runs(db_url: str) -> list[CrawlRun]:
    """Every crawl run, oldest first."""
    engine = open_engine(db_url)
    with Session(engine) as session:
        rows = list(session.execute(select(CrawlRun).order_by(CrawlRun.id)).scalars())
    engine.dispose()
    return rows


def wait_for(predicate: object, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(predicate) and predicate():
            return True
        time.sleep(0.2)
    return False
