"""Not-happened filters end to end: denials, threats, plans and claims are marked by `status`;
conditionals, commemorations and questions give no event; history is kept as background.
Sentences are our own."""

from __future__ import annotations

from functools import lru_cache

import pytest

import marsad

PUB = "2024-03-14"


@lru_cache(maxsize=None)
def _events(text: str) -> tuple:
    return tuple(marsad.extract(text, date=PUB).events)


def _one(text: str) -> dict:
    events = _events(text)
    assert len(events) == 1, [(e["type"], e["status"]) for e in events]
    return events[0]


@pytest.mark.parametrize("text, status, etype, actor1", [
    ("نفى الجيش الإسرائيلي قصف مستشفى في مدينة خان يونس.", "denied", "shelling_artillery_missile", "ISR-ARMY"),
    ("نفت وزارة الدفاع الروسية أن تكون طائراتها قد شنت غارات على مدينة إدلب.", "denied", "airstrike", None),
    ("هدد الحوثيون بشن هجمات على السفن في البحر الأحمر.", "threatened", "attack", "HOUTHIS"),
    ("توعد تنظيم الدولة الإسلامية بشن هجمات جديدة في محافظة ديالى.", "threatened", "attack", "IS"),
    ("تعتزم القوات التركية شن عملية عسكرية في منطقة تل رفعت.", "planned", "military_operation_launch", "TUR-ARMY"),
    ("سوف تشن القوات التركية هجوما على مدينة منبج.", "planned", "attack", "TUR-ARMY"),
    ("تبنى تنظيم الدولة الإسلامية تفجير سيارة مفخخة في مدينة القامشلي.", "claimed", "remote_explosive_ied", "IS"),
    ("أعلنت حركة الشباب مسؤوليتها عن الهجوم على قاعدة للجيش الصومالي في مقديشو.", "claimed",
     "attack", "AL-SHABAAB"),
    ("The Houthis threatened to attack ships in the Red Sea.", "threatened", "attack", "HOUTHIS"),
])
def test_status_cues(text, status, etype, actor1):
    ev = _one(text)
    assert (ev["status"], ev["type"]) == (status, etype)
    if actor1 is not None:
        assert ev["actor1"] is not None and ev["actor1"]["id"] == actor1


def test_plain_report_is_reported():
    ev = _one("قصفت قوات النظام بلدة كفرنبل صباح اليوم.")
    assert ev["status"] == "reported" and ev["background"] is False


def test_unsure_statuses_lower_confidence():
    reported = _one("شنت القوات التركية هجوما على مدينة منبج.")
    planned = _one("سوف تشن القوات التركية هجوما على مدينة منبج.")
    assert planned["confidence"] < reported["confidence"]


@pytest.mark.parametrize("text", [
    # conditional
    "إذا هاجمت إسرائيل إيران فإن الرد سيكون قاسيا.",
    "في حال شنت تركيا هجوما على منبج فإن قوات سوريا الديمقراطية سترد.",
    # commemoration
    "أحيا سكان مدينة حلبجة ذكرى القصف الكيميائي على المدينة.",
    "نظم أهالي درعا فعاليات في الذكرى السنوية لمجزرة الجامع العمري.",
    # question
    "هل قصفت إسرائيل مطار دمشق؟",
])
def test_hypothetical_commemorated_and_asked_happenings_give_no_event(text):
    assert _events(text) == ()


def test_history_is_background():
    ev = _one("سيطر تنظيم الدولة الإسلامية على مدينة الرقة منذ عام 2014.")
    assert ev["background"] is True
    assert ev["date"] is None  # a year in the past is not the event's day


def test_history_does_not_taint_the_news_in_the_next_sentence():
    events = _events("سيطر تنظيم الدولة الإسلامية على مدينة الرقة منذ عام 2014. "
                     "وشنت طائرات التحالف الدولي غارات على مدينة الرقة صباح اليوم.")
    news = [e for e in events if e["type"] == "airstrike"]
    assert len(news) == 1
    assert news[0]["background"] is False and news[0]["status"] == "reported"
    assert news[0]["date"] == PUB


def test_denial_far_from_the_trigger_does_not_apply():
    # the denial is about a different claim; the shelling is reported
    ev = _events("نفى المتحدث العسكري صحة الأنباء عن انسحاب القوات من المدينة، مؤكدا أن قوات النظام "
                 "واصلت خلال الأيام الماضية عملياتها العسكرية المكثفة وقصفت بلدة كفرنبل.")
    shelling = [e for e in ev if e["type"] == "shelling_artillery_missile"]
    assert all(e["status"] == "reported" for e in shelling)


