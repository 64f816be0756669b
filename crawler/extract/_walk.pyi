from collections.abc import Callable

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
