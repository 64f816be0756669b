"""The city union site's pages: an older ASP CMS with a table layout, UTF-8 declared only in
``<meta charset>``.

Articles (``news_view.asp?id=N``) show the title, ``〖发布日期:2025/1/23 9:10:30〗 〖点击量:N〗``
(the counter sometimes empty), the body, then ``责任编辑:X``. Lists are
``news_list.asp?classid=C&page=P`` with relative links. The seed article is served from its
scraped text as it stands, pinyin and broken characters included.
"""

from __future__ import annotations

from collections.abc import Sequence

from crawler.demo.layouts.common import DISCLAIMER, Page, attr, esc, pages_of
from crawler.demo.plan import Channel, PlannedArticle
from crawler.demo.seed import SeedPage

__all__ = ["LIST_PAGE_SIZE", "SITE_NAME", "list_path", "not_found_page", "render_city"]

LIST_PAGE_SIZE = 5
SITE_NAME = "宜昌市总工会"

_INDENT = "\u3000\u3000"


def list_path(channel: Channel, page: int) -> str:
    """``/news_list.asp?classid=1&page=2``."""
    return f"/news_list.asp?classid={channel.key}&page={page}"


def _head(title: str) -> str:
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n'
        "<html>\n<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n"
        '<link href="css/style.css" rel="stylesheet" type="text/css">\n'
        "</head>\n"
    )


def _table(css_class: str) -> str:
    """The opening tag of one of the page's centred layout tables."""
    return (
        '<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" '
        f'class="{css_class}">\n'
    )


def _top(channels: Sequence[Channel]) -> str:
    nav = [("index.asp", "网站首页"), *((c.path.lstrip("/"), c.name) for c in channels)]
    nav += [("about.asp", "本会简介"), ("guestbook.asp", "职工信箱")]
    cells = "".join(f'<td class="menu"><a href="{attr(p)}">{esc(n)}</a></td>' for p, n in nav)
    return (
        _table("top")
        + '<tr><td><img src="images/top.jpg" width="980" height="120" '
        + f'alt="{SITE_NAME}"></td></tr>\n'
        + "</table>\n"
        + _table("nav")
        + f"<tr>{cells}</tr>\n</table>\n"
    )


def _foot() -> str:
    return (
        _table("foot") + f"<tr><td>版权所有：{SITE_NAME}（演示） 地址：宜昌市西陵区（演示） "
        "技术支持：信息中心</td></tr>\n" + f"<tr><td>{esc(DISCLAIMER)}</td></tr>\n" + "</table>\n"
    )


def _stamp(article: PlannedArticle) -> str:
    """``2025/1/23 9:10:30``: the CMS does not pad month, day or hour."""
    at = article.published
    return f"{at.year}/{at.month}/{at.day} {at.hour}:{at.minute:02d}:{at.second:02d}"


def _list_date(article: PlannedArticle) -> str:
    """``2025-1-23``, unpadded like the CMS's list pages."""
    at = article.published
    return f"{at.year}-{at.month}-{at.day}"


def _body(article: PlannedArticle) -> str:
    parts: list[str] = []
    lead_pending = bool(article.credits.lead)
    for block in article.blocks:
        if block.kind == "image":
            parts.append(f'<p align="center"><img src="{attr(block.text)}" border="0"></p>')
        elif block.kind == "line":
            parts.append(f'<p align="center">{esc(block.text)}</p>')
        else:
            text = block.text
            if lead_pending:
                text, lead_pending = article.credits.lead + text, False
            parts.append(f"<p>{_INDENT}{esc(text)}</p>")
    return "\n".join(parts)


