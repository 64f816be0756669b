"""The site ``bench.crawl`` crawls: a pre-rendered static union news portal and its server.

    .venv/bin/python -m bench.crawl_site serve ROOT PORT_FILE   # serve ROOT on 127.0.0.1
    .venv/bin/python -m bench.crawl_site load PORT PATHS_FILE   # the server's own pages/s

:func:`generate` writes a 中工网-style portal into a folder: a home page, channel lists of
:data:`PER_LIST` articles with 上一页/下一页 and page numbers, and article pages of 25-60 KB
with the portal's chrome (style sheet, navigation, share widgets, a sidebar of related and
popular articles, an inline recommendation script, friendly links, footer). Each article's
text joins paragraphs of three stories of :func:`crawler.demo.stories.compose_story`, so no
two articles are copies of each other (dedup must not collapse them) and the text reads like
union news.

:func:`serve` is a small asyncio HTTP/1.1 server (keep-alive, ``Content-Length``, ``ETag`` and
``Last-Modified`` like any static server) meant to run in its own process, so the crawler and
the server do not share an interpreter. :func:`load` measures it with concurrent keep-alive
clients from another process: the figure shows the server is not what limits the crawler.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from email.utils import formatdate
from html import escape
from pathlib import Path

from crawler.demo.stories import compose_story
from crawler.demo.vocabulary import PLACES, between, pick

__all__ = ["PER_LIST", "SiteLayout", "generate", "load", "serve"]

#: Articles per list page.
PER_LIST = 20
#: Article pages are this many bytes, at least and at most (chrome included).
MIN_PAGE, MAX_PAGE = 25_000, 60_000
_FIRST_DAY = date(2024, 1, 1)
_CHANNELS = (
    ("10000", "工会要闻"),
    ("10093", "劳模工匠"),
    ("10143", "维权服务"),
    ("10160", "职工生活"),
    ("10185", "地方工会"),
    ("10201", "产业工会"),
    ("10222", "新就业形态"),
    ("10240", "职工文化"),
)
_MODIFIED = formatdate(1_735_689_600, usegmt=True)  # 2025-01-01


@dataclass(frozen=True, slots=True)
class SiteLayout:
    """What :func:`generate` wrote: counts and the URL patterns of the site file."""

    root: Path
    articles: int
    list_pages: int
    article_bytes: int

    @property
    def pages(self) -> int:
        """Every page a full crawl fetches: the home page, the lists, the articles."""
        return 1 + self.list_pages + self.articles

    #: Articles: ``/c/YYYY-MM-DD/NNNNNNN.shtml``; lists: ``/KEY/KEY.shtml``, ``/KEY/KEY_N``.
    article_regex = r"/c/\d{4}-\d{2}-\d{2}/\d+\.shtml$"
    list_regex = r"/(\d+)/\1(_\d+)?\.shtml$"


@dataclass(frozen=True, slots=True)
class _Article:
    number: int
    path: str
    title: str
    day: date
    channel: int


def _articles(count: int) -> list[_Article]:
    out = []
    for n in range(count):
        day = _FIRST_DAY + timedelta(days=n * 700 // max(count, 1))
        title = compose_story(f"bench-{n}", day=day).title
        out.append(_Article(n, f"/c/{day:%Y-%m-%d}/{8_000_000 + n}.shtml", title, day, n % 8))
    return out


def _list_path(channel: int, page: int) -> str:
    key = _CHANNELS[channel][0]
    return f"/{key}/{key}.shtml" if page == 1 else f"/{key}/{key}_{page}.shtml"


_STYLE = "".join(
    f".c{n}{{margin:{n % 7}px {n % 5}px;padding:{n % 3}px;color:#{(n * 7919) % 0xFFFFFF:06x};"
    f"font-size:{12 + n % 6}px;line-height:{1.5 + (n % 4) / 10}}}\n"
    for n in range(120)
)
_SCRIPT = (
    "var _hmt=_hmt||[];(function(){var hm=document.createElement('script');"
    "hm.src='/js/stat.js?v=20250101';var s=document.getElementsByTagName('script')[0];"
    "s.parentNode.insertBefore(hm,s);})();\n"
    + "".join(
        f"function doZoom{n}(size){{var z=document.getElementById('Zoom');"
        f"if(z){{z.style.fontSize=size+'px';z.setAttribute('data-z','{n}');}}}}\n"
        for n in range(40)
    )
)


def _nav() -> str:
    items = [("/", "首页")] + [(_list_path(i, 1), name) for i, (_, name) in enumerate(_CHANNELS)]
    items += [(f"/zt/{year}/index.shtml", f"{year}专题") for year in range(2010, 2026)]
    items += [(f"/dfgh/{p.key}/index.shtml", f"{p.city}工会") for p in PLACES[:30]]
    return "<ul>" + "".join(f'<li><a href="{h}">{escape(t)}</a></li>' for h, t in items) + "</ul>"


_NAV = _nav()
_FRIENDS = (
    '<div class="friends"><h3>友情链接</h3>'
    + "".join(
        f'<a href="/link/{n}.shtml" target="_blank">{escape(p.city)}总工会</a> '
        for n, p in enumerate(PLACES)
    )
    + "</div>"
)
_FOOTER = (
    '<div class="footer"><p><a href="/about/about.shtml">关于我们</a> | '
    '<a href="/about/copyright.shtml">版权声明</a> | <a href="/about/contact.shtml">联系我们</a>'
    "</p><p>Copyright © 2008-2025 bench.unionwatch.test all rights reserved</p>"
    "<p>本站为 unionwatch 基准测试站点，所载新闻为生成文本。</p></div>"
)


def _head(title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head>'
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        f"<title>{escape(title)}-中工网</title>"
        '<meta name="keywords" content="中工网,工人日报,工会,职工,劳模">'
        f"<style>{_STYLE}</style><script>{_SCRIPT}</script></head>\n<body>"
        '<div class="topbar"><a href="/">首页</a> | <span>工人日报</span> | '
        '<span class="login">登录 | 注册</span></div>'
        f'<div class="nav">{_NAV}</div>\n'
    )


def _link_list(items: Sequence[_Article], css: str) -> str:
    return (
        f'<ul class="{css}">'
        + "".join(
            f'<li><a href="{a.path}" target="_blank">{escape(a.title)}</a>'
            f"<span>{a.day:%Y-%m-%d}</span></li>"
            for a in items
        )
        + "</ul>"
    )


def _body(article: _Article) -> list[str]:
    """Paragraphs of the article's own story and of two others: a text no other page has."""
    key = f"bench-{article.number}"
    paragraphs = list(compose_story(key, day=article.day).paragraphs)
    for extra in ("b", "c"):
        paragraphs += compose_story(f"{key}-{extra}", day=article.day).paragraphs[1:]
    return paragraphs


