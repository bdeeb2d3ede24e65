"""Library entry points; the CLI is a thin layer over these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from .document import Document
from .pipeline import Pipeline, default_pipeline
from .readers.types import ReadFailure, Record

_HTML_HINTS = ("<html", "<body", "<!doctype", "<p>", "<p ", "<div", "<article", "<head")


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith("<") and any(h in head for h in _HTML_HINTS)


def parse_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError as exc:
        raise ValueError(f"not an ISO date (YYYY-MM-DD): {value!r}") from exc


def record_to_document(record: Record) -> Document:
    """Build an (unprocessed) Document from a record; HTML is reduced to its main text here."""
    meta = dict(record.meta)
    meta["source"] = record.source
    text = record.text
    title, url, date, outlet = record.title, record.url, record.date, record.outlet
    if record.html is not None:
        from .readers.html import html_to_text

        page = html_to_text(record.html, url=url)
        text = page.text
        title = title or page.title
        url = url or page.url
        date = date or page.date
        outlet = outlet or page.sitename
        meta["html_metadata"] = page.meta
    return Document(
        id=record.id,
        raw=text or "",
        url=url,
        title=title,
        outlet=outlet,
        publication_date=parse_date(date),
        meta=meta,
    )


def extract(
    text_or_html: str,
    *,
    id: str = "doc",
    url: str | None = None,
    date: str | dt.date | None = None,
    title: str | None = None,
    outlet: str | None = None,
    pipeline: Pipeline | None = None,
) -> Document:
    """Run the full pipeline on one article given as plain text or HTML."""
    is_html = looks_like_html(text_or_html)
    record = Record(
        id=id,
        text=None if is_html else text_or_html,
        html=text_or_html if is_html else None,
        url=url,
        date=date.isoformat() if isinstance(date, dt.date) else date,
        title=title,
        outlet=outlet,
        source=id,
    )
    return (pipeline or default_pipeline())(record_to_document(record))


def extract_records(
    records: Iterable[Record | ReadFailure],
    *,
    pipeline: Pipeline | None = None,
    date: str | dt.date | None = None,
    url: str | None = None,
    outlet: str | None = None,
) -> Iterator[Document | ReadFailure]:
    """Process records; overrides (`date`, `url`, `outlet`) fill what a record lacks.

    A record that fails anywhere becomes a `ReadFailure`, so a batch goes on past it."""
    nlp = pipeline or default_pipeline()
    for record in records:
        if isinstance(record, ReadFailure):
            yield record
            continue
        record.date = record.date or (date.isoformat() if isinstance(date, dt.date) else date)
        record.url = record.url or url
        record.outlet = record.outlet or outlet
        try:
            yield nlp(record_to_document(record))
        except Exception as exc:  # one bad article must not stop a batch
            yield ReadFailure(record.source or record.id, f"processing failed: {type(exc).__name__}: {exc}")
