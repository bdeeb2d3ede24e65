"""Reporting sources of events and the quotes around them, end to end.  Sentences are our own."""

from __future__ import annotations

from functools import lru_cache

import pytest

import marsad

PUB = "2024-03-14"


@lru_cache(maxsize=None)
def _doc(text: str):
    return marsad.extract(text, date=PUB)


def _one(text: str) -> dict:
    events = _doc(text).events
    assert len(events) == 1, [(e["type"], e["source"]) for e in events]
    return events[0]


@pytest.mark.parametrize("text, source, source_text", [
    ("أفاد المرصد السوري لحقوق الإنسان بمقتل ستة عناصر من قوات النظام في هجوم لتنظيم الدولة الإسلامية "
     "في بادية حمص.", "Syrian Observatory for Human Rights", "المرصد السوري لحقوق الإنسان"),
    ("قتل أربعة مدنيين في قصف مدفعي على بلدة سرمين بريف إدلب، بحسب وكالة الأناضول.",
     "Anadolu Agency", "وكالة الأناضول"),
    ("وفق ما نقلت وكالة رويترز، شنت طائرات إسرائيلية غارات على مطار دمشق الدولي.", "Reuters", "وكالة رويترز"),
    # the unnamed source keeps its nationality
    ("قال مصدر أمني عراقي إن عبوة ناسفة انفجرت بدورية للشرطة في قضاء الطارمية.", "Iraqi security sources",
     "مصدر أمني عراقي"),
    ("ذكرت وزارة الصحة في غزة أن غارة إسرائيلية على مخيم النصيرات أسفرت عن مقتل ستة أشخاص.",
     "Gaza Health Ministry", "وزارة الصحة في غزة"),
])
def test_reporting_source_of_the_event(text, source, source_text):
    ev = _one(text)
    assert (ev["source"], ev["source_text"]) == (source, source_text)
    assert ev["source_text"] in ev["evidence"]["text"]


def test_source_is_not_an_actor():
    ev = _one("ذكرت وزارة الصحة في غزة أن غارة إسرائيلية على مخيم النصيرات أسفرت عن مقتل ستة أشخاص.")
    assert ev["actor1"]["id"] == "ISR-ARMY"
    assert ev["fatalities"] == 6
    assert all(a["id"] != "GAZA-MOH" for a in [ev["actor2"] or {"id": None}, *ev["assoc_actors"]])


def test_no_source_named_gives_null():
    ev = _one("سيطرت قوات سوريا الديمقراطية على بلدة هجين.")
    assert (ev["source"], ev["source_text"]) == (None, None)


def test_source_of_a_follow_up_sentence_fills_the_event():
    ev = _one("اندلعت اشتباكات عنيفة بين الجيش السوداني وقوات الدعم السريع في مدينة الأبيض. "
              "وقال مصدر عسكري إن الاشتباكات أسفرت عن مقتل 12 مقاتلا.")
    assert ev["source_text"] == "مصدر عسكري"
    assert ev["fatalities"] == 12
    assert ev["evidence"]["text"].startswith("اندلعت اشتباكات")


def test_named_spokesman_is_the_source():
    ev = _one("وقال الناطق باسم قوات سوريا الديمقراطية فرهاد شامي إن المعارك مستمرة في بلدة هجين.")
    assert ev["source"] is not None and ev["source_text"] is not None


def test_reported_speech_quote_with_speaker_role_and_org():
    doc = _doc("وقال الناطق باسم قوات سوريا الديمقراطية فرهاد شامي إن المعارك مستمرة في بلدة هجين.")
    (quote,) = doc.quotes
    assert quote["speaker"]["role"] == "spokesperson"
    assert quote["speaker"]["org_id"] == "SDF"
    assert "شامي" in (quote["speaker"]["name_ar"] or "")
    assert quote["text"] == "المعارك مستمرة في بلدة هجين"
    assert quote["verb"] == "قال"
    assert quote["text"] in doc.text[quote["start"]:quote["end"]]


def test_direct_quote_with_named_spokesman():
    doc = _doc("قالت وزارة الصحة في غزة إن غارة إسرائيلية على مخيم النصيرات أسفرت عن مقتل ستة أشخاص. "
               "وقال المتحدث باسم الوزارة أشرف القدرة: \"الطواقم الطبية عاجزة عن انتشال الضحايا\".")
    direct = [q for q in doc.quotes if q["text"] == "الطواقم الطبية عاجزة عن انتشال الضحايا"]
    assert len(direct) == 1
    assert direct[0]["speaker"]["role"] == "spokesperson"
    assert direct[0]["speaker"]["name_ar"] == "أشرف القدرة"
    # the quote adds no second event
    assert [e["type"] for e in doc.events] == ["airstrike"]


def test_spokesman_of_the_ministry_mentioned_before_gets_its_org():
    doc = _doc("قالت وزارة الصحة في غزة إن غارة إسرائيلية على مخيم النصيرات أسفرت عن مقتل ستة أشخاص. "
               "وقال المتحدث باسم الوزارة أشرف القدرة: \"الطواقم الطبية عاجزة عن انتشال الضحايا\".")
    direct = [q for q in doc.quotes if q["text"].startswith("الطواقم")]
    assert direct[0]["speaker"]["org_id"] == "GAZA-MOH"


def test_named_army_spokesman_has_role_and_name():
    doc = _doc("قال المتحدث باسم الجيش الإسرائيلي أفيخاي أدرعي: \"قواتنا دمرت نفقا في رفح\".")
    (quote,) = doc.quotes
    assert quote["speaker"]["role"] == "spokesperson"
    assert "أدرعي" in (quote["speaker"]["name_ar"] or "")


