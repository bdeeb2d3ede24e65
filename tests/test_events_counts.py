"""Casualty counts on event records end to end: digits, Arabic-Indic digits, number words,
approximations, vague amounts, subsets, conflicting figures, injured and arrested.
Sentences are our own."""

from __future__ import annotations

from functools import lru_cache

import pytest

import marsad
from marsad.extraction.numbers import find_casualties

PUB = "2024-03-14"


@lru_cache(maxsize=None)
def _events(text: str) -> tuple:
    return tuple(marsad.extract(text, date=PUB).events)


def _one(text: str) -> dict:
    events = _events(text)
    assert len(events) == 1, [(e["type"], e["location"] and e["location"]["text"]) for e in events]
    return events[0]


def _counts(ev: dict) -> tuple:
    return ev["fatalities"], ev["injured"], ev["arrested"]


@pytest.mark.parametrize("text, fatalities", [
    ("قتل 7 مدنيين في غارة جوية على مدينة جسر الشغور.", 7),
    ("قتل ١٢ مدنيا في قصف مدفعي على مدينة حمص.", 12),
    ("قتل ثلاثة جنود في هجوم على حاجز للجيش العراقي في محافظة ديالى.", 3),
    ("قتل خمسة عشر مدنيا في غارة جوية على مدينة دوما.", 15),
    ("قتل عشرون شخصا في قصف على مدينة حلب.", 20),
    ("قتل مدنيان في قصف نفذته قوات النظام على بلدة كفرنبل.", 2),
    ("قتل ما لا يقل عن 25 شخصا في اشتباكات بين قوات الوفاق وقوات حفتر جنوب طرابلس.", 25),
    ("Syrian government warplanes carried out airstrikes on the town of Saraqib in Idlib province on Monday, "
     "killing seven civilians.", 7),
])
def test_fatalities_from_digits_and_number_words(text, fatalities):
    assert _one(text)["fatalities"] == fatalities


def test_about_n_gives_n():
    ev = _events("قتل نحو 30 شخصا في انفجار سيارة مفخخة في الموصل.")
    assert ev and ev[0]["fatalities"] == 30


def test_vague_amount_gives_null():
    ev = _one("قتل العشرات في قصف على مدينة الرقة.")
    assert ev["fatalities"] is None


def test_subset_with_baynahum_is_not_added():
    ev = _one("قتل 7 أشخاص بينهم ثلاثة أطفال في غارة على مدينة جسر الشغور.")
    assert ev["fatalities"] == 7


def test_conflicting_figures_give_the_lowest():
    ev = _one("قتل 10 أشخاص في غارة على بلدة حاس بريف إدلب، فيما قال الدفاع المدني إن عدد القتلى بلغ 12 شخصا.")
    assert ev["fatalities"] == 10


@pytest.mark.parametrize("text", [
    "قتل 14 شخصا في غارة على سراقب، بينما قال مصدر طبي إن عدد القتلى بلغ 9 أشخاص.",
    "قتل 14 شخصا في غارة على سراقب، فيما أفاد مصدر طبي بمقتل 9 أشخاص.",
])
def test_conflicting_figures_lowest_even_when_told_second(text):
    assert _one(text)["fatalities"] == 9


def test_injured_are_counted_separately():
    ev = _one("قتل ثلاثة أشخاص وأصيب 15 آخرون بجروح في انفجار عبوة ناسفة في الرمادي.")
    assert _counts(ev) == (3, 15, None)


def test_arrested_count():
    ev = _one("اعتقلت الشرطة التونسية 23 شخصا خلال احتجاجات في مدينة القصرين.")
    assert ev["type"] == "arrest"
    assert _counts(ev) == (None, None, 23)


def test_abducted_count_goes_to_arrested():
    ev = _one("اختطف مسلحون ثلاثة مدنيين في مدينة الزاوية غرب ليبيا.")
    assert ev["type"] == "abduction" and ev["arrested"] == 3


def test_no_count_when_none_is_given():
    ev = _one("سيطرت قوات سوريا الديمقراطية على بلدة هجين.")
    assert _counts(ev) == (None, None, None)