def _view(
    article: PlannedArticle,
    *,
    title_line: str,
    info_line: str,
    body: str,
    editor: str,
    channels: Sequence[Channel],
    neighbours: str,
) -> Page:
    html = (
        _head(f"{title_line}-{SITE_NAME}")
        + "<body>\n"
        + _top(channels)
        + _table("main")
        + '<tr><td class="position">您现在的位置：<a href="index.asp">网站首页</a> &gt;&gt; '
        + f'<a href="{attr(article.channel.path.lstrip("/"))}">{esc(article.channel.name)}</a>'
        + " &gt;&gt; 正文</td></tr>\n"
        + f'<tr><td class="title" align="center">{esc(title_line)}</td></tr>\n'
        + f'<tr><td class="info" align="center">{info_line}</td></tr>\n'
        + f'<tr><td class="content" id="fontzoom">\n{body}\n</td></tr>\n'
        + f'<tr><td class="editor" align="right">{esc(editor)}</td></tr>\n'
        + '<tr><td class="tools" align="center">'
        + '【<a href="javascript:window.print()">打印本页</a>】'
        + '【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>\n'
        + f'<tr><td class="prenext">{neighbours}</td></tr>\n'
        + "</table>\n"
        + _foot()
        + "</body>\n</html>\n"
    )
    return Page(article.path, html)


def _neighbours(article: PlannedArticle, listed: Sequence[PlannedArticle]) -> str:
    ordered = [a for a in sorted(listed, key=lambda a: a.published) if a.kind != "gone"]
    index = ordered.index(article)
    links = []
    for label, position in (("上一篇", index - 1), ("下一篇", index + 1)):
        if 0 <= position < len(ordered):
            other = ordered[position]
            links.append(
                f'{label}：<a href="{attr(other.path.lstrip("/"))}">{esc(other.title)}</a>'
            )
        else:
            links.append(f"{label}：没有了")
    return "<br>".join(links)


def _article_page(
    article: PlannedArticle,
    listed: Sequence[PlannedArticle],
    channels: Sequence[Channel],
    seed: SeedPage,
) -> Page:
    neighbours = _neighbours(article, listed)
    if article.seed:
        article_id = article.path.rsplit("=", 1)[1]
        body = "\n".join(f"<p>{esc(line)}</p>" for line in seed.page_paragraphs)
        # The counter and its closing bracket are written by a script, as on the scraped page.
        info = f'{esc(seed.info_line)}<script src="news_hits.asp?id={article_id}"></script>'
        return _view(
            article,
            title_line=seed.title_line,
            info_line=info,
            body=body,
            editor=seed.editor_line,
            channels=channels,
            neighbours=neighbours,
        )
    clicks = "" if article.click_count is None else str(article.click_count)
    info = esc(f"〖发布日期:{_stamp(article)}〗 〖点击量:{clicks}〗")
    editor = article.editor.text if article.editor else ""
    return _view(
        article,
        title_line=article.title,
        info_line=info,
        body=_body(article),
        editor=editor,
        channels=channels,
        neighbours=neighbours,
    )


def _pager(channel: Channel, page: int, last: int, total: int) -> str:
    def link(number: int, label: str) -> str:
        if number == page or number < 1 or number > last:
            return label
        return f'<a href="{attr(list_path(channel, number).lstrip("/"))}">{label}</a>'

    return (
        f'<tr><td colspan="2" class="pager" align="center">{link(1, "首页")} '
        f"{link(page - 1, '上一页')} {link(page + 1, '下一页')} {link(last, '尾页')} "
        f"页次：<b>{page}</b>/{last}页 共<b>{total}</b>条记录 {LIST_PAGE_SIZE}条/页</td></tr>\n"
    )


def _list_pages(
    channel: Channel, listed: Sequence[PlannedArticle], channels: Sequence[Channel]
) -> list[Page]:
    newest_first = sorted(listed, key=lambda a: a.published, reverse=True)
    chunks = pages_of(newest_first, LIST_PAGE_SIZE)
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        rows = "\n".join(
            f'<tr><td class="list_title">·<a href="{attr(a.path.lstrip("/"))}" target="_blank">'
            f"{esc(a.title)}</a></td>"
            f'<td class="list_date">{_list_date(a)}</td></tr>'
            for a in chunk
        )
        html = (
            _head(f"{channel.name}-{SITE_NAME}")
            + "<body>\n"
            + _top(channels)
            + _table("list")
            + f'<tr><td colspan="2" class="list_head">{esc(channel.name)}</td></tr>\n'
            + f"{rows}\n"
            + _pager(channel, number, len(chunks), len(newest_first))
            + "</table>\n"
            + _foot()
            + "</body>\n</html>\n"
        )
        pages.append(Page(list_path(channel, number), html))
    return pages


