"""The national portal's pages (中工网 style), for the portal itself and its Big5 mirror.

Article pages carry the full portal chrome: top bar and navigation, breadcrumbs, share and
print widgets, a sidebar whose 热点排行 / 相关新闻 items show dates newer than the article,
previous/next links and the footer. Lists show four items a page with 上一页/下一页 and page
numbers; article links in lists are absolute URLs, navigation links are root-relative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crawler.demo.layouts.common import DISCLAIMER, Page, attr, esc, pages_of
from crawler.demo.plan import PORTAL_HOST, Channel, PlannedArticle

__all__ = ["LIST_PAGE_SIZE", "PortalLinks", "list_path", "render_portal"]

LIST_PAGE_SIZE = 4

#: The pages outside the news channels: (path, title, text paragraphs).
_MISC_PAGES = (
    (
        "/about/about.shtml",
        "关于中工网",
        (
            "中工网是由工人日报社主办的全国性工会新闻网站，以宣传党的路线方针政策、反映职工群众心声、"
            "服务工会工作为宗旨。",
            "本演示站点模仿其版式，用于测试 unionwatch 爬虫，所载新闻多为虚构。",
        ),
    ),
    (
        "/about/copyright.shtml",
        "版权声明",
        ("凡本网注明“来源：中工网”的所有作品，版权均属于中工网，未经授权不得转载。",),
    ),
    ("/about/contact.shtml", "联系我们", ("新闻热线：010-00000000（演示）",)),
    ("/yule/index.shtml", "中工娱乐", ("栏目内容更新中，敬请关注。",)),
    ("/wenhua/index.shtml", "中工文化", ("栏目内容更新中，敬请关注。",)),
)
_SPECIAL_PATH = "/zt/2025gzyz/index.shtml"
_SPECIAL_TITLE = "2025年“工会驿站”建设巡礼"
#: The special's last update, newer than every article: a date trap for the sidebar.
_SPECIAL_DATE = "2025-03-31"

_STYLE = (
    "body{margin:0;font:14px/1.8 'Microsoft YaHei',SimSun,sans-serif;color:#333}"
    "a{color:#333;text-decoration:none}.wrap{width:1100px;margin:0 auto}"
    ".topbar{background:#f5f5f5;font-size:12px}.nav{background:#b50d0d}.nav a{color:#fff}"
    ".left{float:left;width:760px}.right{float:right;width:300px}.footer{clear:both}"
)


@dataclass(frozen=True, slots=True)
class PortalLinks:
    """Where the portal's links point.

    ``carried`` lists the portal paths this site serves itself (None: all of them); links to
    other portal pages become absolute URLs on the portal. A mirror serves its pages under
    ``prefix`` on its own host.
    """

    host: str = PORTAL_HOST
    prefix: str = ""
    carried: frozenset[str] | None = None

    def _carries(self, path: str) -> bool:
        return self.carried is None or path in self.carried

    def served_at(self, path: str) -> str:
        """Where this site serves the portal page ``path``."""
        return self.prefix + path

    def href(self, path: str) -> str:
        """A link as navigation writes it: root-relative when this site has the page."""
        if self._carries(path):
            return self.served_at(path)
        return f"http://{PORTAL_HOST}{path}"

    def absolute(self, path: str) -> str:
        """A link as lists write it: an absolute URL."""
        if self._carries(path):
            return f"http://{self.host}{self.served_at(path)}"
        return f"http://{PORTAL_HOST}{path}"


def list_path(channel: Channel, page: int) -> str:
    """``/10000/10000.shtml``, then ``/10000/10000_2.shtml``..."""
    if page == 1:
        return channel.path
    return f"/{channel.key}/{channel.key}_{page}.shtml"


def _head(title: str, charset: str, description: str = "") -> str:
    meta = f'<meta name="description" content="{attr(description)}">\n' if description else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n'
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
        f"<title>{esc(title)}</title>\n"
        '<meta name="keywords" content="中工网,工人日报,工会,职工,劳模">\n'
        f"{meta}"
        f"<style>{_STYLE}</style>\n"
        "</head>\n"
    )


def _chrome_top(links: PortalLinks, channels: Sequence[Channel], current: str) -> str:
    nav = [("/", "首页"), *((c.path, c.name) for c in channels)]
    nav += [("/yule/index.shtml", "中工娱乐"), ("/wenhua/index.shtml", "中工文化")]
    nav.append((_SPECIAL_PATH, "专题"))
    items = "\n".join(
        ('<li class="on">' if path == current else "<li>")
        + f'<a href="{attr(links.href(path))}">{esc(name)}</a></li>'
        for path, name in nav
    )
    return (
        '<div class="topbar"><div class="wrap">\n'
        f'<a href="{attr(links.href("/"))}">中工网首页</a> | <span>工人日报</span>'
        f' | <a href="{attr(links.href("/yule/index.shtml"))}">中工娱乐</a>'
        f' | <a href="{attr(links.href("/wenhua/index.shtml"))}">中工文化</a>'
        ' | <span class="login">登录 | 注册</span>\n'
        "</div></div>\n"
        '<div class="header"><div class="wrap">\n'
        f'<a href="{attr(links.href("/"))}" class="logo">'
        '<img src="/images/logo.png" alt="中工网"></a>\n'
        '<form class="search" action="/search">'
        '<input type="text" name="q" placeholder="请输入关键词">'
        '<button type="submit">搜索</button></form>\n'
        "</div></div>\n"
        f'<div class="nav"><div class="wrap"><ul>\n{items}\n</ul></div></div>\n'
    )


def _footer(links: PortalLinks) -> str:
    about = [
        ("/about/about.shtml", "关于中工网"),
        ("/about/copyright.shtml", "版权声明"),
        ("/about/contact.shtml", "联系我们"),
    ]
    items = " | ".join(f'<a href="{attr(links.href(p))}">{esc(n)}</a>' for p, n in about)
    return (
        '<div class="footer"><div class="wrap">\n'
        f"<p>{items} | <span>网站地图</span> | <span>招聘信息</span></p>\n"
        "<p>Copyright © 2008-2025 by portal.unionwatch.test. all rights reserved</p>\n"
        f"<p>{esc(DISCLAIMER)}</p>\n"
        "</div></div>\n"
    )


def _date(article: PlannedArticle) -> str:
    return f"{article.published:%Y-%m-%d}"


def _sidebar(
    article: PlannedArticle | None, same_channel: Sequence[PlannedArticle], links: PortalLinks
) -> str:
    """热点排行 (the channel's newest), 相关新闻 (the next ones after ``article``), 专题."""
    others = [a for a in same_channel if a is not article]
    hot = sorted(others, key=lambda a: a.published, reverse=True)[:5]
    related: list[PlannedArticle] = []
    if article is not None:
        newer = [a for a in others if a.published > article.published]
        related = (newer + [a for a in others if a not in newer])[:3]
    hot_items = "\n".join(
        f'<li><em>{rank}</em><a href="{attr(links.absolute(a.path))}" target="_blank">'
        f"{esc(a.title)}</a><span>{_date(a)}</span></li>"
        for rank, a in enumerate(hot, start=1)
    )
    related_items = "\n".join(
        f'<li><a href="{attr(links.absolute(a.path))}" target="_blank">{esc(a.title)}</a>'
        f"<span>({_date(a)})</span></li>"
        for a in related
    )
    related_box = (
        f'<div class="box related"><h3>相关新闻</h3><ul>\n{related_items}\n</ul></div>\n'
        if related
        else ""
    )
    return (
        '<div class="right">\n'
        f'<div class="box hot"><h3>热点排行</h3><ul>\n{hot_items}\n</ul></div>\n'
        f"{related_box}"
        '<div class="box special"><h3>专题</h3><ul>\n'
        f'<li><a href="{attr(links.href(_SPECIAL_PATH))}">{esc(_SPECIAL_TITLE)}</a>'
        f"<span>{_SPECIAL_DATE}</span></li>\n</ul></div>\n"
        "</div>\n"
    )


def _blocks_html(article: PlannedArticle) -> str:
    parts: list[str] = []
    lead_pending = bool(article.credits.lead)
    after_image = False
    for block in article.blocks:
        if block.kind == "image":
            parts.append(
                f'<p style="text-align: center;"><img src="{attr(block.text)}" border="0"></p>'
            )
        elif block.kind == "line":
            style = ' style="text-align: center;"' if after_image else ""
            parts.append(f"<p{style}>{esc(block.text)}</p>")
        else:
            text = block.text
            if lead_pending:
                text = article.credits.lead + text
                lead_pending = False
            parts.append(f'<p style="text-indent: 2em;">{esc(text)}</p>')
        after_image = block.kind == "image"
    if article.editor is not None and article.editor.style == "zebian":
        parts.append(f'<p style="text-align: right;">{esc(article.editor.text)}</p>')
    return "\n".join(parts)


def _body_start(article: PlannedArticle) -> str:
    for block in article.blocks:
        if block.kind == "para":
            return block.text[:60]
    return article.title


def _article_page(
    article: PlannedArticle,
    channel_articles: Sequence[PlannedArticle],
    channels: Sequence[Channel],
    links: PortalLinks,
    charset: str,
) -> Page:
    ordered = sorted(channel_articles, key=lambda a: a.published)
    index = ordered.index(article)
    previous = ordered[index - 1] if index > 0 else None
    following = ordered[index + 1] if index + 1 < len(ordered) else None
    colon = "：" if article.source == "中工网" else ":"
    source = f"来源{colon}{article.source}" if article.source else ""
    editor = ""
    if article.editor is not None and article.editor.style != "zebian":
        editor = f'<div class="zbj">{esc(article.editor.text)}</div>\n'

    def neighbour(label: str, other: PlannedArticle | None) -> str:
        if other is None:
            return f"<p>{label}：没有了</p>"
        return (
            f'<p>{label}：<a href="{attr(links.absolute(other.path))}">{esc(other.title)}</a></p>'
        )

    channel = article.channel
    html = (
        _head(f"{article.title}-中工网", charset, _body_start(article))
        + "<body>\n"
        + _chrome_top(links, channels, channel.path)
        + '<div class="wrap main">\n'
        + '<div class="crumbs">当前位置：'
        + f'<a href="{attr(links.href("/"))}">首页</a> &gt; '
        + f'<a href="{attr(links.href(channel.path))}">{esc(channel.name)}</a> &gt; 正文</div>\n'
        + '<div class="left">\n<div class="article">\n'
        + f"<h1>{esc(article.title)}</h1>\n"
        + f'<div class="info"><span class="source">{esc(source)}</span> '
        + f'<span class="time">{article.published:%Y-%m-%d %H:%M}</span>\n'
        + '<span class="font">【字号 <a href="javascript:doZoom(16)">大</a> '
        + '<a href="javascript:doZoom(14)">中</a> '
        + '<a href="javascript:doZoom(12)">小</a>】</span></div>\n'
        + '<div class="share">分享到：<a href="javascript:void(0)" class="wx">微信</a> '
        + '<a href="javascript:void(0)" class="wb">微博</a> '
        + '<a href="javascript:void(0)" class="qzone">QQ空间</a> '
        + '<a href="javascript:window.print();" class="print">打印</a></div>\n'
        + f'<div class="content" id="Zoom">\n{_blocks_html(article)}\n</div>\n'
        + editor
        + '<div class="share bottom">分享到：<a href="javascript:void(0)" class="wx">微信</a> '
        + '<a href="javascript:void(0)" class="wb">微博</a></div>\n'
        + '<div class="prenext">\n'
        + neighbour("上一篇", previous)
        + "\n"
        + neighbour("下一篇", following)
        + "\n</div>\n</div>\n</div>\n"
        + _sidebar(article, channel_articles, links)
        + "</div>\n"
        + _footer(links)
        + "</body>\n</html>\n"
    )
    return Page(links.served_at(article.path), html)


def _pager(channel: Channel, page: int, last: int, links: PortalLinks) -> str:
    def link(target: int, label: str) -> str:
        return f'<a href="{attr(links.href(list_path(channel, target)))}">{label}</a>'

    parts = [link(1, "首页")]
    if page > 1:
        parts.append(link(page - 1, "上一页"))
    for number in range(1, last + 1):
        parts.append(
            f'<span class="cur">{number}</span>' if number == page else link(number, str(number))
        )
    if page < last:
        parts.append(link(page + 1, "下一页"))
    parts.append(link(last, "尾页"))
    return f'<div class="page">{" ".join(parts)} <span>共{last}页</span></div>\n'


def _list_pages(
    channel: Channel,
    channel_articles: Sequence[PlannedArticle],
    channels: Sequence[Channel],
    links: PortalLinks,
    charset: str,
) -> list[Page]:
    newest_first = sorted(channel_articles, key=lambda a: a.published, reverse=True)
    chunks = pages_of(newest_first, LIST_PAGE_SIZE)
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        items = "\n".join(
            f'<li><a href="{attr(links.absolute(a.path))}" target="_blank">{esc(a.title)}</a>'
            f'<span class="date">{_date(a)}</span></li>'
            for a in chunk
        )
        html = (
            _head(f"{channel.name}-中工网", charset)
            + "<body>\n"
            + _chrome_top(links, channels, channel.path)
            + '<div class="wrap main">\n'
            + f'<div class="crumbs">当前位置：<a href="{attr(links.href("/"))}">首页</a> &gt; '
            + f"{esc(channel.name)}</div>\n"
            + f'<div class="left">\n<h2 class="channel">{esc(channel.name)}</h2>\n'
            + f'<ul class="list">\n{items}\n</ul>\n'
            + _pager(channel, number, len(chunks), links)
            + "</div>\n"
            + _sidebar(None, channel_articles, links)
            + "</div>\n"
            + _footer(links)
            + "</body>\n</html>\n"
        )
        pages.append(Page(links.served_at(list_path(channel, number)), html))
    return pages


def _home(
    articles: Sequence[PlannedArticle],
    channels: Sequence[Channel],
    links: PortalLinks,
    charset: str,
) -> Page:
    newest = max(articles, key=lambda a: a.published)
    blocks = []
    for channel in channels:
        latest = sorted(
            (a for a in articles if a.channel == channel), key=lambda a: a.published, reverse=True
        )[:5]
        items = "\n".join(
            f'<li><a href="{attr(links.absolute(a.path))}" target="_blank">{esc(a.title)}</a>'
            f"<span>{a.published:%m-%d}</span></li>"
            for a in latest
        )
        blocks.append(
            f'<div class="block"><h2>'
            f'<a href="{attr(links.href(channel.path))}">{esc(channel.name)}</a>'
            f'<a class="more" href="{attr(links.href(channel.path))}">更多&gt;&gt;</a></h2>\n'
            f"<ul>\n{items}\n</ul></div>"
        )
    html = (
        _head("中工网-工人日报主办的全国性工会新闻网站（演示）", charset, "中工网演示站点")
        + "<body>\n"
        + _chrome_top(links, channels, "/")
        + '<div class="wrap main">\n'
        + '<div class="headline"><h1>'
        + f'<a href="{attr(links.absolute(newest.path))}" target="_blank">{esc(newest.title)}</a>'
        + "</h1></div>\n"
        + "\n".join(blocks)
        + "\n"
        + f'<div class="banner"><a href="{attr(links.href(_SPECIAL_PATH))}">'
        + f"{esc(_SPECIAL_TITLE)}</a></div>\n"
        + "</div>\n"
        + _footer(links)
        + "</body>\n</html>\n"
    )
    return Page(links.served_at("/"), html)


def _plain_page(
    path: str,
    title: str,
    paragraphs: Sequence[str],
    *,
    channels: Sequence[Channel],
    links: PortalLinks,
    charset: str,
    extra: str = "",
) -> Page:
    text = "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    html = (
        _head(f"{title}-中工网", charset)
        + "<body>\n"
        + _chrome_top(links, channels, path)
        + f'<div class="wrap main">\n<h1>{esc(title)}</h1>\n{text}\n{extra}</div>\n'
        + _footer(links)
        + "</body>\n</html>\n"
    )
    return Page(links.served_at(path), html)


