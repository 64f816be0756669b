"""Per-field selectors from a site config: field name → XPath (starting with ``/`` or ``(``) or
CSS expression. When one matches, its value wins over the generic rules for that field.

These are the only expressions not compiled in :mod:`crawler.extract.xpaths`: they come from
configuration, and parsel caches their translation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from lxml.etree import _Element as Element
from parsel import Selector

from crawler.extract.blocks import Block, segment
from crawler.extract.text import normalize_space

__all__ = ["FIELDS", "Overrides", "read_overrides"]

#: Fields a selector may override (the :class:`~crawler.extract.article.Article` text fields).
FIELDS = frozenset(
    {"title", "published_at", "reporters", "correspondents", "photographers", "editor",
     "source", "dateline", "agency", "click_count", "body", "original_title"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Overrides:
    """What the site's selectors matched."""

    #: Field → the matched values' texts (lines of a matched element joined by newlines).
    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: The elements the ``body`` selector matched.
    body_elements: tuple[Element, ...] = ()
    #: Configuration mistakes (unknown field, invalid expression).
    problems: tuple[str, ...] = ()

    def first(self, name: str) -> str | None:
        """The first non-empty value matched for a field."""
        return next((v for v in self.values.get(name, ()) if v), None)

    def body_range(self, blocks: Sequence[Block]) -> tuple[int, int] | None:
        """First and last index of the blocks inside the body elements."""
        if not self.body_elements:
            return None
        targets = set(self.body_elements)
        inside = [
            b.index
            for b in blocks
            if b.container in targets or any(a in targets for a in b.container.iterancestors())
        ]
        return (inside[0], inside[-1]) if inside else None


def read_overrides(selector: Selector, selectors: Mapping[str, str] | None) -> Overrides:
    """Evaluate each configured selector once on the page."""
    if not selectors:
        return Overrides()
    values: dict[str, tuple[str, ...]] = {}
    body: tuple[Element, ...] = ()
    problems: list[str] = []
    for name, expression in selectors.items():
        if name not in FIELDS:
            problems.append(f"selector for unknown field {name!r}")
            continue
        try:
            matched = (
                selector.xpath(expression)
                if expression.lstrip().startswith(("/", "("))
                else selector.css(expression)
            )
        except ValueError as error:  # parsel raises ValueError subclasses for bad expressions
            problems.append(f"invalid selector for {name}: {error}")
            continue
        texts: list[str] = []
        elements: list[Element] = []
        for item in matched:
            root = item.root
            if isinstance(root, Element) and isinstance(root.tag, str):  # not a comment or PI
                elements.append(root)
                texts.append("\n".join(block.raw for block in segment(root)))
            else:
                texts.append(normalize_space(str(root)))
        if name == "body":
            body = tuple(elements)
        if any(texts):
            values[name] = tuple(t for t in texts if t)
    return Overrides(values, body, tuple(problems))
