"""The provincial union site's pages: a government-style TRS CMS served as GBK.

Pages declare ``charset=gb2312`` in a ``<meta http-equiv>`` (the HTTP header names none).
Articles carry ``PubDate`` / ``ContentSource`` meta tags, the ``发布时间：... 来源：...
【字号：大 中 小】【打印】【关闭】`` info line, and the body in ``div.TRS_Editor`` (opening with
the CMS's own ``<style>`` block). Lists number their pages the TRS way: ``index.html``,
``index_1.html`` (page 2)...; links inside a channel are relative (``./202501/t..._N.html``).
"""

from __future__ import annotations

from collections.abc import Sequence

from crawler.demo.layouts.common import DISCLAIMER, Page, attr, esc, pages_of
from crawler.demo.plan import Channel, PlannedArticle
from crawler.demo.vocabulary import stable_hash

__all__ = ["LIST_PAGE_SIZE", "SITE_NAME", "list_path", "render_province"]

LIST_PAGE_SIZE = 4
SITE_NAME = "浙江省总工会"

_NAV_EXTRA = (("/gywm/index.html", "关于我们"), ("/ztzl/index.html", "专题专栏"))

_TRS_STYLE = (
    '<style type="text/css">\n.TRS_Editor P{margin-top:0px;margin-bottom:12px;line-height:2;'
    "font-family:宋体;font-size:12pt;}.TRS_Editor DIV{margin-top:0px;margin-bottom:12px;"
    "line-height:2;font-family:宋体;font-size:12pt;}.TRS_Editor TD{font-family:宋体;"
    "font-size:12pt;}.TRS_Editor IMG{border:0;}\n</style>"
)


def list_path(channel: Channel, page: int) -> str:
    """``/ghdt/index.html`` for page 1, then ``/ghdt/index_1.html``, ``/ghdt/index_2.html``..."""
    if page == 1:
        return channel.path
    return f"/{channel.key}/index_{page - 1}.html"


def _head(title: str, meta: str = "") -> str:
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n'
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />\n'
        f"<title>{esc(title)}</title>\n"
        f'<meta name="SiteName" content="{SITE_NAME}" />\n'
        '<meta name="SiteDomain" content="province.unionwatch.test" />\n'
        f"{meta}"
        '<link href="/css/style.css" rel="stylesheet" type="text/css" />\n'
        "</head>\n"
    )


def _top(channels: Sequence[Channel]) -> str:
    nav = [("/", "首页"), *((c.path, c.name) for c in channels), *_NAV_EXTRA]
    items = "".join(f'<li><a href="{attr(p)}">{esc(n)}</a></li>' for p, n in nav)
    return (
        '<div class="top"><div class="w1000">\n'
        '<span class="date">欢迎访问浙江省总工会门户网站</span>\n'
        '<span class="tools"><a href="javascript:void(0)">无障碍</a> | '
        '<a href="javascript:void(0)">长者模式</a> | <a href="javascript:void(0)">繁體</a></span>\n'
        "</div></div>\n"
        '<div class="banner"><div class="w1000">'
        f'<img src="/images/banner.jpg" alt="{SITE_NAME}" /></div></div>\n'
        f'<div class="menu"><ul class="w1000">{items}</ul></div>\n'
    )


def _foot() -> str:
    return (
        '<div class="foot"><div class="w1000">\n'
        f"<p>主办单位：{SITE_NAME}（演示） 版权所有</p>\n"
        "<p>地址：杭州市（演示） 邮编：310000 网站标识码：0000000000</p>\n"
        f"<p>{esc(DISCLAIMER)}</p>\n"
        "</div></div>\n"
    )


def _stamp(article: PlannedArticle) -> str:
    return f"{article.published:%Y-%m-%d %H:%M}"


def _relative(channel: Channel, article: PlannedArticle) -> str:
    """A link from a list page of ``channel`` to ``article``, the TRS way."""
    prefix = f"/{channel.key}/"
    if article.path.startswith(prefix):
        return "./" + article.path.removeprefix(prefix)
    return "." + article.path


def _editor_html(article: PlannedArticle, inside: bool) -> str:
    if article.editor is None or inside != (stable_hash(article.path, "editor") % 2 == 0):
        return ""
    if inside:
        return f'\n<p style="text-align: right;">{esc(article.editor.text)}</p>'
    return f'<div class="bjzr">{esc(article.editor.text)}</div>\n'


def _content(article: PlannedArticle) -> str:
    parts: list[str] = []
    lead_pending = bool(article.credits.lead)
    after_image = False
    for block in article.blocks:
        if block.kind == "image":
            name = block.text.removeprefix("./")
            parts.append(
                f'<p style="text-align: center;"><img src="{attr(block.text)}" '
                f'oldsrc="{attr(name)}" /></p>'
            )
        elif block.kind == "line":
            style = ' style="text-align: center;"' if after_image else ""
            parts.append(f"<p{style}>{esc(block.text)}</p>")
        else:
            text = block.text
            if lead_pending:
                text, lead_pending = article.credits.lead + text, False
            parts.append(f'<p style="text-indent: 2em;">{esc(text)}</p>')
        after_image = block.kind == "image"
    return "\n".join(parts) + _editor_html(article, inside=True)


