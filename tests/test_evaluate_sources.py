"""Source equivalence in the evaluator (marsad.evaluate.matching.source_matches): each rule
of its docstring, and what must stay wrong (own examples)."""

from __future__ import annotations

import pytest

from marsad.evaluate import matching as m


@pytest.mark.parametrize("pred, gold", [
    # names and whole-word containment, KB ids
    ("Al Jazeera", "Al Jazeera correspondent"),
    ("SOHR", "Syrian Observatory for Human Rights"),
    # ';' and 'and' separate sources
    ("Eyewitnesses", "Witnesses and local officials"),
    ("Reuters", "Army statement; Reuters"),
    # parentheticals name a source too, "via" dropped, by name or KB id
    ("Sputnik", "Army source (via Sputnik)"),
    ("Agence France-Presse", "Hospital director (AFP)"),
    # a trailing form word names its author
    ("Hezbollah", "Hezbollah claim"),
    ("Jama'at Nusrat al-Islam wal-Muslimin (JNIM)", "JNIM statement"),
    # plural / singular role nouns
    ("Security sources", "Iraqi police security source"),
    ("medical source", "Medical sources at the city hospital"),
    # demonym = country
    ("Nigerien Ministry of Defence", "Niger Ministry of Defence"),
    ("Syria Interior Ministry", "Syrian Interior Ministry"),
    # an organisation's spokesman is its official voice
    ("Egyptian Armed Forces Spokesman", "Egyptian military spokesman Ahmed Salem"),
    ("Sudanese Armed Forces spokesperson (خالد)", "Sudanese army spokesman Khaled Hassan"),
    ("Sudanese Armed Forces", "Sudanese army spokeswoman"),
])
def test_equivalent_sources(pred, gold):
    assert m.source_matches(pred, gold)


@pytest.mark.parametrize("pred, gold", [
    ("Israel", "Nasser Hospital casualty list"),            # the striking state is not the hospital
    ("Security sources", "Police source (via Sputnik)"),     # different kinds of unnamed source
    ("Sudanese Armed Forces", "Sudanese army sources"),      # unnamed sources are not the army's voice
    ("Sudanese Armed Forces", "Sudanese army officer Khaled Hassan"),
    ("Rapid Support Forces", "Sudanese army spokesman Khaled Hassan"),
    ("Israel Defense Forces", "Hezbollah claim"),
    ("Israel Defense Forces", "Lebanese sources"),
    ("Reuters", "Army statement; Hezbollah claim"),
    (None, "Reuters"),
    ("Reuters", None),
])
def test_not_equivalent_sources(pred, gold):
    assert not m.source_matches(pred, gold)


def test_source_words_validated(tmp_path):
    bad = tmp_path / "w.yaml"
    bad.write_text("version: 1\nsingular: {sources: source}\nrole_synonyms: {}\nform_words: [statement]\n"
                   "official_voice: [spokesman]\n", encoding="utf-8")
    words = m.load_source_words(bad)
    assert words.singular == {"sources": "source"}
    bad.write_text("version: 1\nsingular: {sources: source}\nrole_synonyms: {}\nform_words: []\n"
                   "official_voice: [spokesman]\n", encoding="utf-8")
    with pytest.raises(m.EvalDataError):
        m.load_source_words(bad)
    bad.write_text("version: 1\nsingular: {}\nrole_synonyms: {}\nform_words: [a]\nofficial_voice: [b]\nextra: 1\n",
                   encoding="utf-8")
    with pytest.raises(m.EvalDataError):
        m.load_source_words(bad)
