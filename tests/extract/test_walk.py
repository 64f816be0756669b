"""The compiled page walk gives what the Python walk gives, and is only used when it may be.

The Python walk (:func:`crawler.extract.walk.walk_python`) is the definition; the compiled one
(``crawler.extract._walk``) must return the same texts, link texts and contexts (the same
element objects) and mark the same elements, on the fixture and real pages and on generated
trees made of what the walk cares about; its block making must make the same blocks as
:func:`crawler.extract.blocks.make_blocks_python` from them, and its tree sums count them as
:func:`crawler.extract.body.tree_stats_python` does. Where the compiled walk is not built these tests
skip, unless ``UNIONWATCH_REQUIRE_COMPILED`` is set (``.ci/run`` sets it): CI must not pass by
testing the fallback only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from lxml import etree

from crawler.extract import blocks as blocks_module
from crawler.extract import body as body_module
from crawler.extract import walk as walk_module
from crawler.extract.blocks import Block, make_blocks_python
from crawler.extract.body import tree_stats_python
from crawler.extract.page import Page, parse_html
from crawler.extract.text import normalize_spaces, strip_pinyin, visible_lengths
from crawler.extract.walk import bind_compiled, stale_reason, walk_python
from tests.conftest import missing_service

FIXTURES = Path(__file__).parent / "fixtures"
REALPAGES = Path(__file__).parents[1] / "data" / "realpages"


@pytest.fixture(scope="module")
def compiled() -> ModuleType:
    try:
        from crawler.extract import _walk
    except ImportError as exc:
        missing_service(
            f"the compiled page walk is not built ({exc}); `make install` builds it",
            "UNIONWATCH_REQUIRE_COMPILED",
        )
    return _walk


def _same(module: ModuleType, root: etree._Element) -> None:
    found_python: list[etree._Element] = []
    found_compiled: list[etree._Element] = []
    expected = walk_python(root, found_python)
    got = bind_compiled(module.walk)(root, found_compiled)
    assert got[0] == expected[0]
    assert got[1] == expected[1]
    assert len(got[2]) == len(expected[2])
    for ours, theirs in zip(got[2], expected[2], strict=True):
        assert ours[0] is theirs[0]
        assert ours[1:] == theirs[1:]
        assert (ours[2] is None) == (theirs[2] is None)
        assert ours[2] is None or ours[2] is theirs[2]
    assert len(found_compiled) == len(found_python)
    assert all(a is b for a, b in zip(found_compiled, found_python, strict=True))
    _same_spaces(module, expected[0], expected[1])
    _same_blocks(module, normalize_spaces(expected[0]), visible_lengths(expected[1]), expected[2])


def _same_spaces(module: ModuleType, texts: list[str], link_texts: list[str]) -> None:
    """The compiled fast paths give the Python functions' answer wherever they give one, and
    decline exactly where a character left is not printable."""
    collapsed = module.collapse_spaces(texts)
    assert (collapsed is None) == (not " ".join(" ".join(t.split()) for t in texts).isprintable())
    if collapsed is not None:
        assert collapsed == normalize_spaces(texts)
    sizes = module.visible_sizes(link_texts)
    assert (sizes is None) == (not "".join("".join(t.split()) for t in link_texts).isprintable())
    if sizes is not None:
        assert sizes == visible_lengths(link_texts)


def _compiled_blocks(
    module: ModuleType, raws: list[str], link_sizes: list[int], contexts: list[Any]
) -> list[Block]:
    slots = blocks_module._BLOCK_SLOTS
    made: list[Block] = module.make_blocks(raws, link_sizes, contexts, Block, slots, strip_pinyin)
    return made


def _same_blocks(
    module: ModuleType, raws: list[str], link_sizes: list[int], contexts: list[Any]
) -> None:
    expected = make_blocks_python(raws, link_sizes, contexts)
    got = _compiled_blocks(module, raws, link_sizes, contexts)
    assert len(got) == len(expected)
    for ours, theirs in zip(got, expected, strict=True):
        assert type(ours) is Block
        for name in blocks_module._BLOCK_FIELDS:
            mine, wanted = getattr(ours, name), getattr(theirs, name)
            if isinstance(wanted, etree._Element) or wanted is None:
                assert mine is wanted, name
            else:
                assert (type(mine), mine) == (type(wanted), wanted), name
    _same_tree_stats(module, expected)


def _same_tree_stats(module: ModuleType, blocks: list[Block]) -> None:
    stats, parents = tree_stats_python(blocks)
    got = module.tree_stats(blocks, body_module._MAX_DEPTH)
    if got is None:  # counted block by block: only where a container is that deep
        assert any(len(list(b.container.iterancestors())) > body_module._MAX_DEPTH for b in blocks)
        return
    assert [(key, value) for key, value in got[0].items()] == list(stats.items())
    assert list(got[1].items()) == list(parents.items())
    for ours, theirs in zip(got[0].values(), stats.values(), strict=True):
        assert [type(value) for value in ours] == [type(value) for value in theirs]


def _pages() -> Iterator[tuple[str, Page]]:
    for folder in sorted(p for p in FIXTURES.iterdir() if (p / "meta.json").is_file()):
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        body = (folder / "body.html").read_bytes()
        yield folder.name, Page.from_bytes(body, meta["url"], meta.get("headers"))
    for path in sorted(REALPAGES.glob("*/pages/*.html")):
        yield path.stem, Page.from_bytes(path.read_bytes(), "http://example.com/")


PAGES = list(_pages())


@pytest.mark.parametrize(("name", "page"), PAGES, ids=[name for name, _ in PAGES])
def test_compiled_walk_reads_every_page_as_the_python_walk(
    compiled: ModuleType, name: str, page: Page
) -> None:
    _same(compiled, page.selector.root)


#: What generated trees are made of: block, inline, skipped, line-breaking, list and heading
#: elements, links, upper-case and prefixed tags, comments, processing instructions, entities.
_TAGS = (  # noqa: SIM905 - easier to read as one string
    "div p span a b li ul dd h1 h3 td table tr br hr script style meta title time font "
    "section nav footer text TEXT P Span o:p iframe select em"
).split()
_ATTRIBUTES = (
    'class="nav"',
    'class="content main"',
    'class=""',
    'class="nav2 x"',
    'class="導航"',
    'id="footer"',
    'id="article"',
    'id=""',
    'style="display:none"',
    'style="DISPLAY : None"',
    'style="color:red"',
    "hidden",
    'itemprop="datePublished"',
    'content="2024-05-04"',
    'class="share" id="x"',
    'id="related" class="body"',
)
_TEXTS = ("", " ", "\n  ", "工会", "正文，第一句。", "\u3000", "&nbsp;", "&amp;x", "&bogus;", "a b")


def _fragment(rnd: random.Random, depth: int) -> str:
    parts: list[str] = []
    for _ in range(rnd.randint(0, 4)):
        roll = rnd.random()
        if roll < 0.12:
            parts.append(rnd.choice(("<!-- c -->", "<?pi x?>", "<![CDATA[d]]>")))
        elif roll < 0.45 or depth > 5:
            parts.append(rnd.choice(_TEXTS))
        else:
            tag = rnd.choice(_TAGS)
            attributes = " ".join(rnd.sample(_ATTRIBUTES, rnd.randint(0, 2)))
            inner = _fragment(rnd, depth + 1)
            parts.append(f"<{tag} {attributes}>{rnd.choice(_TEXTS)}{inner}</{tag}>")
            parts.append(rnd.choice(_TEXTS))
    return "".join(parts)


def test_compiled_walk_reads_generated_trees_as_the_python_walk(compiled: ModuleType) -> None:
    rnd = random.Random(7)
    for _ in range(3000):
        html = f"<html><head><title>t</title></head><body>{_fragment(rnd, 0)}</body></html>"
        root = parse_html(html)
        _same(compiled, root)
        for element in list(root.iter(etree.Element))[1:4]:  # sub-trees, as overrides walk them
            _same(compiled, element)


def test_compiled_walk_reads_cdata_as_text(compiled: ModuleType) -> None:
    root = parse_html("<html><body><p>a<span>b</span>c</p><div>d</div></body></html>")
    for element in root.iter("p", "span", "div"):
        element.text = etree.CDATA(f"[{element.tag}]")
    _same(compiled, root)
    assert "[span]" in "".join(walk_python(root, [])[0])


def test_compiled_walk_reads_deep_trees(compiled: ModuleType) -> None:
    root = parse_html("<html><body></body></html>")
    current = root.find("body")
    assert current is not None
    for depth in range(5000):  # past the walk's first stack allocations, many times over
        current = etree.SubElement(current, ("div", "span", "a", "li")[depth % 4])
        current.text, current.tail = f"t{depth}", " " if depth % 3 else "，"
    _same(compiled, root)


def test_compiled_blocks_count_punctuation_and_strip_pinyin_as_the_python_ones(
    compiled: ModuleType,
) -> None:
    root = parse_html("<html><body><p>x</p></body></html>")
    raws = [
        "工(gōng)会(huì)召开会议，共商大计。",  # ruby: stripped, then counted
        "(huì)",  # nothing left once stripped: no block
        "括号(不是拼音)里的字，照旧",
        "全角（括号）与半角)括号",
        "a , b ; c … d ! e ? f",
        "，。！？；、,!?;…" * 30,  # long: the Python one counts mark by mark
        "",
        "日?bào)社",  # an orphan syllable after a broken byte
    ]
    contexts = [(root, index % 3, root if index % 2 else None, index % 2) for index in range(8)]
    _same_blocks(compiled, raws, [0, 3, 100, 2, 1, 0, 0, 5], contexts)
    made = _compiled_blocks(compiled, raws, [0] * 8, contexts)
    assert made[0].text == "工会召开会议，共商大计。" and made[0].punct == 2
    assert [block.index for block in made] == list(range(len(made))) and len(made) == 6


#: Every kind of space str.split() knows, invisible and unprintable characters, text.
_SPACES = (
    " ", "  ", "\t", "\n", "\r\n", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u1680",
    "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\u200b", "\ufeff",
    "\x00", "\x7f", "\u00ad", "工会", "a", "，", "é", "\U0001f600", "",
)  # fmt: skip


def test_compiled_spaces_are_collapsed_as_python_collapses_them(compiled: ModuleType) -> None:
    rnd = random.Random(5)
    for _ in range(3000):
        texts = [
            "".join(rnd.choices(_SPACES, k=rnd.randint(0, 8))) for _ in range(rnd.randint(0, 5))
        ]
        _same_spaces(compiled, texts, texts)
    assert compiled.collapse_spaces([" 工会\u3000\n 大会 "]) == ["工会 大会"]
    assert compiled.collapse_spaces(["工会\u200b大会"]) is None  # the Python path removes it
    assert compiled.visible_sizes([" 工 会 ", ""]) == [2, 0]


def test_compiled_tree_stats_leave_a_deeper_page_to_the_python_ones(compiled: ModuleType) -> None:
    depth = body_module._MAX_DEPTH + 5
    html = (
        "<html><body>" + "<div>" * depth + "正文。" + "</div>" * depth + "<p>尾</p></body></html>"
    )
    blocks = blocks_module.segment(parse_html(html))
    assert compiled.tree_stats(blocks, body_module._MAX_DEPTH) is None
    assert compiled.tree_stats(blocks, depth + 10) is not None
    assert body_module._tree_stats(blocks)[0] == tree_stats_python(blocks)[0]


def test_compiled_blocks_refuse_what_they_cannot_make(compiled: ModuleType) -> None:
    root = parse_html("<html/>")
    with pytest.raises(ValueError, match="differ in number"):
        _compiled_blocks(compiled, ["a", "b"], [0], [(root, 0, None, 0)] * 2)
    with pytest.raises(TypeError, match="settable slots"):
        compiled.make_blocks(["a"], [0], [(root, 0, None, 0)], Block, ("raw",) * 10, str)


def test_the_compiled_punctuation_is_the_blocks_modules() -> None:
    source = Path(walk_module.__file__).with_name("_walk.pyx").read_text(encoding="utf-8")
    assert f'ch in u"{blocks_module._PUNCTUATION}"' in source


def test_the_flag_values_are_the_walk_modules() -> None:
    source = Path(walk_module.__file__).with_name("_walk.pyx").read_text(encoding="utf-8")
    for name in (
        "STARTS_BLOCK",
        "BREAKS",
        "IS_LINK",
        "SKIPPED",
        "LIST_ITEM",
        "NOT_CHROME",
        "MARKED",
        "LEVEL_SHIFT",
        "PUSHED_BLOCK",
        "PUSHED_CHROME",
        "OPENED_LINK",
    ):
        assert f"    {name} = {getattr(walk_module, '_' + name)}\n" in source, name


def test_the_built_walk_is_the_one_in_use(compiled: ModuleType) -> None:
    if os.environ.get(walk_module.NO_EXTENSIONS_ENV):
        pytest.skip(f"{walk_module.NO_EXTENSIONS_ENV} is set")
    assert walk_module.WALK_IMPLEMENTATION == "compiled"
    assert stale_reason(compiled.SOURCE_SHA256, compiled.LXML_VERSION) is None


def test_a_walk_built_from_another_source_is_stale(tmp_path: Path) -> None:
    source = tmp_path / "_walk.pyx"
    source.write_text("# one version\n", encoding="utf-8")
    built_from = hashlib.sha256(source.read_bytes()).hexdigest()
    assert stale_reason(built_from, etree.__version__, source) is None
    source.write_text("# edited since\n", encoding="utf-8")
    reason = stale_reason(built_from, etree.__version__, source)
    assert reason is not None and "changed since it was built" in reason
    assert "make install" in reason


def test_a_walk_built_for_another_lxml_is_stale(tmp_path: Path) -> None:
    reason = stale_reason("0" * 64, "5.0.0", tmp_path / "missing.pyx")
    assert reason is not None and "lxml 5.0.0" in reason


def test_an_installed_walk_without_its_source_beside_it_is_current(tmp_path: Path) -> None:
    assert stale_reason("0" * 64, etree.__version__, tmp_path / "missing.pyx") is None


def test_a_stale_walk_is_not_used_and_says_why(
    compiled: ModuleType,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(walk_module.NO_EXTENSIONS_ENV, raising=False)
    source = tmp_path / "_walk.pyx"
    source.write_text("# edited since the build\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="crawler.extract.walk"):
        chosen, implementation = walk_module._choose(source)
    assert chosen is None
    assert implementation.startswith("python (the compiled walk is stale")
    assert "not using the compiled page walk" in caplog.text


def test_no_extensions_variable_selects_the_python_walk() -> None:
    env = {**os.environ, walk_module.NO_EXTENSIONS_ENV: "1"}
    script = "from crawler.extract import walk; print(walk.WALK_IMPLEMENTATION)"
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == f"python ({walk_module.NO_EXTENSIONS_ENV} is set)"
