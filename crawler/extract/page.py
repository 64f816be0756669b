"""A downloaded page parsed once: decoded text, its encoding, its tree (in a parsel
``Selector``), and its links."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree
from lxml.etree import _Element as Element
from parsel import Selector
from w3lib.html import strip_html5_whitespace
from w3lib.url import safe_url_string

from crawler.extract.decode import decode_html
from crawler.extract.xpaths import BASE_HREF, LINK_HREFS

__all__ = ["Page", "parse_html"]

#: Characters the HTML parser cannot take (NUL and C0 controls other than tab/CR/LF), as the
#: bytes that are these characters in UTF-8.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
#: A URL that may be requested as it stands (ASCII only, no spaces).
_SAFE_URL = re.compile(r"^[\x21-\x7e]+$")
#: A link that :func:`urljoin` only puts after the base's scheme and host: a path from the
#: root (``/c/2025-01-23/123.shtml``, ``/list.php?page=2``) with no dot segment, no empty
#: segment, no parameters, no fragment, no empty query and nothing the URL parser removes.
_PLAIN_PATH = re.compile(r"^/(?![/.])(?:(?!/\.|//)[^#;\\\t\r\n?])*(?:\?[^#\t\r\n]+)?$")


def _origin(base: str) -> str | None:
    """``scheme://host[:port]`` of an http(s) base URL (as :func:`urljoin` keeps it), or None."""
    try:
        parts = urlsplit(base)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def parse_html(text: str, base_url: str | None = None) -> Element:
    """The tree of an HTML document, as ``parsel.Selector(text=..., type="html")`` builds it
    (text stripped, NULs removed, UTF-8, recovering, huge trees allowed; ``<html/>`` when
    nothing parses), made of plain ``lxml.etree`` elements: lxml.html's ``HtmlElement`` and
    its form classes are Python subclasses, dearer to create and read for every element the
    extractor walks, and nothing here uses their extra methods."""
    return _parse(text.strip().replace("\x00", "").encode("utf-8") or b"<html/>", base_url)


def _parse(data: bytes, base_url: str | None) -> Element:
    parser = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
    root = etree.fromstring(data, parser=parser, base_url=base_url)
    if root is None:
        root = etree.fromstring(b"<html/>", parser=parser, base_url=base_url)
    result: Element = root
    return result


def _document(utf8: bytes) -> bytes:
    """What :func:`parse_html` parses for a page's text given in UTF-8, with the control
    characters the parser cannot take removed (``<html></html>`` when nothing is left).

    Done on the bytes: in UTF-8 the control characters are single bytes that occur nowhere
    else, and ASCII spaces are stripped as ``str.strip`` strips them; when a non-ASCII character
    ends the document (it may be a space ``str.strip`` removes), the text is stripped."""
    cleaned = utf8.translate(None, _CONTROL_BYTES)
    if not cleaned:
        return b"<html></html>"
    stripped = cleaned.strip()
    if stripped and (stripped[0] >= 0x80 or stripped[-1] >= 0x80):
        return cleaned.decode("utf-8").strip().encode("utf-8") or b"<html/>"
    return stripped or b"<html/>"


@dataclass(frozen=True, slots=True)
class Page:
    """One response, decoded and parsed: build it once, then take links and the article from it."""

    url: str
    #: The decoded HTML.
    text: str
    #: The Python codec the bytes were decoded with (``gb18030`` for any GB declaration).
    encoding: str
    selector: Selector

    @classmethod
    def from_bytes(
        cls,
        body: bytes,
        url: str,
        headers: Mapping[str, str] | None = None,
        encoding: str | None = None,
    ) -> Page:
        """Decode ``body`` (see :func:`crawler.extract.decode.decode_html`) and parse it."""
        decoded = decode_html(body, headers, encoding)
        utf8 = decoded.utf8 if decoded.utf8 is not None else decoded.text.encode("utf-8")
        root = _parse(_document(utf8), url)
        selector = Selector(root=root, type="html")
        return cls(url=url, text=decoded.text, encoding=decoded.encoding, selector=selector)

    def links(self) -> list[str]:
        """Absolute http(s) link targets in document order, each once, without fragments;
        ``<base href>`` honoured, ``javascript:``/``mailto:`` and other schemes skipped."""
        root = self.selector.root
        bases = BASE_HREF(root)
        base = urljoin(self.url, strip_html5_whitespace(str(bases[0]))) if bases else self.url
        origin = _origin(base)
        seen: set[str] = set()
        out: list[str] = []
        for value in LINK_HREFS(root):
            href = strip_html5_whitespace(str(value))
            if not href or href.startswith("#"):
                continue
            if origin is not None and _PLAIN_PATH.match(href):
                url = origin + href  # what urljoin gives, without parsing both
            else:
                try:
                    url = urldefrag(urljoin(base, href))[0]
                except ValueError:  # e.g. an unbalanced IPv6 bracket
                    continue
            if not url.startswith(("http://", "https://")):
                continue
            if not _SAFE_URL.match(url):
                url = safe_url_string(url, encoding=self.encoding)
            if url not in seen:
                seen.add(url)
                out.append(url)
        return out
