"""Protest vocabulary of the rule lexicons: inflections and collocations a news report uses
for strikes, sit-ins, marches and road blocking (`extraction/data/triggers.yaml`).  Sentences
are our own."""

from __future__ import annotations

from functools import lru_cache

import pytest

import marsad
from marsad.extraction.triggers import find_triggers
from marsad.text.tokens import tokenize

PUB = "2024-03-14"


@lru_cache(maxsize=None)
def _types(text: str) -> tuple[str, ...]:
    return tuple(e["type"] for e in marsad.extract(text, date=PUB).events)


def _triggers(text: str) -> list[tuple[str, str, str]]:
    return [(text[t.start:t.end], t.definition.type, t.definition.strength)
            for t in find_triggers(tokenize(text), text)]


def _assert_first_type(text: str, etype: str) -> None:
    types = _types(text)
    assert types and types[0] == etype, (text, types, _triggers(text))


@pytest.mark.parametrize("text", [
    # strike verbs and the accusative verbal noun
    "أضرب عمال المخابز في المدينة عن العمل يوم الاثنين.",
    "وأضربوا عن العمل ثلاثة أيام متتالية في مصانع الإسمنت.",
    "أضربت الممرضات في مستشفى الولاية عن العمل صباح اليوم.",
    "بدأ السجناء السياسيون إضرابا عن الطعام في سجن المدينة.",
    "يضربون عن العمل منذ صباح السبت في ميناء المدينة.",
    # sit-ins
    "اعتصموا أمام وزارة المالية في العاصمة مطالبين بمستحقاتهم.",
    "اعتصمت عشرات النساء أمام السجن المركزي في المدينة.",
    "نفذ الموظفون اعتصاما داخل مبنى البلدية.",
    # demonstrating, gathering as a crowd
    "يتظاهرون أمام السفارة في العاصمة منذ الصباح.",
    "تظاهرن أمام مبنى البرلمان للمطالبة بقانون يحمي النساء.",
    "تجمهر العشرات أمام المحكمة في المدينة بعد صدور الحكم.",
    "شهدت المدينة عصيانا مدنيا شاملا يوم الأحد.",
    # marches named by their kind
    "خرج المئات في مسيرة سلمية وسط المدينة.",
    "نظم الطلاب مسيرة حاشدة إلى مقر الوزارة في العاصمة.",
    "انطلقت مسيرة من ساحة البلدة نحو مقر المحافظة.",
    "نفذ المعلمون وقفة صامتة أمام مديرية التربية.",
    "شكل مئات الناشطين سلسلة بشرية على طول الكورنيش.",
])
def test_protest_forms_make_a_protest_event(text):
    _assert_first_type(text, "protest")


@pytest.mark.parametrize("text", [
    "وقطع شبان الشارع الرئيسي للبلدة بالإطارات المشتعلة مساء الأحد.",
    "تجمع العشرات في أحياء المدينة وأحرقوا إطارات السيارات.",
    "أقاموا متاريس في أحياء المدينة ليلا.",
    # protesters are the subject of the burning verb (verb first, subject after it)
    "أحرق متظاهرون غاضبون مقر البلدية في المدينة مساء الجمعة.",
    # what a street protest burns: flags, tyres
    "وأحرق طلاب أعلام الدولة أمام السفارة في العاصمة.",
    "أحرق شبان الإطارات في الشارع الرئيسي للبلدة ليلا.",
])
def test_burnt_tyres_barricades_and_burning_by_protesters_are_a_riot(text):
    _assert_first_type(text, "riot")


def test_a_march_with_an_adjective_is_no_drone():
    assert _triggers("خرجت مسيرات حاشدة في المدن")[0][1:] == ("protest", "strong")
    # the drone sense keeps its own forms
    assert ("airstrike", "strong") in [t[1:] for t in _triggers("أسقطت الدفاعات الجوية مسيرات فوق المدينة")]


@pytest.mark.parametrize("text, form", [
    # participants, a crowd gathering and cut roads are weak: they need the sentence scorer
    ("قال المعتصمون إنهم باقون.", "المعتصمون"),
    ("نقل أحد المضربين إلى المستشفى.", "المضربين"),
    ("تجمع مئات في الساحة.", "تجمع مئات"),
    ("قطعوا الطريق السريع بالحجارة.", "قطعوا الطريق"),
])
def test_ambiguous_forms_are_weak_protest_triggers(text, form):
    assert (form, "protest", "weak") in _triggers(text)


@pytest.mark.parametrize("text", [
    "أحرق مستوطنون منزلا لعائلة فلسطينية في قرية قرب نابلس.",
    "أحرق مسلحون سيارة مدنية قرب سوق البلدة.",
])
def test_burning_people_s_homes_and_cars_stays_violence_against_civilians(text):
    _assert_first_type(text, "violence_against_civilians")


