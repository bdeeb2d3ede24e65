"""Event detection end to end (`marsad.extract`): each type from its trigger forms — perfect,
imperfect and passive verbs, verbal nouns, plurals, clitic forms — in Arabic and English.
Sentences are our own."""

from __future__ import annotations

from functools import lru_cache

import pytest

import marsad

PUB = "2024-03-14"  # a Thursday


@lru_cache(maxsize=None)
def _events(text: str, date: str | None = PUB) -> tuple:
    return tuple(marsad.extract(text, date=date).events)


def _types(text: str) -> list[str]:
    return [e["type"] for e in _events(text)]


DETECTION = [
    # airstrike: plural noun after a VSO verb
    ("شنت طائرات التحالف الدولي غارات على مواقع لتنظيم الدولة الإسلامية في بلدة هجين بريف دير الزور الشرقي.",
     "airstrike"),
    # clitic و+ب on a plural noun, with an adjective
    ("وبغارات جوية استهدفت مدينة سراقب قتل خمسة مدنيين.", "airstrike"),
    # shelling: perfect, imperfect, passive (with diacritic), definite verbal noun
    ("قصفت قوات النظام السوري بلدة كفرنبل في ريف إدلب الجنوبي بقذائف المدفعية.", "shelling_artillery_missile"),
    ("يقصف الجيش التركي بالمدفعية قرى ريف تل تمر شمال الحسكة.", "shelling_artillery_missile"),
    ("قُصفت مدينة أريحا بعشرات القذائف الصاروخية صباح اليوم.", "shelling_artillery_missile"),
    ("أدى القصف المدفعي على بلدة سرمين إلى دمار واسع في الأحياء السكنية.", "shelling_artillery_missile"),
    # armed clash: clitic و+ال on a plural noun; "اندلعت اشتباكات"
    ("والاشتباكات بين قوات سوريا الديمقراطية وتنظيم الدولة الإسلامية استمرت في بلدة الباغوز.", "armed_clash"),
    ("اندلعت اشتباكات بين الجيش السوداني وقوات الدعم السريع في مدينة الفاشر.", "armed_clash"),
    # attack: verb and "شن هجوما"
    ("هاجم مسلحون من حركة الشباب قاعدة عسكرية للجيش الصومالي في مدينة بلدوين.", "attack"),
    ("شن مسلحون هجوما على نقطة تفتيش للجيش النيجيري في ولاية بورنو.", "attack"),
    # explosives
    ("انفجرت عبوة ناسفة بسيارة عسكرية في مدينة الباب بريف حلب الشمالي.", "remote_explosive_ied"),
    ("انفجرت سيارة مفخخة في مدينة عفرين مما أدى إلى مقتل ثمانية أشخاص.", "remote_explosive_ied"),
    ("فجر انتحاري نفسه في سوق شعبي بمدينة بغداد.", "suicide_bomb"),
    # violence against civilians, abduction, arrest
    ("اغتال مسلحون مجهولون قياديا في مدينة درعا.", "violence_against_civilians"),
    ("اختطف مسلحون ثلاثة مدنيين في مدينة بنغازي.", "abduction"),
    ("خطف مسلحون مجهولون طبيبا في مدينة سبها جنوب ليبيا.", "abduction"),
    ("اعتقلت قوات الأمن التونسية عشرة أشخاص في مدينة صفاقس.", "arrest"),
    ("شنت القوات الإسرائيلية حملة دهم واعتقالات في مدينة نابلس.", "arrest"),
    # demonstrations
    ("تظاهر المئات في مدينة السويداء للمطالبة برحيل النظام.", "protest"),
    ("نظم أهالي مدينة إدلب وقفة احتجاجية ضد القصف.", "protest"),
    ("خرجت مظاهرة حاشدة في مدينة إدلب تنديدا بالقصف.", "protest"),
    ("رشق شبان فلسطينيون قوات الاحتلال بالحجارة والزجاجات الحارقة في بلدة بيتا.", "riot"),
    # strategic
    ("سيطرت قوات سوريا الديمقراطية على بلدة هجين.", "territorial_change"),
    ("استعاد الجيش السوري السيطرة على مدينة سراقب.", "territorial_change"),
    ("انسحبت قوات النظام من بلدة خان شيخون.", "territorial_change"),
    ("دخلت قوات الجيش السوري مدينة منبج بعد انسحاب المقاتلين الأكراد.", "territorial_change"),
    ("أعلنت قوات سوريا الديمقراطية بدء معركة لطرد تنظيم الدولة من ريف دير الزور الشرقي.",
     "military_operation_launch"),
    ("أعلنت روسيا وتركيا التوصل إلى اتفاق لوقف إطلاق النار في إدلب.", "ceasefire_or_agreement"),
    # English
    ("Syrian government warplanes carried out airstrikes on the town of Saraqib in Idlib province on Monday, "
     "killing seven civilians.", "airstrike"),
    ("Hundreds of protesters rallied in the city of Sweida on Friday.", "protest"),
    ("Clashes broke out between the Sudanese army and the Rapid Support Forces in Omdurman on Tuesday.",
     "armed_clash"),
    ("Gunmen kidnapped five aid workers in the town of Gao, officials said.", "abduction"),
]


