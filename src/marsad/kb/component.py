"""Pipeline components "entities" (actor and place mentions resolved through the KB) and
"nationalities" (adjectives of nationality as references to their country)."""

from __future__ import annotations

from ..document import Document
from ..pipeline import component


@component("entities")
def make_entities():
    from .entities import annotate

    def entities(doc: Document) -> Document:
        return annotate(doc)

    return entities


@component("nationalities")
def make_nationalities():
    from .nisbas import find_nationalities

    def nationalities(doc: Document) -> Document:
        doc.spans.extend(find_nationalities(doc))
        return doc

    return nationalities
