"""The column-wise tokenizer: the BMP fast path agrees with the general regex, offsets and
variants come out right, and tokens read as records."""

import random

from marsad.text.tokens import _SPLIT_RE, Token, _bmp_split_re, tokenize

# Invented strings: Arabic with clitics, diacritics, tatweel, digits of both scripts, Latin,
# punctuation and characters from several blocks.
SAMPLES = [
    "وبدير الزور قُتِلَ ٣ أشخاصٍ، والجيش للجيش",
    "ـــقال F-16 1,234.5 ٤٥٫٦ x\u0301y ² ¼ _a_ ﷺ",
    "\u064b\u0640 \u0640abc\n\tdef",
    "",
]


def _random_texts(n: int) -> list[str]:
    rnd = random.Random(7)
    alphabet = "ابتثجحخدسشعغفقكلمنهويءأإآةى\u064b\u064e\u0640 \n.,،-'0123456789٠١٢abcXYZ_²¼"
    return ["".join(chr(rnd.randrange(0x10000)) if rnd.random() < 0.3 else rnd.choice(alphabet)
                    for _ in range(rnd.randint(0, 30))) for _ in range(n)]


def test_bmp_split_agrees_with_the_general_split():
    for text in SAMPLES + _random_texts(500):
        assert _bmp_split_re().split(text) == _SPLIT_RE.split(text), repr(text)


def test_offsets_and_variants_point_into_the_text():
    for text in SAMPLES + _random_texts(200):
        for tok in tokenize(text):
            assert text[tok.start:tok.end] == tok.text
            assert tok.variants[0][1:] == (tok.start, tok.end)
            assert all(tok.start <= s < e <= tok.end for _f, s, e in tok.variants)


def test_clitic_variants_are_moved_to_the_token():
    toks = tokenize("قال وبدير الزور")
    assert [t.text for t in toks] == ["قال", "وبدير", "الزور"]
    assert toks[1].variants == (("وبدير", 4, 9), ("بدير", 5, 9), ("دير", 6, 9))


def test_text_beyond_the_bmp_uses_the_general_split():
    toks = tokenize("قتل 𝐀 شخص")
    assert [(t.text, t.kind) for t in toks] == [("قتل", "word"), ("𝐀", "word"), ("شخص", "word")]
    assert toks[2].start == 6


def test_token_is_a_record():
    (tok,) = tokenize("قتلى")
    assert isinstance(tok, Token)
    assert (tok.start, tok.end, tok.kind, tok.is_word) == (0, 4, "word", True)
    assert tok.to_dict()["variants"] == [["قتلي", 0, 4]]


def test_per_surface_memoises_by_surface_and_follows_new_lists():
    from marsad.text.tokens import per_surface

    calls = []

    def compute(tok):
        calls.append(tok.text)
        return tok.norm

    memo: dict = {}
    long = tokenize(" ".join(["قال", "أحمد"] * 40))
    assert per_surface(long, memo, compute) == ["قال", "احمد"] * 40
    computed = len(calls)
    assert per_surface(long, memo, compute) == ["قال", "احمد"] * 40
    assert len(calls) == computed  # every surface is known now
    other = tokenize(" ".join(["إن", "قال"] * 40))  # a new list: its own surfaces
    assert per_surface(other, memo, compute) == ["ان", "قال"] * 40
    assert per_surface(long[:3], memo, compute) == ["قال", "احمد", "قال"]


def test_per_surface_computes_each_new_surface_once_among_known_ones():
    from marsad.text.tokens import per_surface

    calls = []

    def compute(tok):
        calls.append(tok.text)
        return (tok.norm, tok.kind)

    memo: dict = {}
    tokens = tokenize("ذهب الولد إلى السوق ، وعاد الولد من السوق 12 مرة")
    plain = [(tok.norm, tok.kind) for tok in tokens]
    memo["الولد"] = ("الولد", "word")  # known before: never computed
    assert per_surface(tokens, memo, compute) == plain
    assert sorted(calls) == sorted(set(t.text for t in tokens) - {"الولد"})  # each new one once
    calls.clear()
    assert per_surface(tokens, memo, compute) == plain and not calls


def test_letter_boundaries_agree_with_the_unicode_classes():
    import re

    from marsad.text.tokens import letter_boundaries

    before, after = letter_boundaries()
    fast = re.compile(f"{before}ab{after}")
    plain = re.compile(r"(?<![^\W\d_])ab(?![^\W\d_])")
    rnd = random.Random(11)
    pool = ["ab", "ab", " ", "x", "ق", "1", "_", "\u064b", "\u0640", "𐌰", "😀", "𝟏", "-"]
    texts = ["".join(rnd.choice(pool) for _ in range(rnd.randint(0, 8))) for _ in range(3000)]
    texts += ["".join(chr(rnd.randrange(0x10000)) if rnd.random() < 0.3 else "ab" for _ in range(6)) for _ in range(2000)]
    for text in texts:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], repr(text)


def test_token_offsets_are_the_columns_and_follow_new_lists():
    from marsad.text.tokens import token_offsets

    text = " ".join(["قصفت الطائرات مواقع في الريف، وقال مسؤول إن الهجوم أوقع 4 قتلى."] * 8)
    toks = tokenize(text)
    starts, ends = token_offsets(toks)
    assert starts == [t.start for t in toks] and ends == [t.end for t in toks]
    assert token_offsets(toks)[0] is starts  # a long list's columns are made once
    shorter = toks[:-1]  # another list: its own columns, not the kept ones
    assert token_offsets(shorter) == (starts[:-1], ends[:-1])
    assert token_offsets(tokenize("قال مصدر")) == ([0, 4], [3, 8])
