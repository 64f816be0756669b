"""Requests as JSON for the shared queue.

scrapy-redis pickles requests by default; a worker that unpickles what it reads from a shared
Redis runs whatever anyone who can write there put in it. JSON carries what
``Request.to_dict`` gives: strings, numbers, lists, dicts, and bytes (tagged, base64).
"""

from __future__ import annotations

import base64
import json
from typing import Any

__all__ = ["dumps", "loads"]

_BYTES = "__b64__"
_PAIRS = "__pairs__"
_TUPLE = "__tuple__"


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {_BYTES: base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        if all(isinstance(key, str) for key in value):
            return {key: _encode(item) for key, item in value.items()}
        return {_PAIRS: [[_encode(key), _encode(item)] for key, item in value.items()]}
    if isinstance(value, tuple):
        return {_TUPLE: [_encode(item) for item in value]}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot queue a request carrying a {type(value).__name__} in its meta")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if isinstance(value, dict):
        if len(value) == 1:
            if _BYTES in value:
                return base64.b64decode(value[_BYTES])
            if _PAIRS in value:
                return {_decode(key): _decode(item) for key, item in value[_PAIRS]}
            if _TUPLE in value:
                return tuple(_decode(item) for item in value[_TUPLE])
        return {key: _decode(item) for key, item in value.items()}
    return value


def dumps(obj: dict[str, Any]) -> str:
    """``Request.to_dict()`` output as a JSON string (the serializer interface scrapy-redis
    expects: ``dumps`` and ``loads``)."""
    return json.dumps(_encode(obj), ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def loads(data: str | bytes) -> dict[str, Any]:
    decoded = _decode(json.loads(data))
    assert isinstance(decoded, dict)
    return decoded
