"""The "clean" pipeline component: `doc.raw` -> `doc.text`, `doc.removed`, `doc.segments`."""

from __future__ import annotations

from ..document import Document
from ..pipeline import Component, component
from .cleaner import clean_text


@component("clean")
def make_clean() -> Component:
    def clean(doc: Document) -> Document:
        # HTML-derived docs go through the same cleaner: extractors leave chrome lines behind.
        result = clean_text(doc.raw or "")
        doc.text = result.text
        doc.removed = result.removed
        doc.segments = result.segments
        if not doc.title and result.title:
            doc.title = result.title
        return doc

    return clean
