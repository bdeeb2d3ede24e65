"""`clean_text`: a news page as plain text -> clean article text, title, parts, removed lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import RemovedLine, Segment
from .boilerplate import ChromePatterns, classify_lines, load_patterns, split_lines
from .segments import build_segments, parse_update_marker

__all__ = ["CleanResult", "clean_text"]


@dataclass(slots=True)
class CleanResult:
    text: str
    title: str | None
    segments: list[Segment] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)


def clean_text(raw: str, patterns: ChromePatterns | None = None) -> CleanResult:
    """Drop page chrome line by line, keeping paragraph breaks as one blank line.

    Kept lines lose their edge whitespace; every dropped line is returned in `removed` with
    its raw offsets (`raw[r.raw_start:r.raw_end] == r.text`), its reason, and `clean_offset`,
    the position in the clean text where it stood (the start of the next kept line)."""
    if not isinstance(raw, str):
        raise TypeError(f"clean_text expects str, got {type(raw).__name__}")
    patterns = patterns or load_patterns()
    decisions = classify_lines(split_lines(raw), patterns, lambda s: parse_update_marker(s, patterns))

    parts: list[str] = []
    length = 0
    pending_break = False
    waiting: list[RemovedLine] = []
    removed: list[RemovedLine] = []
    markers: list[tuple[int, int, str, str | None]] = []
    title: str | None = None

    for d in decisions:
        line = d.line
        if line.blank:
            pending_break = bool(parts)
            continue
        if d.reason is not None:
            r = RemovedLine(line.text, d.reason, line.start, line.end, -1)
            waiting.append(r)
            removed.append(r)
            continue
        if parts:
            sep = "\n\n" if pending_break else "\n"
            parts.append(sep)
            length += len(sep)
        pending_break = False
        for r in waiting:
            r.clean_offset = length
        waiting.clear()
        if d.marker is not None:
            markers.append((length, length + len(line.text), *d.marker))
        elif title is None and not markers and length == 0 and patterns.is_headline(line):
            title = line.text
        parts.append(line.text)
        length += len(line.text)

    for r in waiting:
        r.clean_offset = length
    text = "".join(parts)
    return CleanResult(text=text, title=title, segments=build_segments(text, markers), removed=removed)
