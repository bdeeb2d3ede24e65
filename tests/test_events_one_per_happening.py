"""One event per happening, end to end: several trigger words of one happening, retelling
sentences and headlines add no event; separately named villages and separate happenings do.
Sentences are our own."""

from __future__ import annotations

from functools import lru_cache

import pytest

import marsad

PUB = "2024-03-14"


@lru_cache(maxsize=None)
def _events(text: str, title: str | None = None) -> tuple:
    return tuple(marsad.extract(text, date=PUB, title=title).events)


def _summary(events) -> list[tuple]:
    return [(e["type"], e["location"]["name"] if e["location"] else None) for e in events]


def test_two_clash_words_give_one_event():
    events = _events("اندلعت اشتباكات عنيفة بين الجيش السوداني وقوات الدعم السريع في مدينة الأبيض تخللها "
                     "تبادل لإطلاق النار بالأسلحة الثقيلة.")
    assert _summary(events) == [("armed_clash", "El Obeid")]


def test_attack_carried_out_with_a_bomb_is_one_bombing():
    events = _events("قتل جنديان في هجوم بعبوة ناسفة استهدف دورية للجيش العراقي في قضاء الطارمية.")
    assert _summary(events) == [("remote_explosive_ied", "Tarmiyah")]
    assert events[0]["fatalities"] == 2


def test_airstrike_told_with_aircraft_and_raid_words_is_one_event():
    events = _events("شنت طائرات حربية روسية غارات جوية وقصفا صاروخيا على سراقب.")
    assert [e["type"] for e in events] == ["airstrike"]


def test_war_adjective_is_not_a_place():
    events = _events("شنت طائرات حربية روسية غارات جوية وقصفا صاروخيا على سراقب.")
    assert _summary(events) == [("airstrike", "Saraqib")]


def test_retelling_sentence_adds_no_event():
    events = _events("قصفت قوات النظام كفرنبل صباح اليوم. وقال المصدر إن القصف أدى إلى دمار كبير في المنازل.")
    assert _summary(events) == [("shelling_artillery_missile", "Kafranbel")]
    assert events[0]["evidence"]["text"].startswith("قصفت قوات النظام")


def test_follow_up_with_the_toll_merges_into_the_event():
    events = _events("شنت طائرات التحالف الدولي غارات على مواقع لتنظيم الدولة الإسلامية في هجين. "
                     "وأسفرت الغارات عن مقتل 9 عناصر من التنظيم.")
    assert _summary(events) == [("airstrike", "Hajīn")]
    assert events[0]["fatalities"] == 9


def test_two_named_villages_give_two_events():
    events = _events("شنت طائرات حربية روسية غارات على بلدتي سرمين وبنش بريف إدلب.")
    assert sorted(_summary(events)) == [("airstrike", "Binnish"), ("airstrike", "Sarmīn")]
    assert len({e["id"] for e in events}) == 2
    assert all(e["evidence"] == events[0]["evidence"] for e in events)


def test_two_villages_shelled_give_two_events_with_the_same_actor():
    events = _events("قصفت قوات النظام قريتي كفرنبل وسرمين.")
    assert sorted(_summary(events)) == [("shelling_artillery_missile", "Kafranbel"),
                                        ("shelling_artillery_missile", "Sarmīn")]
    assert {e["actor1"]["id"] for e in events} == {"SYR-ARMY"}


def test_control_of_several_towns_gives_one_territorial_change_per_town():
    events = _events("سيطرت قوات الدعم السريع على مطارات الخرطوم ومروي والأبيض بعد معارك مع الجيش.")
    assert sorted(_summary(events)) == [("territorial_change", "El Obeid"), ("territorial_change", "Khartoum"),
                                        ("territorial_change", "Merowe")]
    assert {e["actor1"]["id"] for e in events} == {"RSF"}