@pytest.mark.parametrize("text, etype", DETECTION)
def test_each_type_is_detected_from_its_trigger_forms(text, etype):
    types = _types(text)
    assert types, f"no event in {text!r}"
    assert types[0] == etype


@pytest.mark.parametrize("text, etype", [
    # one happening, one location: the sentence must give exactly one event
    ("انفجرت سيارة مفخخة في مدينة عفرين مما أدى إلى مقتل ثمانية أشخاص.", "remote_explosive_ied"),
    ("فجر انتحاري نفسه في سوق شعبي بمدينة بغداد.", "suicide_bomb"),
    ("أدى القصف المدفعي على بلدة سرمين إلى دمار واسع في الأحياء السكنية.", "shelling_artillery_missile"),
])
def test_one_place_gives_one_event(text, etype):
    assert _types(text) == [etype]


def test_dawn_is_not_a_detonation():
    assert _types("شنت طائرات روسية غارات على كفرنبل فجر اليوم.") == ["airstrike"]


@pytest.mark.parametrize("text", [
    "زار وزير الخارجية التركي العاصمة الروسية موسكو لبحث العلاقات الثنائية.",
    "افتتح محافظ البصرة مستشفى جديدا في قضاء الزبير.",
    "The Turkish foreign minister visited Moscow to discuss bilateral trade.",
])
def test_sentences_without_a_trigger_give_no_event(text):
    assert _events(text) == ()


def test_acled_and_plover_fields_follow_the_type():
    ev = _events("اعتقلت قوات الأمن التونسية عشرة أشخاص في مدينة صفاقس.")[0]
    assert (ev["acled_event_type"], ev["acled_sub_event_type"]) == ("Strategic developments", "Arrests")
    assert (ev["plover_type"], ev["plover_mode"]) == ("COERCE", "arrest")


def test_a_suicide_drone_is_a_drone_strike_not_a_suicide_bombing():
    import marsad

    drone = marsad.extract("قصفت قوات الدعم السريع منشآت في مدينة بورتسودان بمسيرات انتحارية.").events
    bomber = marsad.extract("فجر انتحاري نفسه في سوق مزدحم بمدينة مايدوغوري.").events
    assert [e["type"] for e in drone] == ["airstrike"]
    assert [e["type"] for e in bomber] == ["suicide_bomb"]


def test_missiles_air_defences_intercept_are_missile_fire_not_an_airstrike():
    import marsad

    events = marsad.extract("اعترضت الدفاعات الجوية ثلاثة صواريخ باليستية أطلقها الحوثيون باتجاه مدينة جازان.").events
    assert [e["type"] for e in events] == ["shelling_artillery_missile"]


@pytest.mark.parametrize("text", [
    "وقال الجيش إن قواته تصدت لهجمات شنتها قوات الدعم السريع على مدينة الأبيض.",
    "Troops repelled an attack by al-Shabaab fighters on a base near Kismayo.",
])
def test_an_attack_repelled_is_a_clash(text):
    import marsad

    assert [e["type"] for e in marsad.extract(text).events] == ["armed_clash"]


@pytest.mark.parametrize("text", [
    "أطلق مسلحون مجهولون النار على مسؤول عسكري في مخيم عين الحلوة.",
    "فتح عناصر من الشرطة النار على سيارة مدنية عند حاجز قرب نابلس.",
])
def test_fire_opened_with_the_subject_between_verb_and_object(text):
    # VSO puts the subject inside "أطلق ... النار": no trigger phrase, the verb and object still join.
    assert [e["type"] for e in marsad.extract(text, date="2024-03-14").events] == ["attack"]


def test_a_verb_without_its_object_nearby_is_no_shooting():
    assert marsad.extract("أطلق الجيش الإسرائيلي أمس حملة لجمع التبرعات ثم أعاد النظر فيها.", date="2024-03-14").events == []


