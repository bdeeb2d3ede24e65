"""Stretches of a text ([start, end) with what they hold), asked which overlap a stretch and
which ends last before an offset, by bisection: a long document has hundreds of numbers,
dates and names, and no question may pass over all of them."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Intervals(Generic[T]):
    def __init__(self, stretches: Iterable[tuple[int, int, T]]):
        self._by_start = sorted(stretches, key=lambda st: st[0])
        self._starts = [s for s, _e, _x in self._by_start]
        # Only a stretch starting within the longest one's length before `a` can reach past `a`.
        self._reach = max((e - s for s, e, _x in self._by_start), default=0)
        self._ends = sorted(e for _s, e, _x in self._by_start)

    def overlapping(self, a: int, b: int) -> list[T]:
        """What the stretches overlapping [a, b) hold, by start."""
        lo, hi = bisect_left(self._starts, a - self._reach), bisect_left(self._starts, b)
        return [x for _s, e, x in self._by_start[lo:hi] if e > a]

    def overlaps(self, a: int, b: int) -> bool:
        lo, hi = bisect_left(self._starts, a - self._reach), bisect_left(self._starts, b)
        return any(e > a for _s, e, _x in self._by_start[lo:hi])

    def last_end_by(self, a: int) -> int | None:
        """The last end at or before `a`, if any."""
        k = bisect_right(self._ends, a)
        return self._ends[k - 1] if k else None


class Covers:
    """Whether [a, b) lies inside one of some stretches, by one bisection: of the stretches
    starting at or before `a`, one holds [a, b) exactly when the furthest reaching does."""

    def __init__(self, stretches: Iterable[tuple[int, int]]):
        by_start = sorted(stretches)
        self._starts = [s for s, _e in by_start]
        self._reach = list(accumulate([e for _s, e in by_start], max))

    def covers(self, a: int, b: int) -> bool:
        k = bisect_right(self._starts, a)
        return k > 0 and self._reach[k - 1] >= b
