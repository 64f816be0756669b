"""``unionwatch sites``: the configured sites; ``sites check``: one config applied to one page."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from crawler.cli.app import EXIT_USAGE, AppContext, fail
from crawler.cli.render import format_option, make_console, print_records, to_json
from crawler.settings import USER_AGENT
from crawler.sites.check import CheckReport, check_page

__all__ = ["sites"]

_FETCH_TIMEOUT = 30
_MAX_BYTES = 16 * 1024 * 1024
_ROLES = {
    "start": "a start page (read as a list page)",
    "list": "a list page (its links are followed)",
    "article": "an article page (extracted, its links not followed)",
    "ignored": "a page the crawl would not reach (matches neither pattern)",
    "outside": "outside the site's allowed hosts",
}
_FIELDS = (
    "title",
    "published_at",
    "reporters",
    "correspondents",
    "photographers",
    "editor",
    "source",
    "dateline",
    "agency",
    "click_count",
)


@click.group(invoke_without_command=True)
@format_option(("table", "json"))
@click.pass_context
def sites(ctx: click.Context, fmt: str) -> None:
    """List the configured sites (built-in presets and --sites-dir files).

    \b
    Examples:
      unionwatch sites
      unionwatch sites --format json
      unionwatch sites check workercn --url https://www.workercn.cn/c/2025-01-22/8432101.shtml
    """
    if ctx.invoked_subcommand is not None:
        return
    app = ctx.ensure_object(AppContext)
    records = [{**site.to_dict(), "hosts": " ".join(site.allowed_hosts)} for site in app.registry()]
    print_records(
        records,
        fmt,
        columns=("id", "name", "level", "enabled", "demo", "hosts", "schedule"),
        console=make_console(),
        title="Sites",
    )


@sites.command("check")
@click.argument("site_id", metavar="ID")
@click.option("--url", metavar="URL", help="The page (default: the site's first start URL).")
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the page from this saved file instead of fetching it (give its --url).",
)
@format_option(("text", "json"), default="text")
@click.pass_context
def check(ctx: click.Context, site_id: str, url: str | None, file: Path | None, fmt: str) -> None:
    """Explain what site ID's config does with one page: which links a crawl follows as list
    pages, which as articles, which it ignores, and, on an article, the extracted fields.

    \b
    Examples:
      unionwatch sites check demo-city
      unionwatch sites check workercn --url https://www.workercn.cn/10000/10000.shtml
      unionwatch sites check grrb-epaper --file page.html \\
          --url https://www.workercn.cn/papers/grrb/2025/01/23/1/news-2.html
    """
    site = ctx.ensure_object(AppContext).registry().get(site_id)
    if url is not None and urlsplit(url).scheme not in ("http", "https"):
        fail(f"--url {url!r} is not an http(s) URL", EXIT_USAGE)
    headers: dict[str, str] = {}
    if file is not None:
        if url is None:
            fail("--file needs the page's --url (links and patterns depend on it)", EXIT_USAGE)
        try:
            body = file.read_bytes()
        except OSError as exc:
            fail(f"cannot read {file}: {exc.strerror}", EXIT_USAGE)
    else:
        url = url or site.start_urls_for()[0]
        body, headers = _fetch(url)
    report = check_page(site, body, url, headers)
    click.echo(to_json(report.to_dict()) if fmt == "json" else _text(report))


def _fetch(url: str) -> tuple[bytes, dict[str, str]]:
    """GET ``url``; demo-site URLs are answered by the bundled demo without a network."""
    from crawler.demo import build_demo

    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    found = build_demo().responses.get(((parts.hostname or "").lower(), path))
    if found is not None:
        return found.body, dict(found.headers)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=_FETCH_TIMEOUT) as reply:
            return reply.read(_MAX_BYTES), dict(reply.headers.items())
    except (urllib.error.URLError, OSError, ValueError) as exc:
        fail(f"cannot fetch {url}: {getattr(exc, 'reason', exc)}")


def _text(report: CheckReport) -> str:
    lines = [
        f"site {report.site}: {report.url}",
        f"  this page is {_ROLES[report.role]}; decoded as {report.encoding}",
    ]
    if report.role != "article":
        for kind, label in (("list", "follow as list pages"), ("article", "follow as articles")):
            urls = report.of_kind(kind)  # type: ignore[arg-type]
            lines.append(f"{label} ({len(urls)}):")
            lines.extend(f"  {u}" for u in urls)
        ignored = [link for link in report.links if link.kind in ("ignored", "outside")]
        lines.append(f"ignored ({len(ignored)}):")
        lines.extend(f"  {link.url}  ({link.reason})" for link in ignored)
    if report.article is not None:
        lines.append("extracted:")
        lines.extend(_fields(report.article))
    return "\n".join(lines)


def _fields(article: Mapping[str, Any]) -> list[str]:
    lines = []
    for name in _FIELDS:
        value = article.get(name)
        if isinstance(value, list):
            value = "、".join(str(v) for v in value)
        lines.append(f"  {name}: {value if value not in (None, '') else '-'}")
    body = str(article.get("body") or "")
    paragraphs = body.split("\n") if body else []
    first = paragraphs[0] if paragraphs else "-"
    preview = first if len(first) <= 60 else first[:60] + "…"
    lines.append(f"  body: {len(body)} characters, {len(paragraphs)} paragraphs: {preview}")
    return lines
