"""The actor dictionary: every packaged entry loads and validates; the loader rejects bad data
with the file and the actor id; the lookups and disambiguation rules do what they promise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from marsad.kb import load_actors
from marsad.kb.actors import DATA_DIR, KINDS, KBError, build_db
from marsad.text.normalize import normalize

MY_FILES = {
    "states_arab_league.yaml",
    "states_other.yaml",
    "states_world.yaml",
    "officials.yaml",
    "international.yaml",
    "monitors_media.yaml",
    "generic.yaml",
}


@pytest.fixture(scope="module")
def db():
    return load_actors()


def test_every_yaml_file_is_loaded(db):
    files = {p.name for p in DATA_DIR.glob("*.yaml")} - {"ambiguous.yaml"}
    assert files <= set(db.stats()["by_file"])


def test_entries_satisfy_the_contract(db):
    id_re = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
    for a in db.by_id.values():
        assert id_re.match(a.id), a.id
        assert a.kind in KINDS, a.id
        assert 0 <= a.inter <= 8, a.id
        assert a.name.strip() and a.name_ar.strip(), a.id
        assert a.parent is None or a.parent in db, a.id
        for alias in (a.name_ar, *a.aliases_ar):
            assert not re.search(r"[A-Za-z]", alias), (a.id, alias)
        assert isinstance(a.aliases_ar, tuple) and isinstance(a.aliases_en, tuple)


def test_shared_aliases_are_all_covered_by_rules(db):
    owners: dict[str, set[str]] = {}
    for alias, actor_id, _lang in db.aliases():
        owners.setdefault(normalize(alias), set()).add(actor_id)
    for norm, ids in owners.items():
        if len(ids) > 1:
            assert db.rule_for(norm) is not None, (norm, ids)


def test_officials_commanding_forces_share_their_parents_inter(db):
    for a in db.by_id.values():
        if a.kind == "official" and a.inter != 0:
            assert a.parent is not None and db[a.parent].inter == a.inter, a.id


def test_coverage_floors_across_all_files(db):
    # Whole dictionary (state + non-state files); fails until both halves have landed.
    s = db.stats()
    assert s["actors"] >= 400
    assert s["arabic_aliases"] >= 2500


def test_coverage_of_state_official_international_media_generic_files(db):
    mine = {a.id for a in db.by_id.values() if a.source in MY_FILES}
    ar = sum(1 for _al, i, lang in db.aliases() if i in mine and lang == "ar")
    assert len(mine) >= 300
    assert ar >= 1700


@pytest.mark.parametrize(
    "name, expected",
    [
        ("قوات النظام السوري", "SYR-ARMY"),
        ("الجيش العربي السوري", "SYR-ARMY"),
        ("جيش الاحتلال", "ISR-ARMY"),
        ("قوات الاحتلال الإسرائيلي", "ISR-ARMY"),
        ("التحالف الدولي", "US-COALITION"),
        ("تحالف دعم الشرعية", "SAUDI-COALITION"),
        ("المرصد السوري لحقوق الإنسان", "SOHR"),
        ("المرصد السوري لحقوق الانسان", "SOHR"),  # hamza folded by normalisation
        ("الحرس الوطني السعودي", "SAU-SANG"),
        ("فيلق القدس", "IRN-QUDS"),
        ("جهاز مكافحة الإرهاب العراقي", "IRQ-CTS"),
        ("نادي الأسير", "PPS"),
        ("وزارة الصحة في غزة", "GAZA-MOH"),
        ("Israel Defense Forces", "ISR-ARMY"),
        ("heather nauert", "P-HEATHER-NAUERT"),
    ],
)
def test_lookup_spot_checks(db, name, expected):
    assert [a.id for a in db.lookup(name)] == [expected]


def test_canonical_names_analysts_compare(db):
    names = {a.name for a in db.by_id.values()}
    for n in [
        "Syrian Arab Army", "Turkish Armed Forces", "Saudi Arabian National Guard", "Yemeni Government Forces",
        "Sudanese Armed Forces", "Sudanese General Intelligence Service", "Israel Defense Forces", "Israel Police",
        "Somali National Army", "Egyptian Armed Forces", "Niger Armed Forces", "Burkina Faso Armed Forces",
        "Malian Armed Forces", "Afghan National Police", "Afghan National Security Forces", "Iraqi Security Forces",
        "Government of National Accord", "US-led Coalition", "Saudi-led Coalition", "Civilians",
    ]:
        assert n in names, n


def test_air_force_rolls_up_to_the_army(db):
    assert db.lookup("طيران الاحتلال")[0].id == "ISR-AF"
    assert db.root("ISR-AF").name == "Israel Defense Forces"
    assert db.root("SYR-AF").id == "SYR-ARMY"
    assert db.root("ISR-ARMY").id == "ISR-ARMY"


@pytest.mark.parametrize(
    "alias, country, expected",
    [
        ("الجيش", "SY", "SYR-ARMY"),
        ("الجيش", "IL", "ISR-ARMY"),
        ("الجيش", "EG", "EGY-ARMY"),
        ("سلاح الجو", "YE", "YEM-AF"),
        ("الشرطة", "IL", "ISR-POLICE"),
        ("قوات الأمن", "IQ", "IRQ-ISF"),
        ("قوات الأمن", "EG", "EGY-POLICE"),
        ("الأمن المركزي", "YE", "YEM-CSF"),
        ("الأمن المركزي", "EG", "EGY-CSF"),
        ("الجيش الوطني", "SO", "SOM-ARMY"),
        ("وزارة الداخلية", "TR", "TUR-MOI"),
    ],
)
def test_country_rules_resolve_generic_names(db, alias, country, expected):
    assert db.rule_for(alias) is not None
    assert db.resolve(alias, country).id == expected


def test_country_kind_rule_without_country_is_undecided(db):
    assert db.resolve("الجيش") is None
    assert db.resolve("الجيش", "ZZ") is None


def test_for_country_kind(db):
    assert db.for_country_kind("sy", "state_military").id == "SYR-ARMY"
    assert db.for_country_kind("IL", "state_military", "air_force").id == "ISR-AF"
    assert db.for_country_kind("IL", "state_military", "no_such_role") is None
    assert db.for_country_kind(None, "state_military") is None


def test_aliases_yield_canonical_names_with_language(db):
    rows = {(alias, actor_id, lang) for alias, actor_id, lang in db.aliases() if actor_id == "SOHR"}
    assert ("Syrian Observatory for Human Rights", "SOHR", "en") in rows
    assert ("المرصد السوري لحقوق الإنسان", "SOHR", "ar") in rows
    assert ("SOHR", "SOHR", "en") in rows


def test_load_actors_is_cached():
    assert load_actors() is load_actors()


# ---------------------------------------------------------------- validation of bad data

GOOD = """\
- id: AAA-ARMY
  name: Army of A
  name_ar: جيش ألف
  aliases_ar: [الجيش الألفي]
  kind: state_military
  country: SY
  inter: 1
  code: SYRMIL
