"""Exact-duplicate fingerprints: the same text under two URLs gets the same hash."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

import opencc

__all__ = ["content_hash", "hash_normalized", "nfkc", "normalize_for_fingerprint"]

#: What a fingerprint leaves out: exactly the characters ``str.isalnum`` rejects.
_NOT_ALNUM = re.compile(r"[\W_]+")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _fullwidth() -> tuple[re.Pattern[str], dict[str, str]]:
    """The ideographic space and the half- and full-width forms (U+3000, U+FF00-U+FFEF) that
    have a compatibility decomposition, the characters of Chinese text NFKC changes: a pattern
    finding them and their decompositions."""
    table: dict[str, str] = {}
    for point in (0x3000, *range(0xFF00, 0xFFF0)):
        decomposed = unicodedata.normalize("NFKD", chr(point))
        if decomposed != chr(point):
            table[chr(point)] = decomposed
    return re.compile(f"[{''.join(map(re.escape, table))}]"), table


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, fast on Chinese text: its full-width
    punctuation is decomposed first (NFKC decomposes it anyway, so the result is the same), and
    a text that is then NFKC already (the usual case) is not normalized again."""
    pattern, table = _fullwidth()
    text = pattern.sub(lambda found: table[found.group()], text)
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def normalize_for_fingerprint(text: str) -> str:
    """Simplified script, NFKC, letters and digits only (no whitespace or punctuation), so that
    a traditional mirror, a re-spaced copy and the original normalize alike."""
    simplified = _t2s().convert(nfkc(text))
    return _NOT_ALNUM.sub("", simplified).lower()


def hash_normalized(normalized: str) -> str:
    """SHA-1 (hex) of a text :func:`normalize_for_fingerprint` made."""
    return hashlib.sha1(normalized.encode("utf-8")).hexdigest()


def content_hash(text: str) -> str:
    """SHA-1 (hex) of :func:`normalize_for_fingerprint`."""
    return hash_normalized(normalize_for_fingerprint(text))
