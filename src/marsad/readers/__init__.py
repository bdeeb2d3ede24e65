"""Readers: turn files, directories, stdin, JSON/JSONL, HTML and WARC into `Record`s."""

from .types import InputError, ReadFailure, Record

__all__ = ["InputError", "ReadFailure", "Record"]