def test_bare_marches_with_protesters_are_a_protest_and_without_them_drones():
    text = "شهدت المدينة مسيرات رفع فيها المحتجون لافتات تطالب برحيل المحافظ."
    assert _types(text)[:1] == ("protest",), (_types(text), _triggers(text))
    text = "استهدفت المسيرات مواقع للجيش قرب المطار."
    assert _types(text)[:1] == ("airstrike",), (_types(text), _triggers(text))


def test_headquarters_is_no_afghan_town():
    # "مقر" (headquarters) is also a hamlet's name: an everyday word needs a cue to be a place.
    doc = marsad.extract("اعتصم العمال أمام مقر الولاية في قفصة.", date=PUB)
    assert [s.attrs["iso2"] for s in doc.spans if s.label == "LOC"] == ["TN"]


@pytest.mark.parametrize("text", [
    "وجاب المتظاهرون شوارع مدينة الناصرية.",
    "المحتجون الغاضبون احتشدوا قرب مقر الحكومة في مدينة الزاوية.",
    "واحتشد المعتصمون أمام مبنى المحافظة في قفصة.",
])
def test_protesters_doing_what_a_crowd_does_in_the_street_protest(text):
    _assert_first_type(text, "protest")


@pytest.mark.parametrize("text", [
    "قتل ثلاثة من المتظاهرين برصاص قوات الأمن في البصرة.",  # the protesters are the victims
    "زار الوزير المتظاهرين المصابين في المستشفى.",  # a visit, no verb of the crowd
])
def test_protesters_named_without_a_crowd_s_verb_make_no_protest_of_their_own(text):
    assert "protest" not in _types(text)[:1]


def test_the_party_a_rally_backs_is_no_side_of_it():
    events = marsad.extract("تظاهر آلاف السودانيين في مدينة بورتسودان دعما للقوات المسلحة.", id="t").events
    assert [(e["type"], e["actor2"]) for e in events] == [("protest", None)]
    assert "SDN-ARMY" in [a["id"] for a in events[0]["assoc_actors"]]


@pytest.mark.parametrize("text", [
    "وتجمع أمس مئات المتظاهرين أمام مبنى المحافظة في الموصل.",  # the day and the crowd's size between
    "وخرج نحو 300 محتج إلى وسط مدينة صفاقس.",  # one protester counted
    "وسار المعتصمون من ساحة الجامعة إلى مقر الحكومة في الخرطوم.",
    "وخرج الآلاف في مسيرة تطالب بمحاسبة المسؤولين في مدينة قابس.",  # a march named by its demand
])
def test_a_crowd_counted_or_marching_protests(text):
    _assert_first_type(text, "protest")


def test_a_march_with_no_cause_told_needs_more_than_its_word():
    assert _types("نظمت وزارة الثقافة في المعرض مسيرة ضد الأمية.") == ()
    assert _types("ساهم الوزير في مسيرة التنمية في البلاد.") == ()


def test_a_square_named_for_its_martyrs_counts_no_dead():
    (ev,) = marsad.extract("وخرج نحو 300 محتج إلى ساحة الشهداء في بيروت.", date=PUB).events
    assert (ev["type"], ev["fatalities"]) == ("protest", None)


@pytest.mark.parametrize("text", [
    "وتجمع مئات المتظاهرين أمام مقر المحافظة في كركوك مطالبين بوقف الهجمات على القرى.",
    "وطالب المحتجون في الساحة بإنهاء كافة الغارات على المدينة.",
    "Protesters in the capital demanded an end to the airstrikes on their city.",
])
def test_hostilities_a_crowd_demands_halted_are_no_strike(text):
    assert not {"attack", "airstrike", "shelling_artillery_missile"} & set(_types(text)), _types(text)


@pytest.mark.parametrize("text", [
    "تظاهر المئات في مدينة الناصرية احتجاجا على مقتل شاب برصاص الشرطة.",
    "تظاهر المئات في مدينة الناصرية بعد مقتل شاب برصاص الشرطة.",
    "Hundreds protested in Lahore over the killing of a student by police.",
])
def test_the_cause_of_a_protest_is_no_side_and_no_toll_of_it(text):
    (ev,) = marsad.extract(text, date=PUB).events
    assert (ev["type"], ev["actor2"], ev["fatalities"], ev["acled_sub_event_type"]) == (
        "protest", None, None, "Peaceful protest")


def test_forces_meeting_the_protest_after_its_cause_still_intervene():
    (ev,) = marsad.extract("تظاهر المئات في الناصرية احتجاجا على مقتل شاب، وفرقتهم الشرطة العراقية بالغاز "
                           "المسيل للدموع ما أدى إلى إصابة خمسة منهم.", date=PUB).events
    assert (ev["actor2"]["id"], ev["injured"], ev["acled_sub_event_type"]) == (
        "IRQ-POLICE", 5, "Excessive force against protesters")


def test_a_protester_dying_of_old_wounds_is_no_protest():
    assert "protest" not in _types("وتوفي متظاهر أمس متأثرا بجروحه بعد أسبوعين من محاولته إحراق نفسه احتجاجا على القرار.")
