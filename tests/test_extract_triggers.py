"""Trigger and status-cue data files: every entry valid, every type covered, matching works."""

import yaml
from importlib import resources

import pytest

from marsad.extraction.triggers import (
    event_types,
    find_triggers,
    load_status_cues,
    load_triggers,
    refined_type,
)
from marsad.kb.matcher import name_key
from marsad.text.tokens import tokenize

CONTRACT_TYPES = {
    "armed_clash", "airstrike", "shelling_artillery_missile", "remote_explosive_ied", "suicide_bomb", "attack",
    "abduction", "arrest", "protest", "riot", "violence_against_civilians", "territorial_change",
    "military_operation_launch", "ceasefire_or_agreement", "statement_or_claim", "other",
}


def _data(name):
    return yaml.safe_load(resources.files("marsad.extraction.data").joinpath(name).read_text(encoding="utf-8"))


def test_type_table_covers_the_contract_and_maps_every_type():
    table = event_types()
    assert set(table) == CONTRACT_TYPES
    for et in table.values():
        assert et.family in {"remote", "violent", "detention", "demonstration", "strategic"}
        assert et.plover_type in {"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "AGREE", "CONSULT", "OTHER"}
        assert et.acled_event_type and et.acled_sub_event_type


def test_every_trigger_form_is_loadable_and_every_type_has_triggers():
    matcher, cue_sets = load_triggers()
    data = _data("triggers.yaml")
    seen_types = set()
    for entry in data["triggers"]:
        seen_types.add(entry["type"])
        for form in entry["forms"]:
            assert name_key(form), form
            assert matcher.lookup(form), form
    assert seen_types == CONTRACT_TYPES
    assert "air" in cue_sets


def test_every_status_cue_is_loadable():
    matcher = load_status_cues()
    data = _data("status_cues.yaml")
    for section in ("statuses", "drop"):
        for entry in data[section]:
            for form in entry["forms"]:
                assert matcher.lookup(form), form


def _types(text):
    return [(text[t.start:t.end], t.definition.type) for t in find_triggers(tokenize(text), text)]


def test_inflected_and_clitic_forms_are_found():
    assert _types("وقصفت المدفعية الحي") == [("قصفت", "shelling_artillery_missile"),
                                            ("المدفعية", "shelling_artillery_missile")]
    # The article is a clitic here: the trigger span is the stem.
    assert _types("وتجددت الاشتباكات مساء") == [("اشتباكات", "armed_clash")]
    assert ("عبوة ناسفة", "remote_explosive_ied") in _types("انفجرت عبوة ناسفة بدورية")
    assert _types("بغارات جوية متتالية") == [("غارات جوية", "airstrike")]


def test_refine_turns_bombardment_by_aircraft_into_airstrike():
    matcher, _ = load_triggers()
    text = "قصفت طائرات حربية أطراف البلدة"
    trig = find_triggers(tokenize(text), text)[0]
    keys = {f for t in tokenize(text) for f, _, _ in t.variants}
    assert refined_type(trig.definition, keys) == "airstrike"
    text = "قصفت المدفعية أطراف البلدة"
    trig = find_triggers(tokenize(text), text)[0]
    keys = {f for t in tokenize(text) for f, _, _ in t.variants}
    assert refined_type(trig.definition, keys) == "shelling_artillery_missile"


def test_a_status_cue_sparing_an_unknown_family_is_refused(monkeypatch):
    from marsad.extraction import triggers

    bad = {"drop": [{"reason": "habitual", "window": 2, "spares": ["parade"], "forms": ["تواصل"]}]}
    monkeypatch.setattr(triggers, "read_yaml", lambda *_a, **_k: bad)
    triggers.load_status_cues.cache_clear()
    try:
        with pytest.raises(triggers.ExtractDataError, match="spares"):
            triggers.load_status_cues()
    finally:
        monkeypatch.undo()
        triggers.load_status_cues.cache_clear()
    spared = {c.payloads[0].spares for c in load_status_cues().find(tokenize("تواصل"), "تواصل")}
    assert spared == {frozenset({"demonstration"})}


def test_every_split_trigger_is_loadable():
    from marsad.extraction.triggers import load_split_triggers

    entries = _data("triggers.yaml")["split_triggers"]
    loaded = load_split_triggers()
    assert len(loaded) == len(entries)
    for entry, split in zip(entries, loaded):
        assert split.definition.type == entry["type"] and split.gap == entry["gap"]
        assert split.verbs == {name_key(v) for v in entry["verbs"]}
        assert split.objects == {name_key(o) for o in entry["objects"]}


@pytest.mark.parametrize("bad, reason", [
    ({"type": "picnic", "verbs": ["أطلق"], "objects": ["النار"], "gap": 3}, "unknown type"),
    ({"type": "attack", "verbs": [], "objects": ["النار"], "gap": 3}, "verbs"),
    ({"type": "attack", "verbs": ["أطلق"], "objects": ["النار"], "gap": 20}, "gap"),
])
def test_a_bad_split_trigger_names_the_file_and_the_reason(monkeypatch, bad, reason):
    from marsad.extraction import triggers

    monkeypatch.setattr(triggers, "read_yaml", lambda *_a, **_k: {"split_triggers": [bad]})
    triggers.load_split_triggers.cache_clear()
    try:
        with pytest.raises(triggers.ExtractDataError, match=f"triggers.yaml: split trigger 1: .*{reason}"):
            triggers.load_split_triggers()
    finally:
        monkeypatch.undo()
        triggers.load_split_triggers.cache_clear()


def test_coder_only_triggers_code_events_but_are_no_scorer_features():
    from marsad.extraction.triggers import load_coder_triggers
    from marsad.learn.features import FeatureConfig, _rule_names

    import marsad

    text = "قال شهود إن مسلحين مجهولين اغتالوا ضابطا في الشرطة أمام منزله في البصرة."
    coder = load_coder_triggers()
    for entry in _data("triggers.yaml")["coder_triggers"]:
        for form in entry["forms"]:
            assert [m.payloads[0].type for m in coder.find(tokenize(form), form)] == [entry["type"]], form
    assert [e["type"] for e in marsad.extract(text).events] == ["violence_against_civilians"]
    assert "r:none" in _rule_names(tokenize(text), text, FeatureConfig())