def test_a_recapture_after_a_takeover_gives_both_takeovers():
    events = _events("استعاد الجيش السيطرة على بلدة سراقب بعدما سيطرت عليها هيئة تحرير الشام.")
    assert [(e["actor1"]["id"], e["actor2"]["id"]) for e in events] == [("SYR-ARMY", "HTS"), ("HTS", "SYR-ARMY")]
    assert {e["location"]["name"] for e in events} == {"Saraqib"} and events[0]["id"] != events[1]["id"]


def test_a_takeover_without_an_earlier_one_is_one_event():
    events = _events("سيطرت هيئة تحرير الشام على بلدة سراقب بعد معارك عنيفة مع الجيش.")
    assert [e["actor1"]["id"] for e in events] == ["HTS"]


def test_an_agreement_naming_two_cities_stays_one_event():
    events = _events("وقعت الحكومة والحركة اتفاق وقف إطلاق النار في مدينة جوبا بحضور وفد من الخرطوم.")
    assert [e["type"] for e in events] == ["ceasefire_or_agreement"]


def test_separate_happenings_in_separate_sentences_give_separate_events():
    events = _events("قصفت قوات النظام بلدة كفرنبل صباح اليوم. وفي تونس، اعتقلت قوات الأمن التونسية "
                     "عشرة أشخاص في مدينة صفاقس.")
    assert [e["type"] for e in events] == ["shelling_artillery_missile", "arrest"]


def test_headline_restating_the_lead_adds_no_event():
    title = "مقتل ستة مدنيين بغارة على سراقب"
    events = _events(f"{title}\nقتل ستة مدنيين في غارة شنتها طائرات حربية على مدينة سراقب صباح اليوم.", title)
    assert [e["type"] for e in events] == ["airstrike"]
    assert events[0]["evidence"]["text"].startswith("قتل ستة")
    assert events[0]["fatalities"] == 6


def test_quoted_remark_about_the_fighting_adds_no_event():
    events = _events("أعلنت قوات سوريا الديمقراطية بدء معركة لطرد تنظيم الدولة الإسلامية من بلدة هجين. "
                     "وقال الناطق باسم قوات سوريا الديمقراطية إن \"المعارك تسير وفق الخطة\".")
    assert [e["type"] for e in events] == ["military_operation_launch"]


def _lead_then_details(second_town_detail: str) -> str:
    return ("قتل خمسة عشر مدنيا اليوم الأحد بقصف مدفعي لقوات النظام على مدينتي سراقب وأريحا. "
            "وقال الدفاع المدني إن تسعة مدنيين قتلوا بقصف مدفعي على سراقب. " + second_town_detail)


def test_lead_summary_told_town_by_town_gives_the_detailed_events():
    events = _events(_lead_then_details("كما قتل ستة مدنيين بقصف مماثل استهدف أريحا."))
    assert _summary(events) == [("shelling_artillery_missile", "Saraqib"), ("shelling_artillery_missile", "Arīḩā")]
    # Each town keeps its own toll, not the summary's total, and gets the summary's date.
    assert [e["fatalities"] for e in events] == [9, 6]
    assert [e["date"] for e in events] == ["2024-03-10", "2024-03-10"]
    assert all(e["evidence"]["text"].startswith(("وقال", "كما")) for e in events)


def test_lead_listing_a_town_told_nowhere_else_keeps_its_events():
    events = _events(_lead_then_details("وفي سياق آخر، أعلنت الحكومة عن خطة لإعادة الإعمار."))
    # The detail retells the summary's town: it merges into that event, as any retelling does.
    assert _summary(events) == [("shelling_artillery_missile", "Saraqib"), ("shelling_artillery_missile", "Arīḩā")]
    assert [e["fatalities"] for e in events] == [9, None]
    assert events[0]["evidence"]["text"].startswith("قتل خمسة عشر")