"""


def _write(tmp_path: Path, text: str, name: str = "fixture.yaml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_fixture_loads(tmp_path):
    db = build_db(_write(tmp_path, GOOD))
    assert db.lookup("الجيش الألفي")[0].id == "AAA-ARMY"


@pytest.mark.parametrize(
    "mutate, reason",
    [
        (lambda t: t.replace("  kind: state_military\n", ""), "missing required field 'kind'"),
        (lambda t: t.replace("kind: state_military", "kind: army"), "unknown kind"),
        (lambda t: t.replace("inter: 1", "inter: 9"), "inter must be"),
        (lambda t: t.replace("country: SY", "country: XX"), "country must be"),
        (lambda t: t.replace("code: SYRMIL", "code: syr-mil"), "bad code"),
        (lambda t: t.replace("[الجيش الألفي]", "[الجيش Alpha]"), "Latin letters"),
        (lambda t: t.replace("[الجيش الألفي]", "['  ']"), "empty"),
        (lambda t: t + "  parent: NOPE\n", "parent 'NOPE'"),
        (lambda t: t + "  international: maybe\n", "international must be true or false"),
        (lambda t: t + "  abroad: often\n", "abroad must be true or false"),
    ],
)
def test_bad_entries_name_file_and_id(tmp_path, mutate, reason):
    with pytest.raises(KBError) as exc:
        build_db(_write(tmp_path, mutate(GOOD), "broken.yaml"))
    msg = str(exc.value)
    assert "broken.yaml" in msg and "AAA-ARMY" in msg and reason in msg


def test_bad_id_is_reported(tmp_path):
    with pytest.raises(KBError, match=r"broken\.yaml.*bad id"):
        build_db(_write(tmp_path, GOOD.replace("id: AAA-ARMY", "id: aaa army"), "broken.yaml"))


def test_duplicate_id_names_both_files(tmp_path):
    _write(tmp_path, GOOD, "one.yaml")
    _write(tmp_path, GOOD.replace("الجيش الألفي", "جيش آخر"), "two.yaml")
    with pytest.raises(KBError) as exc:
        build_db(tmp_path)
    assert "one.yaml" in str(exc.value) and "two.yaml" in str(exc.value) and "duplicate id" in str(exc.value)


def test_shared_alias_needs_a_rule(tmp_path):
    other = (
        GOOD.replace("AAA-ARMY", "BBB-ARMY").replace("code: SYRMIL", "code: IRQMIL").replace("SY", "IQ")
        .replace("name: Army of A", "name: Army of B").replace("name_ar: جيش ألف", "name_ar: جيش باء")
    )
    _write(tmp_path, GOOD + other, "shared.yaml")
    with pytest.raises(KBError, match="also belongs to AAA-ARMY"):
        build_db(tmp_path)
    _write(tmp_path, "- {alias: الجيش الألفي, rule: country_kind, kind: state_military}\n", "ambiguous.yaml")
    db = build_db(tmp_path)
    assert db.resolve("الجيش الألفي", "IQ").id == "BBB-ARMY"


def test_bad_rule_is_reported(tmp_path):
    _write(tmp_path, GOOD)
    _write(tmp_path, "- {alias: الجيش, rule: prefer, actor: NOPE}\n", "ambiguous.yaml")
    with pytest.raises(KBError, match=r"ambiguous\.yaml.*unknown actor 'NOPE'"):
        build_db(tmp_path)


def test_invalid_yaml_names_the_file(tmp_path):
    with pytest.raises(KBError, match=r"bad\.yaml.*invalid YAML"):
        build_db(_write(tmp_path, "- id: [unclosed\n", "bad.yaml"))


def test_the_dictionary_is_kept_on_disk_and_rebuilt_when_unreadable(tmp_path, monkeypatch):
    from marsad import settings
    from marsad.kb import actors as actors_mod

    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path)
    built = actors_mod._build_cached(DATA_DIR)
    (cached,) = tmp_path.glob("actors-*.pickle")

    def no_build(*_a, **_k):
        raise AssertionError("built again although the cache is fresh")

    monkeypatch.setattr(actors_mod, "build_db", no_build)
    again = actors_mod._build_cached(DATA_DIR)
    assert again.by_id == built.by_id and again.rules == built.rules
    assert again.resolve("الجيش", "SY").id == "SYR-ARMY"

    cached.write_bytes(b"not a pickle")
    monkeypatch.setattr(actors_mod, "build_db", build_db)
    assert actors_mod._build_cached(DATA_DIR).by_id == built.by_id
    assert cached.read_bytes() != b"not a pickle"