def test_source_does_not_leak_from_another_paragraph():
    doc = _doc("شنت طائرات التحالف الدولي غارات على مواقع التنظيم في بلدة هجين، بحسب المرصد السوري لحقوق "
               "الإنسان.\n\nوفي تونس، اعتقلت قوات الأمن التونسية عشرة أشخاص في مدينة صفاقس.")
    arrest = next(e for e in doc.events if e["type"] == "arrest")
    assert arrest["source"] is None


def test_person_set_off_after_an_unnamed_role_is_the_speaker():
    doc = _doc('وقال مدير المركز الإعلامي في الدفاع المدني السوري، محمد العلي، للصحفيين: "فرق الإنقاذ ما زالت '
               'تبحث عن ناجين تحت الأنقاض".')
    (q,) = doc.quotes
    assert (q["speaker"]["name_ar"], q["speaker"]["role"], q["speaker"]["org_id"]) == (
        "محمد العلي", "director", "SYR-CIVDEF")


@pytest.mark.parametrize("text", [
    "أعلن المتحدث باسم الجيش الإسرائيلي مقتل جنديين في اشتباك شمال غزة.",
    "نفى المتحدث باسم الجيش الإسرائيلي قصف مستشفى في مدينة غزة.",
])
def test_the_event_a_spokesperson_announces_is_no_name_of_the_spokesperson(text):
    assert _one(text)["source"] == "IDF Spokesperson's Unit"


def test_a_named_spokesman_of_a_group_referred_back_to_keeps_his_role_in_a_statement():
    doc = _doc("أعلنت جماعة الحوثي استهداف سفينة في خليج عدن.\n\n"
               "وقال المتحدث العسكري باسم الجماعة يحيى سريع في بيان متلفز إن \"القوات البحرية أصابت السفينة\".")
    (quote,) = doc.quotes
    assert (quote["speaker"]["role"], quote["speaker"]["org_id"]) == ("spokesperson", "HOUTHIS")


def test_the_british_maritime_trade_agency_speaks_as_itself():
    doc = _doc("أفادت هيئة عمليات التجارة البحرية البريطانية بأن سفينة أبلغت عن انفجار قريب منها في البحر الأحمر.")
    assert doc.quotes[0]["speaker"]["org_id"] == "GBR-UKMTO"


def test_the_victims_a_party_denies_targeting_are_not_who_speaks_next():
    doc = _doc("ونفت قوات الدعم السريع استهداف المدنيين، وقالت إنها اشتبكت مع \"مستنفرين مسلحين\" قرب القرية.")
    assert doc.quotes[0]["speaker"]["org_id"] == "RSF"


def test_a_resistance_committee_named_by_its_town_is_the_source_and_its_town_not_the_place():
    ev = _one("قالت لجان مقاومة ود مدني إن قوات الدعم السريع هاجمت قرية بولاية الجزيرة وقتلت 12 مدنيا.")
    assert (ev["source"], ev["location"]["name"]) == ("Resistance Committees (Sudan)", "Gezira")


def test_a_security_official_unnamed_is_a_security_source():
    ev = _one("وقال مسؤول أمني عراقي إن مسلحين هاجموا نقطة تفتيش في مدينة كركوك.")
    assert ev["source"] == "Iraqi security sources"


# A story of my own: a lead sourced to an army, a paragraph from a medic, one that goes on with
# him ("وأضاف المصدر"), and another item of the story told by no one.
PARAGRAPHS = (
    "أعلن الجيش السوداني استعادة السيطرة على بلدة بارا بولاية شمال كردفان بعد معارك مع قوات الدعم السريع.\n\n"
    "وفي مدينة الفاشر، قال مصدر طبي إن أربعة مدنيين قتلوا جراء قصف مدفعي على حي سكني صباح اليوم.\n\n"
    "وأضاف المصدر أن المستشفى استقبل أيضا ثلاث جثث لمدنيين قتلوا برصاص قناصة.\n\n"
    "من جهة أخرى، تظاهر المئات في مدينة عطبرة للمطالبة بوقف الحرب."
)


def test_a_paragraph_going_on_with_its_speaker_keeps_his_source_and_place_and_tells_its_own_toll():
    events = _doc(PARAGRAPHS).events
    shot = [e for e in events if e["type"] == "attack"]
    shelled = [e for e in events if e["type"] == "shelling_artillery_missile"]
    assert [(e["location"]["name"], e["fatalities"], e["source"]) for e in shelled + shot] == [
        ("El Fasher", 4, "Medical sources"), ("El Fasher", 3, "Medical sources")]


def test_another_item_of_the_story_takes_no_source_from_its_lead():
    (protest,) = [e for e in _doc(PARAGRAPHS).events if e["type"] == "protest"]
    assert (protest["location"]["name"], protest["source"]) == ("Atbara", None)


@pytest.mark.parametrize("text, name", [
    ('وقال محمد العلي "هذه الجائزة شرف كبير لي".', "محمد العلي"),  # a quotation mark right after the name
    ("وقالت فاطمة الزهراء «لن نغادر بيوتنا».", "فاطمة الزهراء"),
])
def test_a_person_named_right_before_the_quotation_speaks(text, name):
    (quote,) = _doc(text).quotes
    assert quote["speaker"]["name_ar"] == name


def test_a_person_expressing_a_feeling_then_going_on_in_a_quotation_speaks():
    (quote,) = _doc('وعبرت سلوى بن سالم عن سعادتها بالجائزة، وتابعت "شرف لي أن أحمل هذه الجائزة".').quotes
    assert quote["speaker"]["name_ar"] == "سلوى بن سالم"
    assert [s.text for s in _doc("عبرت القوات الحدود فجر اليوم.").spans if s.label == "PERSON"] == []  # crossed
