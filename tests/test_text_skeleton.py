"""Consonant skeletons: one person's name across Arabic and Latin spellings (own examples)."""

from __future__ import annotations

import pytest

from marsad.datafiles import read_yaml
from marsad.evaluate.matching import person_entity_matches
from marsad.text.skeleton import SKELETON_FILE, SkeletonDataError, name_skeletons, parse_tables, same_name


@pytest.mark.parametrize("arabic, latin", [
    ("نادر الزين", "Nader al-Zein"),
    ("نادر الزين", "Nadir Zain"),  # the article left out, other vowels
    ("خليل القاضي", "Khalil Gadi"),  # ق as the Libyan/Gulf g
    ("جمال عبد الرؤوف", "Gamal Abdel Raouf"),  # ج as the Egyptian g, the article inside
    ("هالة عبدالله", "Hala Abdallah"),
    ("سعاد الشعار", "Souad ash-Shaar"),  # French ou, a sun-letter article
    ("فاطمة يوسف", "Fatimah Youssef"),  # ta marbuta written h
    ("ظافر بن ذياب", "Dhafer ben Dhiab"),
])
def test_same_person_across_scripts(arabic, latin):
    assert same_name(arabic, latin)


@pytest.mark.parametrize("a, b", [
    ("نادر الزين", "Samir Haddad"),
    ("كريم سلامة", "Karim Salem Hamdan"),  # an extra name is another person
    ("محمد علي", "Ali Mohammed"),  # word order matters
    ("علي", "Ali"),  # too short to key: one letter says nothing
])
def test_different_names_do_not_meet(a, b):
    assert not same_name(a, b)


def test_skeletons_ignore_diacritics_and_accents():
    assert name_skeletons("نَادِر الزَّين") == name_skeletons("نادر الزين")
    assert name_skeletons("Nâdir Zéin") & name_skeletons("Nadir Zein")


def test_evaluator_uses_skeletons_only_across_scripts():
    assert person_entity_matches(["نادر الزين"], None, "Nader al-Zein")
    # Within Latin script the spelling must agree: "Hamid" is not "Ahmed".
    assert not person_entity_matches(["Hamid Nasser"], None, "Ahmed Nasser")


def test_packaged_tables_are_valid_and_cover_every_arabic_letter():
    tables = parse_tables(read_yaml("marsad.text", SKELETON_FILE, SkeletonDataError))
    # The 28 letters, the hamza forms and ta marbuta / alef maqsura (U+0621-063A, 0641-064A).
    letters = [chr(c) for c in [*range(0x0621, 0x063B), *range(0x0641, 0x064B)]]
    assert [ch for ch in letters if ch not in tables.arabic] == []


@pytest.mark.parametrize("bad, reason", [
    ({"version": 2}, "version"),
    ({"arabic": {"ب": "bb"}}, "one class character"),
    ({"arabic": {"b": "b"}}, "not one Arabic letter"),
    ({"latin": {"Q": "k"}}, "lowercase"),
    ({"latin": {"q": "k", "x": "z"}}, "no Arabic letter's class"),
    ({"arabic_semivowels": ["ۋ"]}, "no class"),
])
def test_bad_tables_name_file_and_reason(bad, reason):
    base = {"version": 1, "arabic": {"ب": "b", "ق": "k", "و": "w"}, "arabic_semivowels": ["و"],
            "latin": {"b": "b", "q": "k"}, "latin_semivowels": ["w"], "latin_articles": ["al"]}
    with pytest.raises(SkeletonDataError, match=reason) as err:
        parse_tables({**base, **bad}, "name_skeleton.yaml")
    assert "name_skeleton.yaml" in str(err.value)
