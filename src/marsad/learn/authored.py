"""Sentences written by the project to add to the GSR training data (`data/authored_sentences.yaml`).

The GSR has few positives for some types (57 PROTEST sentences in its public half).  The
authored file adds labelled sentences written from scratch for the project: positives and
hard negatives (protest words in other senses).  They are training rows only: `marsad.learn.train`
adds them to the training side of every fold and never scores them, so cross-validation
figures stay figures on GSR sentences.

Each sentence lists in `labels` the types it reports; for every type in the file's
`judged_types` a sentence not listing it is a negative of that type.  Types not judged in the
file get no authored rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..datafiles import DataFileError, read_text, read_yaml

__all__ = ["AuthoredSentences", "AuthoredDataError", "load_authored", "AUTHORED_FILE"]

AUTHORED_FILE = "authored_sentences.yaml"
_PACKAGE = "marsad.learn.data"


class AuthoredDataError(DataFileError):
    """`learn/data/authored_sentences.yaml` is malformed (the message names the file and the reason)."""


@dataclass(frozen=True)
class AuthoredSentences:
    version: int
    judged_types: tuple[str, ...]
    # (text, types it reports)
    sentences: tuple[tuple[str, frozenset[str]], ...]
    # sha1 of the file (first 12 hex digits): recorded in an artifact trained with it.
    fingerprint: str

    def rows(self, etype: str) -> list[tuple[str, bool]]:
        """[(text, is_positive)] for `etype`; empty when the file does not judge that type."""
        if etype not in self.judged_types:
            return []
        return [(text, etype in labels) for text, labels in self.sentences]


def _fail(reason: str) -> AuthoredDataError:
    return AuthoredDataError(f"{AUTHORED_FILE}: {reason}")


def _judged_types(data: dict, known_types: Sequence[str]) -> tuple[str, ...]:
    judged = data.get("judged_types")
    if not isinstance(judged, list) or not judged or not all(isinstance(t, str) for t in judged):
        raise _fail("expected 'judged_types: [TYPE, ...]'")
    unknown = [t for t in judged if t not in known_types]
    if unknown:
        raise _fail(f"judged_types: unknown type(s) {', '.join(unknown)} (known: {', '.join(known_types)})")
    return tuple(judged)


def _sentence(i: int, item: object, judged: tuple[str, ...]) -> tuple[str, frozenset[str]]:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
        raise _fail(f"sentence {i + 1}: expected a mapping with a non-empty 'text'")
    labels = item.get("labels")
    if not isinstance(labels, list) or not all(isinstance(t, str) for t in labels):
        raise _fail(f"sentence {i + 1}: expected 'labels: [TYPE, ...]' (an empty list for a negative)")
    stray = [t for t in labels if t not in judged]
    if stray:
        raise _fail(f"sentence {i + 1}: label(s) {', '.join(stray)} not in judged_types")
    return item["text"].strip(), frozenset(labels)


def parse_authored(data: object, known_types: Sequence[str], fingerprint: str = "") -> AuthoredSentences:
    """Validate the parsed YAML of the authored file."""
    if not isinstance(data, dict) or data.get("version") != 1:
        raise _fail("expected a mapping with 'version: 1'")
    if not isinstance(data.get("author"), str) or not data["author"].strip():
        raise _fail("expected 'author': who wrote the sentences")
    judged = _judged_types(data, known_types)
    items = data.get("sentences")
    if not isinstance(items, list) or not items:
        raise _fail("expected a non-empty list 'sentences'")
    sentences = tuple(_sentence(i, item, judged) for i, item in enumerate(items))
    seen: set[str] = set()
    for i, (text, _labels) in enumerate(sentences):
        if text in seen:
            raise _fail(f"sentence {i + 1}: duplicate text")
        seen.add(text)
    for etype in judged:
        n_pos = sum(etype in labels for _t, labels in sentences)
        if n_pos == 0 or n_pos == len(sentences):
            raise _fail(f"{etype}: needs both positive and negative sentences, has {n_pos} of {len(sentences)}")
    return AuthoredSentences(1, judged, sentences, fingerprint)


@lru_cache(maxsize=1)
def load_authored(known_types: tuple[str, ...] = ("ASSAULT", "PROTEST")) -> AuthoredSentences:
    """The packaged authored sentences."""
    raw = read_text(_PACKAGE, AUTHORED_FILE, AuthoredDataError)
    fingerprint = hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]
    return parse_authored(read_yaml(_PACKAGE, AUTHORED_FILE, AuthoredDataError), known_types, fingerprint)
