import pytest

from marsad.text.normalize import normalize
from marsad.text.sentences import load_abbreviations, parse_abbreviations, split_sentences
from marsad.text.tokens import TextDataError


def sentences(text):
    return [text[a:b] for a, b in split_sentences(text)]


def test_arabic_and_latin_terminals():
    text = "سقطت قذيفة على الحي. هل أصيب أحد؟ نعم! أصيب طفلان؛ ونقلا إلى المستشفى… ثم هدأ القصف"
    assert sentences(text) == [
        "سقطت قذيفة على الحي.",
        "هل أصيب أحد؟",
        "نعم!",
        "أصيب طفلان؛",
        "ونقلا إلى المستشفى…",
        "ثم هدأ القصف",
    ]


def test_every_line_is_a_sentence_and_spans_are_trimmed():
    text = "  عنوان الخبر بلا نقطة  \n\nتحديث 16:45 ت.غ\r\n   وقال المصدر إن الهدوء عاد. "
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["عنوان الخبر بلا نقطة", "تحديث 16:45 ت.غ", "وقال المصدر إن الهدوء عاد."]
    for a, b in spans:
        assert text[a:b] == text[a:b].strip()


def test_numbers_and_times_do_not_split():
    text = "بلغت المسافة 3.5 كم وانفجرت العبوة عند 16:45 بتوقيت دمشق. وقال الدفاع المدني"
    assert sentences(text) == ["بلغت المسافة 3.5 كم وانفجرت العبوة عند 16:45 بتوقيت دمشق.", "وقال الدفاع المدني"]


def test_arabic_abbreviations_and_titles():
    text = "صرح د. سامر الخطيب بأن القصف بدأ 09:10 ت.غ. ولم يتوقف. وقال أ.د. منى إن الوضع صعب."
    assert sentences(text) == [
        "صرح د. سامر الخطيب بأن القصف بدأ 09:10 ت.غ. ولم يتوقف.",
        "وقال أ.د. منى إن الوضع صعب.",
    ]


def test_english_abbreviations_and_initials():
    text = "U.S. forces met Dr. Hale and Gen. J. K. Moore on Jan. 5. The talks ended at 5 p.m. on Monday. No. 3 was next."
    assert sentences(text) == [
        "U.S. forces met Dr. Hale and Gen. J. K. Moore on Jan. 5.",
        "The talks ended at 5 p.m. on Monday.",
        "No. 3 was next.",
    ]


def test_arabic_dot_without_following_space():
    assert sentences("قتل جنديان.وأصيب ثالث") == ["قتل جنديان.", "وأصيب ثالث"]


def test_quotes_are_not_split_inside():
    text = "قال القائد «لن ننسحب. سنقاتل حتى النهاية» وأضاف أن التعزيزات وصلت."
    assert sentences(text) == [text]
    text = 'Officials said "we will respond. it will be soon" and left. Nobody replied.'
    assert sentences(text) == ['Officials said "we will respond. it will be soon" and left.', "Nobody replied."]
    text = "وكتب في بيانه “الهدنة انتهت. لا تفاوض” مساء أمس."
    assert sentences(text) == [text]
    text = "‘The truce is over. No talks’: a commander"
    assert sentences(text) == [text]


def test_quote_that_ends_a_sentence_splits_after_the_closing_mark():
    text = "قال المتحدث «لن نتراجع.» وأضاف أن القتال مستمر."
    assert sentences(text) == ["قال المتحدث «لن نتراجع.»", "وأضاف أن القتال مستمر."]
    text = 'He said: "It is over." Then he left.'
    assert sentences(text) == ['He said: "It is over."', "Then he left."]


def test_lower_case_continuation_and_list_numbers():
    assert sentences('"Stop!" he shouted. They ran.') == ['"Stop!" he shouted.', "They ran."]
    assert sentences("1. نقطة أولى. 2. نقطة ثانية") == ["1. نقطة أولى.", "2. نقطة ثانية"]


def test_empty_and_blank_text():
    assert split_sentences("") == []
    assert split_sentences(" \n\t \n") == []


def test_every_abbreviation_entry_is_valid():
    abbreviations = load_abbreviations()
    assert {"u.s", "dr", "mr", "د", "ت.غ"} <= set(abbreviations)
    for abbreviation, kind in abbreviations.items():
        assert abbreviation == normalize(abbreviation)
        assert kind in {"title", "abbrev"}
        # Each entry really suppresses a split before an Arabic word.
        text = f"see {abbreviation}. قال"
        assert len(split_sentences(text)) == 1, abbreviation


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("abbr\tkind\tnote\nmr\ttitle\tMister\n", "header"),
        ("abbreviation\tkind\tnote\nmr\ttitle\n", "3 tab-separated"),
        ("abbreviation\tkind\tnote\nMr\ttitle\tMister\n", "matching form"),
        ("abbreviation\tkind\tnote\nmr\tperson\tMister\n", "kind"),
        ("abbreviation\tkind\tnote\nmr\ttitle\t\n", "needs a note"),
        ("abbreviation\tkind\tnote\nmr 2\ttitle\tx\n", "letters"),
        ("abbreviation\tkind\tnote\nmr\ttitle\tx\nmr\tabbrev\ty\n", "duplicate"),
    ],
)
def test_bad_abbreviation_file_is_rejected(body, message):
    with pytest.raises(TextDataError, match=message) as info:
        parse_abbreviations("# comment\n" + body, "abbreviations.tsv")
    assert "abbreviations.tsv" in str(info.value)