@pytest.mark.parametrize("text, agent", [
    ("داهمت قوة أمنية منزل الناشط علي الأحمد في مدينة البصرة واقتادته إلى جهة مجهولة.", "IRQ-ISF"),
    ("داهمت قوات الاحتلال منزل عائلة الشهيد في بلدة قباطية واقتادته إلى معسكر قريب.", "ISR-ARMY"),
])
def test_taken_away_by_a_force_is_an_arrest(text, agent):
    (ev,) = _events(text)
    assert (ev["type"], ev["actor1"]["id"]) == ("arrest", agent)


@pytest.mark.parametrize("text", [
    "اقتادت المدربة فريقها إلى الفوز في نهائي البطولة.",
    "شهدت الأسواق ضربة أمريكية جديدة بعد رفع أسعار الفائدة.",
    "أطلقت الشركة عملية جوية لنقل المساعدات الإنسانية إلى المناطق المنكوبة.",
    "نظم الطلاب مسيرتين رياضيتين في شوارع المدينة احتفالا بعيد الاستقلال.",
    # ("الدوري" is a league, not Dori in Burkina Faso)
    "أعلن النادي سيطرته على صدارة الدوري بعد الفوز على منافسه.",
])
def test_words_of_force_in_sport_and_markets_make_no_event(text):
    assert _events(text) == ()


@pytest.mark.parametrize("text, acled", [
    ("تظاهر المئات في مدينة السليمانية احتجاجا على تأخر الرواتب.", ("Protests", "Peaceful protest")),
    ("تظاهر المئات في مدينة السليمانية وفرقتهم قوات الأمن بالغاز المسيل للدموع.",
     ("Protests", "Protest with intervention")),
    ("قتل متظاهر برصاص قوات الأمن خلال احتجاجات في مدينة السليمانية.",
     ("Protests", "Excessive force against protesters")),
    ("هاجم مستوطنون متظاهرين في قرية بيتا.", ("Violence against civilians", "Attack")),
])
def test_acled_sub_event_types_of_protests_and_attacks_on_protesters(text, acled):
    (ev,) = _events(text)
    assert (ev["acled_event_type"], ev["acled_sub_event_type"]) == acled


@pytest.mark.parametrize("text, counts", [
    ("أصيب متظاهران برصاص قوات الأمن خلال احتجاجات في مدينة السليمانية.", (None, 2)),
    ("قتل متظاهر برصاص قوات الأمن خلال احتجاجات في مدينة السليمانية.", (1, None)),
])
def test_protesters_shot_are_counted(text, counts):
    (ev,) = _events(text)
    assert (ev["fatalities"], ev["injured"]) == counts


@pytest.mark.parametrize("text", [
    "سقطت قذيفتان على حي المزة في دمشق دون وقوع إصابات.",
    "سقط صاروخان على حي المزة في دمشق.",
])
def test_two_shells_or_rockets_are_shelling(text):
    assert _types(text) == ["shelling_artillery_missile"]


def test_an_explosive_laden_drone_is_a_drone_strike():
    assert _types("دمرت الدفاعات الجوية مسيرة مفخخة أطلقتها جماعة الحوثي باتجاه خميس مشيط.") == ["airstrike"]
    assert _types("انفجرت سيارة مفخخة في سوق مدينة أعزاز.") == ["remote_explosive_ied"]


@pytest.mark.parametrize("text", [
    "سدد اللاعب قذيفتين قويتين ارتطمت إحداهما بالعارضة.",
    "أطلق المهاجم صاروخا من خارج منطقة الجزاء سكن المرمى.",
    "هاجم المنتخب منافسه طوال الشوط الأول دون أن يسجل.",
])
def test_football_words_of_war_make_no_event(text):
    assert _events(text) == ()


def test_a_shelling_near_a_stadium_with_a_toll_is_still_an_event():
    assert _types("قتل ثلاثة مدنيين في قصف مدفعي قرب ملعب المدينة خلال مباراة محلية.") == ["shelling_artillery_missile"]


def test_a_vigil_organised_by_a_group_named_between_verb_and_noun_is_a_protest():
    assert _types("نظمت عائلات الأسرى وقفة أمام مقر الصليب الأحمر في مدينة غزة للتضامن مع ذويهم.") == ["protest"]
    assert _types("نظمت وزارة الثقافة مسيرة للكتاب في المعرض.") == []


