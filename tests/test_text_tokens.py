import pytest

from marsad.text.normalize import normalize
from marsad.text.tokens import TextDataError, load_clitics, parse_clitics, segment, tokenize


def variants_of(word):
    (token,) = tokenize(word)
    return token.variants


def forms(word):
    return [form for form, _, _ in variants_of(word)]


def test_contract_examples():
    assert variants_of("وبدير") == (("وبدير", 0, 5), ("بدير", 1, 5), ("دير", 2, 5))
    assert variants_of("لقسد") == (("لقسد", 0, 4), ("قسد", 1, 4))
    assert variants_of("والقوات") == (("والقوات", 0, 7), ("القوات", 1, 7), ("قوات", 3, 7))
    assert ("قوات", 0, 4) in variants_of("قواتنا")


def test_lam_alif_lam_restores_the_article():
    variants = variants_of("للجيش")
    assert variants[0] == ("للجيش", 0, 5)
    assert variants[1] == ("الجيش", 1, 5)
    assert ("جيش", 2, 5) in variants
    assert ("لبنان", 1, 6) in variants_of("للبنان")


def test_conjunction_with_lam_alif_lam():
    assert ("الجيش", 2, 6) in variants_of("وللجيش")


def test_proclitic_and_enclitic_together():
    variants = variants_of("وبقواتهم")
    assert variants[0] == ("وبقواتهم", 0, 8)
    assert ("قواتهم", 2, 8) in variants
    assert ("قوات", 2, 6) in variants


def test_future_marker_only_before_a_verb_prefix():
    assert ("يقوم", 1, 5) in variants_of("سيقوم")
    assert ("نرد", 2, 5) in variants_of("وسنرد")
    assert forms("سوريا") == ["سوريا"]


def test_never_strips_below_two_letters():
    assert forms("بل") == ["بل"]
    assert forms("به") == ["به"]
    for word in ["وبه", "لها", "فيه", "بالغ", "كلنا", "وللا"]:
        assert all(len(form) >= 2 for form in forms(word)), word


def test_ta_marbuta_and_alef_maqsura_are_not_pronouns():
    assert forms("مدينة") == ["مدينه"]
    assert forms("قتلى") == ["قتلي"]
    assert "مدين" in forms("مدينه")  # written with ه it may be مدين + ه


def test_diacritics_and_tatweel_keep_surface_offsets():
    text = "قُتِلَ جنديّان في قـــصف وبِدَيْرِ الزّور"
    tokens = tokenize(text)
    assert [t.norm for t in tokens] == ["قتل", "جنديان", "في", "قصف", "وبدير", "الزور"]
    for token in tokens:
        assert text[token.start : token.end] == token.text
        for form, start, end in token.variants:
            assert normalize(text[start:end]) == form
    bidayr = tokens[4]
    assert bidayr.text == "وبِدَيْرِ"
    assert ("دير", bidayr.start + 3, bidayr.end) in bidayr.variants  # و ب kasra


def test_numbers_punctuation_and_latin():
    text = "قُتل ٣ أشخاص (و2.5 كم)، قالت U.S. Army."
    tokens = tokenize(text)
    assert [(t.norm, t.kind) for t in tokens] == [
        ("قتل", "word"),
        ("3", "number"),
        ("اشخاص", "word"),
        ("(", "punct"),
        ("و", "word"),
        ("2.5", "number"),
        ("كم", "word"),
        (")", "punct"),
        (",", "punct"),
        ("قالت", "word"),
        ("u", "word"),
        (".", "punct"),
        ("s", "word"),
        (".", "punct"),
        ("army", "word"),
        (".", "punct"),
    ]
    assert [t.is_word for t in tokens][:4] == [True, False, True, False]
    assert tokens[1].variants == (("3", tokens[1].start, tokens[1].end),)


def test_stray_marks_are_not_tokens():
    assert [t.text for t in tokenize("ـ ً قال")] == ["قال"]
    assert tokenize("") == []


def test_segment_works_on_matching_form():
    assert segment("بالرقه") == (("بالرقه", 0, 6), ("الرقه", 1, 6), ("رقه", 3, 6))
    assert segment("army") == (("army", 0, 4),)


def test_every_clitic_entry_is_valid():
    clitics = load_clitics()
    assert clitics.min_stem >= 2
    assert clitics.article == "ال"
    for entry in (*clitics.conjunctions, *clitics.prepositions, *clitics.future_before, *clitics.enclitics):
        assert entry == normalize(entry)
        assert all("\u0621" <= c <= "\u064a" for c in entry)
    assert set(clitics.enclitics) >= {"ه", "ها", "هم", "هما", "هن", "ك", "كم", "كما", "كن", "ي", "نا"}


def _good():
    return {
        "version": 1,
        "min_stem": 2,
        "conjunctions": ["و"],
        "prepositions": ["ب"],
        "article": "ال",
        "future": "س",
        "future_before": ["ي"],
        "enclitics": ["ه"],
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"min_stem": 1}, "min_stem"),
        ({"conjunctions": ["وف"]}, "single letter"),
        ({"enclitics": ["ة"]}, "matching form"),
        ({"prepositions": ["b"]}, "Arabic letters"),
        ({"enclitics": []}, "non-empty list"),
        ({"extra": 1}, "unknown keys"),
        ({"version": 2}, "version"),
    ],
)
def test_bad_clitics_file_is_rejected(change, message):
    data = {**_good(), **change}
    with pytest.raises(TextDataError, match=message) as info:
        parse_clitics(data, "clitics.yaml")
    assert "clitics.yaml" in str(info.value)
    parse_clitics(_good())  # the baseline is valid, so the change above caused the error
