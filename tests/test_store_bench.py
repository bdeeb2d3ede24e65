"""`marsad bench ingest` on a few documents (speed is never asserted) and the generated
incident-report feed it ingests."""

from __future__ import annotations

import json

from click.testing import CliRunner

from marsad.bench.corpus import incident_reports
from marsad.bench.ingest import fresh_database, store_only, synthetic_documents
from marsad.cli import main


def test_incident_reports_tell_each_incident_several_times():
    reports = list(incident_reports(200, seed=3))
    assert len(reports) == 200 and reports == list(incident_reports(200, seed=3))
    by_incident: dict[int, list[dict]] = {}
    for r in reports:
        by_incident.setdefault(r["incident"], []).append(r)
    multi = [rs for rs in by_incident.values() if len(rs) > 1]
    assert len(multi) > 20 and len(by_incident) < 150
    for rs in multi:  # one happening: same place, day, kind; different outlets and URLs
        assert len({(r["place"], r["date"], r["kind"]) for r in rs}) == 1
        assert len({r["outlet"] for r in rs}) == len(rs) and len({r["url"] for r in rs}) == len(rs)
        assert all(0 <= (r["published"] - r["date"]).days <= 2 for r in rs)
    assert len({r["iso2"] for r in reports}) >= 4 and any(r["coarse"] for r in reports)
    assert all(str(r["fatalities"]) in r["text"] for r in reports)


def test_store_only_merges_the_reports_of_one_incident():
    docs = list(synthetic_documents(120, seed=3))
    assert all(len(d.events) == 1 and d.text[d.events[0]["evidence"]["start"]:d.events[0]["evidence"]["end"]]
               == d.events[0]["evidence"]["text"] for d in docs)
    with fresh_database("sqlite") as url:
        r = store_only(url, 120, seed=3, checkpoints=(50, 100))
    incidents = len({x["incident"] for x in incident_reports(120, seed=3)})
    assert r["docs"] == r["mentions"] == 120
    # reports of one incident merge; a coarse report may stay apart, distinct incidents never join
    assert incidents <= r["incidents"] < 120
    assert set(r["merge_growth"]) == {"50", "100"} and r["db_mb"] > 0 and r["cpu_ms_per_doc"] > 0


def test_cli_store_only_on_sqlite_prints_json():
    result = CliRunner().invoke(main, ["bench", "ingest", "--docs", "0", "--store-docs", "30", "--db", "sqlite",
                                       "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)  # progress goes to stderr
    assert out["sqlite"]["store_only"]["docs"] == 30 and "postgresql" not in out
    bad = CliRunner().invoke(main, ["bench", "ingest", "--db", "mysql://x"])
    assert bad.exit_code != 0 and "mysql://x" in bad.output
