"""Results kept for the last few texts.

The stages of one document ask in turn for the same derived data of its text (normal form and
offset map, numbers, sentence features); keeping the last few results saves recomputing them
without holding a corpus in memory."""

from __future__ import annotations

from typing import Callable, Generic, TypeVar

T = TypeVar("T")


class RecentTexts(Generic[T]):
    """text -> compute(text) for the last `size` texts of at least `min_length` characters
    (shorter ones are cheap and many: computed every time).  Callers must not change what
    they are given, or must copy it."""

    def __init__(self, size: int = 4, min_length: int = 0) -> None:
        self.size, self.min_length = size, min_length
        self._kept: dict[str, T] = {}

    def get(self, text: str, compute: Callable[[str], T]) -> T:
        if len(text) < self.min_length:
            return compute(text)
        hit = self._kept.get(text)
        if hit is None:
            hit = compute(text)
            if len(self._kept) >= self.size:
                self._kept.pop(next(iter(self._kept)))  # the oldest
            self._kept[text] = hit
        return hit

    def peek(self, text: str) -> T | None:
        """What is kept for `text`, without computing it when nothing is."""
        return self._kept.get(text)

    def clear(self) -> None:
        self._kept.clear()
