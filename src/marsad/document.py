"""The document model: one `Document` owns the clean text; everything else points into it.

Every span (sentence, segment, token, entity, date, number, quote, event evidence) carries
`start`/`end` character offsets into `Document.text`, so `doc.text[span.start:span.end]` is
always the span's surface text.  Lines removed by cleaning keep offsets into `Document.raw`
(the decoded input before cleaning) so nothing is ever silently lost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class Span:
    """A typed stretch of the clean text (entity, date, number, trigger, ...)."""

    label: str
    start: int
    end: int
    text: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = {"label": self.label, "text": self.text, "start": self.start, "end": self.end}
        out.update(self.attrs)
        return out


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Segment:
    """A part of the article: the body, or an update introduced by a marker such as
    "تحديث 16:45 ت.غ" / "Updated 16:45 GMT".  `start`/`end` cover the part in the clean text;
    the marker line itself stays in the text and is `marker_start`..`marker_end`."""

    kind: str  # "body" or "update"
    start: int
    end: int
    time: str | None = None  # "16:45"
    timezone: str | None = None  # "GMT" / "UTC" / local label as written
    marker_start: int | None = None
    marker_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class RemovedLine:
    """A line the cleaner dropped, with the reason, kept for "show removed text"."""

    text: str
    reason: str
    raw_start: int  # offsets into Document.raw
    raw_end: int
    clean_offset: int  # where in the clean text the line would have been

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Document:
    id: str
    raw: str
    text: str = ""
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    publication_date: dt.date | None = None
    language: str | None = None
    segments: list[Segment] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Any] = field(default_factory=list)  # marsad.text.tokens.Token
    spans: list[Span] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # reader/extractor extras (site name, source path, ...)

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing character `offset` (binary search)."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid
            elif offset >= s.end:
                lo = mid + 1
            else:
                return s
        return None

    def add_span(self, label: str, start: int, end: int, **attrs: Any) -> Span:
        span = Span(label, start, end, self.text[start:end], attrs)
        self.spans.append(span)
        return span

    def doc_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "outlet": self.outlet,
            "publication_date": self.publication_date.isoformat() if self.publication_date else None,
            "language": self.language,
            "text": self.text,
            "segments": [s.to_dict() for s in self.segments],
            "removed": [r.to_dict() for r in self.removed],
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc_dict(),
            "sentences": [s.to_dict() for s in self.sentences],
            "entities": [s.to_dict() for s in self.spans],
            "quotes": self.quotes,
            "events": self.events,
        }
