"""Traditional-script pages: detect them, convert their blocks to simplified for reading, and map
extracted values back to the page's own script when the caller keeps it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crawler.extract.blocks import Block, with_text
from crawler.extract.text import is_traditional, t2s_keeps, to_simplified

__all__ = ["ScriptView", "simplify_blocks"]

#: Joins block texts for one conversion call (block texts never contain a newline).
_JOIN = "\n"


@dataclass(frozen=True, slots=True)
class ScriptView:
    """The page's text in both scripts, to map a simplified value back to what the page wrote."""

    traditional: bool
    #: All block texts as written, and converted, joined by newlines.
    written: str
    simplified: str

    def simplify(self, value: str) -> str:
        """A value read outside the blocks (``<title>``, meta tags) in simplified script."""
        return to_simplified(value) if self.traditional and value else value

    def restore(self, value: str) -> str:
        """The page's own writing of ``value`` (a simplified string taken from its text)."""
        if not self.traditional or not value:
            return value
        position = self.simplified.find(value)
        if position >= 0 and len(self.simplified) == len(self.written):
            return self.written[position : position + len(value)]
        return "".join(self._char_map().get(ch, ch) for ch in value)

    def _char_map(self) -> dict[str, str]:
        """Simplified → written characters, from the aligned text (first writing seen wins)."""
        mapping: dict[str, str] = {}
        if len(self.simplified) == len(self.written):
            for simple, written in zip(self.simplified, self.written, strict=True):
                if simple != written:
                    mapping.setdefault(simple, written)
        return mapping


def simplify_blocks(blocks: Sequence[Block]) -> tuple[list[Block], ScriptView]:
    """The blocks with ``text`` in simplified script when the page is traditional (one OpenCC
    call for the whole page, none when :func:`t2s_keeps` the text), and the view that maps
    values back."""
    written = _JOIN.join(block.raw for block in blocks)
    if t2s_keeps(written):  # most simplified pages: nothing for OpenCC to change
        return list(blocks), ScriptView(False, written, written)
    simplified = to_simplified(written)
    if not is_traditional(written, simplified):
        return list(blocks), ScriptView(False, written, written)
    parts = simplified.split(_JOIN)
    if len(parts) != len(blocks):  # pragma: no cover - OpenCC keeps newlines
        parts = [to_simplified(block.raw) for block in blocks]
    converted = [with_text(block, part) for block, part in zip(blocks, parts, strict=True)]
    return converted, ScriptView(True, written, simplified)
