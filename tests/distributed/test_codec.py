from __future__ import annotations

import pytest
from scrapy import Request

from crawler.distributed import codec


def test_a_request_dict_survives_json() -> None:
    request = Request(
        "http://portal.unionwatch.test/a/1.html",
        headers={"Referer": "http://portal.unionwatch.test/"},
        meta={"uw_kind": "article", "redirect_urls": ["http://x/"], "pair": ("a", 1)},
        priority=3,
    )
    data = request.to_dict()
    assert codec.loads(codec.dumps(data)) == data


def test_equal_requests_encode_to_equal_strings() -> None:
    one = Request("http://a.test/x", meta={"b": 1, "a": 2}).to_dict()
    two = Request("http://a.test/x", meta={"a": 2, "b": 1}).to_dict()
    assert codec.dumps(one) == codec.dumps(two)


def test_objects_json_cannot_carry_are_refused_not_pickled() -> None:
    with pytest.raises(TypeError, match="object"):
        codec.dumps({"meta": {"x": object()}})