@pytest.mark.parametrize("text", [
    "قال متحدث باسم الخارجية إنه منذ الهجوم لم ترد أي معلومات عن مصير المهندسين.",
    "The foreign ministry said there had been no sign of the engineers since the attack.",
])
def test_a_happening_named_only_to_date_something_else_is_no_new_event(text):
    assert _events(text) == ()


def test_a_concrete_happening_after_since_is_kept_as_background():
    ev = _one("تسيطر الحكومة على مدينة مأرب منذ أن استعادتها من الحوثيين عام 2016.")
    assert ev["type"] == "territorial_change" and ev["background"] is True


def test_since_far_before_the_trigger_leaves_the_news_alone():
    ev = _one("قتل عشرون شخصا منذ فجر اليوم في غارات جوية على مدينة إدلب.")
    assert ev["type"] == "airstrike" and ev["background"] is False and ev["fatalities"] == 20


@pytest.mark.parametrize("text", [
    "Al Shabaab is fighting the government in a bid to impose its rule.",
    "The army says its units take care to spare civilians and blames the rebels for waging war from "
    "crowded neighbourhoods.",
])
def test_an_insurgency_described_is_no_clash(text):
    assert _events(text) == ()


def test_fighting_told_as_it_happens_is_a_clash():
    assert [e["type"] for e in _events("Rebels and the army are fighting in the streets of Goma on Tuesday.")] == [
        "armed_clash"]


def test_a_battle_lost_in_words_is_no_clash():
    assert _events('وقال قائد الفصيل: "اليوم خسرنا جولة ولن نخسر المعركة".') == ()
    assert [e["type"] for e in _events("اندلعت معركة عنيفة قرب سراقب.")] == ["armed_clash"]


@pytest.mark.parametrize("text", [
    # protests that go on are still protests told ...
    "وتواصل الاحتجاجات في العاصمة لليوم الثالث على التوالي رفضا لرفع أسعار الوقود.",
    # ... and so is a march on an anniversary
    "تظاهر آلاف الطلاب في الذكرى السنوية لتأسيس الجامعة احتجاجا على رفع الرسوم.",
])
def test_continuation_and_anniversary_cues_spare_protests(text):
    assert [e["type"] for e in _events(text)][:1] == ["protest"], _events(text)


def test_continuation_cue_still_drops_a_habitual_attack():
    assert _events("تواصل الجماعة شن هجماتها على القرى الحدودية.") == ()


@pytest.mark.parametrize("text", [
    # a truce called for
    "طالبت الجامعة العربية بوقف إطلاق النار في غزة.",
    "حث الأمين العام الطرفين على الالتزام بوقف إطلاق النار.",
    "ناشدت منظمة الصحة العالمية الأطراف المتحاربة التوصل إلى هدنة إنسانية.",
    # an attack foiled
    "أحبطت قوات الجيش عملية إرهابية كانت تستهدف كمينا جنوب المدينة.",
    "أعلنت الشرطة إحباط هجوم انتحاري في بغداد.",
    "Security forces foiled a car bomb attack in Mogadishu on Sunday.",
    # deaths in a road accident
    "لقي ثلاثة أشخاص حتفهم في حادث سير على طريق المطار.",
    "توفي خمسة أشخاص وأصيب عشرة آخرون في حادث مروري مروع على الطريق الدولي.",
    "A man was killed in a car accident on the airport road.",
    "وقتل شاب وأصيب اثنان بحادث سير على الطريق الساحلي.",  # the phrase's first word with a clitic
    "أعلنت وزارة الصحة ارتفاع عدد الإصابات بفيروس كورونا إلى 120 إصابة.",  # infections, no injuries
    "Health officials reported 45 new cholera infections in the camp.",
])
def test_calls_foiled_attacks_and_road_accidents_are_no_events(text):
    assert _events(text) == ()


@pytest.mark.parametrize("text, kind", [
    ("وقعت الحكومة والحركة اتفاقا لوقف إطلاق النار بعد دعوات دولية متكررة.", "ceasefire_or_agreement"),
    ("هاجم مسلحون حاجزا للجيش قرب العريش بعد أيام من إحباط هجوم مماثل.", "attack"),
    ("قتل ثلاثة جنود بانفجار عبوة ناسفة استهدفت سيارتهم على طريق المطار.", "remote_explosive_ied"),
])
def test_the_same_words_after_the_event_or_beside_a_bombing_leave_it(text, kind):
    assert _one(text)["type"] == kind


