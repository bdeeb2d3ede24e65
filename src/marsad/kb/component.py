"""Pipeline component "entities": actor and place mentions resolved through the KB."""

from __future__ import annotations

from ..document import Document
from ..pipeline import component


@component("entities")
def make_entities():
    from .entities import annotate

    def entities(doc: Document) -> Document:
        return annotate(doc)

    return entities
