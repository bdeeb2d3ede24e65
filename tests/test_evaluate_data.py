"""Every entry of the evaluator's data files, and the loaders' error messages."""

from __future__ import annotations

import pytest

from marsad.evaluate import matching as m
from marsad.schema import event_types


def test_every_event_type_in_exactly_one_family():
    families = m.load_families()
    assert sorted(families) == sorted(event_types())
    assert families["airstrike"] == families["suicide_bomb"] == "remote"
    assert families["protest"] == families["riot"] != families["attack"]
    assert len(set(families.values())) == 5


def test_every_alias_entry():
    aliases = m.load_aliases()
    owners: dict[str, str] = {}
    for gold, names in aliases.items():
        assert gold.strip() == gold and names, gold
        for a in names:
            assert a.strip() == a and m.norm_name(a), (gold, a)
            assert owners.setdefault(m.norm_name(a), gold) == gold
            # each alias resolves back to its gold name through the actor comparison
            assert m.actor_matches({"id": None, "name": a}, gold), (gold, a)


@pytest.mark.parametrize("body, message", [
    ("version: 1\nfamilies:\n  a: [airstrike, airstrike_typo]\n", "not an event type"),
    ("version: 1\nfamilies:\n  a: [airstrike]\n  b: [airstrike]\n", "two families"),
    ("version: 1\nfamilies:\n  a: [airstrike]\n", "types in no family"),
    ("families: {}\n", "version: 1"),
])
def test_bad_family_files(tmp_path, body, message):
    path = tmp_path / "fam.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(m.EvalDataError, match=message) as info:
        m.load_families(path)
    assert str(path) in str(info.value)


def test_shared_alias_is_rejected(tmp_path):
    path = tmp_path / "aliases.yaml"
    path.write_text("version: 1\naliases:\n  Hamas: [HM]\n  Fatah: [hm]\n", encoding="utf-8")
    with pytest.raises(m.EvalDataError, match="already belongs to 'Hamas'"):
        m.load_aliases(path)