def test_another_kind_of_strike_with_its_own_toll_is_another_event():
    events = _events("قصفت قوات النظام بلدة كفرنبل بالمدفعية ما أدى إلى مقتل أربعة مدنيين. "
                     "كما قتل مدنيان بغارة جوية على كفرنبل.")
    assert [(e["type"], e["fatalities"]) for e in events] == [("shelling_artillery_missile", 4), ("airstrike", 2)]


@pytest.mark.parametrize("text, place", [
    ("قتل شخصان في غارة إسرائيلية على حي الزيتون في مدينة غزة.", "Zeitoun (Gaza City)"),
    ("قصفت الطائرات حي الشيخ مقصود بمدينة حلب وقتل ثلاثة مدنيين.", "Sheikh Maqsoud"),
    ("Two women were killed in an air strike on Monday in the Zeitoun area of Gaza City.", "Zeitoun (Gaza City)"),
])
def test_a_neighbourhood_named_with_its_city_is_one_place(text, place):
    assert _summary(_events(text))[0][1] == place and len(_events(text)) == 1


def test_two_places_of_one_city_named_apart_are_two_events():
    # Not a neighbourhood followed by its city: each named place is a place of the strikes.
    events = _events("شنت الطائرات غارات على حي الزيتون ومخيم النصيرات.")
    assert sorted(p for _t, p in _summary(events)) == ["Nuseirat camp", "Zeitoun (Gaza City)"]


@pytest.mark.parametrize("text", [
    "At least 12 people have been killed in Israeli air strikes across the Gaza Strip, health officials said. "
    "Rescuers said two women were killed in an air strike late on Monday in the Zeitoun area of Gaza City.",
    "قتل 12 شخصا في غارات إسرائيلية على مناطق متفرقة من قطاع غزة. "
    "وقال الدفاع المدني إن امرأتين قتلتا في غارة على حي الزيتون في مدينة غزة.",
])
def test_a_strike_in_a_town_after_a_toll_across_its_region_is_its_own_event(text):
    events = _events(text)
    assert [(e["location"]["name"], e["fatalities"]) for e in events] == [
        ("Gaza Strip", 12), ("Zeitoun (Gaza City)", 2)]
    assert "region_wide" in events[0]["signals"]


def test_a_strike_retold_after_a_toll_in_one_town_still_merges():
    events = _events("قتل 12 شخصا في غارات إسرائيلية على مدينة خان يونس. "
                     "وقال الدفاع المدني إن امرأتين بين القتلى في غارة على منزل في خان يونس.")
    assert len(events) == 1


def test_the_agent_own_account_does_not_retype_an_attack_others_reported():
    events = _events("قالت مصادر محلية إن قوات الدعم السريع هاجمت قرية في ولاية الجزيرة وقتلت 40 مدنيا.\n\n"
                     "وقالت قوات الدعم السريع في بيان إنها اشتبكت مع مسلحين تابعين للجيش في محيط القرية.")
    assert [e["type"] for e in events] == ["attack"]


def test_a_condemnation_and_the_motive_a_party_gives_make_no_new_event():
    events = _events("قتل قيادي في فصيل مسلح واثنان من مرافقيه بغارة نفذتها طائرة مسيرة على سيارتهم في بغداد.\n\n"
                     "وأكدت القيادة المركزية الأمريكية في بيان تنفيذ الغارة، وقالت إنها جاءت ردا على هجمات "
                     "استهدفت قواتها في المنطقة.\n\n"
                     "ودانت الحكومة العراقية الضربة، ووصفتها بأنها \"اعتداء سافر على السيادة\".")
    assert [(e["type"], e["location"]["name"]) for e in events] == [("airstrike", "Baghdad")]


def test_a_headline_lends_its_agent_to_a_lead_that_names_none():
    events = _events("مقتل قيادي بضربة أمريكية في بغداد\n\n"
                     "قتل قيادي في فصيل مسلح بضربة نفذتها طائرة مسيرة في بغداد مساء الأربعاء.")
    assert [(e["type"], e["actor1"]["id"]) for e in events] == [("airstrike", "USA-ARMY")]


