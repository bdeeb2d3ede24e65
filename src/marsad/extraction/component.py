"""Pipeline components of event coding: numbers, dates, persons, sources, quotes, events."""

from __future__ import annotations

from ..document import Document, Span
from ..pipeline import component


def _places(doc: Document):
    from ..text.intervals import Covers

    return Covers((s.start, s.end) for s in doc.spans if s.label == "LOC")


@component("numbers")
def make_numbers():
    from .numbers import find_numbers

    def numbers(doc: Document) -> Document:
        places = _places(doc)
        for m in find_numbers(doc.text):
            if places.covers(m.start, m.end):
                continue  # "كريات أربع", "السبع": part of a place's name
            doc.spans.append(Span("NUMBER", m.start, m.end, m.text, {
                "value": m.value, "approx": m.approx, "qualifier": m.qualifier, "vague": m.vague}))
        return doc

    return numbers


@component("dates")
def make_dates():
    from .dates import dateline_mention, find_dates, is_history

    def dates(doc: Document) -> Document:
        pub = doc.publication_date
        mentions = find_dates(doc.text, pub)
        filed = dateline_mention(doc.text, mentions)
        if filed is not None and filed.date != pub:
            # A wire story's weekdays count from the day it was filed, not from when it was published.
            pub = filed.date
            mentions = find_dates(doc.text, pub)
        places = _places(doc)
        for m in mentions:
            if places.covers(m.start, m.end):
                continue  # "سوق الجمعة": a Tripoli district, not Friday
            doc.spans.append(Span("DATE", m.start, m.end, m.text, {
                "date": m.date.isoformat() if m.date else None,
                "date_end": m.date_end.isoformat() if m.date_end else None,
                "precision": m.precision, "kind": m.kind,
                "marker": "dateline" if filed is not None and m.start == filed.start else m.marker,
                "history": bool(pub and is_history(m, pub)),
            }))
        return doc

    return dates


@component("persons")
def make_persons():
    from ..kb.persons import find_persons

    def persons(doc: Document) -> Document:
        taken = [(s.start, s.end) for s in doc.spans if s.label == "PERSON"]
        for span in find_persons(doc):
            if not any(a < span.end and span.start < b for a, b in taken):
                doc.spans.append(span)
        return doc

    return persons


@component("sources")
def make_sources():
    from .sources import find_sources

    def sources(doc: Document) -> Document:
        doc.spans.extend(find_sources(doc))
        return doc

    return sources


@component("quotes")
def make_quotes():
    from .quotes import find_quotes

    def quotes(doc: Document) -> Document:
        doc.quotes = find_quotes(doc)
        return doc

    return quotes


@component("events")
def make_events():
    from .events import code_events

    def events(doc: Document) -> Document:
        doc.events = code_events(doc)
        return doc

    return events
