"""The extractor's fast paths give what the plain definitions give.

Each shortcut taken for speed (a cheap test before a regex, a sum up the tree instead of along
every chain, a bound instead of a computation, the bytes instead of the text) is checked here
against the straightforward form it replaces: on the fixture pages, on generated strings built
from the tokens the patterns care about, and on edge cases.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from parsel import Selector

from crawler.extract import Page, body, boilerplate, bylines, extract_page, published, text, title
from crawler.extract.blocks import _BLOCK_FIELDS, Block, segment, with_text
from crawler.extract.body import _stats_by_block, _tree_stats
from crawler.extract.boilerplate import is_widget_line
from crawler.extract.decode import _common_han, decode_html
from crawler.extract.metadata import read_metadata
from crawler.extract.page import _document, parse_html
from crawler.extract.walk import _CHROME_ATTR, _HIDDEN_STYLE, _hides, is_chrome_mark

FIXTURES = Path(__file__).parent / "fixtures"
REALPAGES = Path(__file__).parents[1] / "data" / "realpages"


def _fixture_pages() -> Iterator[tuple[str, Page]]:
    for folder in sorted(p for p in FIXTURES.iterdir() if (p / "meta.json").is_file()):
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        body = (folder / "body.html").read_bytes()
        yield folder.name, Page.from_bytes(body, meta["url"], meta.get("headers"))


def _real_pages() -> Iterator[tuple[str, Page]]:
    for path in sorted(REALPAGES.glob("*/pages/*.html"))[::4]:
        yield path.stem, Page.from_bytes(path.read_bytes(), "http://example.com/")


PAGES = [*_fixture_pages(), *_real_pages()]
PAGE_IDS = [name for name, _ in PAGES]

#: Tokens the byline, widget and date patterns care about, for generated lines.
TOKENS = (  # noqa: SIM905 - easier to read and extend as one string
    "【 】 [ ] 〖 〗 ( ) （ ） 字号 : ： 大 中 小 打印 本页 关闭 窗口 收藏 分享 微信 QQ空间 扫一扫 "
    "返回 顶部 Top top 第 1 页 / 共 3 页 << >> 上一页 | ｜ · • - — _ , ， . 。 《 》 ---- "
    "来源 作者 发布 时间 日期 发布时间： 编辑 责任编辑 责编 2024-05-04 07:28 2025年1月23日 "
    "版权所有 Copyright © 记者 通讯员 本报记者 新华社 工人日报—中工网 摄 摄影 文/图 图文 "
    "文字： 撰稿: 视频/ 图片： 摄像｜ 文 / 撰文 实习生 受访者供图 整理 报道 ■ 整合 "
    "张三 李四 王五 郑莉 郝赫 赵 培 北京1月22日电 本报讯 (huì) hǎo 日?qǐng) 的 是 在 \u3000 \xa0 \u200b"
).split(" ")


def _lines(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    return [
        "".join(rnd.choice(TOKENS) + rnd.choice(("", " ", "  ")) for _ in range(rnd.randint(0, 9)))
        for _ in range(count)
    ]


LINES = _lines(1, 3000)


# --- text ---------------------------------------------------------------------------------------

#: The whitespace the extractor collapses, as a pattern (``normalize_space`` uses str.split).
SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\ue000-\uf8ff]")


def test_str_split_splits_on_exactly_the_collapsed_spaces() -> None:
    chars = [chr(i) for i in range(sys.maxunicode + 1)]
    assert [c for c in chars if SPACES.fullmatch(c)] == [c for c in chars if c.isspace()]


@pytest.mark.parametrize("line", [*LINES[:500], "", " ", "\x00a \x00", "a\u200b \u3000b\n"])
def test_space_helpers_match_their_patterns(line: str) -> None:
    assert text.normalize_space(line) == SPACES.sub(" ", INVISIBLE.sub("", line)).strip()
    assert text.compact(line) == re.sub(r"[\s\u00a0\u3000]+", "", line)


def test_normalize_spaces_and_visible_lengths_go_text_by_text() -> None:
    # (Printable once collapsed; not printable but nothing invisible; invisible characters.)
    unprintable = ["a\u200e b", " \x01x ", "\u2028"]
    for texts in (LINES[:50], unprintable, ["a\u200b b", "", "\x00x\u200b\x00", " \u3000 "], []):
        normalized = [text.normalize_space(t) for t in texts]
        assert text.normalize_spaces(texts) == normalized
        assert text.visible_lengths(texts) == [len(n) - n.count(" ") for n in normalized]


def test_strip_pinyin_without_a_tone_mark_is_the_patterns_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast = [text.strip_pinyin(line) for line in LINES]
    monkeypatch.setattr(text, "_TONE_CHAR", re.compile(""))
    assert [text.strip_pinyin(line) for line in LINES] == fast


def _is_traditional(written: str) -> bool:
    converted = text.to_simplified(written)
    total = len(re.findall(f"[{text.HAN}]", written))
    if total == 0:
        return False
    if len(converted) == len(written):
        share = sum(a != b for a, b in zip(written, converted, strict=True)) / total
    else:
        share = text.traditional_share(written, converted)
    return share >= 0.06 and share * total >= 4


def test_script_detection_counts_as_the_definition() -> None:
    rnd = random.Random(2)
    simplified = "这是关于劳动节与工会组织发展历史的简体文章"
    traditional = "這是關於勞動節與工會組織發展歷史的繁體文章"
    for _ in range(3000):
        chars = [rnd.choice(simplified) for _ in range(rnd.randint(0, 200))]
        for _ in range(rnd.randint(0, max(1, len(chars) // 6))):
            if chars:
                chars[rnd.randrange(len(chars))] = rnd.choice(traditional + "\n")
        written = "".join(chars)
        assert text.is_traditional(written) is _is_traditional(written), written
        assert text.han_count(written) == len(re.findall(f"[{text.HAN}]", written))


def test_t2s_keeps_only_what_opencc_gives_back_unchanged() -> None:
    chars = [chr(i) for i in range(0x80, 0x31350) if not 0xD800 <= i < 0xE000]
    converted = text.to_simplified("\n".join(chars)).split("\n")
    assert len(converted) == len(chars)
    for char, simple in zip(chars, converted, strict=True):
        assert not text.t2s_keeps(char) or simple == char, char
    for phrase in text._T2S_PHRASES:
        assert not text.t2s_keeps(phrase)
        assert text.to_simplified(phrase) != phrase
        assert any(mark in phrase for mark in text._T2S_PHRASE_MARKS), phrase
    written = ["\n".join(b.raw for b in segment(page.selector.root)) for _, page in PAGES]
    for sample in [*written, *LINES, "这是简体", "反覆", "沈阳 坏了", "𠀀"]:
        if text.t2s_keeps(sample):
            assert text.to_simplified(sample) == sample, sample
    assert sum(map(text.t2s_keeps, written)) > len(written) // 2  # the fast path is taken


def test_t2s_phrases_are_all_the_phrases_no_character_explains(tmp_path: Path) -> None:
    """Against OpenCC's own dictionaries (dumped with the ``opencc_dict`` tool it ships)."""
    import opencc

    share = Path(opencc.__file__).parent / "clib"
    tool = share / "bin" / "opencc_dict"
    if not tool.is_file():
        pytest.skip("this OpenCC build ships no opencc_dict tool")
    changed_alone = re.compile("|".join(text._T2S_PHRASES))
    for name in ("TSPhrases", "TSCharactersExt", "TSCharacters", "CJK_Compatibility_Ideographs"):
        out = tmp_path / f"{name}.txt"
        source = share / "share" / "opencc" / f"{name}.ocd2"
        subprocess.run(
            [str(tool), "-i", str(source), "-o", str(out), "-f", "ocd2", "-t", "text"],
            check=True,
            capture_output=True,
        )
        for line in out.read_text(encoding="utf-8").splitlines():
            key, values = line.split("\t")
            if values.split(" ")[0] == key:
                continue
            alone = any(text.to_simplified(char) != char for char in key)
            assert alone or changed_alone.search(key), key


