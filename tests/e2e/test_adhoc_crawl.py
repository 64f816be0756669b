"""`unionwatch crawl --url`: a one-off crawl of a site that has no config, on loopback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import unionwatch
from tests.loopback import serve

pytestmark = pytest.mark.e2e

HTML = {"Content-Type": "text/html; charset=utf-8"}
PARAGRAPHS = (
    "{n}月5日，县总工会在产业园区举办“职工服务月”启动仪式，为一线职工送去法律咨询、健康体检和技能培训等服务。",
    "活动现场设置了十余个服务摊位，吸引了来自园区四十多家企业的近千名职工参加。工会工作人员还为新就业形态劳动者办理了入会手续。",
    "县总工会负责人表示，下一步将把服务阵地延伸到车间班组，让职工在家门口就能享受到工会服务。",
)


def article(n: int) -> bytes:
    body = "".join(f"<p>{p.format(n=n)}</p>" for p in PARAGRAPHS)
    return (
        f"<html><head><meta charset='utf-8'><title>职工服务月启动第{n}站-某县总工会</title></head>"
        f"<body><div class='nav'><a href='/'>首页</a> <a href='/about.html'>关于我们</a></div>"
        f"<h1>职工服务月启动第{n}站</h1><div class='info'>发布时间：2025-0{n}-05 10:0{n}</div>"
        f"<div class='content'><p>本报讯（记者 李明 通讯员 王芳）</p>{body}</div>"
        f"<p>责任编辑：陈晨</p></body></html>"
    ).encode()


def site() -> dict[str, tuple[int, dict[str, str], bytes]]:
    index = "".join(f"<li><a href='/news/{n}.html'>职工服务月启动第{n}站</a></li>" for n in (1, 2))
    page2 = "<li><a href='/news/3.html'>职工服务月启动第3站</a></li><li><a href='/news/9.html'>旧闻</a></li>"
    return {
        "/": (
            200,
            HTML,
            f"<html><body><ul>{index}</ul><a href='/list_2.html'>下一页</a>"
            "<a href='/about.html'>关于我们</a></body></html>".encode(),
        ),
        "/list_2.html": (200, HTML, f"<html><body><ul>{page2}</ul></body></html>".encode()),
        "/about.html": (200, HTML, "<html><body><p>联系我们</p></body></html>".encode()),
        **{f"/news/{n}.html": (200, HTML, article(n)) for n in (1, 2, 3)},
    }


def test_one_off_crawl_with_article_pattern(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'adhoc.db'}"
    with serve(site()) as base:
        result = unionwatch(
            "--db",
            db,
            "crawl",
            "--url",
            f"{base}/",
            "--follow",
            r"list_\d+\.html",
            "--article",
            r"/news/\d+\.html$",
        )
    assert result.returncode == 0, result.stderr
    assert "http 404 ×1" in result.stdout  # /news/9.html does not exist: recorded, not dropped
    records = json.loads(unionwatch("--db", db, "query", "--format", "json").stdout)
    assert sorted(r["title"] for r in records) == [f"职工服务月启动第{n}站" for n in (1, 2, 3)]
    first = next(r for r in records if r["title"].endswith("第1站"))
    assert first["published_at"] == "2025-01-05T10:01+08:00"
    assert first["reporters"] == ["李明"] and first["correspondents"] == ["王芳"]
    assert first["editor"] == "陈晨"


def test_one_off_crawl_without_patterns_keeps_pages_with_title_and_body(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'adhoc.db'}"
    with serve(site()) as base:
        result = unionwatch("--db", db, "crawl", "--url", f"{base}/", "--max-pages", "50")
    assert result.returncode == 0, result.stderr
    records = json.loads(unionwatch("--db", db, "query", "--format", "json").stdout)
    assert sorted(r["url"].rsplit("/", 1)[1] for r in records) == ["1.html", "2.html", "3.html"]
