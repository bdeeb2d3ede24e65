"""What readers yield: a `Record` per article, or a `ReadFailure` naming the input and reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Record:
    """One article as read from an input, before cleaning.

    Exactly one of `text` / `html` is set.  `id` is the record's own id (JSON/JSONL/WARC) or,
    for a file, the path as given on the command line.
    """

    id: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    date: str | None = None  # ISO date as given by the input, if any
    title: str | None = None
    outlet: str | None = None
    source: str = ""  # the file (and line / record number) the record came from
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ReadFailure:
    """An input that could not be read; `reason` is one human-readable line."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class InputError(Exception):
    """Raised for a bad input; the message names the input and the reason."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