def test_counts_survive_a_city_word():
    events = _events("قتل نحو 30 شخصا جراء انفجار شاحنة مفخخة وسط مدينة الموصل.")
    assert [(e["location"]["name"], e["fatalities"]) for e in events] == [("Mosul", 30)]


def test_injured_only_in_a_city():
    events = _events("أصيب 15 شخصا بجروح في انفجار عبوة ناسفة في مدينة الرمادي.")
    assert [(e["location"]["name"], e["injured"]) for e in events] == [("Ramadi", 15)]


def test_one_person_without_a_number():
    assert _one("قتل رجل في غارة جوية على مدينة سراقب.")["fatalities"] == 1


def test_coordinated_counts_with_a_singular_noun():
    ev = _one("قتل أربعة جنود ومدني في هجوم على حاجز للجيش العراقي في محافظة ديالى.")
    assert ev["fatalities"] == 5


def test_split_places_take_their_own_figures():
    events = _events("قتل 6 مدنيين في غارة جوية على بلدة كفرنبل، كما قتلت امرأة وطفلان في غارة جوية على مدينة سراقب.")
    assert sorted((e["location"]["name"], e["fatalities"]) for e in events) == [("Kafranbel", 6), ("Saraqib", 3)]


def test_a_total_over_several_places_is_not_copied():
    events = _events("قتل 9 مدنيين في غارات جوية على بلدة كفرنبل ومدينة سراقب.")
    assert len(events) == 2 and all(e["fatalities"] is None for e in events)


def test_a_running_war_total_is_not_an_event_toll():
    events = _events("An Israeli air strike hit a house in Rafah on Monday. "
                     "The health ministry says the offensive has killed more than 30,000 people.")
    assert events and all(e["fatalities"] != 30000 for e in events)


@pytest.mark.parametrize("text, killed", [
    ("قتل مسلحون من حركة الشباب ثلاثة مدنيين في بلدوين.", 3),
    ("قتلت عناصر من قوات الدعم السريع عشرين مدنيا في قرية بولاية الجزيرة.", 20),
])
def test_a_subject_named_in_several_words_stands_as_one_between_the_verb_and_its_count(text, killed):
    assert [e["fatalities"] for e in marsad.extract(text).events] == [killed]


def test_an_updated_toll_replaces_the_first_figure():
    events = marsad.extract("قتل ثلاثة من عناصر الشرطة بهجوم مسلح على نقطة تفتيش قرب مدينة كركوك. "
                            "وفي وقت لاحق، ارتفعت حصيلة قتلى الهجوم إلى خمسة بعد وفاة اثنين من الجرحى.").events
    assert [e["fatalities"] for e in events] == [5]


@pytest.mark.parametrize("text, killed, taken", [
    ("اختطف مسلحون عشرة مدنيين وقتلوا اثنين منهم في ريف درعا.", 2, 10),
    ("Gunmen killed 12 villagers and abducted 30 more in a raid on a village in Zamfara state.", 12, 30),
])
def test_people_killed_as_others_are_abducted_make_an_attack_that_keeps_both_counts(text, killed, taken):
    (ev,) = marsad.extract(text).events
    assert (ev["type"], ev["fatalities"], ev["arrested"]) == ("attack", killed, taken)


@pytest.mark.parametrize("text, expected", [
    # another kind of happening in the joined clause: each keeps its own figures
    ("قتل ثلاثة مدنيين في غارة جوية على بلدة سرمدا، فيما اعتقلت قوات الأمن خمسة شبان في مدينة درعا.",
     {"airstrike": (3, None, None), "arrest": (None, None, 5)}),
    ("خطف مسلحون مجهولون أربعة عمال في ولاية زمفرا، بينما قتل جنديان في هجوم على قاعدة عسكرية في ولاية كاتسينا.",
     {"abduction": (None, None, 4), "attack": (2, None, None)}),
    ("اعتقلت قوات الأمن خمسة مطلوبين في مدينة درعا، في حين قتل مسلح في اشتباك مع دورية في بلدة طفس.",
     {"arrest": (None, None, 5), "armed_clash": (1, None, None)}),
    # the same kind at another place
    ("قتل ثلاثة مدنيين في غارة جوية على بلدة سرمدا، فيما أصيب خمسة آخرون في قصف مدفعي على مدينة أريحا.",
     {"airstrike": (3, None, None), "shelling_artillery_missile": (None, 5, None)}),
])
def test_a_joined_clause_telling_another_happening_keeps_its_own_figures(text, expected):
    events = _events(text)
    assert {e["type"]: _counts(e) for e in events} == expected