def test_shells_of_a_clash_its_toll_a_call_for_a_truce_and_the_truce_of_both_sides():
    events = _events("اندلعت اشتباكات عنيفة مساء الإثنين في منطقة عين زارة جنوب طرابلس بين قوات جهاز دعم الاستقرار "
                     "وعناصر اللواء 444 قتال.\n\n"
                     "وأعلن مركز طبي عن مقتل ثلاثة مدنيين وإصابة سبعة آخرين جراء القذائف العشوائية التي سقطت "
                     "على الأحياء السكنية.\n\n"
                     "ودعت حكومة الوحدة الوطنية الطرفين إلى وقف فوري لإطلاق النار.\n\n"
                     "وعاد الهدوء إلى المنطقة صباح الثلاثاء بعد توصل الطرفين إلى اتفاق بوساطة من أعيان المنطقة.")
    assert [(e["type"], e["fatalities"], e["injured"], e["actor1"]["id"], e["actor2"]["id"]) for e in events] == [
        ("armed_clash", 3, 7, "SSA", "BRIGADE-444"),
        ("ceasefire_or_agreement", None, None, "SSA", "BRIGADE-444")]


def test_soldiers_attackers_burned_vehicles_of_stay_an_attack_not_violence_against_civilians():
    events = _events("قتل ستة جنود من الجيش البوركينابي في هجوم شنه مسلحون على موقع عسكري قرب بلدة جيبو.\n\n"
                     "وقالت مصادر أمنية إن المهاجمين أحرقوا آليات عسكرية قبل أن ينسحبوا.")
    assert [e["type"] for e in events] == ["attack"]


def test_a_group_said_to_be_active_in_the_area_is_no_second_attack():
    events = _events("قتل ستة جنود في هجوم شنه مسلحون على موقع عسكري قرب بلدة جيبو.\n\n"
                     "ولم تتبن أي جهة الهجوم حتى الآن، لكن المنطقة تشهد نشاطا لجماعة نصرة الإسلام والمسلمين.")
    assert [(e["type"], e["actor1"]["id"]) for e in events] == [("attack", "UNIDENTIFIED-GUNMEN")]


def test_a_denial_naming_no_place_of_its_own_is_the_strike_it_denies():
    events = _events("غارات على ريف إدلب\n\n"
                     "قتل سبعة مدنيين جراء غارات جوية روسية استهدفت مدينة معرة النعمان جنوبي إدلب.\n\n"
                     "وفي ريف حماة الشمالي، دارت معارك عنيفة بين فصائل المعارضة وقوات النظام.\n\n"
                     "من جهتها، نفت وزارة الدفاع الروسية استهداف المدنيين.")
    assert [(e["type"], e["status"]) for e in events] == [("airstrike", "reported"), ("armed_clash", "reported")]


def test_an_army_s_account_of_its_strike_is_the_strike_and_the_other_side_s_claim_its_own_event():
    events = _events("غارة إسرائيلية تستهدف سيارة في جنوب لبنان\n\n"
                     "استهدفت غارة إسرائيلية بطائرة مسيرة ظهر اليوم سيارة قرب بلدة الخيام، ما أدى إلى مقتل شخصين.\n\n"
                     "وقال الجيش الإسرائيلي في بيان إنه استهدف \"عنصرين كانا يخططان لتنفيذ هجوم ضد قواته\".\n\n"
                     "في المقابل، أعلن حزب الله أنه استهدف بالصواريخ تجمعا لجنود الجيش الإسرائيلي في محيط موقع المالكية.")
    assert [(e["type"], e["actor1"]["id"], (e["actor2"] or {}).get("id")) for e in events] == [
        ("airstrike", "ISR-ARMY", "CIVILIANS"), ("shelling_artillery_missile", "HEZBOLLAH", "ISR-ARMY")]


