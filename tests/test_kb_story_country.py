"""What sets the story's country (which generic actors resolve by): place names that are everyday
words need a cue before they count, and international outlets do not place a story."""

from __future__ import annotations

from functools import lru_cache

import pytest

from marsad.api import extract


@lru_cache(maxsize=None)
def _doc(text: str):
    return extract(text)


def _ids(text: str, label: str) -> list[str]:
    return [s.attrs.get("kb_id") for s in _doc(text).spans if s.label == label]


def test_bare_government_is_not_voted_yemeni_by_a_village_of_that_name():
    text = "قالت الحكومة في بيان مقتضب إن الوضع تحت السيطرة."
    assert _doc(text).meta.get("story_country") is None
    assert "YEM-GOV" not in _ids(text, "ACTOR") and _ids(text, "LOC") == []


def test_government_follows_the_story_country_once_one_is_named():
    text = "قالت الحكومة في بيان إن الهدوء عاد إلى شوارع الموصل."
    assert "IRQ-GOV" in _ids(text, "ACTOR")


def test_adjective_loyal_is_not_the_comoran_island_without_a_cue():
    assert _ids("سيطر فصيل موالي للحكومة على التلة بعد معارك قصيرة.", "LOC") == []
    assert "adm1:KM-03" in _ids("رست السفينة قبالة جزيرة موالي في جزر القمر.", "LOC")


def test_libyan_accord_government_brigades():
    text = "اشتبكت كتائب الوفاق مع مسلحين جنوبي طرابلس الليبية."
    assert "LBY-GNA" in _ids(text, "ACTOR")


def test_an_international_outlet_does_not_place_the_story():
    text = "قال المتحدث باسم الجيش لقناة الجزيرة إن القوات تقدمت نحو المدينة."
    assert _doc(text).meta.get("story_country") is None
    assert "QAT-ARMY" not in _ids(text, "ACTOR")


def test_a_national_agency_still_does():
    text = "أفادت وكالة الأنباء السورية سانا بأن الجيش قصف مواقع للمسلحين."
    assert _doc(text).meta.get("story_country") == "SY" and "SYR-ARMY" in _ids(text, "ACTOR")


def test_forces_that_fight_abroad_do_not_place_the_story_at_home():
    # ("الرمادي" is also "grey": read as Ramadi only in a story that is not the United States')
    text = "قالت القوات الأمريكية إن إحدى دورياتها تعرضت لهجوم في الرمادي."
    assert _doc(text).meta.get("story_country") != "US"
    assert _ids(text, "LOC") == ["gn:98717"]


def test_ceasefire_agreement_is_no_place_but_an_agreement_named_for_a_city_is():
    assert _ids("أعلنت مصر أن اتفاق وقف إطلاق النار سيدخل حيز التنفيذ صباح الغد.", "LOC") == []
    assert "gn:107968" in _ids("وقع الطرفان على اتفاق الطائف بعد مفاوضات طويلة.", "LOC")


def test_everyday_words_named_like_small_towns_are_no_places():
    text = "وأكدت الفصائل على أساس الهوية الوطنية أن البنك المركزي سيبقى مستقلا، بحسب مبارك."
    assert _ids(text, "LOC") == []


def test_a_groups_adjective_after_the_noun_it_describes_names_no_group():
    assert _ids("وقال الوزير في مؤتمر صحفي إن المعبر مغلق.", "ACTOR") == []
    assert _ids("وطالب المجتمع المدني والمكتب الصحفي للنقابة بالتحقيق.", "ACTOR") == []
    assert _ids("قتل صحفي ومدني في غارة على البلدة.", "ACTOR") == ["JOURNALISTS", "CIVILIANS"]
    assert _ids("اعتقلت الشرطة الصحفي في المطار.", "ACTOR")[-1] == "JOURNALISTS"


def test_every_adjective_head_is_a_word_in_matching_form():
    from marsad.kb.entities import adjective_heads

    assert adjective_heads() and all(h and " " not in h and not h.startswith("ال") for h in adjective_heads())


