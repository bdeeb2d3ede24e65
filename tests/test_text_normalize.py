import pytest

from marsad.text.normalize import normalize, normalize_with_map


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أحمد", "احمد"),
        ("إدلب", "ادلب"),
        ("آمرلي", "امرلي"),
        ("ٱلله", "الله"),
        ("مستشفى", "مستشفي"),
        ("غزة", "غزه"),
        ("مؤتمر", "موتمر"),
        ("رئيس", "رييس"),
        ("مَدِينَةُ", "مدينه"),
        ("شدّة", "شده"),
        ("قـــصف", "قصف"),
        ("هٰذا", "هذا"),
        ("٢٠٢٤", "2024"),
        ("۱۴۰۳", "1403"),
        ("«قال»", '"قال"'),
        ("“it” „x‟ 5″", '"it" "x" 5"'),
        ("‘yes’", "'yes'"),
        ("نعم، لا؛ لماذا؟", "نعم, لا; لماذا?"),
        ("U.S. Army", "u.s. army"),
        ("Straße", "strasse"),
    ],
)
def test_foldings(raw, expected):
    assert normalize(raw) == expected


def test_idempotent_on_mixed_text():
    text = "قالَ المُتحدِّث «إنّ ٣ قـتلى سقطوا في غزّة» — The U.N. said; «Straße»"
    once = normalize(text)
    assert normalize(once) == once


def test_leaves_plain_text_alone():
    assert normalize("قال الجيش 12 km") == "قال الجيش 12 km"


def test_map_is_identity_without_removed_marks():
    norm, offsets = normalize_with_map("أعلن «الجيش»")
    assert norm == 'اعلن "الجيش"'
    assert offsets == list(range(len("أعلن «الجيش»") + 1))


def test_map_skips_diacritics_and_tatweel():
    text = "بدأ القَصْفُ الـعنيف"
    norm, offsets = normalize_with_map(text)
    assert norm == "بدا القصف العنيف"
    assert len(offsets) == len(norm) + 1
    assert offsets[-1] == len(text)
    a = norm.index("القصف")
    b = a + len("القصف")
    # The slice keeps the final damma: marks belong to the letter before them.
    assert text[offsets[a] : offsets[b]] == "القَصْفُ"
    c = norm.index("العنيف")
    assert text[offsets[c] : offsets[len(norm)]] == "الـعنيف"


def test_map_for_expanding_case_fold():
    norm, offsets = normalize_with_map("Große Stadt")
    assert norm == "grosse stadt"
    assert len(offsets) == len(norm) + 1
    assert offsets[norm.index("stadt")] == "Große Stadt".index("Stadt")


def test_map_of_empty_and_marks_only():
    assert normalize_with_map("") == ("", [0])
    assert normalize_with_map("ًـّ") == ("", [3])


@pytest.mark.parametrize("length", [3, 127, 128, 3000])
def test_translation_is_the_tables_at_every_length(length):
    from marsad.text.normalize import _TABLE, _translate

    # Every mapped or removed character, among letters left alone, beyond the BMP and between.
    pool = [chr(c) for c in _TABLE] + list("abc ءابتث\n") + ["\U0001F600", "\u2030", "\u0700"]
    text = "".join(pool[(7 * i) % len(pool)] for i in range(length))
    assert _translate(text) == text.translate(_TABLE)
