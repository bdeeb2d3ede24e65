"""Update markers ("تحديث 16:45 ت.غ", "Updated 16:45 GMT") and the parts they divide a story into.

A live story grows by appended updates; facts after a marker are newer than the body above
it, so downstream stages get one "body" segment and one "update" segment per marker, each
with the marker's time and normalised time zone.
"""

from __future__ import annotations

import re

from ..document import Segment
from .boilerplate import ChromePatterns, timezone_key, load_patterns

__all__ = ["parse_update_marker", "build_segments"]

_EASTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_AMPM = re.compile(r"^(\d{1,2})[:.](\d{2})\s*([ap])?\.?m?\.?$", re.IGNORECASE)


def _normalise_time(raw: str) -> str | None:
    m = _AMPM.match(raw.translate(_EASTERN).strip())
    if m is None:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    half = (m.group(3) or "").lower()
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def parse_update_marker(line: str, patterns: ChromePatterns | None = None) -> tuple[str, str | None] | None:
    """`(time "HH:MM", timezone)` when `line` is only an update marker, else None.

    The time zone is "GMT"/"UTC"/"local" when the label is a known spelling of one of them,
    the label as written otherwise, and None when the marker gives no zone."""
    patterns = patterns or load_patterns()
    text = line.strip()
    for rx in patterns.update_markers:
        m = rx.fullmatch(text)
        if m is None:
            continue
        time = _normalise_time(m.group("time"))
        if time is None:
            continue
        label = (m.groupdict().get("tz") or "").strip()
        if not label:
            return time, None
        return time, patterns.timezones.get(timezone_key(label), label)
    return None


def build_segments(
    text: str, markers: list[tuple[int, int, str, str | None]]
) -> list[Segment]:
    """Segments of the clean `text` from `(marker_start, marker_end, time, tz)` in text order.

    The body runs from the start to the last non-space character before the first marker;
    each update runs from its marker to the last non-space character before the next one."""
    segments: list[Segment] = []
    bounds = [m[0] for m in markers] + [len(text)]

    def trimmed_end(start: int, stop: int) -> int:
        return start + len(text[start:stop].rstrip())

    first = bounds[0]
    if not markers or text[:first].strip():
        segments.append(Segment("body", 0, trimmed_end(0, first)))
    for i, (m_start, m_end, time, tz) in enumerate(markers):
        end = trimmed_end(m_start, bounds[i + 1])
        segments.append(Segment("update", m_start, end, time, tz, m_start, m_end))
    return segments
