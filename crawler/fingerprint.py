"""Exact-duplicate fingerprints: the same text under two URLs gets the same hash."""

from __future__ import annotations

import hashlib
import unicodedata
from functools import lru_cache

import opencc

__all__ = ["content_hash", "normalize_for_fingerprint"]


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalize_for_fingerprint(text: str) -> str:
    """Simplified script, NFKC, letters and digits only (no whitespace or punctuation), so that
    a traditional mirror, a re-spaced copy and the original normalize alike."""
    simplified = _t2s().convert(unicodedata.normalize("NFKC", text))
    return "".join(ch for ch in simplified if ch.isalnum()).lower()


def content_hash(text: str) -> str:
    """SHA-1 (hex) of :func:`normalize_for_fingerprint`."""
    return hashlib.sha1(normalize_for_fingerprint(text).encode("utf-8")).hexdigest()