@pytest.mark.parametrize("text, status", [
    ("Officials warned that fighting could resume in Tripoli within days.", "planned"),
    ("The rebels could attack Tripoli.", "planned"),
    ("Fighting may have killed 20 people in Tripoli, officials said.", "reported"),
])
def test_an_english_modal_marks_a_happening_not_yet_told_unless_with_have(text, status):
    assert [e["status"] for e in _events(text)] == [status]


@pytest.mark.parametrize("text", [
    "ولم تعلن أي جهة مسؤوليتها عن التفجير الذي أودى بحياة أربعة جنود قرب مدينة رفح المصرية.",
    "No group has claimed responsibility for the blast that killed four soldiers near Rafah.",
])
def test_no_one_claiming_an_attack_leaves_it_reported(text):
    assert _one(text)["status"] == "reported"


def test_recalled_happening_takes_no_day_from_the_news_before_it():
    events = _events("شنت طائرات حربية روسية غارات على بلدة بنش صباح الخميس. "
                     "ويأتي هذا بعد هجوم لهيئة تحرير الشام على نقطة عسكرية قرب سراقب.")
    recalled = [e for e in events if e["background"]]
    assert [(e["date"], e["date_text"]) for e in recalled] == [(None, None)]
    assert [e["date_text"] for e in events if not e["background"]] == ["صباح الخميس"]


def test_responsibility_denied_is_a_denial_not_a_claim():
    ev = _one("نفت قوات الدعم السريع مسؤوليتها عن الهجوم على قرية في ولاية الجزيرة.")
    assert ev["status"] == "denied" and ev["source"] == "Rapid Support Forces"


@pytest.mark.parametrize("text, types", [
    ("خرقت قوات النظام الهدنة بقصف بلدة كفرنبل بالمدفعية الثقيلة.", ["shelling_artillery_missile"]),
    ("اتهمت المعارضة قوات النظام بخرق اتفاق وقف إطلاق النار.", []),
])
def test_a_truce_violated_is_no_agreement(text, types):
    assert [e["type"] for e in _events(text)] == types


def test_an_attempt_someone_survived_was_made():
    ev = _one("نجا محافظ عدن من محاولة اغتيال بعد انفجار سيارة مفخخة استهدفت موكبه في مديرية التواهي.")
    assert (ev["type"], ev["status"]) == ("remote_explosive_ied", "reported")


def test_a_foiled_attempt_is_no_event():
    assert _events("أحبطت الأجهزة الأمنية محاولة اغتيال محافظ عدن.") == ()


@pytest.mark.parametrize("text, status", [
    ("حذر الجيش الإسرائيلي من أنه سيقصف أي مبنى يستخدمه الحزب في الضاحية الجنوبية.", "threatened"),
    ("قال الجيش إنه سيقصف مواقع الحزب في الضاحية الجنوبية.", "planned"),
])
def test_a_trigger_verb_in_the_future_is_no_report(text, status):
    assert _one(text)["status"] == status


def test_a_verb_that_begins_with_sin_is_no_future():
    assert _one("سيطرت القوات على بلدة كفرنبل.")["status"] == "reported"


def test_the_army_whose_spokesman_denies_is_the_agent_denied():
    ev = _one("نفى المتحدث باسم الجيش السوري أن تكون قواته قد قصفت مستشفى في مدينة إدلب.")
    assert (ev["status"], ev["actor1"]["id"]) == ("denied", "SYR-ARMY")


def test_the_arrests_that_foiled_a_plot_were_made():
    ev = _one("أحبطت قوات الأمن التونسية مخططا إرهابيا كان يستهدف منشآت حيوية، واعتقلت أربعة عناصر من خلية تابعة "
              "لتنظيم داعش في ولاية القصرين.")
    assert (ev["type"], ev["status"], ev["arrested"]) == ("arrest", "reported", 4)


@pytest.mark.parametrize("text", [
    "انهارت الهدنة في السودان بعد ساعات من بدء سريانها، إثر تجدد الاشتباكات بين الجيش وقوات الدعم السريع في الخرطوم.",
    "The ceasefire collapsed hours after it took effect, as fighting resumed in Khartoum.",
])
def test_a_collapsed_truce_is_no_agreement_but_the_fighting_is_news(text):
    assert [e["type"] for e in _events(text)] == ["armed_clash"]


