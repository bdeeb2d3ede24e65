"""Reporting sources through the whole pipeline: outlets from the KB, credit lines, SVO
subjects, spokespersons, nationality of unnamed sources (own example sentences)."""

from __future__ import annotations

import pytest

import marsad
from marsad.extraction.sources import SourcesDataError, parse_source_cues


def sources(text: str) -> list[tuple[str, str | None]]:
    doc = marsad.extract(text, date="2024-03-05")
    return [(s.attrs.get("name"), s.attrs.get("kb_id")) for s in doc.spans if s.label == "SOURCE"]


def test_quoted_outlet_name_resolves_in_the_kb():
    got = sources('قتل خمسة مسلحين في اشتباك قرب الحدود، وفقا لقناة "الجزيرة".')
    assert ("Al Jazeera", "ALJAZEERA") in got


def test_radio_is_an_outlet_head():
    got = sources('ونقل راديو "أفريقيا 1" اليوم عن ضابط قوله إن الهجوم صُدّ.')
    assert ("Africa No.1", "AFRICA-NO1") in got


def test_spanish_agency_arabic_name():
    got = sources("وكشفت وكالة الأنباء الإسبانية أن القافلة تعرضت لكمين شمال البلاد.")
    assert ("EFE", "EFE") in got


def test_credit_line_is_the_fallback_source():
    text = ("انفجار عبوة ناسفة يقتل ثلاثة جنود قرب حمص\nرويترز (دمشق)\n"
            "قتل ثلاثة جنود في انفجار عبوة ناسفة على طريق دمشق حمص اليوم، وأصيب اثنان آخران.")
    doc = marsad.extract(text, date="2024-03-05")
    assert doc.events and {e["source"] for e in doc.events} == {"Reuters"}


def test_outlet_word_alone_on_a_line_is_not_a_credit_line():
    text = ("انفجار عبوة ناسفة يقتل ثلاثة جنود قرب حمص\nالعربية\n"
            "قتل ثلاثة جنود في انفجار عبوة ناسفة على طريق دمشق حمص اليوم، وأصيب اثنان آخران.")
    doc = marsad.extract(text, date="2024-03-05")
    assert all(s.attrs.get("cue") != "credit line" for s in doc.spans if s.label == "SOURCE")


def test_subject_before_the_verb():
    got = sources("وكانت المدينة تعرضت لقصف، ومراسل الميادين في المدينة أفاد في حينها بسقوط قذائف.")
    assert ("Al Mayadeen", "ALMAYADEEN") in got


def test_verb_subject_order_wins_over_a_noun_before_the_verb():
    got = sources("تواصل القتال في أم درمان بين الجيش وقوات الدعم السريع، أعلنت المخابرات العامة السودانية أنها ستتعقب المسؤولين عنه.")
    names = [n for n, _ in got]
    assert "Sudanese General Intelligence Service" in names
    assert "Sudanese Armed Forces" not in names


def test_named_spokesperson_is_described_by_his_organisation():
    got = sources("وكان المتحدث باسم الجيش السوداني خالد حسن، قد أفاد في وقت لاحق بأن الهجوم صُدّ.")
    assert any(n and n.startswith("Sudanese Armed Forces spokesperson (") for n, _ in got)


def test_kb_official_after_a_cue():
    got = sources("أعلن الرئيس التركي رجب طيب أردوغان بدء عملية عسكرية جديدة.")
    assert ("Recep Tayyip Erdogan", "P-ERDOGAN") in got


@pytest.mark.parametrize("text, name", [
    ("وبحسب مصادر عراقية، فإن طائرة مسيرة قصفت موقعا قرب الحدود.", "Iraqi sources"),
    ("كشفت وسائل إعلام ليبية عن اشتباكات جنوب طرابلس.", "Libyan media sources"),
    ("وقال مصدر أمني يمني إن الحوثيين قصفوا موقعا للجيش.", "Yemeni security sources"),
])
def test_unnamed_source_keeps_its_nationality(text, name):
    assert name in [n for n, _ in sources(text)]


def test_unnamed_source_without_nationality_is_unchanged():
    assert "Security sources" in [n for n, _ in sources("وقال مصدر أمني إن الحوثيين قصفوا موقعا للجيش.")]


def test_nationalities_validated():
    base = {"cues": [{"direction": "after", "forms": ["قال"]}], "skip": ["ما"], "outlet_heads": ["وكالة"]}
    assert parse_source_cues({**base, "nationalities": {"يمني": "Yemeni"}}).nationalities
    with pytest.raises(SourcesDataError):
        parse_source_cues({**base, "nationalities": {"يمني": ""}})
    with pytest.raises(SourcesDataError):
        parse_source_cues({**base, "nationalities": ["يمني"]})


@pytest.mark.parametrize("text, name", [
    ("وقال مصدر عسكري لقناة الجزيرة إن الهجوم صُدّ.", "Security sources (via Al Jazeera)"),
    ("ونقلت وكالة الأناضول اليوم، عن مصدر أمني قوله إن الهجوم صُدّ.", "Security sources (via Anadolu Agency)"),
])
def test_relayed_report_names_teller_and_relay(text, name):
    assert name in [n for n, _ in sources(text)]


def test_outlet_reporting_itself_has_no_relay():
    names = [n for n, _ in sources("ونقلت وكالة الأناضول أن الهجوم صُدّ قرب الحدود.")]
    assert "Anadolu Agency" in names and not any("via" in (n or "") for n in names)


def test_english_according_to_a_list_provided_by():
    doc = marsad.extract("A strike killed three people on Monday, according to a casualty list provided by "
                         "Al-Awda Hospital, where the wounded were taken.", date="2024-03-05")
    names = [s.attrs.get("name") for s in doc.spans if s.label == "SOURCE"]
    assert any(n and n.startswith("Al-Awda Hospital") for n in names)


def test_english_have_said_keeps_the_subject():
    doc = marsad.extract("Four people were killed in the raid, local officials have said.", date="2024-03-05")
    assert [s for s in doc.spans if s.label == "SOURCE"]


def test_a_digest_s_item_about_another_country_takes_neither_the_lead_s_source_nor_its_army():
    import marsad

    doc = marsad.extract(
        "أفاد المرصد السوري لحقوق الإنسان بمقتل أربعة عناصر من قوات النظام في هجوم لتنظيم داعش في بادية السخنة.\n\n"
        "وفي اليمن، قتل جنديان في هجوم بطائرة مسيرة على موقع للقوات الحكومية في مديرية حريب بمحافظة مأرب.",
        id="t", date="2025-08-14")
    yemen = next(e for e in doc.events if e["location"]["iso2"] == "YE")
    assert (yemen["source"], yemen["actor2"]["id"]) == (None, "YEM-ARMY")
    syria = next(e for e in doc.events if e["location"]["iso2"] == "SY")
    assert syria["source"] == "Syrian Observatory for Human Rights"