def test_an_attack_on_any_of_our_forces_is_none():
    assert _events("وقال المتحدث إن القوات سترد على أي هجوم يستهدف الأميركيين في المنطقة.") == ()


def test_a_quoted_arrest_outranks_an_unquoted_word_of_another_kind():
    events = _events("وقال ناشط إن البيانات التي وزعها المتظاهرون تضمنت «إدانة واضحة للحكومة، وأثناء ذلك داهمتهم "
                     "قوات الأمن واعتقلت عددا منهم")
    assert [e["type"] for e in events] == ["arrest"]


def test_an_explosion_a_source_reports_in_the_strike_s_sentence_is_the_strike():
    events = _events("أعلنت جماعة أنصار الله الحوثيين أنها استهدفت سفينة تجارية في خليج عدن بصاروخين باليستيين، "
                     "فيما قالت هيئة عمليات التجارة البحرية البريطانية إن السفينة أبلغت عن انفجار قريب منها.")
    assert [(e["type"], e["actor1"]["id"]) for e in events] == [("shelling_artillery_missile", "HOUTHIS")]
    assert events[0]["source"].startswith("United Kingdom Maritime Trade Operations")


def test_an_explosion_heard_before_the_airstrike_takes_the_strike_s_type():
    events = _events("سمع دوي انفجار عنيف في حي الشجاعية شرق مدينة غزة، فيما قال شهود إن طائرة حربية إسرائيلية "
                     "قصفت منزلا في الحي.")
    assert [(e["type"], e["actor1"]["id"]) for e in events] == [("airstrike", "ISR-ARMY")]


def test_a_bomb_in_a_joined_clause_is_not_set_off_by_the_party_that_shelled():
    events = _events("قصفت المدفعية التركية قرية تل جيجان في ريف حلب، فيما انفجرت عبوة ناسفة بسيارة في مدينة الباب.")
    assert [(e["type"], (e["actor1"] or {}).get("id")) for e in events] == [
        ("shelling_artillery_missile", "TUR-ARMY"), ("remote_explosive_ied", None)]


def test_a_toll_told_at_a_place_of_its_own_is_a_happening_there():
    events = _events("استشهد 18 فلسطينيا جراء غارات شنتها طائرات الاحتلال فجر اليوم على منازل في مخيمي النصيرات "
                     "والبريج وسط قطاع غزة.\n\n"
                     "وفي خان يونس جنوبي القطاع، استشهد شابان برصاص قناصة الاحتلال قرب دوار بني سهيلا.")
    assert [((e["location"] or {}).get("name"), e["fatalities"]) for e in events] == [
        ("Nuseirat camp", None), ("Al Burayj", None), ("Khān Yūnis", 2)]


def test_a_party_s_account_that_its_aircraft_struck_retells_its_airstrike():
    events = _events("استشهد 18 فلسطينيا جراء غارات شنتها طائرات الاحتلال فجر اليوم على منازل في مخيم النصيرات.\n\n"
                     "من جهته، زعم جيش الاحتلال أن طائراته استهدفت بنى تحتية تابعة لحركة حماس في المنطقة.")
    assert [(e["type"], e["actor1"]["id"]) for e in events] == [("airstrike", "ISR-ARMY")]


def test_the_attack_named_back_in_a_joined_clause_is_the_strike():
    events = _events("أعلنت المقاومة الإسلامية في العراق استهداف قاعدة عين الأسد الجوية بطائرة مسيرة، فيما قال مسؤول "
                     "أمريكي إن الهجوم لم يسفر عن إصابات.")
    assert [(e["type"], e["actor1"]["id"]) for e in events] == [("airstrike", "IRI")]