# --- blocks -------------------------------------------------------------------------------------


def test_chrome_marks_match_the_pattern() -> None:
    words = ["nav", "navbar", "page-nav", "pagenav", "ad", "ads", "adx", "tag2", "Nav", "NAV3x"]
    words += ["ſide", "side", "K", "dh", "more", "mores", "copy", "main", "content", "list"]
    separators = [" ", "_", "-", "\t", "\x1c", "2", "x", "", "__", "\u00a0", "\u3000", "٣", "é"]
    rnd = random.Random(3)
    for _ in range(20000):
        mark = "".join(rnd.choice(words) + rnd.choice(separators) for _ in range(rnd.randint(1, 4)))
        assert is_chrome_mark(mark) is (_CHROME_ATTR.search(mark) is not None), mark


def test_hiding_styles_match_the_pattern() -> None:
    parts = ["display", "DISPLAY", "Display", "dİsplay", "diſplay", ":", " ", "\t", "none", "NONE"]
    parts += ["nOne", "block", ";", "\u3000", "x"]
    rnd = random.Random(4)
    for _ in range(20000):
        style = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 6)))
        assert _hides(style) is (_HIDDEN_STYLE.search(style) is not None), style


def test_blocks_are_built_field_by_field() -> None:
    assert tuple(field.name for field in dataclasses.fields(Block)) == _BLOCK_FIELDS
    _, page = PAGES[0]
    block = segment(page.selector.root)[0]
    copy = with_text(block, "另一段")
    expected = dataclasses.replace(block, text="另一段")
    assert [getattr(copy, f) for f in _BLOCK_FIELDS] == [
        getattr(expected, f) for f in _BLOCK_FIELDS
    ]


