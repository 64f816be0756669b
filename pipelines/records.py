"""The storage form of an extracted article: :func:`to_record` (fingerprints included).

Kept apart from the store pipeline so that its writer process (:mod:`pipelines.writer`) builds
records without importing Scrapy's pipeline machinery."""

from __future__ import annotations

from crawler.dedup import TextCopies, lsh_keys_of_normalized, shingle_set
from crawler.fingerprint import hash_normalized, normalize_for_fingerprint
from crawler.items import ArticleItem
from crawler.sites import SourceSites
from storage import ArticleRecord

__all__ = ["to_record"]


def _split_editors(editor: str | None) -> tuple[str, ...]:
    if not editor:
        return ()
    return tuple(n for n in (p.strip() for p in editor.replace(",", "、").split("、")) if n)


def to_record(
    item: ArticleItem, sources: SourceSites | None = None, near: TextCopies | None = None
) -> ArticleRecord:
    """The storage form of an extracted, validated article, with its fingerprints. ``near``,
    the store's comparer of texts, is handed the body's shingles (its candidates are compared
    with them)."""
    article = item.article
    assert article.title and article.body
    normalized = normalize_for_fingerprint(article.body)  # once, for both fingerprints
    shingled = shingle_set(normalized)
    if near is not None:
        near.remember(article.body, shingled, len(normalized))
    return ArticleRecord(
        site=item.site,
        url=item.url,
        canonical_url=item.canonical_url,
        title=article.title,
        body=article.body,
        content_hash=hash_normalized(normalized),
        extractor_version=article.extractor_version,
        published_at=article.published_at,
        published_precision=article.published_precision,
        published_raw=article.published_raw,
        reporters=tuple(article.reporters),
        correspondents=tuple(article.correspondents),
        photographers=tuple(article.photographers),
        editors=_split_editors(article.editor),
        editor=article.editor,
        source=article.source,
        dateline=article.dateline,
        agency=article.agency,
        click_count=article.click_count,
        original_title=article.original_title,
        script=article.script,
        encoding=article.encoding,
        problems=tuple(article.problems),
        aliases=tuple(u for u in item.redirected_from if u != item.canonical_url),
        lsh_keys=lsh_keys_of_normalized(normalized, shingled),
        source_site=sources.site_for(article.source, item.site) if sources is not None else None,
    )