def test_a_joined_clause_at_a_place_inside_the_first_shares_its_toll():
    ev = _one("قصفت الطائرات الحربية محافظة إدلب، فيما قتل ثلاثة مدنيين في بلدة سرمدا.")
    assert ev["fatalities"] == 3


@pytest.mark.parametrize("text, arrested", [
    ("قال سكان إن عناصر الدعم السريع اختطفوا نحو 20 شابا من قرية في ولاية الجزيرة.", 20),
    ("اعتقلوا 15 شخصا خلال مداهمات في مدينة الموصل، بحسب مصدر أمني.", 15),
])
def test_plural_verbs_count_the_abducted_and_arrested(text, arrested):
    assert _one(text)["arrested"] == arrested


def test_a_killing_at_one_place_and_a_mine_at_another_are_two_events_with_their_own_tolls():
    events = _events("وقتل مدني برصاص قناص في حي الشيخ مقصود، فيما أصيب خمسة آخرون بانفجار لغم في بلدة دير حافر "
                     "بريف حلب الشرقي.")
    assert sorted((e["location"]["name"], _counts(e)) for e in events) == [
        ("Dayr Ḩāfir", (None, 5, None)), ("Sheikh Maqsoud", (1, None, None))]


def test_eliminated_is_killed():
    ev = _one("أعلنت وزارة الدفاع أن مفرزة للجيش قضت على ثلاثة إرهابيين في كمين بولاية البويرة.")
    assert ev["fatalities"] == 3


def test_the_dead_of_both_sides_named_by_their_groups_are_added():
    ev = _one("أسفرت الاشتباكات في ريف حماة عن مقتل 11 عنصرا من قوات النظام وثمانية من مقاتلي المعارضة.")
    assert ev["fatalities"] == 19


def test_each_town_of_a_summary_keeps_the_toll_told_for_it():
    events = _events("غارات على ريف إدلب\n\nقتل سبعة مدنيين في غارات على معرة النعمان وكفرنبل.\n\n"
                     "وأوضح الدفاع المدني أن خمسة من القتلى سقطوا في معرة النعمان، فيما قتل اثنان في كفرنبل.")
    assert sorted((e["location"]["name"], e["fatalities"]) for e in events) == [
        ("Kafranbel", 2), ("Ma‘arrat an Nu‘mān", 5)]


def test_an_updated_toll_of_a_shelling_told_after_an_assassination_elsewhere_updates_the_shelling():
    events = _events("قتل مدنيان وأصيب خمسة آخرون بقصف مدفعي لقوات النظام على بلدة الأتارب غربي حلب.\n\n"
                     "واغتال مسلحون مجهولون قياديا في فصيل مسلح قرب منزله في مدينة الباب.\n\n"
                     "وأعلن المرصد السوري لحقوق الإنسان ارتفاع حصيلة ضحايا القصف على الأتارب إلى خمسة قتلى.")
    shelling = [e for e in events if e["type"] == "shelling_artillery_missile"]
    assert [(e["fatalities"], e["actor2"]["id"]) for e in shelling] == [(5, "CIVILIANS")]


def test_a_number_in_a_place_s_name_counts_nobody_and_the_assailant_killed_counts_one():
    ev = _one("أصيب جنديان إسرائيليان بجروح متوسطة إثر عملية دهس قرب مستوطنة كريات أربع في الخليل، "
              "فيما استشهد المنفذ برصاص الجنود.")
    assert (ev["fatalities"], ev["injured"]) == (1, 2)
    # those who shot the assailant were the attack's targets, not its agents
    assert ev["actor1"] is None and ev["actor2"]["id"] == "ISR-ARMY"


def test_a_number_in_a_place_s_name_is_no_number_span():
    doc = marsad.extract("وصل الوفد إلى مستوطنة كريات أربع صباح اليوم.", date=PUB)
    assert [s.text for s in doc.spans if s.label == "NUMBER"] == []


