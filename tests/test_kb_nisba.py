"""An adjective of nationality after a generic institution name ("وزارة الخارجية النمساوية")
names the owner: never the story's country, never another one; the table of adjectives agrees
with the state actors' generator."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import pytest

from marsad.api import extract
from marsad.datafiles import DataFileError
from marsad.kb import load_actors
from marsad.kb.matcher import name_key
from marsad.kb.nisbas import load_nisbas, nationality_forms, parse_nisbas

GENERATOR = Path(__file__).resolve().parents[1] / "tools" / "gen_state_actors.py"
HEADER = "iso2\tmasculine\tfeminine\tword\tcontested\n"


@lru_cache(maxsize=None)
def _doc(text: str):
    return extract(text)


def _actors(text: str) -> list[tuple[str, str | None]]:
    return [(s.text, s.attrs.get("kb_id")) for s in _doc(text).spans if s.label in ("ACTOR", "ORG")]


def _ids(text: str) -> set[str | None]:
    return {i for _t, i in _actors(text)}


def test_a_foreign_ministry_named_by_its_adjective_in_a_story_about_libya():
    text = ("اشتبكت قوات حفتر مع مسلحين جنوبي طرابلس الليبية. وقال متحدث باسم وزارة الخارجية النمساوية "
            "إن فيينا تتابع القتال في ليبيا عن كثب.")
    assert _doc(text).meta["story_country"] == "LY"
    assert ("وزارة الخارجية النمساوية", "AUT-MFA") in _actors(text)
    assert "LBY-MFA" not in _ids(text)


def test_an_institution_the_kb_lacks_for_that_country_is_no_one_elses():
    # The generator leaves out a US interior ministry, and Australia has no state actors.
    text = ("سقطت قذيفة على حي سكني في بنغازي شرقي ليبيا. وقالت وزارة الداخلية الأمريكية إن مواطنين أمريكيين "
            "غادروا المدينة، وأعلنت الشرطة الأسترالية فتح تحقيق، فيما قالت الشرطة إنها طوقت المكان.")
    assert _doc(text).meta["story_country"] == "LY"
    ids = [i for _t, i in _actors(text)]
    assert "LBY-MOI" not in ids and "USA-GOV" not in ids
    assert ids.count("LBY-POLICE") == 1  # the bare "الشرطة" at the end is still Libya's


def test_a_generic_name_the_generator_does_not_spell_out_resolves_to_the_owner():
    text = "فرقت قوات مكافحة الشغب الفرنسية متظاهرين في باريس، بينما قصف الجيش مواقع قرب حلب السورية."
    actors = _actors(text)
    assert ("قوات مكافحة الشغب الفرنسية", "FRA-POLICE") in actors
    assert "SYR-POLICE" not in _ids(text)


def test_the_adjective_must_follow_the_name_directly():
    text = "قالت وزارة الخارجية في بيان إن الحكومة الألمانية استدعت السفير، وذلك بعد قصف مدينة إدلب السورية."
    assert ("وزارة الخارجية", "SYR-MFA") in _actors(text)
    assert ("الحكومة الألمانية", "DEU-GOV") in _actors(text)


def test_a_shared_adjective_names_neither_country():
    text = "أطلق الجيش الكوري صاروخا تجريبيا، وقال مسؤول في الخرطوم إن السودان يراقب الوضع."
    assert not _ids(text) & {"KOR-ARMY", "PRK-ARMY", "SDN-ARMY"}
    text = "أطلق الجيش الكوري الشمالي صاروخا، وقال مسؤول في الخرطوم إن السودان يراقب الوضع."
    assert ("الجيش الكوري الشمالي", "PRK-ARMY") in _actors(text)


def test_an_adjective_that_is_also_a_word_leaves_the_name_to_the_story():
    # "المالية" is also "financial": the financial authorities of a story about Syria are Syria's.
    text = "جمدت السلطات المالية أرصدة شركات في دمشق السورية بعد تحقيق في تهريب الوقود عبر سوريا."
    assert ("السلطات", "SYR-GOV") in _actors(text)


def test_a_contested_name_stays_unresolved():
    text = "قالت القوات المسلحة اليمنية إنها استهدفت سفينة قرب ميناء إيلات الإسرائيلي في إسرائيل."
    assert not _ids(text) & {"ISR-ARMY", "YEM-ARMY"}


def _generator():
    spec = importlib.util.spec_from_file_location("gen_state_actors", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_generated_state_has_its_adjectives_in_the_table():
    table = load_nisbas().forms
    for c in _generator().COUNTRIES:
        for form in c["m"] + c["f"]:
            found = table.get(name_key(form))
            assert found is not None and c["iso2"] in found.countries, (c["iso2"], form)


def test_aliases_the_generator_drops_are_not_brought_back_by_the_adjective():
    gen = _generator()
    rules = {r.normalized for r in load_actors().rules}
    table = load_nisbas().forms
    checked = 0
    for c in gen.COUNTRIES:
        for template in c.get("drop", []):
            if "|" in template:
                continue  # moved to another institution of the same state, not dropped
            noun, _sep, slot = template.rpartition(" ")
            if slot not in ("{m}", "{f}") or name_key(noun) not in rules:
                continue
            for form in c[slot[1]]:
                nisba = table[name_key(form)]
                assert nisba.word or nisba.owner(noun) is None, (c["iso2"], noun, form)
                checked += 1
    assert checked > 10


@pytest.mark.parametrize("body, reason", [
    ("XX\tالفلاني\tالفلانية\t\t\n", "country code"),
    ("AT\tنمساوي\tالنمساوية\t\t\n", "article"),
    ("AT\tالنمساوي\tالنمساوية|النمساويه\t\t\n", "twice"),
    ("AT\tالنمساوي\tالنمساوية\tmaybe\t\n", "word"),
    ("AT\tالنمساوي\tالنمساوية\t\n", "columns"),
])
def test_the_parser_rejects_bad_rows(body, reason):
    with pytest.raises(DataFileError, match=reason):
        parse_nisbas(HEADER + body)


def test_the_parser_marks_shared_forms():
    table = parse_nisbas(HEADER + "KR\tالكوري الجنوبي|الكوري\tالكورية الجنوبية|الكورية\t\t\n"
                                  "KP\tالكوري الشمالي|الكوري\tالكورية الشمالية|الكورية\t\t\n")
    assert table.max_words == 2
    assert table.forms[name_key("الكورية")].owner("الجيش") is None
    assert table.forms[name_key("الكوري الشمالي")].owner("الجيش") == "KP"


def _nationalities(text: str) -> list[tuple[str, str]]:
    return [(s.text, s.attrs["iso2"]) for s in _doc(text).spans if s.label == "NORP"]


def test_adjectives_of_nationality_refer_to_their_country_in_every_form():
    text = "وصل وفد أردني إلى الحدود اللبنانية، وقال مسؤولون عراقيون إن المواطنين التونسيين والمعلمات المغربيات بخير."
    assert _nationalities(text) == [("أردني", "JO"), ("اللبنانية", "LB"), ("عراقيون", "IQ"),
                                    ("التونسيين", "TN"), ("المغربيات", "MA")]
    span = next(s for s in _doc(text).spans if s.label == "NORP")
    assert span.attrs["kb_id"] == "ctry:JO" and span.attrs["name"] == "Jordan"


def test_attached_particles_stay_outside_the_nationality_span():
    # و + ل + the article spelt لل: the span starts after the fused article.
    assert _nationalities("وتضامن الطلاب مع الشعب وللفلسطينيين حق العودة.") == [("فلسطينيين", "PS")]
    assert _nationalities("ونقلت صحف بالمصرية الخبر.") == [("المصرية", "EG")]


def test_no_nationality_for_shared_or_everyday_adjectives_or_inside_a_country_name():
    # "المالية" is also "financial"; "الكورية" is shared by both Koreas; the state's own name
    # already is the country.
    text = "ناقشت وزارة المالية مع الشركات الكورية ميزانية الجمهورية العربية السورية."
    assert _nationalities(text) == []
    assert nationality_forms(load_nisbas())["سوريين"] == "SY"
    assert "ماليين" not in nationality_forms(load_nisbas())


@pytest.mark.parametrize("text, adjective", [
    ("اعتقلت قوات الأمن مواطنا سوريا في مدينة طرابلس شمال لبنان.", ("سوريا", "SY")),
    ("استهدفت طائرة مسيرة رتلا عسكريا تركيا قرب الحدود.", ("تركيا", "TR")),
    ("قتل صيادا ليبيا برصاص خفر السواحل.", ("ليبيا", "LY")),
])
def test_a_country_s_name_after_an_indefinite_accusative_is_its_adjective(text, adjective):
    # ("مواطنا سوريا" is a Syrian citizen: no country named, and no vote for the story's country)
    assert _nationalities(text) == [adjective]
    assert all(s.attrs.get("kb_id") != f"ctry:{adjective[1]}" or s.label == "NORP" for s in _doc(text).spans)


@pytest.mark.parametrize("text", [
    "طالبت الحكومة العراقية رسميا تركيا بسحب قواتها.",  # an adverb
    "دعا العراق تركيا إلى سحب قواتها.",  # a verb ending in alif
    "وطالبوا تركيا بفتح الحدود.",  # a plural verb
    "قصفت الطائرات مواقع في سوريا وتركيا.",
])
def test_the_country_stays_a_country_after_other_words_ending_in_alif(text):
    assert ("تركيا", "TR") not in _nationalities(text)
    assert any(s.attrs.get("kb_id") in ("TUR", "ctry:TR") for s in _doc(text).spans)


def test_the_adjective_of_an_arrested_citizen_does_not_choose_the_story_country():
    doc = _doc("اعتقلت قوات الأمن مواطنا سوريا في مدينة طرابلس شمال لبنان بتهمة تهريب الأسلحة.")
    assert doc.meta["story_country"] == "LB"
    assert [s.attrs["kb_id"] for s in doc.spans if s.label == "ACTOR"] == ["LBN-POLICE"]


def test_every_accusative_adverb_is_one_word_ending_in_alif():
    from marsad.kb.nisbas import accusative_adverbs

    assert accusative_adverbs() and all(len(w.split()) == 1 and w.endswith("ا") for w in accusative_adverbs())


@pytest.mark.parametrize("text", [
    "وسط الاضطرابات التي تشهدها ليبيا منذ سنوات.",  # a verb with its object pronoun
    "فيما سوريا تشهد موجة نزوح جديدة.",  # a particle
])
def test_a_country_after_a_pronoun_or_a_particle_ending_in_alif_stays_a_country(text):
    assert not _nationalities(text)


def test_a_soldier_named_with_an_accusative_nationality_is_that_country_s():
    doc = _doc("طعن شاب جنديا إسرائيليا قرب باب العامود في القدس.")
    assert [s.attrs["kb_id"] for s in doc.spans if s.label == "ACTOR" and s.attrs.get("kind") == "state_military"] \
        == ["ISR-ARMY"]
