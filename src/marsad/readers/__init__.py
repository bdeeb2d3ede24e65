"""Readers: turn files, directories, stdin, JSON/JSONL, HTML and WARC into `Record`s.

    >>> from marsad.readers import read_inputs
    >>> for item in read_inputs(["articles/", "feed.jsonl", "crawl.warc.gz"]):
    ...     print(item)   # a Record, or a ReadFailure naming the input and the reason
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO, TextIO

from .types import InputError, ReadFailure, Record


def read_inputs(paths: list[str], stdin: BinaryIO | TextIO | None = None) -> Iterator[Record | ReadFailure]:
    """Records from every path in order (files, directories recursively, "-" for `stdin`).

    Never raises for a bad input: each one yields a `ReadFailure` and reading goes on."""
    from .files import read_path, read_stdin

    for path in paths:
        if path == "-":
            yield from read_stdin(stdin)
        else:
            yield from read_path(path)


__all__ = ["InputError", "ReadFailure", "Record", "read_inputs"]
