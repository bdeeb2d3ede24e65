"""The output contract on event records from the full pipeline: every record validates against
the JSON Schema, every offset points at its text, and the ACLED/PLOVER fields come from the one
mapping table (data/event_types.tsv).  Stories are our own."""

from __future__ import annotations

import json
from functools import lru_cache

import pytest

import marsad
from marsad.extraction.triggers import event_types as type_table
from marsad.kb.entities import load_kb
from marsad.schema import errors, event_types as schema_types, offset_errors

STORIES = [
    ("ar-syria", "2018-09-11", "قوات سوريا الديمقراطية تطلق معركة في ريف دير الزور",
     "قوات سوريا الديمقراطية تطلق معركة في ريف دير الزور\n"
     "أعلنت قوات سوريا الديمقراطية بدء معركة لطرد تنظيم الدولة الإسلامية من بلدة هجين بريف دير الزور الشرقي. "
     "وشنت طائرات التحالف الدولي غارات على مواقع التنظيم في بلدة الشعفة فجر اليوم، بحسب المرصد السوري "
     "لحقوق الإنسان. وقال الناطق باسم قوات سوريا الديمقراطية إن \"المعارك تسير وفق الخطة\".\n\n"
     "وفي إدلب، قتل ثلاثة مدنيين بينهم طفل في قصف مدفعي لقوات النظام على بلدتي سرمين وبنش أمس الاثنين."),
    ("ar-gaza", "2024-06-04", None,
     "قالت وزارة الصحة في غزة إن غارة إسرائيلية على مخيم النصيرات وسط قطاع غزة أسفرت عن مقتل ستة أشخاص "
     "وإصابة ١٥ آخرين أمس. ونفى الجيش الإسرائيلي قصف مستشفى في خان يونس. وهددت حركة حماس بشن هجمات جديدة."),
    ("ar-maghreb", None, None,
     "اعتقلت الشرطة الجزائرية عشرة أشخاص في وهران يوم 3 أوت خلال احتجاجات على انقطاع المياه. "
     "وتظاهر المئات في مدينة تيزي وزو تضامنا مع المعتقلين."),
    ("ar-sudan", "2024-03-14", None,
     "اندلعت اشتباكات بين الجيش السوداني وقوات الدعم السريع في الفاشر الليلة الماضية. وقال مصدر عسكري إن "
     "الاشتباكات أسفرت عن مقتل ما لا يقل عن 25 مقاتلا. وتبنت قوات الدعم السريع الهجوم على مقر الفرقة السادسة."),
    ("en-yemen", "2024-01-20", None,
     "The Houthis threatened to attack ships in the Red Sea. US warplanes carried out airstrikes on Houthi "
     "positions near Hodeidah on Friday, killing at least five fighters, according to Reuters."),
]


@lru_cache(maxsize=None)
def _record(doc_id: str) -> dict:
    _id, date, title, text = next(s for s in STORIES if s[0] == doc_id)
    return marsad.extract(text, id=doc_id, date=date, title=title).to_dict()


IDS = [s[0] for s in STORIES]


def test_stories_produce_events():
    assert all(_record(i)["events"] for i in IDS)
    assert sum(len(_record(i)["events"]) for i in IDS) >= 10


@pytest.mark.parametrize("doc_id", IDS)
def test_record_validates_against_the_schema(doc_id):
    record = _record(doc_id)
    json.dumps(record, ensure_ascii=False)
    assert errors(record) == []


@pytest.mark.parametrize("doc_id", IDS)
def test_every_span_text_is_its_slice_of_the_text(doc_id):
    record = _record(doc_id)
    assert offset_errors(record) == []
    text = record["doc"]["text"]
    for ev in record["events"]:
        ev_text = ev["evidence"]
        assert text[ev_text["start"]:ev_text["end"]] == ev_text["text"]
        trig = ev.get("trigger")
        if trig is not None:
            assert text[trig["start"]:trig["end"]] == trig["text"]
            assert ev_text["start"] <= trig["start"] < trig["end"] <= ev_text["end"]
        for key in ("source_text", "date_text"):
            if ev[key] is not None:
                assert ev[key] in text
        if ev["location"] is not None and ev["location"]["text"] is not None:
            assert ev["location"]["text"] in text


@pytest.mark.parametrize("doc_id", IDS)
def test_event_ids_are_unique_and_fields_complete(doc_id):
    events = _record(doc_id)["events"]
    assert len({e["id"] for e in events}) == len(events)
    required = ("id", "type", "plover_type", "plover_mode", "acled_event_type", "acled_sub_event_type", "actor1",
                "actor2", "assoc_actors", "location", "date", "date_end", "time_precision", "date_text",
                "fatalities", "injured", "arrested", "source", "source_text", "evidence", "confidence", "status")
    for ev in events:
        assert set(required) <= set(ev)
        assert 0 <= ev["confidence"] <= 1


def test_mapping_table_and_schema_share_one_vocabulary():
    assert set(type_table()) == set(schema_types())


@pytest.mark.parametrize("doc_id", IDS)
def test_acled_and_plover_fields_come_from_the_mapping_table(doc_id):
    for ev in _record(doc_id)["events"]:
        row = type_table()[ev["type"]]
        assert (ev["plover_type"], ev["plover_mode"]) == (row.plover_type, row.plover_mode or None)
        acled = (ev["acled_event_type"], ev["acled_sub_event_type"])
        unarmed_target = ev["actor2"] is not None and ev["actor2"]["inter"] in (6, 7)
        state_force_met = ev["actor2"] is not None and ev["actor2"]["inter"] in (1, 8) and (
            load_kb().actors.by_id[ev["actor2"]["id"]].kind != "government")  # (a ministry protested against)
        if ev["type"] == "attack" and unarmed_target:
            # ACLED codes an attack on civilians or protesters as violence against civilians
            assert acled == ("Violence against civilians", "Attack")
        elif ev["type"] == "protest" and state_force_met:
            assert acled[0] == "Protests" and acled[1] in ("Protest with intervention", "Excessive force against protesters")
        else:
            assert acled == (row.acled_event_type, row.acled_sub_event_type)


def test_story_without_publication_date_invents_no_date():
    record = _record("ar-maghreb")
    assert record["doc"]["publication_date"] is None
    arrests = [e for e in record["events"] if e["type"] == "arrest"]
    assert len(arrests) == 1
    assert arrests[0]["date"] is None and arrests[0]["date_text"] and "أوت" in arrests[0]["date_text"]
    assert arrests[0]["arrested"] == 10


def test_story_statuses_survive_into_the_record():
    statuses = {(e["type"], e["status"]) for e in _record("ar-gaza")["events"]}
    assert ("airstrike", "reported") in statuses
    assert ("shelling_artillery_missile", "denied") in statuses
    assert ("attack", "threatened") in statuses


def test_gaza_story_counts_and_date():
    strike = next(e for e in _record("ar-gaza")["events"] if e["type"] == "airstrike")
    assert (strike["fatalities"], strike["injured"]) == (6, 15)
    assert strike["date"] == "2024-06-03"
    assert strike["location"]["iso2"] == "PS"
    assert strike["source"] == "Gaza Health Ministry"


def test_english_story():
    events = _record("en-yemen")["events"]
    assert [(e["type"], e["status"]) for e in events] == [("attack", "threatened"), ("airstrike", "reported")]
    strike = events[1]
    assert strike["date"] == "2024-01-19"
    assert strike["fatalities"] == 5
    assert strike["source"] == "Reuters"
