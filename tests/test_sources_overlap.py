"""`sources._first_overlapping`: per token, the first item overlapping it, as a scan finds it."""

import random

from marsad.extraction.sources import _first_overlapping
from marsad.text.tokens import tokenize


def test_first_overlapping_agrees_with_a_scan():
    rnd = random.Random(9)
    text = " ".join(rnd.choice(["قال", "المتحدث", "باسم", "الجيش", "،", "12"]) for _ in range(60))
    tokens = tokenize(text)
    for _ in range(300):
        items = []
        for n in range(rnd.randint(0, 10)):
            a = rnd.randrange(len(text))
            items.append((a, min(len(text), a + rnd.choice([0, 1, 4, 15, 50])), n))
        expected = [next((x for a, b, x in items if a < t.end and t.start < b), None) for t in tokens]
        assert _first_overlapping([t.start for t in tokens], [t.end for t in tokens], items) == expected


def test_first_overlapping_of_nothing():
    tokens = tokenize("قال مصدر")
    assert _first_overlapping([t.start for t in tokens], [t.end for t in tokens], []) == [None, None]