def test_a_ministry_protested_against_did_not_intervene():
    (ev,) = _events("تظاهر عشرات الأطباء أمام وزارة الصحة في الخرطوم احتجاجا على الاعتداءات على الكوادر الطبية.")
    assert ev["acled_sub_event_type"] == "Peaceful protest"


def test_clashes_between_young_men_and_soldiers_are_a_riot_by_rioters():
    (ev,) = _events("اندلعت مواجهات بين شبان فلسطينيين وقوات الاحتلال عند المدخل الشمالي لمدينة البيرة.")
    assert (ev["type"], ev["actor1"]["id"], ev["actor2"]["id"]) == ("riot", "RIOTERS", "ISR-ARMY")


def test_authorities_announcing_an_arrest_made_it():
    (ev,) = _events("أعلنت السلطات الليبية في بنغازي القبض على خلية تابعة لتنظيم داعش تضم سبعة عناصر.")
    assert (ev["type"], ev["actor1"]["id"]) == ("arrest", "LBY-POLICE")


@pytest.mark.parametrize("text", [
    "أكد مصدر عسكري سوداني أن الجيش تمكن من صد هجوم واسع لقوات الدعم السريع على مدينة بابنوسة.",
    "تصدت القوات المسلحة السودانية لهجوم شنته قوات الدعم السريع على مدينة الأبيض.",
    "The army repelled an attack by al-Shabaab militants on a base in Lower Shabelle.",
])
def test_an_attack_repelled_is_a_battle(text):
    assert [e["type"] for e in marsad.extract(text, id="t").events] == ["armed_clash"]


def test_a_legal_appeal_is_no_stabbing():
    assert marsad.extract("قدم الحزب المشروع وتم رفضه والطعن على قرار الرفض في العام نفسه.", id="t").events == []


def test_a_protest_against_a_decision_is_still_a_protest():
    events = marsad.extract("خرج آلاف المتظاهرين في لندن للاحتجاج على قرار الحكومة بإرسال قوات إلى العراق.", id="t").events
    assert [e["type"] for e in events] == ["protest"]


@pytest.mark.parametrize("text, etype", [
    ("قوات الأمن أطلقت النار على المحتجين في مدينة البصرة.", "attack"),  # SVO, feminine verb
    ("الشرطة فتحت النار على سيارة مدنية عند حاجز في مدينة كركوك.", "attack"),
    ("وقال المتحدث إن ضابطا وجنديا اختطفا من منزليهما على يد مسلحين في كركوك.", "abduction"),  # dual passive
])
def test_feminine_imperfect_and_dual_forms_make_their_event(text, etype):
    assert _types(text)[:1] == [etype]


@pytest.mark.parametrize("text", [
    "أطلقت قوات الأمن النار في الهواء لتفريق المحتجين في مدينة البصرة.",
    "Police fired shots into the air to disperse the protesters in Lahore.",
])
def test_shots_into_the_air_to_disperse_a_crowd_are_no_attack(text):
    assert _types(text) == ["protest"]


def test_live_rounds_fired_split_by_the_subject_are_an_attack():
    # the object "الرصاص" holds a weak word of its own; the verb and object make the attack
    assert _types("أطلق الجنود الرصاص الحي على الشبان في مدينة نابلس.") == ["attack"]


@pytest.mark.parametrize("text", [
    "وتتعرض القرية لاعتداءات متكررة من قبل المستوطنين المقيمين حولها.",
    "تشن الطائرات غارات شبه يومية على أطراف المدينة.",
    "The village faces repeated raids by settlers from the hills around it.",
    "وأطلق الجنود الرصاص المطاطي تجاه الشبان قرب مدخل القرية.",  # a crowd's control, told with the crowd
])
def test_a_habit_or_a_crowd_s_control_is_no_event_of_its_own(text):
    assert _types(text) == []


def test_repeated_strikes_on_a_day_told_are_that_day_s_strikes():
    assert _types("شنت الطائرات غارات جوية متكررة على البلدة أمس.") == ["airstrike"]


def test_the_maghreb_s_word_for_an_arrest_counts_who_was_taken():
    (ev,) = _events("أعلنت وزارة الداخلية التونسية إيقاف 12 شخصا إثر مواجهات ليلية في مدينة صفاقس.")
    assert (ev["type"], ev["arrested"], ev["actor1"]["id"]) == ("arrest", 12, "TUN-POLICE")
    assert _types("أعلن الجيش إيقاف القصف على المدينة.") == []  # a halt takes no one
