"""WARC files cut into slices of records that workers read independently.

An index pass streams the file once (headers only kept, blocks drained in 64 KB chunks, so
memory stays flat whatever the record size) and notes the byte offset of every Nth record; a
worker then seeks to its slice's offset and reads N records.  Seeking works because WARC
files are either uncompressed or gzipped record by record (the WARC standard's advice, and
what Common Crawl publishes); a file gzipped as one stream cannot be entered in the middle,
so it becomes a single slice.

The index pass applies the same damage checks as `marsad.readers.warc.read_warc` (short
block, incomplete header, trailing bytes) and reports the same failure, so a damaged file
gives the same records and the same failure as in a single process.  Records are numbered
as there, counting every record (requests and metadata too), so sources match exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..readers.types import ReadFailure, Record
from ..readers.warc import _to_record, checked_records, drain

_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class WarcSlice:
    path: str
    display: str
    offset: int
    first_number: int  # number of the slice's first record in the file (from 1)
    count: int


@dataclass(slots=True)
class WarcIndex:
    slices: list[WarcSlice] = field(default_factory=list)
    failure: ReadFailure | None = None  # what read_warc would report after the records
    records: int = 0


def index_warc(path: str, display: str, records_per_slice: int = 200) -> WarcIndex:
    """Slices of at most `records_per_slice` complete records covering the file."""
    index = WarcIndex()
    starts: list[tuple[int, int]] = []  # (offset, number) of every slice's first record
    complete = 0
    for item in checked_records(path, display, lambda _record, number, offset: (offset(), number)):
        if isinstance(item, ReadFailure):
            index.failure = item
            continue
        if complete % records_per_slice == 0:
            starts.append(item)
        complete += 1
    index.records = complete
    if complete and not _seekable(path, [o for o, _ in starts]):
        starts = starts[:1]
        records_per_slice = complete
    for i, (offset, number) in enumerate(starts):
        count = min(records_per_slice, complete - (number - 1))
        index.slices.append(WarcSlice(path, display, offset, number, count))
    return index


def _seekable(path: str, offsets: list[int]) -> bool:
    """Whether every offset starts a record readable on its own (a gzip member or "WARC/")."""
    with open(path, "rb") as fh:
        first = fh.read(2)
        gz = first == _GZIP_MAGIC
        for offset in offsets:
            fh.seek(offset)
            head = fh.read(5)
            if (gz and head[:2] != _GZIP_MAGIC) or (not gz and head != b"WARC/"):
                return False
    return True


def read_slice(piece: WarcSlice) -> Iterator[Record | ReadFailure]:
    """The articles of one slice; a record that cannot be decoded is a failure, never fatal."""
    from warcio.archiveiterator import ArchiveIterator

    with open(piece.path, "rb") as stream:
        stream.seek(piece.offset)
        number = piece.first_number
        end = piece.first_number + piece.count
        for record in ArchiveIterator(stream):
            try:
                item = _to_record(record, piece.display, number)
            except Exception as exc:
                item = ReadFailure(f"{piece.display}:record {number}", f"unreadable record: "
                                                                       f"{type(exc).__name__}: {exc}")
            drain(record.raw_stream)
            number += 1
            if item is not None:
                yield item
            if number >= end:
                break
