"""The sentence-end candidates regex finds what its plain form (look-behind first) finds."""

import random
import re

from marsad.text import sentences as S

PLAIN = re.compile(
    rf"[{S._TERMINALS}]+[{S._CLOSERS}]*(?=\s|$)"
    rf"|(?<=[{S._AR}][{S._AR}{S._MARKS}])[.!?\u061f\u061b]+(?=[{S._AR}])"
)


def test_candidates_match_the_plain_form():
    rnd = random.Random(5)
    alphabet = "ابت ثج\u064b\u0640 .!?\u061f\u2026\u06d4\u061b\u00bb\"\u201d\u2019')]\nab."
    texts = ["قال.وأضاف", "ت.غ", "القوات.وقال!؟", "a.b. c", ""]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40))) for _ in range(3000)]
    for text in texts:
        assert [m.span() for m in S._CANDIDATE_RE.finditer(text)] == [m.span() for m in PLAIN.finditer(text)]
