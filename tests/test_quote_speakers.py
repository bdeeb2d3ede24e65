"""Quote speakers through the whole pipeline: the reporting source as the subject of a later
"وقال المصدر"/subjectless verb, persons with an appositive role, speakers known only by role
(own example sentences); and the evaluator's speaker equivalence."""

from __future__ import annotations

import pytest

import marsad
from marsad.evaluate import matching as m


def speakers(text: str) -> list[dict]:
    doc = marsad.extract(text, date="2024-03-05")
    return [q["speaker"] or {} for q in doc.quotes if q["kind"] == "direct"]


def test_anaphor_before_any_quote_is_the_reporting_source():
    text = ('أفاد مصدر أمني بمقتل جنديين في هجوم على حاجز قرب المدينة.\n\n'
            'وقال المصدر إن "المهاجمين فروا نحو الجبال بعد تبادل لإطلاق النار".')
    [sp] = speakers(text)
    assert sp.get("name") == "Security sources"


def test_verb_without_subject_continues_the_report_source():
    text = ('قتل خمسة جنود في كمين شمال البلاد، بحسب وزارة الدفاع النيجرية.\n\n'
            'وأوضحت في بيانها أن "الحصيلة ما زالت مؤقتة وقد ترتفع".')
    [sp] = speakers(text)
    assert sp.get("org_id") == "NER-MOD"


def test_person_with_appositive_role_speaks_by_name():
    text = 'وقال يوسف حداد، وهو ضابط في الجيش، إن "الوحدات تقدمت نحو البلدة فجرا".'
    [sp] = speakers(text)
    assert sp.get("name") == "يوسف حداد"


def test_spokesperson_of_the_movement_named_before():
    text = ('تبنت حركة الشباب المجاهدين الهجوم على القاعدة العسكرية.\n\n'
            'ونقلت قناة الجزيرة عن متحدث باسم الحركة قوله "إن مقاتلينا سيطروا على القاعدة لساعات".')
    [sp] = speakers(text)
    assert sp.get("name") == "al-Shabaab spokesperson"


def test_unnamed_official_with_nationality():
    text = 'وقال مسئول صومالي إن "القوات استعادت القاعدة بعد وصول التعزيزات".'
    [sp] = speakers(text)
    assert sp.get("name") == "Somali official"


@pytest.mark.parametrize("pred, gold", [
    ("Medical sources", "Unnamed medical source"),
    ("Nigerien Ministry of Defence", "Niger Ministry of Defence"),
    ("al-Shabaab spokesperson", "al-Shabaab spokesman"),
    ("Somali official", "Unnamed Somali official"),
])
def test_speaker_described_like_a_source(pred, gold):
    assert m.speaker_matches([pred], None, gold)


@pytest.mark.parametrize("pred, gold", [
    ("official", "Unnamed local security official in the port"),  # a bare role word
    ("spokesperson", "al-Shabaab spokesman"),
    ("Fatah", "Unnamed Fatah source"),
    ("al-Shabaab", "Abdi Farah"),
])
def test_speaker_not_equivalent(pred, gold):
    assert not m.speaker_matches([pred], None, gold)


@pytest.mark.parametrize("text, name, org_id", [
    ('وقال متحدث باسم وزارة الخارجية الفرنسية لوكالة فرانس برس: "نتابع الوضع عن كثب".',
     "French Ministry of Foreign Affairs spokesperson", "FRA-MFA"),
    ('وقالت متحدثة باسم وزارة الخارجية الفرنسية لقناة الجزيرة إن "باريس تتابع الوضع عن كثب".',
     "French Ministry of Foreign Affairs spokesperson", "FRA-MFA"),
])
def test_the_outlet_a_speaker_talked_to_is_not_part_of_the_role(text, name, org_id):
    [sp] = speakers(text)
    assert (sp.get("name"), sp.get("org_id")) == (name, org_id)


def test_source_inside_an_organisation_is_its_unnamed_source():
    [sp] = speakers('وقال مصدر في حركة فتح للصحفيين: "سقط قتيلان وستة جرحى من الحركة".')
    assert (sp.get("name"), sp.get("org_id")) == ("Fatah source", "FATAH")
    assert m.speaker_matches([sp["name"]], sp["org_id"], "Unnamed Fatah source")


def test_the_same_unnamed_spokesperson_keeps_the_organisation_said_first():
    text = ('وصرح متحدث باسم وزارة الخارجية النمساوية للصحفيين بأن "الاتصالات مستمرة منذ أيام".\n\n'
            'وأضاف المتحدث أن "الرهائن بخير بحسب آخر المعلومات".')
    first, second = speakers(text)
    assert first.get("org_id") == "AUT-MFA"
    assert second == first


@pytest.mark.parametrize("text, name, org", [
    ('"We will not stop," Houthi spokesman Yahya Saree said.', "Yahya Saree", "HOUTHIS"),
    ('"We will not stop," said Yahya Saree, the Houthi military spokesman.', "Yahya Saree", "HOUTHIS"),
    ('"The situation is dire," a UN official told reporters in Geneva.', "United Nations official", "UN"),
])
def test_english_speaker_around_the_verb_after_a_quote(text, name, org):
    (sp,) = speakers(text)
    assert (sp["name"], sp["org_id"]) == (name, org)


