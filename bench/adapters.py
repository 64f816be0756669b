"""The three extractors :mod:`bench.extract` compares, each read into one :class:`Extracted`.

Each adapter has three steps so that only the extractor's own work is timed:
``prepare`` (untimed: the input as "HTML already in memory"), ``run`` (timed) and ``convert``
(untimed: its output mapped onto our fields).

- **unionwatch** gets the raw bytes, URL and headers and decodes itself.
- **trafilatura** gets the raw bytes (and URL) and decodes itself, as a user would call it.
- **GNE** only takes a ``str``: it gets the text unionwatch's decoder produced
  (``Page.from_bytes(...).text``), decoded in ``prepare``, outside its timing.

Peer outputs are read the way a person would read them: author strings are split into names
(:func:`split_names`), date strings become Asia/Shanghai times at the precision they show
(:func:`parse_peer_date`). Scoring converts every text to simplified script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from importlib.metadata import version
from typing import Any, Protocol, TypeVar

import trafilatura
from gne import GeneralNewsExtractor
from trafilatura.settings import set_date_params

from bench.corpus import NAME_FIELDS, TEXT_FIELDS, UNION_FIELDS, Case
from crawler.extract import EXTRACTOR_VERSION, Article, Page, extract_article
from crawler.extract.dates import shanghai
from crawler.extract.text import HAN, to_simplified

__all__ = [
    "PEER_FIELDS",
    "Extracted",
    "Extractor",
    "Gne",
    "Ours",
    "Trafilatura",
    "parse_peer_date",
    "split_names",
]

#: What GNE and trafilatura can produce: no reporter/correspondent split, no editor, source,
#: dateline, agency, hit counter or original title.
PEER_FIELDS: frozenset[str] = frozenset(
    {"title", "published_at", "authors", "body", "body_checks", "is_article"}
)

#: Role words taken off a peer's author string (longest first), wherever they stand in a token.
_ROLES = (
    "本报特约通讯员",
    "本报特约记者",
    "本报通讯员",
    "本报记者",
    "特约通讯员",
    "特约记者",
    "见习记者",
    "实习记者",
    "首席记者",
    "摄影报道",
    "责任编辑",
    "通讯员",
    "实习生",
    "本报讯",
    "记者",
    "编辑",
    "责编",
    "作者",
    "摄影",
    "撰稿",
    "本报",
)
_ROLE = re.compile("|".join(_ROLES))
#: One-character roles (文 / 图 / 摄, "文/图", "图文"): only dropped as a whole token, since the
#: same characters occur inside names (李文, 王图).
_SHORT_ROLE = re.compile("[文图摄]+")
#: What separates names in an author string: spaces, 、，,;；/| and colons or brackets that set a
#: role off from its names.
_SEPARATORS = re.compile(r"[\s\u3000、，,;；/|｜:：()（）\[\]【】〔〕<>《》]+")
_ONE_HAN = re.compile(f"^[{HAN}]$")
_HAS_WORD = re.compile(rf"[{HAN}A-Za-z0-9]")

#: A date string as peers print them: ``2024-05-04 07:28``, ``2022年02月09日16:59``,
#: ``2025/1/23 9:10:30``, ``2024-06-11T08:30:00+08:00``, ``2011-06-17T11:26:10Z``.
_PEER_DATE = re.compile(
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<mo>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*T?\s*(?P<h>\d{1,2})\s*[:：时]\s*(?P<mi>\d{1,2})"
    r"(?:\s*[:：分]\s*(?P<s>\d{1,2}))?(?:\.\d+)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)


@dataclass(frozen=True, slots=True)
class Extracted:
    """One extractor's answer for one page, in our field names (peers fill what they can)."""

    title: str | None = None
    published_at: datetime | None = None
    published_precision: str | None = None
    #: Byline names: reporters + correspondents for us, the split author string for peers.
    authors: tuple[str, ...] = ()
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    editor: str | None = None
    source: str | None = None
    dateline: str | None = None
    agency: str | None = None
    original_title: str | None = None
    click_count: int | None = None
    body: str | None = None

    @property
    def is_article(self) -> bool:
        """A title and a body: what our ``Article.is_article`` means."""
        return bool(self.title) and bool(self.body)

    def names(self, field: str) -> tuple[str, ...]:
        """The names of one of :data:`NAME_FIELDS`."""
        return {
            "authors": self.authors,
            "reporters": self.reporters,
            "correspondents": self.correspondents,
            "photographers": self.photographers,
        }[field]

    def text(self, field: str) -> str | None:
        """The value of one of :data:`TEXT_FIELDS`."""
        return {
            "title": self.title,
            "editor": self.editor,
            "source": self.source,
            "dateline": self.dateline,
            "agency": self.agency,
            "original_title": self.original_title,
        }[field]


In = TypeVar("In")
Raw = TypeVar("Raw")


class Extractor(Protocol[In, Raw]):
    """One extractor under test."""

    #: Key in the JSON figures.
    key: str
    #: Column heading (name and version).
    label: str
    #: Fields it can produce; "—" in the table for the others.
    fields: frozenset[str]

    def prepare(self, case: Case) -> In:
        """The input it is given (untimed)."""
        ...

    def run(self, item: In) -> Raw:
        """Extract one page (timed)."""
        ...

    def convert(self, raw: Raw) -> Extracted:
        """Its output in our fields (untimed)."""
        ...