@pytest.mark.parametrize(("name", "page"), PAGES, ids=PAGE_IDS)
def test_metadata_from_walk_marks_is_metadata_from_xpath(name: str, page: Page) -> None:
    root = page.selector.root
    marks: list[etree._Element] = []
    segment(root, marks)
    assert read_metadata(root, marks) == read_metadata(root)


def test_metadata_marks_reach_into_skipped_and_hidden_parts() -> None:
    html = (
        '<html itemprop="x"><head><title>A<b>B</b></title><meta content="1" name="pubdate">'
        '<script type="application/LD+JSON">{"@type": "NewsArticle", "headline": "H",'
        ' "datePublished": "2024-01-02"}</script></head><body>'
        '<div hidden><time datetime="2024-01-01">x</time>'
        '<span itemprop="datePublished" content="2023-01-01"></span></div>'
        '<div style="display: none"><meta content="2" property="og:title"></div>'
        '<select><option itemprop="dateCreated" datetime="2022-02-02">o</option></select>'
        '<time datetime="2021-01-01" itemprop="datePublished">t</time>'
        '<p itemprop="datePublished">no value</p><title>second</title></body></html>'
    )
    root = Page.from_bytes(html.encode(), "http://a/").selector.root
    marks: list[etree._Element] = []
    segment(root, marks)
    metadata = read_metadata(root, marks)
    assert metadata == read_metadata(root)
    assert metadata.title == "A<b>B</b>"  # <title> is raw text
    assert metadata.headline == "2"
    assert [name for name, _ in metadata.dates] == [
        "pubdate", "json-ld:datePublished", "<time>", "<span>", "<option>", "<time>"
    ]  # fmt: skip


# --- body ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "page"), PAGES, ids=PAGE_IDS)
def test_tree_sums_are_the_sums_along_every_chain(name: str, page: Page) -> None:
    blocks = segment(page.selector.root)
    stats, _ = _tree_stats(blocks)
    by_block = _stats_by_block(blocks)
    assert list(stats) == list(by_block)
    assert stats == by_block