@pytest.mark.parametrize("text", ["قتل المهاجم برصاص الحراس.", "وقتل منفذ الهجوم.", "استشهد المنفذ برصاص الجنود."])
def test_the_assailant_killed_is_one_casualty(text):
    assert [(c.kind, c.value) for c in find_casualties(text)] == [("killed", 1)]


@pytest.mark.parametrize("text, kind, value", [
    ("اقتحم مستوطنون قرية ترمسعيا وأصابوا خمسة فلسطينيين بجروح.", "injured", 5),
    ("نفذت قوات الأمن حملة اعتقالات طالت 20 شخصا في ولاية بجاية.", "arrested", 20),
])
def test_active_wounding_and_a_sweep_that_took_people_count(text, kind, value):
    assert (kind, value) in [(c.kind, c.value) for c in find_casualties(text)]


@pytest.mark.parametrize("text", ["أصابت الصواريخ ثلاثة مبان سكنية.", "أصابت الغارات خمسة أهداف للتنظيم."])
def test_things_a_strike_hit_are_no_wounded(text):
    assert find_casualties(text) == []


def test_one_of_those_named_before_counts_one_but_no_one_counts_nobody():
    assert [(c.kind, c.value) for c in find_casualties("ما أدى إلى إصابة أحدهم بجروح خطيرة.")] == [("injured", 1)]
    assert find_casualties("ولم تسفر الحادثة عن مقتل أحد.") == []


def test_the_toll_of_the_attack_a_strike_answers_is_not_the_strike_s():
    ev = _one("أعلنت وزارة الدفاع التركية أن مقاتلاتها دمرت 22 هدفا لحزب العمال الكردستاني في منطقة قنديل، "
              "وذلك ردا على هجوم أسفر عن مقتل جنديين تركيين الثلاثاء الماضي.")
    assert (ev["type"], ev["actor1"]["id"], ev["fatalities"]) == ("airstrike", "TUR-ARMY", None)
    assert ev["location"]["name"] == "Qandil Mountains"


@pytest.mark.parametrize("text, kind, value", [
    ("أطلق مسلح النار على شرطي في حي الكرادة وأرداه قتيلا.", "killed", 1),
    ("أطلق مسلحون النار على شقيقين في بلدة جاسم فأردوهما قتيلين.", "killed", 2),
    ("قتل صياد في جرجيس.", "killed", 1),
])
def test_shot_dead_and_a_fisherman_count(text, kind, value):
    assert (kind, value) in [(c.kind, c.value) for c in find_casualties(text)]


@pytest.mark.parametrize("text, killed", [
    ("Fighting between two rival clans killed seven people in the Galgaduud region on Sunday.", 7),
    ("Three gunmen killed four policemen at a checkpoint in Arish on Monday.", 4),
    ("Two soldiers killed in a roadside bombing in Kandahar.", 2),
])
def test_an_english_verb_counts_its_object_not_its_subject(text, killed):
    assert _one(text)["fatalities"] == killed


def test_a_direct_hit_on_a_ship_wounds_no_one():
    assert find_casualties("أعلن المتحدث العسكري استهداف سفينة تجارية بصاروخ باليستي، مؤكدا إصابتها إصابة مباشرة.") == []


def test_a_date_set_off_by_commas_does_not_part_the_verb_from_its_count():
    ev = _one("أوقفت عناصر الدرك الملكي بإقليم الناظور، يوم الأحد، ثلاثة أشخاص يشتبه في تورطهم في تهريب المهاجرين.")
    assert (ev["type"], ev["arrested"]) == ("arrest", 3)


@pytest.mark.parametrize("text", [
    "Police in Karachi arrested 15 people after clashes between rival political groups left two dead.",
    "اعتقلت الشرطة 15 شخصا إثر اشتباكات بين عشيرتين أسفرت عن مقتل اثنين في البصرة.",
])
def test_arrests_after_a_deadly_clash_stay_arrests(text):
    events = _events(text)
    assert (events[0]["type"], events[0]["arrested"], events[0]["fatalities"]) == ("arrest", 15, None)
    # (the English "after" clause tells the clash apart, with its dead)
    assert all(e["fatalities"] in (None, 2) for e in events[1:])
