"""Pipeline components of the text layer: "language", "sentences", "tokens"."""

from __future__ import annotations

from ..document import Document, Sentence
from ..pipeline import Component, component
from .langid import detect_language
from .sentences import split_sentences
from .tokens import tokenize


@component("language")
def make_language() -> Component:
    def language(doc: Document) -> Document:
        # A language given by the reader (feed metadata, --lang) wins over detection.
        if doc.language is None:
            doc.language = detect_language(doc.text)
        return doc

    return language


@component("sentences")
def make_sentences() -> Component:
    def sentences(doc: Document) -> Document:
        text = doc.text
        doc.sentences = [Sentence(start, end, text[start:end]) for start, end in split_sentences(text)]
        return doc

    return sentences


@component("tokens")
def make_tokens() -> Component:
    def tokens(doc: Document) -> Document:
        doc.tokens = tokenize(doc.text)
        return doc

    return tokens
