"""Direct and reported quotations with speakers (own example sentences)."""

from __future__ import annotations

import pytest

from marsad.document import Document, Sentence
from marsad.extraction.quotes import QuotesDataError, find_quotes, load_speech_verbs, parse_speech_verbs, quote_marks
from marsad.kb.matcher import name_key
from marsad.text.sentences import split_sentences
from marsad.text.tokens import tokenize


def make_doc(text: str, spans=()) -> Document:
    doc = Document("t", raw=text, text=text)
    doc.sentences = [Sentence(a, b, text[a:b]) for a, b in split_sentences(text)]
    doc.tokens = tokenize(text)
    for label, surface, attrs in spans:
        start = text.index(surface)
        doc.add_span(label, start, start + len(surface), **attrs)
    return doc


def direct(doc: Document) -> list[dict]:
    return [q for q in find_quotes(doc) if q["kind"] == "direct"]


def test_guillemet_quote_with_named_speaker_and_exact_offsets():
    text = "وقال العقيد مازن فارس للصحفيين: «دخلت وحداتنا البلدة بعد معارك قصيرة». وانتهى المؤتمر."
    doc = make_doc(text)
    [q] = direct(doc)
    assert q["text"] == "دخلت وحداتنا البلدة بعد معارك قصيرة"
    assert text[q["start"]:q["end"]] == q["text"]
    assert q["speaker"]["name"] == "مازن فارس"
    assert q["speaker"]["role"] == "colonel"
    assert q["verb"] == "قال"


def test_straight_quotes_with_a_nested_name_and_statement_speaker():
    text = 'وقالت الوزارة في بيان إن "القصف على مخيم "الأمل" أوقع ضحايا بين المدنيين".'
    doc = make_doc(text, [("ORG", "الوزارة", {"kb_id": "XX-MOH", "name": "Health Ministry", "name_ar": "الوزارة"})])
    [q] = direct(doc)
    assert q["text"] == 'القصف على مخيم "الأمل" أوقع ضحايا بين المدنيين'
    assert q["speaker"]["org_id"] == "XX-MOH"
    assert q["speaker"]["name"] == "Health Ministry"


def test_curly_and_low_high_quotes():
    text = "وأكد المصدر “هذه الخطوة لن تمر دون رد” وقال أيضا „الوضع تحت السيطرة الآن“."
    assert [q["text"] for q in direct(make_doc(text))] == ["هذه الخطوة لن تمر دون رد", "الوضع تحت السيطرة الآن"]


def test_quote_continued_by_surname_in_next_sentence():
    text = ('قال المتحدث باسم الهلال الأحمر جمال نصار إن "الطواقم نقلت الجرحى إلى المستشفى". '
            'وأضاف نصار: "نحتاج إلى ممر آمن فورا".')
    quotes = direct(make_doc(text))
    assert [q["speaker"]["name"] for q in quotes] == ["جمال نصار", "جمال نصار"]
    assert quotes[1]["speaker"]["role"] == "spokesperson"


def test_pronoun_subject_continues_previous_speaker():
    text = 'وقال المحافظ سعيد ناجي: "الطرق مغلقة منذ الصباح". وأضاف أن "المساعدات ستصل غدا".'
    quotes = direct(make_doc(text))
    assert [q["speaker"]["name"] for q in quotes] == ["سعيد ناجي", "سعيد ناجي"]


def test_participle_keeps_the_speaker_and_quoted_words_name_no_one():
    text = ('وأعلنت الوزارة في بيان أن "قوات المعارضة انسحبت من التلة"، مضيفة أن "الطريق الدولي آمن الآن".')
    doc = make_doc(text, [("ORG", "الوزارة", {"kb_id": "XX-MOD", "name": "Defence Ministry"}),
                          ("ACTOR", "قوات المعارضة", {"kb_id": "XX-OPP", "name": "Opposition forces"})])
    assert [q["speaker"]["org_id"] for q in direct(doc)] == ["XX-MOD", "XX-MOD"]


def test_reported_speech_after_inna():
    text = "وقال مصدر أمني إن مسلحين هاجموا نقطة تفتيش قرب المدينة ليلا. ولم تعلن أي جهة مسؤوليتها."
    [q] = find_quotes(make_doc(text))
    assert q["kind"] == "reported"
    assert q["text"] == "مسلحين هاجموا نقطة تفتيش قرب المدينة ليلا"
    assert q["speaker"]["role"] == "security source"


