"""Checks on the non-state armed actors (src/marsad/kb/data/actors/nonstate_*.yaml).

The files are read with plain YAML first, so that a broken entry is reported here even when
the shared loader is not importable; then the same spot checks run through the loader
against the whole actor database (all engineers' files plus ambiguous.yaml).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest
import yaml

from marsad.text.normalize import normalize

DATA_DIR = Path(__file__).resolve().parents[1] / "src" / "marsad" / "kb" / "data" / "actors"
FILES = sorted(DATA_DIR.glob("nonstate_*.yaml"))

REQUIRED = ("id", "name", "name_ar", "aliases_ar", "aliases_en", "kind", "country", "parent", "inter", "code")
KNOWN_KEYS = set(REQUIRED) | {"wikidata", "valid_from", "valid_to", "note", "role"}
KINDS = {
    "rebel_group",
    "jihadist_group",
    "militia",
    "political_party",
    # Sub-state forces that news report like armed groups (Peshmerga, Somali member-state
    # forces, Syrian army divisions, Asayish, the Autonomous Administration).
    "state_military",
    "police_security",
    "government",
}
# Which ACLED inter codes make sense for each kind.
INTER_BY_KIND = {
    "rebel_group": {2},
    "jihadist_group": {2, 3},
    "militia": {3, 4},
    "political_party": {3, 4},
    "state_military": {1},
    "police_security": {1, 3},
    "government": {3},
}
# Parents defined in the state files written in parallel; used when the loader is absent.
EXTERNAL_PARENTS = {"SYR-ARMY", "SDN-ARMY", "LBY-GNA", "IRQ-KRG"}
# Actors whose code prefix is not their theatre country on purpose.
CODE_PREFIX_EXCEPTIONS = {"HILLTOP-YOUTH": "ISR"}  # Israeli settlers acting in the West Bank

ID_RE = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
CODE_RE = re.compile(r"^[A-Z]{3}(?:[A-Z]{3}){1,3}$")
LATIN_RE = re.compile(r"[A-Za-z]")
ARABIC_RE = re.compile(r"[\u0600-\u06FF]")

# Everyday words that must never become an actor alias on their own: each would fire on
# ordinary conflict prose ("فتح النار" opened fire, "القاعدة العسكرية" the military base,
# "فيتو" a UN veto, "مجلس السيادة الانتقالي" Sudan's council).
FORBIDDEN_BARE_ALIASES = {"فتح", "القاعدة", "فيتو", "الانتقالي", "الخوارج", "البنيان المرصوص", "أبناء العراق",
                          "العدل والمساواة", "الجبهة الجنوبية", "فلول النظام", "الشباب المسلم", "جند الله"}


def _load() -> list[tuple[str, dict]]:
    out = []
    for f in FILES:
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        assert isinstance(data, list), f"{f.name}: top level must be a list"
        out.extend((f.name, entry) for entry in data)
    return out


ENTRIES = _load()
BY_ID = {e["id"]: e for _f, e in ENTRIES}


def _arabic_names(e: dict) -> list[str]:
    return [e["name_ar"], *(e.get("aliases_ar") or [])]


def _all_names(e: dict) -> list[str]:
    return [*_arabic_names(e), e["name"], *(e.get("aliases_en") or [])]


def _rules() -> set[str]:
    path = DATA_DIR / "ambiguous.yaml"
    if not path.exists():
        return set()
    return {normalize(r["alias"]) for r in yaml.safe_load(path.read_text(encoding="utf-8")) or []}


def _plain_index() -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for _f, e in ENTRIES:
        for n in _all_names(e):
            index[normalize(n.strip())].add(e["id"])
    return index


def test_files_exist_and_cover_the_regions():
    names = {f.name for f in FILES}
    for region in ("syria", "iraq", "yemen", "libya", "sudan", "horn", "levant", "egypt", "sahel", "afpak",
                   "transnational"):
        assert f"nonstate_{region}.yaml" in names


@pytest.mark.parametrize("fname,entry", ENTRIES, ids=[e.get("id", "?") for _f, e in ENTRIES])
def test_entry_is_well_formed(fname, entry):
    where = f"{fname}: {entry.get('id')}"
    for key in REQUIRED:
        assert key in entry, f"{where}: missing {key}"
    assert set(entry) <= KNOWN_KEYS, f"{where}: unknown keys {set(entry) - KNOWN_KEYS}"
    assert ID_RE.match(entry["id"]), where
    assert entry["kind"] in KINDS, f"{where}: kind {entry['kind']}"
    assert entry["inter"] in INTER_BY_KIND[entry["kind"]], f"{where}: inter {entry['inter']} for {entry['kind']}"
    assert CODE_RE.match(entry["code"]), f"{where}: code {entry['code']}"
    country = entry["country"]
    if country is None:
        assert entry["code"].startswith("IMG"), f"{where}: a transnational actor is coded IMG..."
    else:
        c = pycountry.countries.get(alpha_2=country)
        assert c is not None, f"{where}: bad country {country}"
        prefix = CODE_PREFIX_EXCEPTIONS.get(entry["id"], c.alpha_3)
        assert entry["code"][:3] == prefix, f"{where}: code {entry['code']} does not start with {prefix}"
    assert entry["name"].strip() and not ARABIC_RE.search(entry["name"]), where
    assert isinstance(entry["aliases_ar"], list) and isinstance(entry["aliases_en"], list), where
    for a in _arabic_names(entry):
        assert isinstance(a, str) and a == a.strip() and a, f"{where}: empty/padded alias {a!r}"
        assert not LATIN_RE.search(a), f"{where}: Latin letters in Arabic alias {a!r}"
        assert ARABIC_RE.search(a), f"{where}: no Arabic in {a!r}"
    for a in entry["aliases_en"]:
        assert isinstance(a, str) and a.strip() and not ARABIC_RE.search(a), f"{where}: bad English alias {a!r}"
    if entry.get("wikidata") is not None:
        assert re.match(r"^Q[1-9]\d*$", entry["wikidata"]), where


def test_ids_are_unique():
    seen: dict[str, str] = {}
    for fname, e in ENTRIES:
        assert e["id"] not in seen, f"{e['id']} in both {seen[e['id']]} and {fname}"
        seen[e["id"]] = fname


def test_no_alias_repeated_within_an_actor():
    # Repeats after normalisation (hamza, ta marbuta...) would only inflate the alias count.
    for _f, e in ENTRIES:
        norms = [normalize(n) for n in _arabic_names(e)]
        dupes = {n for n in norms if norms.count(n) > 1}
        assert not dupes, f"{e['id']}: repeated Arabic names {dupes}"


def test_no_alias_shared_between_actors_without_a_rule():
    rules = _rules()
    clashes = {k: sorted(v) for k, v in _plain_index().items() if len(v) > 1 and k not in rules}
    assert not clashes, f"names given to several non-state actors: {clashes}"


def test_common_words_are_not_aliases():
    listed = {normalize(n) for _f, e in ENTRIES for n in _arabic_names(e)}
    assert not listed & {normalize(w) for w in FORBIDDEN_BARE_ALIASES}


def test_parents_exist_and_do_not_loop():
    for _f, e in ENTRIES:
        parent = e["parent"]
        if parent is None:
            continue
        assert parent in BY_ID or parent in EXTERNAL_PARENTS, f"{e['id']}: unknown parent {parent}"
        seen, cur = {e["id"]}, parent
        while cur in BY_ID:
            assert cur not in seen, f"{e['id']}: parent loop through {cur}"
            seen.add(cur)
            cur = BY_ID[cur]["parent"]


def test_islamic_state_provinces_roll_up_to_is():
    provinces = [e for _f, e in ENTRIES if e["id"].startswith("IS-") or e["id"] in {"ISWAP", "ISKP", "ISCAP"}]
    assert len(provinces) >= 10
    assert all(p["parent"] == "IS" for p in provinces)
    assert BY_ID["IS"]["country"] is None and BY_ID["AQ"]["country"] is None


def test_canonical_names_used_by_the_gold_annotations():
    expected = {
        "IS": "Islamic State",
        "IS-SINAI": "Islamic State (Sinai Province)",
        "JNIM": "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)",
        "AL-SHABAAB": "al-Shabaab",
        "SDF": "Syrian Democratic Forces",
        "YPG": "People's Protection Units (YPG)",
        "HOUTHIS": "Houthis (Ansar Allah)",
        "LNA": "Libyan National Army",
        "RSF": "Rapid Support Forces",
        "BOKO-HARAM": "Boko Haram",
        "TALIBAN": "Taliban",
        "HEZBOLLAH": "Hezbollah",
        "HAMAS": "Hamas",
        "FATAH": "Fatah",
        "STC": "Southern Transitional Council",
        "AIN-HILWEH-ISLAMISTS": "Islamist militants (Ain al-Hilweh)",
    }
    assert {i: BY_ID[i]["name"] for i in expected} == expected


SPOT_CHECKS = [
    ("قسد", "SDF"),
    ("قوات سورية الديموقراطية", "SDF"),
    ("الحشد الشعبي", "PMF"),
    ("أنصار الله", "HOUTHIS"),
    ("ميليشيات الحوثي", "HOUTHIS"),
    ("ولاية سيناء", "IS-SINAI"),
    ("تنظيم الدولة الاسلامية في العراق والشام", "IS"),
    ("داعش", "IS"),
    ("كتائب القسام", "QASSAM-BRIGADES"),
    ("سرايا القدس", "SARAYA-AL-QUDS"),
    ("نصرة الإسلام والمسلمين", "JNIM"),
    ("حركة الشباب المجاهدين", "AL-SHABAAB"),
    ("الدعم السريع", "RSF"),
    ("قوات حفتر", "LNA"),
    ("هيئة تحرير الشام", "HTS"),
    ("جبهة النصرة", "NUSRA"),
    ("جماعة أهل السنة للدعوة والجهاد", "BOKO-HARAM"),
    ("طالبان باكستان", "TTP"),
    ("حزب العمال الكردستاني", "PKK"),
    ("مسلحون إسلاميون في عين الحلوة", "AIN-HILWEH-ISLAMISTS"),
    ("المقاومة الإسلامية في لبنان", "HEZBOLLAH"),
    ("داعش خراسان", "ISKP"),
]


@pytest.mark.parametrize("alias,actor_id", SPOT_CHECKS)
def test_spot_checks_plain(alias, actor_id):
    assert _plain_index()[normalize(alias)] == {actor_id}


def test_sinai_province_parent_and_predecessor():
    assert BY_ID["IS-SINAI"]["parent"] == "IS"
    assert BY_ID["QASSAM-BRIGADES"]["parent"] == "HAMAS"
    assert BY_ID["SARAYA-AL-QUDS"]["parent"] == "PIJ"
    assert BY_ID["DEIR-EZZOR-MC"]["parent"] == "SDF"
    # Ansar Bayt al-Maqdis is the predecessor, not a synonym.
    assert "ABM" in BY_ID and normalize("أنصار بيت المقدس") not in {normalize(n) for n in _arabic_names(BY_ID["IS-SINAI"])}


def test_size_targets():
    arabic = sum(len(e["aliases_ar"]) for _f, e in ENTRIES)
    assert len(ENTRIES) >= 150
    assert arabic >= 900


# --------------------------------------------------------------------------- via the loader


@pytest.fixture(scope="module")
def db():
    actors = pytest.importorskip("marsad.kb.actors")
    return actors.load_actors()


def test_loader_keeps_every_nonstate_actor(db):
    for _f, e in ENTRIES:
        assert e["id"] in db
        assert db[e["id"]].source.startswith("nonstate_")
    for _f, e in ENTRIES:
        if e["parent"]:
            assert e["parent"] in db, f"{e['id']}: parent {e['parent']} missing from the full database"


@pytest.mark.parametrize("alias,actor_id", SPOT_CHECKS)
def test_spot_checks_through_loader(db, alias, actor_id):
    found = [a.id for a in db.lookup(alias)]
    assert found == [actor_id]


def test_resolve_in_story_country(db):
    sinai = db.resolve("ولاية سيناء", "EG")
    assert sinai is not None and sinai.id == "IS-SINAI" and db[sinai.parent].id == "IS"
    assert db.resolve("قوات سورية الديموقراطية", "SY").id == "SDF"
    assert db.resolve("الحشد", "IQ").id == "PMF"


@pytest.mark.parametrize("text, actor_id", [
    ("شن طيران العدوان الأمريكي البريطاني ثلاث غارات على مديرية الصليف بمحافظة الحديدة.", "USA-ARMY"),
    ("شنت طائرات العدوان السعودي غارات على صعدة.", "SAUDI-COALITION"),
    ("وقعت الحكومة السودانية والحركة الشعبية - شمال اتفاقا في جوبا.", "SPLM-N"),
])
def test_names_with_a_nationality_or_a_dash_resolve_to_their_party(text, actor_id):
    import marsad

    assert actor_id in [s.attrs["kb_id"] for s in marsad.extract(text, id="t").spans if s.label == "ACTOR"]