# --- the civil defence of the story's country, and words misread as places -----------------------


@pytest.mark.parametrize("text, source", [
    ("قتل خمسة مدنيين بقصف مدفعي على بلدة كفرنبل، بحسب الدفاع المدني.", "Syrian Civil Defence (White Helmets)"),
    ("Three children were killed in an Israeli air strike on a house in Khan Younis, the Civil Defence said.",
     "Gaza Civil Defence"),
])
def test_the_civil_defence_is_the_story_countrys(text, source):
    assert _doc(text).events[0]["source"] == source


def test_a_word_misread_as_a_place_does_not_choose_the_story_country():
    # "فرقه" (its teams) is not ف + "رقه" (Raqqa): the story is Iraqi, so no Syrian civil defence.
    doc = _doc("قال الدفاع المدني إن فرقه انتشلت جثث أربعة أشخاص في الموصل.")
    assert doc.meta["story_country"] == "IQ"
    assert not [s for s in doc.spans if s.attrs.get("kb_id") == "SYR-CIVDEF"]


def test_a_town_spelt_like_a_word_across_the_border_is_read_after_a_preposition():
    # "جنين" is also "embryo": after "في" in a story the Israeli army leads it is the Palestinian town.
    assert [s.attrs["iso2"] for s in _doc("أطلق الجيش الإسرائيلي عملية عسكرية في جنين.").spans if s.label == "LOC"] == ["PS"]


def test_the_national_defence_forces_are_syria_s_militia_only_in_a_syrian_story():
    from marsad.api import extract

    doc = extract("هاجمت عناصر الدفاع الوطني بلدة في ريف حماة السورية.", id="x")
    assert [s.attrs.get("kb_id") for s in doc.spans if s.label == "ACTOR"] == ["NDF"]


def test_the_asayish_are_the_kurdistan_region_s_in_an_iraqi_story_and_syria_s_in_a_syrian_one():
    from marsad.api import extract

    for text, kb_id in (("اعتقلت قوات الأسايش في السليمانية صحفيين اثنين.", "KRG-ASAYISH"),
                        ("اعتقلت قوات الأسايش في مدينة القامشلي شابين.", "ASAYISH")):
        doc = extract(text, id="x")
        assert [s.attrs.get("kb_id") for s in doc.spans if s.label == "ACTOR"][0] == kb_id


def test_a_city_that_dwarfs_its_namesakes_abroad_names_the_story_s_country():
    import marsad

    doc = marsad.extract("تعرضت دورية للشرطة لهجوم بعبوة ناسفة قرب مدينة الرمادي.", date="2024-03-14")
    assert doc.meta["story_country"] == "IQ"
    assert [e["actor2"]["id"] for e in doc.events] == ["IRQ-POLICE"]


def test_a_neighbourhood_said_to_be_inside_a_city_does_not_vote_for_a_namesake_abroad():
    import marsad

    doc = marsad.extract("دهمت قوة أمنية منزل أحد المطلوبين في حي الخضراء بمدينة الموصل واعتقلته.", date="2024-03-14")
    assert doc.meta["story_country"] == "IQ"
    assert [e["actor1"]["id"] for e in doc.events] == ["IRQ-ISF"]


@pytest.mark.parametrize("text", [
    "أطلقت الشرطة القنابل المسيلة للدموع على المحتجين.",  # not M'Sila, Algeria
    "فرضت القوات حصارا على المدينة منذ أشهر وتفاقم الحصار.",  # siege, not Hisar
    "بثت القناة مشهد الدمار في الأحياء الجديدة.",  # scene, not Mashhad
])
def test_everyday_words_vote_for_no_country(text):
    import marsad

    assert marsad.extract(text, date="2024-03-14").meta["story_country"] is None


def test_a_name_shared_with_a_country_votes_for_neither():
    import marsad

    doc = marsad.extract("وصل الوزير إلى عمان في زيارة رسمية.", date="2024-03-14")
    assert doc.meta["story_country"] is None


