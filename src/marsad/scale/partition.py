"""Inputs cut into tasks a worker can read on its own, in the order a single process reads them.

The planner walks the command line's paths exactly as `marsad.readers.read_inputs` does
(directories recursively and sorted, the same skips and failures) and emits, in that order:

* `FilesTask`: up to N small files (text, HTML, JSON, unknown) read with `read_file`;
* `JsonlTask`: a run of N lines of a JSON Lines file, found by a byte scan on the client;
* `WarcSlice`: N records of a WARC file, found by an index pass (`warcstream.index_warc`),
  which the executor runs on a worker;
* a `ReadFailure` for an input that cannot be read at all (missing path, broken link).

Reading every task in order yields the same records, with the same ids and sources, as
`read_inputs` over the same paths; the executor relies on that to write the same database.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from ..readers.files import _walk, file_kind, read_file
from ..readers.records import jsonl_record
from ..readers.types import ReadFailure, Record
from .warcstream import WarcIndex, WarcSlice, index_warc, read_slice

FILES_PER_TASK = 20
LINES_PER_TASK = 50
RECORDS_PER_TASK = 100  # WARC records: most are dropped cheaply by the language filter


@dataclass(frozen=True, slots=True)
class FilesTask:
    files: tuple[tuple[str, bool], ...]  # (path, found while walking a directory)

    def describe(self) -> str:
        first, last = self.files[0][0], self.files[-1][0]
        return first if first == last else f"{first} .. {last} ({len(self.files)} files)"


@dataclass(frozen=True, slots=True)
class JsonlTask:
    path: str
    display: str
    offset: int
    first_line: int
    count: int

    def describe(self) -> str:
        return f"{self.display}:{self.first_line}-{self.first_line + self.count - 1}"


def _describe_slice(piece: WarcSlice) -> str:
    return f"{piece.display}:records {piece.first_number}-{piece.first_number + piece.count - 1}"


Task = FilesTask | JsonlTask | WarcSlice
Indexer = Callable[[str, str, int], WarcIndex]


def describe(task: Task) -> str:
    return _describe_slice(task) if isinstance(task, WarcSlice) else task.describe()


def plan(paths: Iterable[str], *, files_per_task: int = FILES_PER_TASK, lines_per_task: int = LINES_PER_TASK,
         records_per_task: int = RECORDS_PER_TASK, indexer: Indexer = index_warc) -> Iterator[Task | ReadFailure]:
    """Tasks (and unreadable inputs) for `paths`, lazily and in reading order."""
    group: list[tuple[str, bool]] = []

    def flush() -> Iterator[Task]:
        if group:
            yield FilesTask(tuple(group))
            group.clear()

    def unit(path: str, in_directory: bool) -> Iterator[Task | ReadFailure]:
        kind = file_kind(path)
        if kind == "jsonl":
            yield from flush()
            yield from _jsonl_tasks(path, in_directory, lines_per_task)
        elif kind == "warc":
            yield from flush()
            index = indexer(path, path, records_per_task)
            yield from index.slices
            if index.failure is not None:
                yield index.failure
        else:
            group.append((path, in_directory))
            if len(group) >= files_per_task:
                yield from flush()

    for path in paths:
        path = os.fspath(path)
        if path == "-":
            raise ValueError("-: standard input cannot be split into tasks; save it to a file first")
        if os.path.isdir(path):
            for item in _walk(path):
                if isinstance(item, ReadFailure):
                    yield from flush()
                    yield item
                else:
                    yield from unit(item, True)
        elif os.path.exists(path):
            yield from unit(path, False)
        else:
            yield from flush()
            yield ReadFailure(path, "broken symbolic link" if os.path.lexists(path) else "no such file or directory")
    yield from flush()


def _jsonl_tasks(path: str, in_directory: bool, per_task: int) -> Iterator[Task]:
    """Line runs of a JSONL file; a small, blank or unreadable file stays one whole-file task
    so its failure ("empty file", "no records", permission) is reported exactly as usual."""
    starts: list[tuple[int, int]] = []
    number = offset = 0
    blank = True
    try:
        with open(path, "rb") as fh:
            for line in fh:
                if number % per_task == 0:
                    starts.append((offset, number + 1))
                number += 1
                offset += len(line)
                blank = blank and not line.strip()
    except OSError:
        starts = []
    if blank or number <= per_task:
        yield FilesTask(((path, in_directory),))
        return
    for offset, first in starts:
        yield JsonlTask(path, path, offset, first, min(per_task, number - first + 1))


def read_task(task: Task) -> Iterator[Record | ReadFailure]:
    """The records of one task, as `read_inputs` yields them for that stretch of input."""
    if isinstance(task, FilesTask):
        for path, in_directory in task.files:
            yield from read_file(path, in_directory=in_directory)
    elif isinstance(task, JsonlTask):
        yield from _read_jsonl_run(task)
    else:
        yield from read_slice(task)


def _read_jsonl_run(task: JsonlTask) -> Iterator[Record | ReadFailure]:
    """`read_jsonl_lines` for one run of lines, numbered from the run's first line."""
    try:
        with open(task.path, "rb") as fh:
            fh.seek(task.offset)
            for number, line in enumerate(islice(fh, task.count), task.first_line):
                item = jsonl_record(line, f"{task.display}:{number}", first_line=number == 1)
                if item is not None:
                    yield item
    except OSError as exc:
        yield ReadFailure(task.display, exc.strerror.lower() if exc.strerror else str(exc))
