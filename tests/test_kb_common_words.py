"""Place names that are everyday words need a cue before they are read (or counted) as places."""

from __future__ import annotations

from functools import lru_cache

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