def _special(
    articles: Sequence[PlannedArticle],
    channels: Sequence[Channel],
    links: PortalLinks,
    charset: str,
) -> Page:
    stations = [a for a in articles if "驿站" in a.title or "驿站" in "".join(a.paragraphs)]
    items = "\n".join(
        f'<li><a href="{attr(links.absolute(a.path))}">{esc(a.title)}</a>'
        f"<span>{_date(a)}</span></li>"
        for a in stations
    )
    return _plain_page(
        _SPECIAL_PATH,
        _SPECIAL_TITLE,
        (
            "工会驿站是各级工会为户外劳动者打造的“歇脚地”“暖心站”。本专题集纳各地工会驿站建设的新闻报道。",
            f"专题更新时间：{_SPECIAL_DATE}",
        ),
        channels=channels,
        links=links,
        charset=charset,
        extra=f'<ul class="list">\n{items}\n</ul>\n',
    )


def render_portal(
    articles: Sequence[PlannedArticle],
    channels: Sequence[Channel],
    links: PortalLinks,
    *,
    charset: str,
    full_site: bool,
    rendered: Sequence[Channel] | None = None,
) -> tuple[Page, ...]:
    """The lists and article pages of the ``rendered`` channels (default: all ``channels``, which
    the navigation shows); with ``full_site`` also the home page, the 专题 and the pages the
    navigation and the footer link to."""
    pages: list[Page] = []
    for channel in channels if rendered is None else rendered:
        channel_articles = [a for a in articles if a.channel == channel]
        pages += _list_pages(channel, channel_articles, channels, links, charset)
        pages += [
            _article_page(article, channel_articles, channels, links, charset)
            for article in channel_articles
        ]
    if full_site:
        pages.append(_home(articles, channels, links, charset))
        pages.append(_special(articles, channels, links, charset))
        pages += [
            _plain_page(path, title, text, channels=channels, links=links, charset=charset)
            for path, title, text in _MISC_PAGES
        ]
    return tuple(pages)