@pytest.mark.parametrize("text, org", [
    ('وقال المتحدث باسم الجيش السوداني نبيل عبد الله إن "قواتنا صدت هجوما على المدينة".', "SDN-ARMY"),
    ('وقال العميد يحيى سريع إن "قواتنا استهدفت سفينة في البحر الأحمر".', "HOUTHIS"),
])
def test_a_known_official_speaks_for_the_organisation_the_kb_records(text, org):
    assert speakers(text)[0]["org_id"] == org


@pytest.mark.parametrize("text, name", [
    ('وقال سامر الخطيب إن "القصف لم يتوقف طوال الليل".', "سامر الخطيب"),
    ('وقال محمد العلي، وهو نازح من بيت حانون: "لم يبق لنا شيء".', "محمد العلي"),
    ('وقالت أم محمد، وهي نازحة من المخيم: "خرجنا بملابسنا فقط".', "أم محمد"),
    ('وقال أبو أحمد، وهو أحد سكان الحي: "سمعنا انفجارا ضخما".', "أبو أحمد"),
])
def test_a_person_named_with_no_role_speaks(text, name):
    [sp] = speakers(text)
    assert sp.get("name") == name


def test_or_between_two_names_is_no_kunya():
    doc = marsad.extract("هل تقبل الحكومة أم محمد العلي بالتسوية؟", date="2024-03-05")
    assert not [s for s in doc.spans if s.label == "PERSON"]


def test_a_verbal_noun_with_the_article_is_no_speech_verb():
    doc = marsad.extract('وأضاف المصدر، الذي طلب عدم الكشف عن هويته، أن "المسلحين انسحبوا نحو الجبال".',
                         date="2024-03-05")
    assert [q["verb"] for q in doc.quotes] == ["أضاف"]


@pytest.mark.parametrize("text, name", [
    ('"الوضع في المستشفى كارثي"، قال مدير المستشفى سامر الخطيب.', "سامر الخطيب"),
    ('"لن نتراجع"، هكذا قالت وزارة الخارجية السورية.', "Syrian Ministry of Foreign Affairs"),
])
def test_an_arabic_speech_verb_right_after_the_quotation_names_its_speaker(text, name):
    [sp] = speakers(text)
    assert sp.get("name") == name


def test_a_quoted_name_before_an_unrelated_speech_verb_is_no_quotation():
    doc = marsad.extract('أطلقت الحركة على العملية اسم "طوفان الأقصى" وقال قادتها إنها مستمرة.', date="2024-03-05")
    assert [q for q in doc.quotes if q["kind"] == "direct"] == []


def test_the_outlet_a_statement_was_given_to_is_not_its_speaker():
    text = ('قال المتحدث باسم الجيش العقيد سامي ناصر إن القوات دمرت مخزنا للأسلحة.\n\n'
            'وأضاف ناصر في تصريح لوكالة الأنباء العراقية: "العملية استندت إلى معلومات دقيقة".')
    [sp] = speakers(text)
    assert sp.get("name") == "سامي ناصر" and sp.get("org_id") != "INA"


def test_the_head_of_a_municipality_is_a_mayor():
    text = 'وقال رئيس البلدية إن "الأهالي لم يتمكنوا من الوصول إلى منازلهم".'
    [sp] = speakers(text)
    assert sp.get("role") == "mayor"


def test_an_english_speaker_named_before_his_organisation_s_possessive_role():
    text = "\u201cWe destroyed two vehicles,\u201d Ahmed Yusuf Ali, al Shabaab's military operations spokesman, told Reuters."
    [sp] = speakers(text)
    assert (sp.get("name"), sp.get("role"), sp.get("org_id")) == ("Ahmed Yusuf Ali", "spokesperson", "AL-SHABAAB")


def test_an_english_name_after_the_speech_verb_speaks_and_keeps_speaking():
    text = ('"The planes struck the market at the busiest hour," said Ahmed Yazji, a rescue worker at the scene. '
            '"Most of the victims were women and children."')
    assert [sp.get("name") for sp in speakers(text)] == ["Ahmed Yazji", "Ahmed Yazji"]


def test_an_outlet_or_a_weekday_after_said_is_no_person():
    import marsad

    doc = marsad.extract("Five people were killed, said Reuters. The army said Monday it had withdrawn.", date="2024-03-05")
    assert [s.text for s in doc.spans if s.label == "PERSON"] == []


def test_a_spokesman_named_after_a_place_aside():
    text = ('وقال المتحدث باسم قوات الكوماندوز، في المنطقة العسكرية الشمالية، سامر حداد: '
            '"إن القوات استعادت المديرية".')
    [sp] = speakers(text)
    assert (sp.get("name"), sp.get("role")) == ("سامر حداد", "spokesperson")


def test_a_drawn_out_preposition_before_an_outlet_is_no_name():
    text = 'وقال قائد ميداني في قوات الدعم السريع لـ«الجزيرة نت» إن «قواتنا تسيطر بالكامل على مدينة ود مدني».'
    [sp] = speakers(text)
    assert (sp.get("role"), sp.get("org_id")) == ("commander", "RSF") and "ـ" not in (sp.get("name") or "")