@pytest.mark.parametrize("text", [
    "أفرجت السلطات الإيرانية عن ثلاثة صحفيين اعتقلوا خلال الاحتجاجات الأخيرة في طهران.",
    "أطلقت السلطات سراح عشرين معتقلا اعتقلوا خلال الاحتجاجات في مدينة الكوت.",
])
def test_people_set_free_make_no_arrest_nor_protest(text):
    assert marsad.extract(text, id="t", date="2025-07-20").events == []


@pytest.mark.parametrize("text, etype", [
    ("أفرجت السلطات عن خمسة ناشطين واعتقلت ثلاثة آخرين في طهران.", "arrest"),  # a new arrest after the release
    ("تظاهر المئات في الرباط للمطالبة بالإفراج عن المعتقلين.", "protest"),  # a release demanded
])
def test_an_arrest_after_a_release_or_a_release_demanded_still_counts(text, etype):
    assert [e["type"] for e in marsad.extract(text, id="t", date="2025-07-20").events] == [etype]


def test_a_killing_told_by_its_own_verb_after_a_foiled_infiltration_happened():
    events = marsad.extract("تمكنت وحدات الجيش الأردني من إحباط محاولة تسلل لمجموعة مسلحة على الحدود مع سوريا "
                            "وقتلت ثلاثة من عناصرها.", id="t", date=PUB).events
    assert [(e["type"], e["fatalities"]) for e in events] == [("attack", 3)]


def test_objects_of_one_foiling_verb_stay_foiled():
    assert marsad.extract("أحبطت قوات الأمن هجوما وتفجيرا كانت خلية تخطط لتنفيذهما في بغداد.",
                          id="t", date=PUB).events == []


@pytest.mark.parametrize("text", [
    "لقي 12 شخصا حتفهم وأصيب 30 آخرون في انهيار مبنى سكني بحي شبرا في القاهرة.",
    "Four people drowned when floods swept through villages near Kassala.",
])
def test_deaths_in_a_collapse_or_a_flood_are_no_political_violence(text):
    assert marsad.extract(text, id="t", date=PUB).events == []


def test_a_strike_that_brought_a_house_down_is_still_a_strike():
    events = marsad.extract("قتل ثلاثة مدنيين في قصف أدى إلى انهيار منزل في مدينة جنين.", id="t", date=PUB).events
    assert [(e["type"], e["fatalities"]) for e in events] == [("shelling_artillery_missile", 3)]


@pytest.mark.parametrize("text", [
    "دعا الأمين العام للأمم المتحدة إلى وقف القصف على مدينة الفاشر فورا.",
    "أعلن الجيش وقف الغارات الجوية على أحياء المدينة.",
    "The envoy called for a halt to the shelling of Khartoum.",
])
def test_a_halt_called_for_or_announced_is_no_strike(text):
    assert _events(text) == ()


def test_a_strike_after_the_clashes_stopped_is_a_strike():
    ev = _one("قصفت المدفعية بلدة كفرنبل بعد توقف الاشتباكات في محيطها.")
    assert (ev["type"], ev["status"]) == ("shelling_artillery_missile", "reported")


@pytest.mark.parametrize("text, date", [
    ("تنظم نقابة الأطباء وقفة احتجاجية غدا أمام وزارة الصحة في الخرطوم.", "2024-03-15"),  # its day is to come
    ("وستنظم نقابة الأطباء وقفة احتجاجية أمام وزارة الصحة في الخرطوم.", None),  # a verb in the future
    ("ويعتصم الأساتذة بعد غد أمام وزارة التربية في تونس.", "2024-03-16"),
])
def test_a_protest_still_to_come_is_planned(text, date):
    ev = _one(text)
    assert (ev["type"], ev["status"], ev["date"]) == ("protest", "planned", date)


def test_a_truce_taking_effect_later_is_reported_with_no_day():
    ev = _one("وقع الطرفان اتفاقا لوقف إطلاق النار يدخل حيز التنفيذ غدا.")
    assert (ev["type"], ev["status"], ev["date"]) == ("ceasefire_or_agreement", "reported", None)


def test_an_attempt_suffered_was_made():
    ev = _one("تعرض محافظ المدينة لمحاولة اغتيال في مدينة تعز.")
    assert (ev["type"], ev["status"]) == ("violence_against_civilians", "reported")
