from collections.abc import Callable
from typing import Any

from lxml.etree import _Element as Element

SOURCE_SHA256: str
LXML_VERSION: str

def walk(
    root: Element,
    found: list[Element],
    tag_flags: dict[object, int],
    is_chrome_mark: Callable[[str], bool],
    hidden_style: Callable[[str, dict[str, bool]], bool],
    marked_below: Callable[[Element], list[Element]],
) -> tuple[list[str], list[str], list[tuple[Element, int, Element | None, int]]]: ...
def make_blocks(
    raws: list[str],
    link_sizes: list[int],
    contexts: list[tuple[Element, int, Element | None, int]],
    block_type: type[object],
    slots: tuple[object, ...],
    strip_pinyin: Callable[[str], str],
) -> list[Any]: ...
def tree_stats(
    blocks: list[Any], max_depth: int
) -> tuple[dict[Element, list[Any]], dict[Element, Element | None]] | None: ...
def collapse_spaces(texts: list[str]) -> list[str] | None: ...
def visible_sizes(texts: list[str]) -> list[int] | None: ...
