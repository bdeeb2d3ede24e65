"""KB resolution metrics (marsad.evaluate.kb_resolution) and the KB facts added for them."""

from __future__ import annotations

import pytest

from marsad.document import Document, Span
from marsad.evaluate.kb_resolution import (
    KbResolution,
    anchor_place,
    is_descriptive_actor,
    is_descriptive_place,
    is_non_nameable_place,
)
from marsad.evaluate.report import Report
from marsad.kb.actors import load_actors
from marsad.kb.gazetteer import load_gazetteer

TEXT = "قصفت القوات الجوية السورية بلدة في ريف إدلب، وقالت قوات سوريا الديمقراطية إن الهجوم فشل."


def _doc(spans: list[Span]) -> Document:
    return Document(id="t", raw=TEXT, text=TEXT, spans=spans)


def _span(label: str, surface: str, **attrs) -> Span:
    start = TEXT.index(surface)
    return Span(label, start, start + len(surface), surface, attrs)


AIR_FORCE = _span("ACTOR", "القوات الجوية السورية", kb_id="SYR-AF", name="Syrian Arab Air Force", kind="state_military",
                  country="SY", root={"id": "SYR-ARMY", "name": "Syrian Arab Army"})
SDF = _span("ACTOR", "قوات سوريا الديمقراطية", kb_id="SDF", name="Syrian Democratic Forces", kind="rebel_group",
            country="SY")
IDLIB = _span("LOC", "إدلب", name="Idlib", admin1="Idlib", admin2=None, kb_id="adm1:SY-11", candidates=[])


def _gold(**event) -> dict:
    base = {"type": "airstrike", "actor1": None, "actor2": None, "location": None, "admin1": None,
            "evidence": TEXT}
    return {"events": [{**base, **event}]}


@pytest.mark.parametrize("value, anchor", [
    ("West of Khan Younis", "Khan Younis"),
    ("Sweida (al-Karama Square)", "Sweida"),
    ("Southern Saudi Arabia", "Saudi Arabia"),
    ("Jardah military post near Arab al-Aramshe", "Arab al-Aramshe"),
    ("Hajin", None),
])
def test_anchor_place(value, anchor):
    assert anchor_place(value) == anchor


def test_descriptive_and_non_nameable_values():
    assert is_non_nameable_place("Unnamed village") and is_non_nameable_place("an unidentified village")
    assert not is_non_nameable_place("Hajin")
    assert is_descriptive_place("East of Deir al-Balah") and not is_descriptive_place("Aden")
    assert is_descriptive_actor("Qusra residents") and is_descriptive_actor("Israeli protesters")
    assert not is_descriptive_actor("Rapid Support Forces")


def test_actor_found_through_root_and_in_sentence():
    r = KbResolution()
    counts = r.add("t", _gold(actor1="Syrian Arab Army", actor2="Syrian Democratic Forces"), _doc([AIR_FORCE, SDF]))
    assert counts == {"actors": 2, "actors_found": 2}
    assert r.metrics()["kb_actor_recall"] == 1.0 and r.metrics()["kb_actor_sentence_recall"] == 1.0
    assert r.misses == []


def test_actor_miss_categories():
    r = KbResolution()
    gold = {"events": [
        {"actor1": "Zorblax Liberation Front", "actor2": "Civilians", "evidence": TEXT},
        {"actor1": "Islamic State", "actor2": None, "evidence": TEXT},
        {"actor1": "Government of Syria", "actor2": None, "evidence": TEXT},
    ]}
    r.add("t", gold, _doc([AIR_FORCE, SDF]))
    cats = {x["gold"]: x["category"] for x in r.misses}
    assert cats == {"Zorblax Liberation Front": "not_in_kb", "Civilians": "descriptive",
                    "Islamic State": "other_spelling", "Government of Syria": "related_actor"}
    assert r.metrics()["kb_actor_recall"] == 0.0
    # descriptive gold values are left out of the "named" rate only
    assert r.named_total == 3


def test_location_containing_unit_and_non_nameable_rules():
    r = KbResolution()
    gold = {"events": [
        {"location": "Maarrat Misrin", "admin1": "Idlib", "evidence": TEXT},  # town inside the named governorate
        {"location": "Unnamed village", "admin1": None, "evidence": TEXT},  # nothing nameable: left out
        {"location": "Unnamed village", "admin1": "Idlib", "evidence": TEXT + " "},  # scored on its admin1
        {"location": "Aden", "admin1": "Aden", "evidence": TEXT},
    ]}
    r.add("t", gold, _doc([IDLIB]))
    assert (r.loc_found, r.loc_total) == (2, 3)
    assert len(r.excluded) == 1 and r.excluded[0]["gold"] == "Unnamed village"
    assert [x["gold"] for x in r.misses] == ["Aden [Aden]"]


def test_add_to_report_only_adds():
    report = Report("devset", "x", metrics={"event_f1": 0.5})
    r = KbResolution()
    r.add("t", _gold(actor1="Syrian Democratic Forces", location="Idlib", admin1="Idlib"), _doc([SDF, IDLIB]))
    r.add_to_report(report)
    assert report.metrics["event_f1"] == 0.5
    assert report.metrics["kb_actor_recall"] == 1.0 and report.metrics["kb_location_recall"] == 1.0
    assert report.details["kb_actor"]["total"] == 1 and "kb resolution misses" in report.tables


# ------------------------------------------------------------------ facts added for these metrics


@pytest.mark.parametrize("name, actor_id", [
    ("وحدات حماية الشعوب", "YPG"),
    ("المتمردين الأكراد", "PKK"),
    ("الجيش الباكستاني", "PAK-ARMY"),
    ("Israeli air strikes", "ISR-AF"),
    ("الغارات الإسرائيلية", "ISR-AF"),
    ("جنديين", "SOLDIERS-GENERIC"),
    ("مفجرون انتحاريون", "UNIDENTIFIED-ARMED-GROUP"),
    ("المتمردين", "REBELS-GENERIC"),
])
def test_added_actor_aliases(name, actor_id):
    assert [a.id for a in load_actors().lookup(name)] == [actor_id]


@pytest.mark.parametrize("name, place_id", [
    ("حقل الغاني", "cur:oilfield-al-ghani"),
    ("جسر حنتوب", "cur:landmark-hantoub-bridge"),
    ("تانكوالو", "cur:village-tankoualou"),
    ("الصخيرات", "gn:2562055"),
    ("مروي", "gn:370481"),
    ("كومندجاري", "adm2:BF-08-56"),
])
def test_added_places(name, place_id):
    assert place_id in [p.id for p in load_gazetteer().lookup(name)]
