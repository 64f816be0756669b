"""Decoding: declarations, contradictions, detection, and broken bytes."""

from __future__ import annotations

import codecs

import pytest

from crawler.extract.decode import (
    charset_from_content_type,
    charset_from_markup,
    decode_html,
    normalize_encoding,
)

TEXT = "全国总工会召开会议，部署职工服务工作。各级工会要维护职工合法权益，做好困难职工帮扶。"
TRADITIONAL = "全國總工會召開會議，部署職工服務工作。各級工會要維護職工合法權益，做好困難職工幫扶。"


def _page(charset: str | None = None) -> str:
    meta = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        if charset
        else ""
    )
    return f"<html><head>{meta}<title>工会</title></head><body><p>{TEXT}</p></body></html>"


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("x-gbk", "gb18030"),
        ("big5", "big5hkscs"),
        ("UTF8", "utf-8"),
        ("iso-8859-1", "cp1252"),
        ("no-such-charset", None),
        (None, None),
    ],
)
def test_normalize_encoding(label: str | None, codec: str | None) -> None:
    assert normalize_encoding(label) == codec


def test_declarations_are_read() -> None:
    assert charset_from_content_type({"content-type": "text/html; charset=GB2312"}) == "gb18030"
    assert charset_from_content_type({"Content-Type": "text/html"}) is None
    assert charset_from_markup(b'<meta charset="big5">') == "big5hkscs"
    assert charset_from_markup(b'<?xml version="1.0" encoding="gbk"?><html>') == "gb18030"


def test_gbk_with_meta_declaration_only() -> None:
    decoded = decode_html(_page("gb2312").encode("gbk"), {"Content-Type": "text/html"})
    assert decoded.encoding == "gb18030"
    assert TEXT in decoded.text


def test_gbk_declared_nowhere_is_detected() -> None:
    decoded = decode_html(_page().encode("gbk"))
    assert decoded.encoding == "gb18030"
    assert TEXT in decoded.text


def test_declared_gb2312_but_utf8() -> None:
    decoded = decode_html(
        _page("gb2312").encode("utf-8"), {"Content-Type": "text/html; charset=gb2312"}
    )
    assert decoded.encoding == "utf-8"
    assert TEXT in decoded.text


def test_gbk_served_as_utf8_is_not_mojibake() -> None:
    decoded = decode_html(
        _page("utf-8").encode("gbk"), {"Content-Type": "text/html; charset=utf-8"}
    )
    assert decoded.encoding == "gb18030"
    assert TEXT in decoded.text
    assert "\ufffd" not in decoded.text


def test_big5_declared() -> None:
    html = f"<html><body><p>{TRADITIONAL}</p></body></html>"
    decoded = decode_html(html.encode("big5"), {"Content-Type": "text/html; charset=big5"})
    assert decoded.encoding == "big5hkscs"
    assert TRADITIONAL in decoded.text


def test_big5_undeclared_is_detected() -> None:
    html = f"<html><body><p>{TRADITIONAL * 3}</p></body></html>"
    decoded = decode_html(html.encode("big5"))
    assert decoded.encoding == "big5hkscs"


def test_bom_wins() -> None:
    decoded = decode_html(
        codecs.BOM_UTF8 + TEXT.encode("utf-8"), {"Content-Type": "text/html; charset=gbk"}
    )
    assert decoded.encoding == "utf-8"
    assert decoded.text == TEXT


def test_forced_encoding() -> None:
    decoded = decode_html(TEXT.encode("gbk"), encoding="GBK")
    assert (decoded.encoding, decoded.text) == ("gb18030", TEXT)


def test_truncated_utf8_keeps_utf8() -> None:
    body = (_page("utf-8") * 3).encode("utf-8")[:-1] + "工".encode()[:2]
    decoded = decode_html(body, {"Content-Type": "text/html; charset=utf-8"})
    assert decoded.encoding == "utf-8"
    assert TEXT in decoded.text


@pytest.mark.parametrize(
    "body",
    [b"", b"\xff\xfe\xfd", bytes(range(256)), b"<html>\x81\x30\xff\x00</html>", "工".encode()[:2]],
)
def test_broken_bytes_never_raise(body: bytes) -> None:
    decoded = decode_html(body, {"Content-Type": "text/html; charset=gb2312"})
    assert isinstance(decoded.text, str)