def test_a_later_toll_update_raises_the_bombing_s_toll():
    events = _events("قتل 12 شخصا على الأقل في انفجار سيارة مفخخة استهدف سوقا شعبيا في مدينة أعزاز مساء الأحد.\n\n"
                     "وفي وقت لاحق، ارتفعت حصيلة القتلى إلى 15 بعد وفاة ثلاثة من الجرحى متأثرين بإصاباتهم.")
    assert [(e["type"], e["fatalities"]) for e in events] == [("remote_explosive_ied", 15)]


def test_the_toll_a_municipal_council_s_town_is_named_with_is_the_clash_s():
    events = _events("اندلعت مساء الاثنين اشتباكات مسلحة بين اللواء 444 قتال وجهاز الردع في منطقة عين زارة جنوبي "
                     "العاصمة الليبية طرابلس.\n\n"
                     "وأعلن مركز طب الطوارئ والدعم مقتل 27 شخصا وإصابة 106 آخرين، فيما أعلن المجلس البلدي لسوق "
                     "الجمعة عن هدنة بين الطرفين.")
    assert [(e["type"], e["fatalities"], e["date"]) for e in events] == [
        ("armed_clash", 27, "2024-03-11"), ("ceasefire_or_agreement", None, "2024-03-11")]
    assert events[0]["location"]["name"] == "Ain Zara (Tripoli)"  # (not the council's Souq al-Jumaa, nor a Friday)


def test_the_weapons_the_attackers_used_are_no_second_happening_and_the_claim_names_them():
    doc = marsad.extract(
        "قتل سبعة من أفراد الشرطة المصرية وأصيب أربعة آخرون فجر اليوم في هجوم شنه مسلحون على نقطة تفتيش "
        "في حي المساعيد غرب مدينة العريش.\n\n"
        "وقالت مصادر أمنية إن المهاجمين استخدموا أسلحة رشاشة وقذائف صاروخية قبل أن يفروا.\n\n"
        "وأعلن تنظيم \"ولاية سيناء\" التابع لتنظيم الدولة الإسلامية مسؤوليته عن الهجوم.",
        id="t", date="2025-03-13")
    assert [(e["type"], e["actor1"]["id"], e["fatalities"]) for e in doc.events] == [("attack", "IS-SINAI", 7)]


def test_an_attack_with_a_weapon_keeps_the_weapon_s_type():
    doc = marsad.extract("شن مسلحون هجوما باستخدام قذائف الهاون على قاعدة عسكرية في مدينة بيدوا.", id="t")
    assert [e["type"] for e in doc.events] == ["shelling_artillery_missile"]


def test_a_new_item_a_source_tells_at_a_town_of_its_own_is_no_retelling():
    doc = marsad.extract(
        "واعتقلت قوات سوريا الديمقراطية ثلاث نساء خلال حملة مداهمات في الأطراف الجنوبية لمدينة الحسكة.\n\n"
        "إلى ذلك، أفادت وكالة محلية بأن حركة أحرار الشام نفذت حملة اعتقالات طالت 20 عاملا في مدينة تدمر.",
        id="t", date="2024-03-14")
    assert sorted((e["actor1"]["id"], e["location"]["name"]) for e in doc.events if e["type"] == "arrest") == [
        ("AHRAR-AL-SHAM", "Tadmur"), ("SDF", "Al Ḩasakah")]


@pytest.mark.parametrize("text", [
    "أعلن الحوثيون استهداف مطار بن غوريون بصاروخ باليستي، فيما قال الجيش الإسرائيلي إنه اعترض صاروخا أطلق من اليمن.",
    "Houthi rebels said they had targeted an Israeli airport with a ballistic missile, while Israel's military "
    "said it intercepted a missile launched from Yemen.",
])
def test_a_missile_intercepted_is_the_missile_fired_and_the_interceptor_its_target(text):
    events = marsad.extract(text, id="t", date="2025-08-14").events
    assert [(e["actor1"]["id"], e["actor2"]["id"]) for e in events] == [("HOUTHIS", "ISR-ARMY")]
