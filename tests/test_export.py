"""Exports (csv-acled, jsonl, geojson, parquet, plover) and the store CLI, on hand-built
incidents (see test_store_incidents) in SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from marsad.cli import main
from marsad.export import FORMATS, export
from marsad.export.acled_csv import COLUMNS, interaction, regions
from test_store_incidents import ALL, CLASH_1, STRIKE_1, put

ACLED_HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
                "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
                "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,"
                "fatalities,tags,timestamp")


@pytest.fixture
def store_filled(store_open):
    store = store_open()
    put(store, ALL)
    return store


def _bytes(store, fmt, **filters) -> bytes:
    buf = io.BytesIO()
    export(store, fmt, buf, **filters)
    return buf.getvalue()


def test_acled_csv_has_exactly_acleds_columns(store_filled):
    raw = _bytes(store_filled, "csv-acled").decode("utf-8")
    assert raw.splitlines()[0] == ACLED_HEADER == ",".join(COLUMNS)
    rows = list(csv.DictReader(io.StringIO(raw)))
    assert len(rows) == 4
    strike = next(r for r in rows if r["sub_event_type"] == "Air/drone strike")
    assert strike["event_id_cnty"].startswith("SYR") and strike["iso"] == "760"
    assert strike["region"] == "Middle East" and strike["country"] == "Syria"
    assert (strike["event_date"], strike["year"], strike["time_precision"]) == ("2024-03-05", "2024", "1")
    assert strike["fatalities"] == "7" and "7/7/9" in strike["notes"]
    assert strike["location"] == "Kafranbel" and float(strike["latitude"]) == pytest.approx(35.6138)
    assert strike["disorder_type"] == "Political violence"
    assert (strike["inter1"], strike["inter2"], strike["interaction"]) == ("1", "7", "17")
    assert strike["civilian_targeting"] == "Civilian targeting"
    assert "Syrian Observatory for Human Rights" in strike["source"]
    assert strike["source_scale"] == "National"  # both named sources are Syrian monitors


def test_acled_assoc_actor_sides_source_scale_and_admin3():
    from marsad.export.acled_csv import row_for

    army = {"id": "SYR-ARMY", "name": "Syrian Arab Army", "inter": 1}
    hts = {"id": "HTS", "name": "Hayat Tahrir al-Sham", "inter": 2}
    inc = {"id": "INC-1", "type": "armed_clash", "actor1": army, "actor2": hts, "iso2": "SY",
           "assoc_actors": [{"name": "Allied Militia", "inter": 1}, {"name": "Rebel Faction", "inter": 2},
                            {"name": "Unknown Side"}],
           "location": {"name": "Saraqib", "admin3": "Saraqib Subdistrict"},
           "sources": ["Reuters", "Syrian Observatory for Human Rights", "a stringer nobody knows"], "outlets": []}
    row = row_for(inc)
    assert row["assoc_actor_1"] == "Allied Militia; Unknown Side" and row["assoc_actor_2"] == "Rebel Faction"
    assert row["source_scale"] == "National-International" and row["admin3"] == "Saraqib Subdistrict"
    assert row_for(dict(inc, sources=["a stringer nobody knows"]))["source_scale"] == ""
    assert row_for(dict(inc, location={"name": "Saraqib"}))["admin3"] == ""


def test_acled_names_generic_actors_with_their_country():
    from marsad.export.acled_csv import row_for

    police = {"id": "ISR-POLICE", "name": "Israel Police", "inter": 1, "country": "IL"}
    crowd = {"id": "PROTESTERS", "name": "Protesters", "inter": 6, "country": "IL"}
    inc = {"id": "INC-2", "type": "protest", "actor1": crowd, "actor2": police, "iso2": "IL"}
    row = row_for(inc)
    assert row["actor1"] == "Protesters (Israel)" and row["actor2"] == "Israel Police"
    assert row_for(dict(inc, actor1=dict(crowd, country=None)))["actor1"] == "Protesters"


def test_a_region_wide_toll_is_tagged_and_warned_of():
    from marsad.export.acled_csv import row_for
    from marsad.export.plover import record

    inc = {"id": "INC-3", "type": "airstrike", "iso2": "PS", "fatalities_low": 40, "fatalities_best": 40,
           "fatalities_high": 40, "fatalities_note": "best 40 cited by 1 of 1 report(s)", "region_wide": True}
    row = row_for(inc)
    assert row["tags"] == "marsad_id=INC-3; region_wide_toll" and "do not add" in row["notes"]
    assert "do not add" in record(inc)["comment"]
    single = row_for(dict(inc, region_wide=False))
    assert single["tags"] == "marsad_id=INC-3" and "do not add" not in single["notes"]


def test_interaction_code_and_region_table():
    assert interaction(2, 1) == 12 and interaction(6, "") == 60 and interaction("", "") == ""
    table = regions()
    assert table["SY"] == "Middle East" and table["ML"] == "Western Africa"
    assert all(len(k) == 2 and k.isupper() and v for k, v in table.items())


def _check_geojson(obj):
    """RFC 7946 structure: FeatureCollection of Features with Point/null geometry, lon/lat order."""
    assert obj["type"] == "FeatureCollection" and isinstance(obj["features"], list)
    for f in obj["features"]:
        assert f["type"] == "Feature" and isinstance(f["properties"], dict)
        assert isinstance(f.get("id"), (str, int))
        g = f["geometry"]
        if g is not None:
            assert g["type"] == "Point" and len(g["coordinates"]) == 2
            lon, lat = g["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_geojson_is_a_valid_feature_collection(store_filled):
    obj = json.loads(_bytes(store_filled, "geojson"))
    _check_geojson(obj)
    assert len(obj["features"]) == 4
    strike = next(f for f in obj["features"] if f["properties"]["type"] == "airstrike")
    assert strike["geometry"]["coordinates"] == [36.5645, 35.6138]  # lon first
    assert strike["properties"]["fatalities_best"] == 7 and len(strike["properties"]["urls"]) == 3


def test_parquet_reads_back_with_the_same_rows(store_filled, tmp_path):
    import pyarrow.parquet as pq

    path = tmp_path / "incidents.parquet"
    assert export(store_filled, "parquet", path) == 4
    table = pq.read_table(path)
    frame = store_filled.incidents()
    assert table.num_rows == len(frame) == 4
    back = table.to_pydict()
    assert back["id"] == list(frame["id"])
    rows = store_filled.incident_rows()
    for col in ("fatalities_low", "fatalities_best", "fatalities_high", "date", "n_documents", "sources", "lat"):
        assert back[col] == [r[col] for r in rows], col
    strike = back["id"].index(next(i for i, t in zip(back["id"], back["type"]) if t == "airstrike"))
    assert json.loads(back["location"][strike])["name"] == "Kafranbel"
    assert len(back["outlets"][strike]) == 3


def test_plover_and_jsonl(store_filled):
    records = [json.loads(line) for line in _bytes(store_filled, "plover").decode().splitlines()]
    assert len(records) == 4
    for r in records:
        assert {"id", "date", "source", "recipient", "event", "mode", "quad_code", "event_loc", "cite_info"} <= set(r)
        assert isinstance(r["event"], list) and isinstance(r["source"], list)
    strike = next(r for r in records if r["mode"] == "aerial")
    assert strike["event"] == ["ASSAULT"] and strike["quad_code"] == 4
    assert strike["source"][0] == {"code": "SYR", "sector": "GOV", "actor_text": "الحكومة السورية",
                                   "identifier_id": "SYR-GOV", "identifier_text": "Government of Syria"}
    assert strike["event_loc"]["geonameid"] == 168661 and strike["dead"] == 7
    lines = [json.loads(line) for line in _bytes(store_filled, "jsonl").decode().splitlines()]
    assert sorted(len(x["mentions"]) for x in lines) == [1, 1, 2, 3]


def test_filters(store_filled):
    s = store_filled
    assert len(s.incidents(type="armed_clash")) == 2
    assert len(s.incidents(type="Protests")) == 1
    assert len(s.incidents(actor="tahrir")) == 2
    assert len(s.incidents(country="sy")) == 4 and len(s.incidents(country="Iraq")) == 0
    assert len(s.incidents(since="2024-03-06")) == 0 and len(s.incidents(until="2024-03-05")) == 4
    with pytest.raises(ValueError, match="since"):
        s.incidents(since="yesterday")
    assert str(s.incidents()["fatalities_best"].dtype) == "Int64"


def test_cli_upgrade_ingest_export_and_merge(store_db_url, tmp_path, store_filled):
    runner = CliRunner()
    up = runner.invoke(main, ["db", "upgrade", "--db", store_db_url])
    from marsad.store.db import head_revision

    assert up.exit_code == 0 and f"revision {head_revision()}" in up.output
    for fmt in FORMATS:
        out = tmp_path / f"x.{fmt}"
        result = runner.invoke(main, ["export", "--format", fmt, "--db", store_db_url, "--out", str(out),
                                      "--type", "armed_clash"])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    header = (tmp_path / "x.csv-acled").read_text(encoding="utf-8").splitlines()
    assert header[0] == ACLED_HEADER and len(header) == 3
    ids = [json.loads(line)["id"] for line in (tmp_path / "x.jsonl").read_text().splitlines()]
    merged = runner.invoke(main, ["incidents", "merge", ids[0], ids[1], "--db", store_db_url, "--note", "same fight"])
    assert merged.exit_code == 0 and merged.output.strip() == ids[0]
    bad = runner.invoke(main, ["incidents", "split", "nope", "--db", store_db_url])
    assert bad.exit_code != 0 and "nope" in bad.output
    feed = tmp_path / "one.jsonl"
    feed.write_text(json.dumps({"id": "x", "url": "https://x.example.org/1", "date": "2024-03-05",
                                "text": "قتل ثلاثة أشخاص في قصف على بلدة سراقب."}, ensure_ascii=False) + "\n"
                    + "{broken\n", encoding="utf-8")
    ingested = runner.invoke(main, ["ingest", str(feed), "--db", store_db_url, "-q"])
    assert ingested.exit_code == 1  # one input failed
    assert "documents new" in ingested.output and "invalid JSON" in ingested.output
    assert CLASH_1.url and STRIKE_1.url  # fixtures used above


def test_unknown_format_is_a_clear_error(store_filled):
    with pytest.raises(ValueError, match="unknown export format 'xls'"):
        export(store_filled, "xls", io.BytesIO())