def test_deep_nesting_is_counted_block_by_block() -> None:
    deep = "<div>" + "<font>" * 120 + "<p>正文，很深的一段。</p>" * 3 + "</font>" * 120 + "</div>"
    html = f"<html><body>{deep}<p>浅的一段，在外面。</p></body></html>"
    blocks = segment(Page.from_bytes(html.encode(), "http://a/").selector.root)
    stats, _ = _tree_stats(blocks)
    by_block = _stats_by_block(blocks)
    assert list(stats) == list(by_block)
    assert stats == by_block
    body = blocks[-1].container.getparent()
    assert body is not None
    # <body> is more than 64 levels above the deep paragraphs: only the shallow one counts.
    assert stats[body][2] == blocks[-1].chars < sum(block.chars for block in blocks)


# --- line readers -------------------------------------------------------------------------------


class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


def test_credit_readers_with_and_without_their_quick_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [
        *LINES,
        *(f"（{line}）" for line in LINES[:500]),
        *(f"{line}摄" for line in LINES[:500]),
    ]

    def read() -> list[object]:
        return [(bylines.parse_credit(t), bylines.strip_trailing_credit(t)) for t in lines]

    fast = read()
    monkeypatch.setattr(bylines, "_CREDIT_HINT", re.compile(""))
    monkeypatch.setattr(bylines, "_CLOSING_BRACKETS", _Everything())
    monkeypatch.setattr(bylines, "_PHOTO_ENDS", _Everything())
    assert read() == fast


def test_furniture_lines_with_and_without_the_quick_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [*LINES, "ICP备12345号", "(c) 2024 工会", "all rights reserved", "ıcp证", "联系电话：1"]

    def read() -> list[tuple[bool, bool]]:
        return [(is_widget_line(t), boilerplate.is_copyright(t)) for t in lines]

    fast = read()
    assert any(widget for widget, _ in fast)
    assert any(footer for _, footer in fast)
    monkeypatch.setattr(boilerplate, "_NOT_WIDGET_LINE", re.compile("(?!)"))
    monkeypatch.setattr(boilerplate, "_COPYRIGHT_START", re.compile(""))
    assert read() == fast


def _similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if shorter in longer:
        ratio = len(shorter) / len(longer)
        return 0.75 + 0.25 * ratio if ratio >= 0.4 else ratio
    grams_a = {a[i : i + 2] for i in range(len(a) - 1)} or {a}
    grams_b = {b[i : i + 2] for i in range(len(b) - 1)} or {b}
    return 2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b))


def test_title_similarity_is_exact_from_the_threshold() -> None:
    rnd = random.Random(7)
    alphabet = "工会劳动模范表彰大会在京召开"
    for _ in range(30000):
        key = "".join(rnd.choice(alphabet[: rnd.randint(1, 14)]) for _ in range(rnd.randint(0, 30)))
        references = [
            "".join(rnd.choice(alphabet[: rnd.randint(1, 14)]) for _ in range(rnd.randint(0, 30)))
            for _ in range(rnd.randint(0, 3))
        ]
        want = max((_similarity(key, r) for r in references), default=0.0)
        got = title._best_similarity(key, [(r, title._bigrams(r)) for r in references])
        assert (want >= title._MIN_SIMILARITY) is (got >= title._MIN_SIMILARITY)
        if want >= title._MIN_SIMILARITY:
            assert got == want


