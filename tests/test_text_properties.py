"""Property tests: offsets survive normalisation, and clitic-prefixed names are always found.

Variant forms equal the normal form of their surface span, with one documented exception:
ل + ال is written لل, so "للجيش" offers "الجيش" for the surface "لجيش" (the article's alef is
restored).  Such a variant starts right after a ل (diacritics aside) and its form is "ا" + the surface's form.
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.text.normalize import REMOVED_CHARS, normalize, normalize_with_map
from marsad.text.tokens import tokenize

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآٱىةؤئ"
MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
TATWEEL = "\u0640"
DIGITS = "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹0123456789"
PUNCT = "«»“”\"'.,،؛؟!:()-"
NAMES = ["قسد", "حلب", "إدلب", "درعا", "الرقة", "الجيش", "القوات", "دير"]
PREFIXES = ["", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "وك"]

names_with_clitics = st.builds(lambda p, n: p + n, st.sampled_from(PREFIXES), st.sampled_from(NAMES))
chunk = st.one_of(
    st.sampled_from(LETTERS),
    st.sampled_from(LETTERS),
    st.sampled_from(MARKS),
    st.just(TATWEEL),
    st.sampled_from(DIGITS),
    st.sampled_from(PUNCT),
    st.sampled_from([" ", " ", "\n"]),
    names_with_clitics,
    st.sampled_from(["Army", "U.S.", "ß"]),
)
texts = st.lists(chunk, max_size=60).map("".join)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _restored_article(text, form, start, end):
    before = normalize(text[:start])  # diacritics/tatweel may sit between the two lams
    return before.endswith("ل") and form == "ا" + normalize(text[start:end])


@SETTINGS
@given(texts)
def test_token_and_variant_offsets(text):
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text
        assert normalize(token.text) == token.norm != ""
        assert token.variants[0] == (token.norm, token.start, token.end)
        for form, start, end in token.variants:
            assert token.start <= start < end <= token.end
            assert normalize(text[start:end]) == form or _restored_article(text, form, start, end)
            if form != token.norm:
                assert len(form) >= 2


@SETTINGS
@given(texts)
def test_map_gives_back_word_aligned_substrings(text):
    norm, offsets = normalize_with_map(text)
    assert norm == normalize(text)
    assert len(offsets) == len(norm) + 1 and offsets[-1] == len(text)
    assert offsets == sorted(offsets)
    cuts = sorted({0, len(norm)} | {i for i, c in enumerate(norm) if c.isspace()} | {i + 1 for i, c in enumerate(norm) if c.isspace()})
    for a in cuts:
        for b in cuts:
            if a <= b:
                assert normalize(text[offsets[a] : offsets[b]]) == norm[a:b]
    for i in range(len(norm)):
        assert text[offsets[i]] not in REMOVED_CHARS


def _article_contracted(prefix, name):
    return prefix.endswith("ل") and name.startswith("ال")


@SETTINGS
@given(texts, texts, st.sampled_from(PREFIXES), st.sampled_from(NAMES), st.sampled_from(["", "", "َ", "ُ", "ِ"]))
def test_name_with_clitic_is_found(left, right, prefix, name, case_ending):
    word = prefix + (name[1:] if _article_contracted(prefix, name) else name) + case_ending
    text = f"{left} {word} {right}"
    start = len(left) + 1 + len(prefix)
    end = len(left) + 1 + len(word)
    target = normalize(name)
    hits = [(s, e) for t in tokenize(text) for form, s, e in t.variants if form == target]
    assert (start, end) in hits
