"""Marsad (مرصد): Arabic and English news reports to structured conflict-event records."""

from .api import extract, extract_records, record_to_document
from .document import Document, RemovedLine, Segment, Sentence, Span
from .pipeline import Pipeline, component, default_pipeline, registered_components

__version__ = "0.1.0"


def __getattr__(name: str):
    # `marsad.open(db)` without importing SQLAlchemy for users who only extract.
    if name == "open":
        from .store import open as open_store

        return open_store
    raise AttributeError(f"module 'marsad' has no attribute {name!r}")

__all__ = [
    "Document",
    "Pipeline",
    "RemovedLine",
    "Segment",
    "Sentence",
    "Span",
    "component",
    "default_pipeline",
    "extract",
    "open",
    "extract_records",
    "record_to_document",
    "registered_components",
]