def _article_page(article: _Article, everything: Sequence[_Article]) -> str:
    count = len(everything)
    sidebar = [everything[(article.number + 97 * k + 1) % count] for k in range(1, 16)]
    related = [everything[(article.number + 31 * k + 3) % count] for k in range(1, 9)]
    reporter = pick(("记者 郑莉", "记者 郝赫", "本报记者 王芳", "通讯员 李明"), article.number)
    body = "".join(f'<p style="text-indent: 2em;">{escape(p)}</p>' for p in _body(article))
    minute = between(0, 59, article.number, "m")
    page = (
        _head(article.title) + '<div class="crumbs">当前位置：<a href="/">首页</a> &gt; '
        f'<a href="{_list_path(article.channel, 1)}">{_CHANNELS[article.channel][1]}</a>'
        ' &gt; 正文</div><div class="left"><div class="article">'
        f"<h1>{escape(article.title)}</h1>"
        f'<div class="info"><span class="source">来源：工人日报</span> '
        f'<span class="time">{article.day:%Y-%m-%d} {8 + article.number % 10:02d}:{minute:02d}'
        "</span></div>"
        '<div class="share">分享到：<a class="wx">微信</a> <a class="wb">微博</a></div>'
        f'<div class="content" id="Zoom"><p>{escape(reporter)}</p>{body}</div>'
        '<div class="zbj">【责任编辑:朱晶晶】</div>'
        f'<div class="related"><h3>相关新闻</h3>{_link_list(related, "rel")}</div></div></div>'
        f'<div class="right"><h3>热点排行</h3>{_link_list(sidebar, "hot")}</div>'
    )
    tail = _FRIENDS + _FOOTER + "</body></html>\n"
    target = between(MIN_PAGE, MAX_PAGE, article.number, "size")
    room = target - len(page.encode()) - len(tail.encode())
    # The recommendation widget's data, as portals inline it: it fills the page to its size.
    recommend: list[dict[str, str]] = []
    used, k = 40, 0
    while used < room:
        other = everything[(article.number + 13 * k + 7) % count]
        entry = {"t": other.title, "u": other.path, "d": f"{other.day:%Y-%m-%d}"}
        used += len(json.dumps(entry, ensure_ascii=False).encode()) + 2
        recommend.append(entry)
        k += 1
    data = json.dumps(recommend, ensure_ascii=False)
    return page + f"<script>var recommend={data};</script>" + tail


