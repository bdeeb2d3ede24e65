"""The sentence-end candidates regex finds what its plain form (look-behind first) finds; the
word before a dot is read the same with its classes spelt out as ranges."""

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


def test_word_before_a_dot_is_read_the_same_with_the_classes_spelt_out():
    rnd = random.Random(7)
    alphabet = "ابت ثج\u064b\u0640 .ab.A_1\u0663\u00e9"
    windows = ["د", "U.S", "ت.غ", "قال الوزير", "x_y", "12ab", "ـقال", "\u064bقال", ""]
    windows += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 24))) for _ in range(5000)]
    bmp = S._bmp_word_before_re()
    for window in windows:
        plain, spelt = S._WORD_BEFORE_RE.search(window), bmp.search(window)
        assert (plain and plain.span()) == (spelt and spelt.span()), window


def test_a_line_beyond_the_bmp_keeps_the_plain_word_pattern():
    # An emoji before an initial: the spelt-out classes hold no character beyond the BMP.
    assert S.split_sentences("\U0001F600J. Smith came. He left.") == [(0, 15), (16, 24)]