class Ours:
    """unionwatch: ``extract_article(body, url, headers)`` on the raw bytes."""

    key = "unionwatch"
    label = f"unionwatch {EXTRACTOR_VERSION}"
    fields: frozenset[str] = frozenset(UNION_FIELDS) | NAME_FIELDS | TEXT_FIELDS

    def prepare(self, case: Case) -> Case:
        return case

    def run(self, item: Case) -> Article:
        return extract_article(item.body, item.url, item.headers, now=item.now)

    def convert(self, raw: Article) -> Extracted:
        return Extracted(
            title=raw.title,
            published_at=raw.published_at,
            published_precision=raw.published_precision,
            authors=(*raw.reporters, *raw.correspondents),
            reporters=tuple(raw.reporters),
            correspondents=tuple(raw.correspondents),
            photographers=tuple(raw.photographers),
            editor=raw.editor,
            source=raw.source,
            dateline=raw.dateline,
            agency=raw.agency,
            original_title=raw.original_title,
            click_count=raw.click_count,
            body=raw.body,
        )


class Gne:
    """GNE: ``GeneralNewsExtractor().extract(html_str)`` on the text our decoder produced."""

    key = "gne"
    label = f"GNE {version('gne')}"
    fields = PEER_FIELDS

    def __init__(self) -> None:
        self._extractor = GeneralNewsExtractor()

    def prepare(self, case: Case) -> str:
        return Page.from_bytes(case.body, case.url, case.headers).text

    def run(self, item: str) -> dict[str, Any]:
        result: dict[str, Any] = self._extractor.extract(item)
        return result

    def convert(self, raw: dict[str, Any]) -> Extracted:
        date = parse_peer_date(raw.get("publish_time"))
        return Extracted(
            title=raw.get("title") or None,
            published_at=date[0] if date else None,
            published_precision=date[1] if date else None,
            authors=tuple(split_names(raw.get("author"))),
            body=raw.get("content") or None,
        )


class Trafilatura:
    """trafilatura: ``bare_extraction(raw_bytes, url=..., with_metadata=True)`` without
    comments; its date asked with a clock (``%Y-%m-%dT%H:%M:%S``), midnight read as a date
    without a time (htmldate pads a bare date with 00:00:00)."""

    key = "trafilatura"
    label = f"trafilatura {version('trafilatura')}"
    fields = PEER_FIELDS

    def __init__(self) -> None:
        self._dates: dict[str, Any] = {**set_date_params(True), "outputformat": "%Y-%m-%dT%H:%M:%S"}

    def prepare(self, case: Case) -> Case:
        return case

    def run(self, item: Case) -> Any:
        return trafilatura.bare_extraction(
            item.body,
            url=item.url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params=self._dates,
        )

    def convert(self, raw: Any) -> Extracted:
        if raw is None:  # trafilatura found nothing to extract
            return Extracted()
        date = parse_peer_date(getattr(raw, "date", None), midnight_is_day=True)
        return Extracted(
            title=getattr(raw, "title", None) or None,
            published_at=date[0] if date else None,
            published_precision=date[1] if date else None,
            authors=tuple(split_names(getattr(raw, "author", None))),
            body=getattr(raw, "text", None) or None,
        )


def split_names(value: str | None) -> list[str]:
    """A peer's author string as the names a reader sees in it, in order, each once.

    Converted to simplified; split on spaces, 、，,;/| (colons and brackets too); role words
    (记者, 通讯员, 编辑, 作者...) taken off; lone 文/图/摄 tokens dropped; single Han
    characters standing next to each other joined (``赵 培`` is one name).
    """
    if not value:
        return []
    tokens = [_ROLE.sub("", token) for token in _SEPARATORS.split(to_simplified(value))]
    kept = [t for t in tokens if _HAS_WORD.search(t) and not _SHORT_ROLE.fullmatch(t)]
    names: list[str] = []
    for name in _join_single_characters(kept):
        if name not in names:
            names.append(name)
    return names


def parse_peer_date(
    value: str | None, *, midnight_is_day: bool = False
) -> tuple[datetime, str] | None:
    """The first date in a peer's date string as an Asia/Shanghai time and its precision
    (``day`` without a clock, ``minute``, ``second``); ``None`` when it shows no full date.
    A stated offset is honoured; a time without one is read as Shanghai time."""
    match = _PEER_DATE.search(value or "")
    if match is None:
        return None
    hour, minute, second = (int(match.group(k) or 0) for k in ("h", "mi", "s"))
    try:
        when = datetime(
            int(match.group("y")),
            int(match.group("mo")),
            int(match.group("d")),
            hour,
            minute,
            second,
        )
        zone = _zone(match.group("tz"))
    except ValueError:
        return None
    stamp = when.replace(tzinfo=zone or shanghai()).astimezone(shanghai())
    if match.group("h") is None or (midnight_is_day and (hour, minute, second) == (0, 0, 0)):
        return stamp, "day"
    return stamp, "second" if match.group("s") is not None else "minute"


def _zone(text: str | None) -> tzinfo | None:
    if not text:
        return None
    iso = "+00:00" if text == "Z" else text if ":" in text else f"{text[:3]}:{text[3:]}"
    return datetime.fromisoformat(f"2000-01-01T00:00{iso}").tzinfo


def _join_single_characters(tokens: list[str]) -> list[str]:
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if _ONE_HAN.match(token):
            run.append(token)
            continue
        if run:
            out.append("".join(run))
            run = []
        if token:
            out.append(token)
    return out