def _list_page(channel: int, page: int, pages: int, items: Sequence[_Article]) -> str:
    numbers = sorted({1, pages, *range(max(1, page - 5), min(pages, page + 5) + 1)})
    nav = "".join(
        f"<span>{n}</span>" if n == page else f'<a href="{_list_path(channel, n)}">{n}</a>'
        for n in numbers
    )
    if page > 1:
        nav = f'<a href="{_list_path(channel, page - 1)}">上一页</a>' + nav
    if page < pages:
        nav += f'<a href="{_list_path(channel, page + 1)}">下一页</a>'
    name = _CHANNELS[channel][1]
    return (
        _head(name) + f'<div class="list"><h2>{name}</h2>{_link_list(items, "news")}'
        f'<div class="page">{nav}</div></div>' + _FRIENDS + _FOOTER + "</body></html>\n"
    )


def generate(root: Path, count: int) -> SiteLayout:
    """Write the site of ``count`` articles under ``root``."""
    everything = _articles(count)
    total = 0
    for article in everything:
        target = root / article.path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        data = _article_page(article, everything).encode()
        target.write_bytes(data)
        total += len(data)
    list_pages = 0
    home = []
    for channel in range(len(_CHANNELS)):
        mine = [a for a in everything if a.channel == channel][::-1]  # newest first
        chunks = [mine[i : i + PER_LIST] for i in range(0, len(mine), PER_LIST)] or [[]]
        for page, items in enumerate(chunks, start=1):
            target = root / _list_path(channel, page).lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_list_page(channel, page, len(chunks), items).encode())
            list_pages += 1
        home.append(f'<a href="{_list_path(channel, 1)}">{_CHANNELS[channel][1]}</a>')
    (root / "index.html").write_bytes(
        (_head("首页") + "".join(home) + _FOOTER + "</body></html>\n").encode()
    )
    (root / "robots.txt").write_bytes(b"User-agent: *\nAllow: /\n")
    return SiteLayout(root, count, list_pages, total)


# -- the server -------------------------------------------------------------------------------


class _Http(asyncio.Protocol):
    """HTTP/1.1 GET of files under a root, with keep-alive."""

    def __init__(self, root: Path, counter: list[int]) -> None:
        self.root = root
        self.counter = counter
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            self._answer(head)

    def _answer(self, head: bytes) -> None:
        assert self.transport is not None
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ")
        target = parts[1].decode("latin-1") if len(parts) > 1 else "/"
        path = target.split("?", 1)[0].split("://", 1)[-1]
        if "://" in target:  # a proxy-style request: drop the host
            path = "/" + path.split("/", 1)[1] if "/" in path else "/"
        if path.endswith("/"):
            path += "index.html"
        body, status = b"not found\n", b"404 Not Found"
        if ".." not in path:
            with contextlib.suppress(OSError):
                body, status = (self.root / path.lstrip("/")).read_bytes(), b"200 OK"
        self.counter[0] += 1
        kind = b"text/plain" if path.endswith(".txt") else b"text/html; charset=utf-8"
        etag = hashlib.blake2b(body, digest_size=8).hexdigest().encode()
        close = any(line.lower() == b"connection: close" for line in lines[1:])
        self.transport.write(
            b"HTTP/1.1 " + status + b"\r\nContent-Type: " + kind
            + b"\r\nContent-Length: " + str(len(body)).encode()
            + b'\r\nETag: "' + etag + b'"\r\nLast-Modified: ' + _MODIFIED.encode()
            + (b"\r\nConnection: close" if close else b"")
            + b"\r\n\r\n" + body
        )  # fmt: skip
        if close:
            self.transport.close()


async def serve(root: Path, port_file: Path) -> None:
    """Serve ``root`` on a free port of 127.0.0.1 (written to ``port_file``) until killed."""
    loop = asyncio.get_running_loop()
    counter = [0]
    server = await loop.create_server(lambda: _Http(root, counter), "127.0.0.1", 0, backlog=512)
    port = server.sockets[0].getsockname()[1]
    port_file.write_text(str(port))
    async with server:
        await server.serve_forever()


async def _client(port: int, paths: Sequence[str], until: float, done: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    n = 0
    while time.perf_counter() < until:
        path = paths[n % len(paths)]
        n += 1
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        await reader.readexactly(length)
        done[0] += 1
    writer.close()


async def load(port: int, paths: Sequence[str], seconds: float, concurrency: int) -> float:
    """Pages per second the server answers to ``concurrency`` keep-alive clients."""
    done = [0]
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(
        *(_client(port, paths[i::concurrency] or paths, until, done) for i in range(concurrency))
    )
    return done[0] / (time.perf_counter() - started)


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["serve"] and len(args) == 3:
        asyncio.run(serve(Path(args[1]), Path(args[2])))
    elif args[:1] == ["load"] and len(args) >= 3:
        paths = Path(args[2]).read_text().split()
        seconds = float(args[3]) if len(args) > 3 else 3.0
        concurrency = int(args[4]) if len(args) > 4 else 16
        print(f"{asyncio.run(load(int(args[1]), paths, seconds, concurrency)):.1f}")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