@pytest.mark.parametrize(("name", "page"), PAGES, ids=PAGE_IDS)
def test_articles_without_the_bounds_and_quick_tests(
    name: str, page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = extract_page(page).to_dict()
    monkeypatch.setattr(title, "_dice_below_min", lambda key, other: False)
    monkeypatch.setattr(title, "_MAX_BONUS", (float("inf"),) * 7)  # every candidate scored
    monkeypatch.setattr(published, "_STRONG_MARK", "")
    monkeypatch.setattr(body, "_MAX_ATTR_WEIGHT", float("inf"))  # every container weighed
    assert extract_page(page).to_dict() == fast


def test_strong_date_labels_all_hold_the_mark() -> None:
    assert all(published._STRONG_MARK in label for label in published._STRONG_LABELS)


# --- page and decoding --------------------------------------------------------------------------


def _parsel_root(html: str) -> etree._Element:
    root: etree._Element = Selector(text=html or "<html></html>", type="html").root
    return root


@pytest.mark.parametrize(
    "html",
    [
        "",
        " ",
        "\x00",
        "plain text",
        "\u3000<p>全角空格开头</p>\u3000",
        "<html><body><form><input name=a><label>x</label><select><option>1</select>"
        "</form><!-- c --><?pi x?><textarea>t</textarea></body></html>",
        "\ufeff<!DOCTYPE html><html><head><title>t</title></head><body><p>a<br>b</p></body></html>",
    ],
)
def test_trees_are_the_trees_parsel_builds(html: str) -> None:
    ours, theirs = parse_html(html or "<html></html>"), _parsel_root(html)
    assert etree.tostring(ours) == etree.tostring(theirs)
    assert [(e.tag, e.sourceline) for e in ours.iter()] == [
        (e.tag, e.sourceline) for e in theirs.iter()
    ]


def test_trees_are_made_of_plain_lxml_elements() -> None:
    # lxml.html's HtmlElement/FormElement... are Python subclasses: dearer proxies for every
    # element the walk visits. Comments keep etree's own class.
    page = Page.from_bytes(
        b"<html><body><form><input name=a></form><!-- c --><p>t</p></body></html>", "http://a/"
    )
    assert {type(e) for e in page.selector.root.iter()} == {etree._Element, etree._Comment}


def test_control_characters_are_removed_on_the_bytes() -> None:
    controls = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
    alphabet = ["\x00", "\x01", "\x1c", "\x1f", "\t", "\n", " ", "\x0b", "\x85", "\xa0", "\u3000"]
    alphabet += ["\u2028", "a", "<", ">", "中", "é", "\u200b", "\x7f"]
    rnd = random.Random(5)
    for _ in range(30000):
        written = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 8)))
        cleaned = controls.sub("", written) or "<html></html>"
        expected = cleaned.strip().replace("\x00", "").encode("utf-8") or b"<html/>"
        assert _document(written.encode("utf-8")) == expected, repr(written)


def _plausibility(decoded: str) -> float:
    sample = decoded[:60000]
    common = _common_han()
    hits = sum(1 for ch in re.findall(r"[\u4e00-\u9fff]", sample) if ch in common)
    return float(hits - 3 * sample.count("\ufffd"))


def _best_guess(body: bytes, declared: str | None) -> str:
    candidates = ["gb18030", "big5hkscs", "utf-8"]
    if declared is not None and declared not in candidates:
        candidates.insert(0, declared)
    scored: list[tuple[float, int, str]] = []
    for codec in candidates:
        score = _plausibility(body.decode(codec, "replace")) + (0.5 if codec == declared else 0.0)
        scored.append((score, -len(scored), codec))
    return max(scored)[2]


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        ("全国总工会召开工作会议，部署职工服务。" * 40, None),
        (
            "全國總工會召開工作會議，部署職工服務。" * 40,
            {"Content-Type": "text/html; charset=big5"},
        ),
        ("工会" * 3, {"Content-Type": "text/html; charset=big5"}),
        ("工人日报" * 100, {"Content-Type": "text/html; charset=shift_jis"}),
    ],
)
def test_undeclared_and_big5_pages_decode_as_the_plain_contest(
    body: str, headers: dict[str, str] | None
) -> None:
    for codec in ("gbk", "big5", "utf-8"):
        try:
            data = f"<p>{body}</p>".encode(codec)
        except UnicodeEncodeError:
            continue
        if codec == "utf-8":
            data = data[:-3] + b"\xff"  # not valid UTF-8: a contest
        declared = None if headers is None else headers["Content-Type"].split("=")[1]
        normalized = {"big5": "big5hkscs", "shift_jis": "shift_jis"}.get(declared or "", declared)
        assert decode_html(data, headers).encoding == _best_guess(data, normalized)
