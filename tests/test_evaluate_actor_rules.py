"""The evaluator's conventions beyond names (real KB): officials for their bodies, a country's name
for the state, described groups for the KB's generic actors, gazetteer readings of place
entities (invented gold / pred pairs)."""

from __future__ import annotations

import pytest

import marsad
from marsad.evaluate import matching as m


def pred(actor_id: str | None, name: str = "x", country: str | None = None) -> dict:
    out = {"id": actor_id, "name": name, "name_ar": None, "inter": None, "code": None}
    if country is not None:
        out["country"] = country
    return out


@pytest.mark.parametrize("p, gold, ok", [
    # a country's name alone is the state: its forces and its government bodies
    (pred("ISR-ARMY"), "Israel", True),
    (pred("ISR-GOV"), "Israel", True),
    (pred("P-NETANYAHU"), "Israel", True),              # an official of its government
    (pred("HAMAS"), "Israel", False),
    (pred("SETTLERS"), "Israel", False),                # Israeli, but not the state
    (pred("EGY-ARMY"), "Israel", False),
    (pred("ISR-ARMY"), "Gaza Strip", False),            # a place that is not a country stays a place
    # an official stands for the body he heads; a head of state for the government
    (pred("P-TIANI"), "Niger military junta (CNSP)", True),
    (pred("P-BAZOUM"), "Government of Niger", True),
    (pred("NER-MOH"), "Government of Niger", False),    # a ministry is not the government as a whole
    (pred("P-NETANYAHU"), "Government of Niger", False),
    (pred("P-TAMER-RIFAI"), "Egyptian Armed Forces", True),  # the army's spokesman
    (pred("P-TAMER-RIFAI"), "Government of Egypt", False),
    # described groups: the generic actor, and the nationality / place must agree
    (pred("PROTESTERS", "Protesters", "IL"), "Israeli protesters", True),
    (pred("PROTESTERS", "Protesters", "IQ"), "Israeli protesters", False),
    (pred("PROTESTERS", "Protesters"), "Israeli protesters", False),   # no country: not shown
    (pred("PROTESTERS", "Protesters (Israel)"), "Israeli protesters", True),
    (pred("CIVILIANS", "Civilians", "IL"), "Israeli protesters", False),
    (pred("CIVILIANS", "Civilians", "SY"), "Aleppo residents", True),
    (pred("CIVILIANS", "Civilians", "LB"), "Aleppo residents", False),
    (pred("CIVILIANS", "Civilians", "LY"), "Foreign oil workers", True),  # "foreign oil" only describes
    (pred("UNIDENTIFIED-GUNMEN", "Unidentified gunmen", "LY"), "Foreign oil workers", False),
    (pred("SECURITY-GUARDS", "Security guards", "LY"), "Oil field guards", True),
    (pred("SECURITY-GUARDS", "Security guards", "LY"), "Syrian Arab Army", False),
])
def test_actor_conventions(p, gold, ok):
    assert m.actor_matches(p, gold) is ok


def test_group_and_state_readings():
    assert m.state_country("Israel") == "IL" and m.state_country("Israel Defense Forces") is None
    assert m.group_reading("Hamas") is None and m.group_reading("Syrian Democratic Forces") is None
    ids, countries = m.group_reading("Israeli protesters")
    assert ids == {"PROTESTERS"} and countries == {"IL"}


def test_generic_mentions_carry_the_story_country_and_new_group_nouns():
    doc = marsad.extract("قتل مسلحون ثلاثة حراس وخطفوا أربعة عمال أجانب في هجوم على منشأة نفطية قرب بنغازي في ليبيا.",
                         date="2024-01-02")
    found = {s.text: (s.attrs.get("kb_id"), s.attrs.get("country")) for s in doc.spans if s.label == "ACTOR"}
    assert found["حراس"] == ("SECURITY-GUARDS", "LY")
    assert found["عمال أجانب"] == ("CIVILIANS", "LY")
    # named actors keep their own country; "حراس الدين" is still the group, not guards
    doc = marsad.extract("هاجم تنظيم حراس الدين مواقع للجيش السوري في ريف إدلب.", date="2024-01-02")
    assert [s.attrs.get("kb_id") for s in doc.spans if s.text.startswith("حراس")] != ["SECURITY-GUARDS"]


@pytest.mark.parametrize("pred_names, pred_id, gold, same", [
    ({"Janīn", "جنين"}, "gn:283506", "Jenin", True),  # the gazetteer reads the gold name as the place
    ({"Basrah", "البصرة"}, "gn:99532", "Basra", True),
    ({"Southern Iraq", "جنوب العراق"}, "cur:region-south-iraq", "Iraq", True),  # a part named by its whole
    ({"Deir ez-Zor", "دير الزور"}, "adm1:SY-07", "Hajin", False),  # the containing unit is another entity
    ({"Saraqib", "سراقب"}, None, "Idlib", False),
])
def test_place_entities_match_by_gazetteer_reading_not_by_containment(pred_names, pred_id, gold, same):
    assert m.place_entity_matches(pred_names, pred_id, gold) is same


@pytest.mark.parametrize("label, attrs, kind", [
    ("ACTOR", {"kind": "government", "name": "Iraq", "kb_id": "IRQ"}, "locations"),  # a state named by its country
    ("ACTOR", {"kind": "government", "name": "Iraqi Ministry of Interior", "kb_id": "IRQ-MOI"}, "organizations"),
    ("ACTOR", {"kind": "generic", "name": "Unidentified gunmen", "kb_id": "UNIDENTIFIED-GUNMEN"}, None),
    ("ORG", {"kind": "media_outlet", "name": "Sputnik", "kb_id": "SPUTNIK"}, "organizations"),
    ("LOC", {"name": "Mosul", "kb_id": "gn:99072"}, "locations"),
])
def test_entity_list_a_predicted_span_is_scored_in(label, attrs, kind):
    from marsad.document import Span
    from marsad.evaluate.devset import _entity_kind

    assert _entity_kind(Span(label, 0, 5, "xxxxx", attrs)) == kind


@pytest.mark.parametrize("pred_names, pred_id, gold, same", [
    ({"Az-Zallaqa Foundation (JNIM media)"}, "AL-ZALLAQA", "JNIM", True),  # a group's media arm
    ({"Hamas"}, "HAMAS", "Unnamed Fatah source", False),
    ({"Al Jazeera"}, "ALJAZEERA", "Qatar", False),  # an outlet with no group behind it speaks for itself
])
def test_speakers_for_organisations(pred_names, pred_id, gold, same):
    assert m.speaker_matches(pred_names, pred_id, gold) is same