def _home(articles: Sequence[PlannedArticle], channels: Sequence[Channel]) -> Page:
    columns = []
    for channel in channels:
        latest = sorted(
            (a for a in articles if a.channel == channel), key=lambda a: a.published, reverse=True
        )[:6]
        rows = "\n".join(
            f'<tr><td>·<a href="{attr(a.path.lstrip("/"))}" target="_blank">{esc(a.title)}</a></td>'
            f"<td>{a.published.month}-{a.published.day}</td></tr>"
            for a in latest
        )
        more = attr(channel.path.lstrip("/"))
        columns.append(
            f'<td valign="top" width="50%"><table width="100%" class="box">\n'
            f'<tr><td class="box_head">{esc(channel.name)}</td>'
            f'<td><a href="{more}">更多&gt;&gt;</a></td></tr>\n'
            f"{rows}\n</table></td>"
        )
    html = (
        _head(f"{SITE_NAME}欢迎您")
        + "<body>\n"
        + _top(channels)
        + _table("home")
        + f"<tr>{''.join(columns)}</tr>\n</table>\n"
        + _foot()
        + "</body>\n</html>\n"
    )
    return Page("/", html)


def _plain(path: str, title: str, text: str, channels: Sequence[Channel]) -> Page:
    html = (
        _head(f"{title}-{SITE_NAME}")
        + "<body>\n"
        + _top(channels)
        + _table("main")
        + f'<tr><td class="title" align="center">{esc(title)}</td></tr>\n'
        + f'<tr><td class="content"><p>{_INDENT}{esc(text)}</p></td></tr>\n'
        + "</table>\n"
        + _foot()
        + "</body>\n</html>\n"
    )
    return Page(path, html)


def not_found_page(path: str) -> Page:
    """The small page the CMS answers 404 with."""
    html = (
        _head(f"页面不存在-{SITE_NAME}")
        + "<body>\n"
        + '<table width="600" border="0" align="center" cellpadding="20" cellspacing="0">\n'
        + '<tr><td align="center"><h2>页面不存在</h2>'
        + "<p>对不起，您访问的信息不存在或已被删除。</p>"
        + '<p><a href="index.asp">返回网站首页</a></p></td></tr>\n'
        + "</table>\n</body>\n</html>\n"
    )
    return Page(path, html, status=404)


def render_city(
    articles: Sequence[PlannedArticle], channels: Sequence[Channel], seed: SeedPage
) -> tuple[Page, ...]:
    """Every page of the city site (as text); a ``gone`` article gets the 404 page."""
    pages: list[Page] = [_home(articles, channels)]
    home = pages[0]
    pages.append(Page("/index.asp", home.html))
    for channel in channels:
        listed = [a for a in articles if a.channel == channel]
        pages += _list_pages(channel, listed, channels)
        for article in listed:
            if article.kind == "gone":
                pages.append(not_found_page(article.path))
            else:
                pages.append(_article_page(article, listed, channels, seed))
    pages.append(
        _plain(
            "/about.asp",
            "本会简介",
            "宜昌市总工会是宜昌市各级工会组织和广大职工的领导机关。本演示站点模仿其网站版式，新闻多为虚构。",
            channels,
        )
    )
    pages.append(
        _plain(
            "/guestbook.asp",
            "职工信箱",
            "职工朋友如有意见建议，可拨打12351职工服务热线。",
            channels,
        )
    )
    return tuple(pages)
