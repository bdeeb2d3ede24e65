"""Entity scoring: one country named three ways is one predicted entity (own example text)."""

from __future__ import annotations

from marsad.document import Document
from marsad.evaluate.devset import _entity_groups


def test_a_country_its_adjective_and_its_state_are_one_location():
    text = "قالت مصر إن الحكومة المصرية والدولة المصرية توافق، وزار وفد العراق."
    doc = Document("t", raw=text, text=text)

    def add(label, surface, **attrs):
        start = text.index(surface)
        doc.add_span(label, start, start + len(surface), **attrs)

    add("LOC", "مصر", kb_id="ctry:EG", name="Egypt")
    add("NORP", "المصرية", kb_id="ctry:EG", name="Egypt", iso2="EG")
    add("ACTOR", "الدولة المصرية", kb_id="EGY", name="Egypt", kind="government")
    add("LOC", "العراق", kb_id="ctry:IQ", name="Iraq")
    groups = _entity_groups(doc, "locations")
    assert sorted(sorted(names) for names, _ in groups) == [
        ["Egypt", "الدولة المصرية", "المصرية", "مصر"], ["Iraq", "العراق"]]
