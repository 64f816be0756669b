"""The exact fingerprint: its fast NFKC must give what ``unicodedata`` gives, on any text."""

from __future__ import annotations

import random
import unicodedata

from crawler.fingerprint import content_hash, nfkc, normalize_for_fingerprint

#: Characters NFKC changes or composes, beside ordinary ones: full-width forms, combining marks
#: (also after full-width punctuation), Hangul jamo, kana voicing marks, circled numbers,
#: compatibility ideographs.
_POOL = [
    chr(point)
    for point in (
        *range(0x20, 0x7F),
        *range(0x300, 0x370),
        0x3000,
        *range(0xFF00, 0xFFF0),
        *range(0x4E00, 0x4E40),
        0xF900,
        0x2460,
        0x3231,
        0x1100,
        0x1161,
        0x11A8,
        0xAC00,
        *range(0x3099, 0x309D),
        0x304B,
        0x30AB,
    )
]


def test_the_fast_nfkc_equals_unicodedatas_on_random_mixes() -> None:
    chance = random.Random(20261124)
    for _ in range(5000):
        text = "".join(chance.choice(_POOL) for _ in range(chance.randint(0, 24)))
        assert nfkc(text) == unicodedata.normalize("NFKC", text), ascii(text)


def test_full_width_forms_and_spacing_do_not_change_the_fingerprint() -> None:
    original = "市总工会召开会议，部署2026年工作。"
    variant = "市总工会召开会议，\u3000部署２０２６年工作．"
    assert normalize_for_fingerprint(original) == "市总工会召开会议部署2026年工作"
    assert content_hash(variant) == content_hash(original)
