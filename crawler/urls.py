"""URL canonicalization: the key under which a page is stored exactly once.

The canonical URL is a key, never fetched: the stored ``url`` stays the address the page was
fetched from. Rules, in order:

1. the site config's own rewrites (``[[url_rules]]``: regex ``match`` → ``replace``);
2. traditional-script gateways map to the page they transcode: ``/gate/big5/HOST/path`` →
   ``HOST/path``; a ``big5.`` host loses that label and a leading ``/big5/`` path segment
   (``big5.workercn.cn/big5/c/…`` → ``workercn.cn/c/…``); a leading ``/BIG5/`` segment goes
   (人民网's gateway, ``/BIG5/n1/…``);
3. one scheme (http and https are one page), lower-case host without its default port, and
   without a leading ``www.``, ``m.``, ``wap.``, ``3g.`` or ``mobile.`` label (desktop and mobile
   hosts serve the same article);
4. a directory's index page is the directory (``/news/index.html`` → ``/news/``);
5. no fragment; query arguments sorted, tracking arguments (``utm_*``, ``spm``, ``from``...)
   dropped; percent-encoding normalized (w3lib).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as w3lib_canonicalize

__all__ = ["UrlRule", "canonicalize_url", "is_gateway_url"]

#: Query parameters that only track where a visitor came from.
_TRACKING_PARAM = re.compile(
    r"^(utm_\w+|spm|from|share_token|share_from|isappinstalled|wfr|scene|srcid|clicktime)$"
)
#: ``/gate/big5/www.example.cn/path``: a gateway that names the transcoded host in the path.
_GATE_PATH = re.compile(r"^/gate/big5/(?P<host>[A-Za-z0-9.-]+\.[A-Za-z]{2,})(?P<rest>/.*)?$")
#: Host labels that mark the same site for another device or script.
_HOST_PREFIX = re.compile(r"^(?:www|m|wap|3g|mobile)\.(?=[^.]+\.[^.]+)")
#: Index documents that stand for their directory.
_INDEX_PAGE = re.compile(r"/(?:index|default)\.(?:s?html?|php|aspx?|jsp)$", re.IGNORECASE)

UrlRule = tuple[re.Pattern[str], str]


def _gateway(host: str, path: str) -> tuple[str, str]:
    gate = _GATE_PATH.match(path)
    if gate is not None:
        return gate.group("host").lower(), gate.group("rest") or "/"
    if host.startswith("big5."):
        host = host[len("big5.") :]
        if path.lower().startswith("/big5/"):
            path = path[len("/big5") :]
    elif path.startswith("/BIG5/"):
        path = path[len("/BIG5") :]
    return host, path


def is_gateway_url(url: str) -> bool:
    """True for a traditional-script gateway's address (rule 2 of the module docstring)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return (
        host.startswith("big5.")
        or bool(_GATE_PATH.match(parts.path))
        or parts.path.startswith("/BIG5/")
    )


def canonicalize_url(url: str, rules: Sequence[UrlRule] = ()) -> str:
    """The canonical form of ``url`` (see the module docstring); ``rules`` are the site's."""
    for pattern, replacement in rules:
        url = pattern.sub(replacement, url)
    parts = urlsplit(url.strip())
    host, path = _gateway((parts.hostname or "").lower(), parts.path or "/")
    host = _HOST_PREFIX.sub("", host)
    port = parts.port
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = _INDEX_PAGE.sub("/", path) if not parts.query else path
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING_PARAM.match(k)
        ]
    )
    rebuilt = urlunsplit(("http", host, path, query, ""))
    return str(w3lib_canonicalize(rebuilt, keep_fragments=False))
