"""The extractor against the demo sites' ground truth: every field of every article page.

The demo imitates real layouts (中工网 portal, Big5 mirror, GBK TRS site, 〖发布日期〗 city
CMS), so this is the quality gate for the pages `unionwatch demo` crawls.
"""

from __future__ import annotations

import pytest

from bench.scoring import bigram_f1
from crawler.demo import DemoArticle, build_demo
from crawler.extract import extract_article

DEMO = build_demo()
ARTICLES = [a for a in DEMO.articles if a.kind in ("original", "reprint", "mirror")]
FIELDS = (
    "title",
    "published_at",
    "published_precision",
    "reporters",
    "correspondents",
    "photographers",
    "editor",
    "source",
    "dateline",
    "click_count",
    "original_title",
)
#: The seed page is a scraped copy with broken characters (`工人日?qǐng)?bào)`, `?。▍^(qū)`):
#: its body is compared by bigram F1, and its agency (damaged on the page) is not compared.
BROKEN_PAGES = {"http://city.unionwatch.test/news_view.asp?id=3316"}


def extracted(article: DemoArticle) -> dict[str, object]:
    response = DEMO.response(article.url)
    assert response is not None
    return extract_article(response.body, article.url, dict(response.headers)).to_dict()


@pytest.mark.parametrize("article", ARTICLES, ids=[a.url.split("//")[1] for a in ARTICLES])
def test_every_field_matches_the_truth(article: DemoArticle) -> None:
    got = extracted(article)
    truth = article.to_dict()
    mismatches = {f: (got[f], truth[f]) for f in FIELDS if got[f] != truth[f]}
    assert mismatches == {}
    if article.url in BROKEN_PAGES:
        assert bigram_f1(str(got["body"]), str(truth["body"])) >= 0.97
    else:
        assert got["body"] == truth["body"]
        assert got["agency"] == truth["agency"]


@pytest.mark.parametrize(
    "article",
    [a for a in DEMO.articles if a.kind == "no-body"],
    ids=lambda a: a.url.split("//")[1],
)
def test_photo_only_pages_are_not_articles(article: DemoArticle) -> None:
    response = DEMO.response(article.url)
    assert response is not None
    result = extract_article(response.body, article.url, dict(response.headers))
    assert not result.is_article
    assert "no body" in result.problems
