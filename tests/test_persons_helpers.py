"""Helpers of `persons`: `_span_at` gives every token the span the former token-by-token walk
gave it; `_colons` finds the colon tokens."""

import random

from marsad.document import Span
from marsad.kb.persons import _colons, _span_at
from marsad.text.tokens import tokenize


def _walk(tokens, entities):
    """The former walk: one pointer over the sorted spans, four spans looked at per token."""
    span_at = [None] * len(tokens)
    spans = sorted(entities, key=lambda s: (s.start, -s.end))
    k = 0
    for i, t in enumerate(tokens):
        while k < len(spans) and spans[k].end <= t.start:
            k += 1
        if k == len(spans):
            break
        for s in spans[k:k + 4]:
            if s.start < t.end and t.start < s.end:
                span_at[i] = s
                break
    return span_at


def test_span_at_agrees_with_the_walk_on_random_spans():
    rnd = random.Random(3)
    text = " ".join(rnd.choice(["قال", "مصدر", "في", "الجيش", "،", "وزير", "12"]) for _ in range(80))
    tokens = tokenize(text)
    for _ in range(300):
        spans = []
        for _ in range(rnd.randint(0, 12)):
            a = rnd.randrange(len(text))
            b = min(len(text), a + rnd.choice([0, 1, 3, 8, 20, 60]))
            spans.append(Span("ORG", a, b))
        assert [id(s) if s else None for s in _span_at(tokens, spans)] == \
            [id(s) if s else None for s in _walk(tokens, spans)]


def test_span_at_of_no_spans():
    assert _span_at(tokenize("قال مصدر"), []) == [None, None]


def test_colons():
    assert _colons(tokenize(": قال وهم: علي : x :")) == [0, 3, 5, 7]
    assert _colons(tokenize("قال مصدر")) == []
    assert _colons([]) == []