def _article_page(article: PlannedArticle, channels: Sequence[Channel]) -> Page:
    channel = article.channel
    source = article.source or SITE_NAME
    meta = (
        f'<meta name="ColumnName" content="{attr(channel.name)}" />\n'
        f'<meta name="ArticleTitle" content="{attr(article.title)}" />\n'
        f'<meta name="PubDate" content="{_stamp(article)}" />\n'
        f'<meta name="ContentSource" content="{attr(source)}" />\n'
        '<meta name="Keywords" content="工会,职工" />\n'
    )
    html = (
        _head(f"{article.title}_{SITE_NAME}", meta)
        + "<body>\n"
        + _top(channels)
        + '<div class="w1000 position">当前位置：<a href="/">首页</a> &gt; '
        + f'<a href="{attr(channel.path)}">{esc(channel.name)}</a></div>\n'
        + '<div class="w1000 detail">\n'
        + f'<div class="title"><h1>{esc(article.title)}</h1></div>\n'
        + f'<div class="info">发布时间：{_stamp(article)}  来源：{esc(source)}  '
        + '【字号：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> '
        + '<a href="javascript:doZoom(14)">小</a>】【<a href="javascript:window.print()">打印</a>】'
        + '【<a href="javascript:window.close()">关闭</a>】</div>\n'
        + f'<div class="TRS_Editor">{_TRS_STYLE}\n{_content(article)}\n</div>\n'
        + _editor_html(article, inside=False)
        + '<div class="qr"><img src="/images/qrcode.png" alt="" />'
        + "<span>扫一扫在手机打开当前页</span></div>\n"
        + "</div>\n"
        + _foot()
        + "</body>\n</html>\n"
    )
    return Page(article.path, html)


def _pager(channel: Channel, page: int, last: int) -> str:
    def name(number: int) -> str:
        return list_path(channel, number).rsplit("/", 1)[1]

    previous, following = max(1, page - 1), min(last, page + 1)
    return (
        '<div class="page">\n<script type="text/javascript">\n'
        f"var currentPage = {page - 1};//所在页从0开始\nvar countPage = {last};//共多少页\n"
        'createPageHTML(countPage, currentPage, "index", "html");\n</script>\n'
        f'<a href="{name(1)}">首页</a> <a href="{name(previous)}">上一页</a> '
        f'<a href="{name(following)}">下一页</a> <a href="{name(last)}">尾页</a> '
        f"当前第{page}页 共{last}页\n</div>\n"
    )


def _list_pages(
    channel: Channel, channel_articles: Sequence[PlannedArticle], channels: Sequence[Channel]
) -> list[Page]:
    newest_first = sorted(channel_articles, key=lambda a: a.published, reverse=True)
    chunks = pages_of(newest_first, LIST_PAGE_SIZE)
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        items = "\n".join(
            f'<li><span>{a.published:%Y-%m-%d}</span><a href="{attr(_relative(channel, a))}" '
            f'target="_blank" title="{attr(a.title)}">{esc(a.title)}</a></li>'
            for a in chunk
        )
        html = (
            _head(f"{channel.name}_{SITE_NAME}")
            + "<body>\n"
            + _top(channels)
            + '<div class="w1000 position">当前位置：<a href="/">首页</a> &gt; '
            + f"{esc(channel.name)}</div>\n"
            + f'<div class="w1000 list"><h2>{esc(channel.name)}</h2>\n<ul>\n{items}\n</ul>\n'
            + _pager(channel, number, len(chunks))
            + "</div>\n"
            + _foot()
            + "</body>\n</html>\n"
        )
        pages.append(Page(list_path(channel, number), html))
    return pages


def _home(articles: Sequence[PlannedArticle], channels: Sequence[Channel]) -> Page:
    blocks = []
    for channel in channels:
        latest = sorted(
            (a for a in articles if a.channel == channel), key=lambda a: a.published, reverse=True
        )[:5]
        items = "\n".join(
            f'<li><a href="{attr("." + a.path)}" target="_blank">{esc(a.title)}</a>'
            f"<span>{a.published:%m-%d}</span></li>"
            for a in latest
        )
        blocks.append(
            f'<div class="block"><h2>{esc(channel.name)}'
            f'<a class="more" href="{attr("." + channel.path)}">更多</a></h2>\n'
            f"<ul>\n{items}\n</ul></div>"
        )
    html = (
        _head(SITE_NAME)
        + "<body>\n"
        + _top(channels)
        + '<div class="w1000 home">\n'
        + "\n".join(blocks)
        + "\n</div>\n"
        + _foot()
        + "</body>\n</html>\n"
    )
    return Page("/", html)


def _plain(path: str, title: str, text: str, channels: Sequence[Channel]) -> Page:
    html = (
        _head(f"{title}_{SITE_NAME}")
        + "<body>\n"
        + _top(channels)
        + f'<div class="w1000 detail"><h1>{esc(title)}</h1>\n<p>{esc(text)}</p>\n</div>\n'
        + _foot()
        + "</body>\n</html>\n"
    )
    return Page(path, html)


def render_province(
    articles: Sequence[PlannedArticle], channels: Sequence[Channel]
) -> tuple[Page, ...]:
    """Every page of the provincial site (as text; the caller encodes it)."""
    pages: list[Page] = [_home(articles, channels)]
    for channel in channels:
        channel_articles = [a for a in articles if a.channel == channel]
        pages += _list_pages(channel, channel_articles, channels)
        pages += [_article_page(article, channels) for article in channel_articles]
    pages.append(
        _plain(
            "/gywm/index.html",
            "关于我们",
            "浙江省总工会是中华全国总工会的地方组织。本演示站点模仿其网站版式，新闻多为虚构。",
            channels,
        )
    )
    pages.append(_plain("/ztzl/index.html", "专题专栏", "专题内容更新中。", channels))
    return tuple(pages)