def test_scare_quotes_and_quoted_names_are_not_quotes():
    text = ('ووصف البيان الهجوم بأنه "إرهابي" وقال إن جماعة "أنصار الفجر" تقف خلفه. '
            'وتنشط "أنصار الفجر" في الجبال.')
    assert direct(make_doc(text)) == []


def test_short_quote_without_a_speech_cue_is_not_a_quote():
    text = 'عرض فيلم "ليل طويل" في المهرجان.'
    assert direct(make_doc(text)) == []


def test_apostrophe_is_not_a_quote_mark():
    text = "قال الشيخ عمر إن 'الهدنة' صامدة حتى الآن."
    assert [q["kind"] for q in find_quotes(make_doc(text))] == ["reported"]


def test_quote_cut_by_end_of_text_counts():
    text = 'وأكد القائد في كلمة مسجلة "لن نتراجع عن مواقعنا مهما'
    [q] = direct(make_doc(text))
    assert q["text"] == "لن نتراجع عن مواقعنا مهما"


def test_quote_spans_sentences_but_not_lines():
    text = 'وقال الناطق: "سقط صاروخان. لا إصابات بين السكان". انتهى\nعنوان "آخر خبر عاجل هنا'
    quotes = direct(make_doc(text))
    assert quotes[0]["text"] == "سقط صاروخان. لا إصابات بين السكان"
    assert all("\n" not in q["text"] for q in quotes)


def test_banner_slogans_attributed_to_protesters():
    text = 'ورفع المحتجون لافتات كتب عليها: "لا للجوع لا للحصار".'
    [q] = direct(make_doc(text))
    assert q["speaker"]["name"] == "protesters"


def test_english_quote_with_speaker_after():
    text = '"We will rebuild the bridge within a month," said Ahmed Salem, a spokesman for the governor.'
    [q] = direct(make_doc(text))
    assert q["text"] == "We will rebuild the bridge within a month,"
    assert q["speaker"]["name"] == "Ahmed Salem"
    assert q["verb"] == "said"


def test_marks_pairing():
    text = 'أ "ب ج" د «هـ و» ز'
    assert [(text[o + 1:e]) for o, e, _c in quote_marks(text)] == ["ب ج", "هـ و"]


def test_every_speech_cue_is_matched():
    data = load_speech_verbs()
    raw = __import__("yaml").safe_load(
        __import__("importlib").resources.files("marsad.extraction.data").joinpath("speech_verbs.yaml").read_text("utf-8"))
    forms = raw["verbs"]["ar"] + raw["verbs"]["en"] + raw["statements"] + raw["banners"]
    for form in forms:
        text = f"ثم {form} هنا" if any("\u0600" <= c <= "\u06ff" for c in form) else f"then {form} here"
        found = data.matcher.find(tokenize(text), text)
        assert found and found[0].payloads[0].form == form, form
    for key in ("protesters", "complementizers", "anaphors", "name_heads", "continuations"):
        assert all(name_key(w) in getattr(data, key) for w in raw[key]), key


@pytest.mark.parametrize("bad, reason", [
    ({"verbs": {"ar": ["قال"]}}, "'ar' and 'en'"),
    ({"verbs": {"ar": ["said"], "en": ["told"]}}, "wrong language"),
    ({"verbs": {"ar": ["قال", "قال"], "en": ["said"]}}, "twice"),
    ({"verbs": {"ar": ["قال"], "en": ["said"]}, "statements": ["قال"]}, "both"),
    ({"colour": 1}, "unknown key"),
    ({"continuations": ["مضيفا"]}, "not listed under verbs"),
])
def test_bad_speech_data_names_file_and_reason(bad, reason):
    base = {"verbs": {"ar": ["قال"], "en": ["said"]}, "statements": ["بيان"], "banners": ["لافتة"],
            "continuations": ["قال"],
            "protesters": ["المتظاهرون"], "complementizers": ["إن"], "anaphors": ["المصدر"], "name_heads": ["حزب"]}
    with pytest.raises(QuotesDataError, match=reason) as err:
        parse_speech_verbs({**base, **bad}, "speech_verbs.yaml")
    assert "speech_verbs.yaml" in str(err.value)
