"""Markup families of the real union sites, for the presets' recorded pages.

Each family renders a list page and an article page the way the site's CMS does (as
/work/shared/union-sites.md describes them): 中工网 portal pages, the 工人日报 e-paper, the
government TRS CMS, the city-union ASP CMS of the seed page, the older ASP ``typenews.asp`` CMS,
方正 e-papers (劳动午报) and 人民网. Every page also carries the site's chrome: links home, to
"about" pages and to other sites, which a preset must not follow.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from urllib.parse import urlsplit

__all__ = ["LAYOUTS", "ArticleSpec", "Layout", "ListSpec", "chrome_links"]


@dataclass(frozen=True, slots=True)
class ArticleSpec:
    url: str
    title: str
    #: ISO 8601 at the precision the page shows: ``2025-01-23T10:12+08:00`` or ``2025-01-23``.
    published: str
    body: tuple[str, ...]
    #: The credit as the page writes it (``本报讯（记者 李明 通讯员 王芳）``).
    byline: str = ""
    #: Where the credit stands: ``lead`` (opens the first paragraph), ``line`` (a paragraph of
    #: its own before the body) or ``end`` (a paragraph after it).
    byline_at: str = "lead"
    source: str | None = None
    editor: str | None = None
    #: E-papers: the page (版) the article is on.
    page: int = 1


@dataclass(frozen=True, slots=True)
class ListSpec:
    url: str
    title: str
    articles: tuple[ArticleSpec, ...]
    #: The pagination link (下一页), or the other pages of an e-paper edition (版面导航).
    pages: tuple[str, ...] = ()


def chrome_links(url: str) -> tuple[str, ...]:
    """Links every page of a site carries besides its content: none of them is a list page
    or an article."""
    parts = urlsplit(url)
    root = f"{parts.scheme}://{parts.netloc}"
    return (
        f"{root}/",
        f"{root}/about/index.html",
        f"{root}/search.asp?keyword=%E5%B7%A5%E4%BC%9A",
        "http://www.gov.cn/",
        "https://www.acftu.org.invalid/",
    )


def _chrome(url: str, site_name: str) -> str:
    home, about, search, gov, other = chrome_links(url)
    return (
        f'<div class="top"><a href="{home}">首页</a> | <a href="{about}">关于我们</a>'
        f' | <a href="{search}">站内搜索</a> | <span>无障碍</span></div>\n'
        f'<div class="links">友情链接：<a href="{gov}" target="_blank">中国政府网</a>'
        f' <a href="{other}" target="_blank">兄弟网站</a></div>\n'
        f'<div class="logo"><a href="{home}">{escape(site_name)}</a></div>\n'
    )


def _footer(site_name: str, host: str) -> str:
    return (
        f'<div class="footer"><p>关于我们 | 版权声明 | 联系我们 | 网站地图</p>'
        f"<p>主办：{escape(site_name)}  Copyright &copy; 2008-2025 by {host} 版权所有</p></div>\n"
    )


def _head(title: str, charset: str, extra: str = "") -> str:
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
        f"<title>{escape(title)}</title>\n{extra}</head>\n<body>\n"
    )


def _when(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def _has_time(iso: str) -> bool:
    return "T" in iso


def _paragraphs(article: ArticleSpec, indent: str = "") -> str:
    body = list(article.body)
    lines: list[str] = []
    if article.byline and article.byline_at == "lead":
        body[0] = article.byline + body[0]
    elif article.byline and article.byline_at == "line":
        lines.append(article.byline)
    lines.extend(body)
    if article.byline and article.byline_at == "end":
        lines.append(article.byline)
    return "\n".join(f"<p>{indent}{escape(line)}</p>" for line in lines)


def _list_items(items: Sequence[ArticleSpec], date_format: str, href: Callable[[str], str]) -> str:
    return "\n".join(
        f'<li><a href="{href(a.url)}" target="_blank">{escape(a.title)}</a>'
        f"<span>{_when(a.published):{date_format}}</span></li>"
        for a in items
    )


def _relative(url: str) -> str:
    """The link as a CMS writes it inside its own folder: ``./202501/t…html``."""
    return "./" + url.rsplit("/", 2)[-2] + "/" + url.rsplit("/", 1)[-1]


def _name(url: str) -> str:
    return url.rsplit("/", 1)[-1]


def _pager(pages: Sequence[str], href: Callable[[str], str] = _name) -> str:
    if not pages:
        return ""
    return (
        '<div class="page">' + "".join(f'<a href="{href(u)}">下一页</a>' for u in pages) + "</div>"
    )


# --- 中工网 (www.workercn.cn, xz.workercn.cn) --------------------------------------------------


def workercn_list(page: ListSpec, site: str, charset: str) -> str:
    items = _list_items(page.articles, "%Y-%m-%d", lambda u: u)
    return (
        _head(f"{page.title}_{site}", charset)
        + _chrome(page.url, site)
        + f'<div class="channel"><h2>{escape(page.title)}</h2>\n<ul class="list">\n{items}\n</ul>\n'
        + _pager(page.pages)
        + "</div>\n"
        + _footer(site, urlsplit(page.url).netloc)
        + "</body></html>\n"
    )


def workercn_article(article: ArticleSpec, site: str, charset: str) -> str:
    when = _when(article.published)
    info = f'<span class="source">来源:{escape(article.source or site)}</span>'
    editor = (
        f'<div class="editor">责任编辑:{escape(article.editor)}</div>' if article.editor else ""
    )
    return (
        _head(f"{article.title}_{site}", charset, '<meta name="keywords" content="工会,职工">\n')
        + _chrome(article.url, site)
        + '<div class="crumbs">当前位置：首页 &gt; 正文</div>\n<div class="main">\n'
        + f'<h1 class="title">{escape(article.title)}</h1>\n'
        + f'<div class="info">{info}<span class="time">{when:%Y-%m-%d %H:%M}</span>'
        + '<span class="share">分享到：</span></div>\n'
        + f'<div class="content" id="ctrlfscont">\n{_paragraphs(article, "　　")}\n</div>\n'
        + f"{editor}\n</div>\n"
        + _footer(site, urlsplit(article.url).netloc)
        + "</body></html>\n"
    )


# --- 工人日报 e-paper (/papers/grrb/YYYY/MM/DD/P/...) -----------------------------------------


def grrb_list(page: ListSpec, site: str, charset: str) -> str:
    folder = page.url.rsplit("/", 2)[0]
    nav = " ".join(
        f'<a href="../{u.rsplit("/", 2)[-2]}/page.html">{int(u.rsplit("/", 2)[-2]):02d}版</a>'
        for u in (page.url, *page.pages)
    )
    titles = "\n".join(
        f'<li><a href="{_name(a.url)}">{escape(a.title)}</a></li>' for a in page.articles
    )
    pdf = f"grrb{folder.replace('/', '')[-8:]}{page.url.rsplit('/', 2)[-2]}.pdf"
    return (
        _head(f"工人日报 - {page.title}", charset)
        + _chrome(page.url, site)
        + f'<div class="bmdh">版面导航：{nav}</div>\n'
        + f'<div class="bm"><h3>{escape(page.title)}</h3><a href="{pdf}">PDF下载</a>\n'
        + f'<ul class="titles">\n{titles}\n</ul></div>\n'
        + "</body></html>\n"
    )


def grrb_article(article: ArticleSpec, site: str, charset: str) -> str:
    when = _when(article.published)
    stamp = f"《工人日报》({when.year}年{when.month:02d}月{when.day:02d}日 {article.page:02d}版)"
    editor = f"<p>本版编辑：{escape(article.editor)}</p>" if article.editor else ""
    return (
        _head(f"{article.title}-工人日报", charset)
        + _chrome(article.url, site)
        + '<div class="bmdh"><a href="page.html">返回版面</a></div>\n<div class="article">\n'
        + f"<h1>{escape(article.title)}</h1>\n"
        + f'<div class="content">\n{_paragraphs(article)}\n</div>\n'
        + f'<div class="date">{stamp}</div>\n{editor}\n</div>\n'
        + "</body></html>\n"
    )


# --- Government TRS CMS (index.html, index_1.html; YYYYMM/tYYYYMMDD_N.html) ---------------------


def trs_list(page: ListSpec, site: str, charset: str) -> str:
    items = _list_items(page.articles, "%Y-%m-%d", _relative)
    return (
        _head(f"{page.title}-{site}", charset)
        + _chrome(page.url, site)
        + f'<div class="location">您当前的位置：首页 &gt; {escape(page.title)}</div>\n'
        + f'<ul class="list">\n{items}\n</ul>\n'
        + _pager(page.pages)
        + _footer(site, urlsplit(page.url).netloc)
        + "</body></html>\n"
    )


def trs_article(article: ArticleSpec, site: str, charset: str) -> str:
    when = _when(article.published)
    stamp = f"{when:%Y-%m-%d %H:%M}"
    source = article.source or site
    meta = (
        f'<meta name="ArticleTitle" content="{escape(article.title)}">\n'
        f'<meta name="PubDate" content="{stamp}">\n'
        f'<meta name="ContentSource" content="{escape(source)}">\n'
    )
    editor = f"<p>【责任编辑:{escape(article.editor)}】</p>" if article.editor else ""
    return (
        _head(f"{article.title}-{site}", charset, meta)
        + _chrome(article.url, site)
        + '<div class="location">您当前的位置：首页 &gt; 工会动态</div>\n'
        + f'<h2 class="title">{escape(article.title)}</h2>\n'
        + f'<div class="info">发布时间：{stamp}  来源：{escape(source)}  '
        + "【字号：大 中 小】【打印】【关闭】</div>\n"
        + f'<div class="TRS_Editor">\n{_paragraphs(article, "　　")}\n</div>\n{editor}\n'
        + _footer(site, urlsplit(article.url).netloc)
        + "</body></html>\n"
    )


# --- City-union ASP CMS (news_list.asp?classid=N&page=N, news_view.asp?id=N) --------------------


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def city_list(page: ListSpec, site: str, charset: str) -> str:
    rows = "\n".join(
        f'<tr><td>·<a href="{_path(a.url)}">{escape(a.title)}</a></td>'
        f"<td>{_when(a.published):%Y-%m-%d}</td></tr>"
        for a in page.articles
    )
    return (
        _head(f"{page.title} - {site}", charset)
        + _chrome(page.url, site)
        + f'<table class="newslist"><tr><th>{escape(page.title)}</th></tr>\n{rows}\n</table>\n'
        + _pager(page.pages, _path)
        + _footer(site, urlsplit(page.url).netloc)
        + "</body></html>\n"
    )


def city_article(article: ArticleSpec, site: str, charset: str) -> str:
    when = _when(article.published)
    stamp = f"{when.year}/{when.month}/{when.day} {when.hour}:{when:%M:%S}"
    editor = f"<p>责任编辑:{escape(article.editor)}</p>" if article.editor else ""
    source = f"  来源:{escape(article.source)}" if article.source else ""
    return (
        _head(f"{article.title} - {site}", charset)
        + _chrome(article.url, site)
        + '<table class="main"><tr><td class="title">'
        + f"<h3>{escape(article.title)}</h3></td></tr>\n"
        + f'<tr><td class="info">〖发布日期:{stamp}〗 〖点击量:〗{source}</td></tr>\n'
        + f'<tr><td class="content">\n{_paragraphs(article)}\n{editor}\n</td></tr></table>\n'
        + _footer(site, urlsplit(article.url).netloc)
        + "</body></html>\n"
    )


# --- Older ASP CMS (typelist.asp?typeid=N&page=N, typenews.asp?id=N) ---------------------------


def typenews_article(article: ArticleSpec, site: str, charset: str) -> str:
    when = _when(article.published)
    source = escape(article.source or "本站原创")
    info = f"来源:{source}   作者:     {when.year}/{when.month}/{when.day}  人气:8"
    editor = f"<p>责任编辑：{escape(article.editor)}</p>" if article.editor else ""
    return (
        _head(article.title, charset)
        + _chrome(article.url, site)
        + f'<div class="newstitle">{escape(article.title)}</div>\n'
        + f'<div class="newsinfo">{info}</div>\n'
        + f'<div class="newscontent">\n{_paragraphs(article, "　　")}\n{editor}\n</div>\n'
        + _footer(site, urlsplit(article.url).netloc)
        + "</body></html>\n"
    )


# --- 方正 e-paper (YYYY-MM/DD/node_N.htm, content_N.htm) ----------------------------------------


def founder_list(page: ListSpec, site: str, charset: str) -> str:
    nav = " ".join(
        f'<a href="{_name(u)}" id="pageLink">第{n:02d}版</a>'
        for n, u in enumerate((page.url, *page.pages), start=1)
    )
    titles = "\n".join(
        f'<tr><td><a href="{_name(a.url)}"><div style="display:inline">{escape(a.title)}</div>'
        "</a></td></tr>"
        for a in page.articles
    )
    return (
        _head(f"{site}", charset)
        + _chrome(page.url, site)
        + f'<table class="pages"><tr><td>{nav}</td></tr></table>\n'
        + f'<table class="titles"><tr><td>{escape(page.title)}</td></tr>\n{titles}\n</table>\n'
        + "</body></html>\n"
    )


def founder_article(article: ArticleSpec, site: str, charset: str) -> str:
    when = _when(article.published)
    stamp = f"{when.year}年{when.month:02d}月{when.day:02d}日"
    editor = f"<p>编辑：{escape(article.editor)}</p>" if article.editor else ""
    return (
        _head(f"{site}-{article.title}", charset)
        + f"<!--enpproperty <date>{when:%Y-%m-%d}</date><title>{escape(article.title)}</title>"
        + "/enpproperty-->\n"
        + _chrome(article.url, site)
        + f'<div class="header">{escape(site)} {stamp} 第{article.page:02d}版</div>\n'
        + '<a href="node_2.htm">返回版面</a>\n'
        + f'<table><tr><td class="font01">{escape(article.title)}</td></tr></table>\n'
        + f'<div id="ozoom"><founder-content>\n{_paragraphs(article)}\n</founder-content></div>\n'
        + f"{editor}\n</body></html>\n"
    )


# --- 人民网 (acftu.people.com.cn) -------------------------------------------------------------


def people_list(page: ListSpec, site: str, charset: str) -> str:
    items = _list_items(page.articles, "%Y年%m月%d日", _path)
    return (
        _head(f"{page.title}--{site}--人民网", charset)
        + _chrome(page.url, site)
        + f'<div class="ej_list_box"><h2>{escape(page.title)}</h2><ul class="list_ej2">\n{items}\n'
        + "</ul></div>\n"
        + _pager(page.pages)
        + "</body></html>\n"
    )


def people_article(article: ArticleSpec, site: str, charset: str) -> str:
    when = _when(article.published)
    stamp = f"{when:%Y年%m月%d日%H:%M}"
    source = escape(article.source or "人民网")
    editor = (
        f'<div class="edit cf">(责编：{escape(article.editor)})</div>' if article.editor else ""
    )
    return (
        _head(f"{article.title}--{site}--人民网", charset)
        + _chrome(article.url, site)
        + f'<div class="col-1"><h1>{escape(article.title)}</h1>\n'
        + f'<div class="box01"><div class="fl">{stamp} | 来源：<a href="http://paper.people.com.cn/"'
        + f' target="_blank">{source}</a></div></div>\n'
        + f'<div class="rm_txt_con cf">\n{_paragraphs(article, "　　")}\n</div>\n{editor}\n</div>\n'
        + "</body></html>\n"
    )


@dataclass(frozen=True, slots=True)
class Layout:
    list_page: Callable[[ListSpec, str, str], str]
    article_page: Callable[[ArticleSpec, str, str], str]


LAYOUTS: dict[str, Layout] = {
    "workercn": Layout(workercn_list, workercn_article),
    "grrb": Layout(grrb_list, grrb_article),
    "trs": Layout(trs_list, trs_article),
    "city": Layout(city_list, city_article),
    "typenews": Layout(city_list, typenews_article),
    "founder": Layout(founder_list, founder_article),
    "people": Layout(people_list, people_article),
}
