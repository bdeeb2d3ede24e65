"""`marsad kb …` and `marsad.kb.lookup` (GeoNames fixture data in tests/fixtures/geonames is invented)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad import settings
from marsad.cli import main
from marsad.kb import gazetteer as gz
from marsad.kb.lookup import candidate_forms, lookup, stats

FIXTURES = Path(__file__).parent / "fixtures" / "geonames"


def run(*args: str):
    return CliRunner().invoke(main, ["kb", *args])


def lookup_json(*args: str) -> list[dict]:
    result = run("lookup", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


ROW_KEYS = {"id", "name", "name_ar", "type", "kind", "country", "code", "lat", "lon", "admin1", "admin2", "score"}


def test_lookup_actor_alias():
    rows = lookup_json("قسد")
    assert rows[0]["id"] == "SDF" and rows[0]["type"] == "actor"
    assert ROW_KEYS <= set(rows[0]) and rows[0]["code"] and rows[0]["country"] == "SY"


def test_lookup_place_follows_country():
    eg = lookup_json("رفح", "--country", "EG")
    assert eg[0]["type"] == "place" and eg[0]["country"] == "EG"
    ps = lookup_json("رفح", "--country", "ps")
    assert ps[0]["type"] == "place" and ps[0]["country"] == "PS"
    assert ps[0]["lat"] is not None and ps[0]["admin1"]
    # both readings stay listed, ranked
    assert {"EG", "PS"} <= {r["country"] for r in ps}
    assert [r["score"] for r in ps] == sorted((r["score"] for r in ps), reverse=True)


def test_lookup_strips_clitics_and_article():
    rows = lookup_json("لقسد")
    assert rows[0]["id"] == "SDF" and rows[0]["matched"] == "قسد"
    assert rows[0]["score"] < lookup("قسد")[0]["score"]  # a derived form ranks below the written one
    # "وبدير الزور" = و + ب + دير الزور
    assert lookup("وبدير الزور", "SY")[0]["country"] == "SY"
    forms = candidate_forms("للجيش")
    assert forms[0] == ["للجيش"] and "الجيش" in forms[-1]


def test_generic_actor_name_needs_country():
    assert lookup("الجيش") == []
    (army,) = [r for r in lookup("الجيش", "SY") if r["type"] == "actor"]
    assert army["country"] == "SY" and army["kind"] == "state_military"
    result = run("lookup", "الجيش")
    assert result.exit_code == 0 and "--country" in result.stderr


def test_lookup_table_and_bad_country():
    result = run("lookup", "قسد")
    assert result.exit_code == 0 and "SDF" in result.stdout and "SYRREB" in result.stdout
    bad = run("lookup", "رفح", "--country", "EGY")
    assert bad.exit_code == 2 and "alpha-2" in bad.output
    with pytest.raises(ValueError, match="alpha-2"):
        lookup("رفح", "EGY")
    assert lookup_json("كلمةلاوجودلها") == []


def test_stats_json_keys():
    result = run("stats", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"actors", "arabic_aliases", "english_aliases", "rules", "actors_by_kind", "places",
            "places_by_country", "admin_units", "curated_by_feature", "imported_geonames"} <= set(data)
    assert data["actors"] == sum(data["actors_by_kind"].values()) > 0
    assert data["places"] > data["admin_units"]["admin1"] > 0
    assert {"SY", "IQ", "YE", "SD"} <= set(data["places_by_country"])  # focus countries always shown
    assert data == stats()


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    """A fresh CACHE_DIR holding a copy of the compiled index (so nothing is rebuilt and the
    user's real cache is never written)."""
    src = gz.compile_gazetteer()
    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path)
    shutil.copy(src, gz.cache_path())
    gz.reset_cache()
    yield tmp_path
    gz.reset_cache()


def test_import_geonames_makes_village_resolvable(private_cache):
    assert lookup_json("تل المرصد") == []
    result = run("import-geonames", str(FIXTURES / "XX.txt"),
                 "--alternate-names", str(FIXTURES / "alternateNamesV2.txt"))
    assert result.exit_code == 0, result.output
    assert "added 3 places" in result.stdout
    (village,) = lookup_json("تل المرصد", "--country", "SY")
    assert village["id"] == "gnu:99000001" and village["kind"] == "village"
    assert village["admin1"] == "Deir ez-Zor" and village["country"] == "SY"
    assert lookup_json("وتل المرصد")[0]["id"] == "gnu:99000001"
    assert json.loads(run("stats", "--json").stdout)["imported_geonames"] == 3
    assert (private_cache / "geonames" / "XX.json").exists()


def test_import_geonames_errors_are_one_line(private_cache, tmp_path):
    missing = run("import-geonames", str(tmp_path / "ZZ.txt"))
    assert missing.exit_code == 1 and "ZZ.txt" in missing.stderr
    bad = tmp_path / "YY.txt"
    bad.write_text("1\tBad\n", encoding="utf-8")
    result = run("import-geonames", str(bad))
    assert result.exit_code == 1
    assert "YY.txt:1: expected 19" in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_build_forces_a_rebuild(monkeypatch, tmp_path):
    calls = []

    def fake_compile(force=False):
        calls.append(force)
        return tmp_path / "gazetteer-x.marshal"

    monkeypatch.setattr(gz, "compile_gazetteer", fake_compile)
    result = run("build")
    assert result.exit_code == 0, result.output
    assert calls == [True] and "gazetteer-x.marshal" in result.stdout


def test_broken_kb_data_is_one_line(monkeypatch):
    import marsad.kb.lookup as lk
    from marsad.kb.actors import KBError

    def broken():
        raise KBError("nonstate_test.yaml", "X-1", "missing required field 'code'")

    monkeypatch.setattr(lk, "load_actors", broken)
    result = run("lookup", "قسد")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "nonstate_test.yaml: X-1: missing required field 'code'" in result.stderr