def test_a_digest_paragraph_about_another_country_resolves_its_own_army():
    import marsad

    doc = marsad.extract("في سوريا، قتل خمسة عناصر من قوات الأمن العام في كمين قرب مدينة حمص.\n\n"
                         "وفي سوريا أيضا، اعتقلت الشرطة عشرة أشخاص في حلب.\n\n"
                         "وفي السودان، قصف الجيش بالمدفعية مواقع لقوات الدعم السريع شرقي مدينة الفاشر.",
                         date="2025-06-01")
    assert doc.meta["story_country"] == "SY"
    assert [e["actor1"]["id"] for e in doc.events if e["type"] == "shelling_artillery_missile"] == ["SDN-ARMY"]


def test_a_party_the_story_country_has_none_of_is_that_of_the_places_named():
    # the story's country is Russia's by its vote; "the factions" are Syria's, where the places are
    assert _ids("قصفت الطائرات الروسية مواقع للفصائل في جبل الزاوية.", "ACTOR") == ["RUS-AF", "SYR-OPP"]


@pytest.mark.parametrize("text, country", [
    ("وأوضح البيان أن أحد عناصر القوات العراقية قتل في إطار هذه العمليات العسكرية.", "IQ"),  # not Atar
    ("وخلف كل تجنيد مفت أعد الشباب للقيام بالأعمال الإرهابية.", "SO"),
])
def test_everyday_words_after_a_preposition_do_not_outvote_a_named_party(text, country):
    assert _doc(text).meta["story_country"] == country


def test_the_party_is_hezbollah_only_after_hezbollah_is_named():
    assert _ids("قصف حزب الله موقعا إسرائيليا، وقال الحزب في بيان إنه استهدف تجمعا للجنود.", "ACTOR")[:2] == \
        ["HEZBOLLAH", "HEZBOLLAH"]
    assert "HEZBOLLAH" not in _ids("طالب الحزب الدستوري الحر في تونس بالإفراج عن رئيسة الحزب.", "ACTOR")


@pytest.mark.parametrize("text, absent", [
    ("تحدث أحد أنصار الحزب الحاكم لصحيفة «الشرق الأوسط» حول المظاهرات.", "KW"),  # not Ash Sharq
    ("قتل أحد عناصر الشرطة في إطار العمليات العسكرية الجارية.", "MR"),  # not Atar
    ("دعا الوزير الأجهزة للقيام بواجبها الأمني.", "IR"),
    ("طعن شاب جنديا إسرائيليا قرب باب العامود في القدس.", "YE"),  # a gate, not ب + Ibb
])
def test_everyday_words_and_gates_are_no_places(text, absent):
    assert absent not in [s.attrs.get("iso2") for s in _doc(text).spans if s.label == "LOC"]


def test_a_maritime_reporting_body_does_not_place_the_story():
    doc = _doc("قالت هيئة عمليات التجارة البحرية البريطانية إن سفينة تعرضت لهجوم على بعد 70 ميلا بحريا "
               "جنوب غرب المخا.")
    assert doc.meta["story_country"] == "YE"


def test_drones_are_not_the_channel_of_the_same_name():
    assert "ALMASIRAH" not in _ids("استهدفت الطائرات المسيرة مواقع في مأرب.", "ORG")
    assert "ALMASIRAH" in _ids("وذكرت قناة المسيرة أن الغارات استهدفت مأرب.", "ORG")
    from marsad.kb.entities import craft_heads

    assert craft_heads() and all(h and " " not in h and not h.startswith("ال") for h in craft_heads())


def test_a_digest_item_opening_with_a_country_names_the_country_not_its_capital():
    text = ("أعلنت وزارة الداخلية التونسية اعتقال خمسة أشخاص في مدينة صفاقس.\n\n"
            "وفي الجزائر، نظم المئات من العمال وقفة احتجاجية في مدينة ورقلة.")
    assert [s.attrs.get("feature") for s in _doc(text).spans if s.label == "LOC" and s.text == "الجزائر"] == ["country"]
    protest = [e for e in extract(text).events if e["type"] == "protest"]
    assert [(e["location"]["name"], e["source"]) for e in protest] == [("Ouargla", None)]
