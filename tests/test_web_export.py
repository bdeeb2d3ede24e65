"""`marsad export` writes incidents as reviewed: a correction made in the web app replaces the
machine value and a rejected incident is left out, in every format."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from marsad.cli import main
from marsad.export import FORMATS
from marsad.store import Store
from marsad.store import review as R

from test_web import build_store


def test_export_uses_reviewed_values(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    build_store(url)
    store = Store.open(url)
    try:
        _, rows = R.query_incidents(store, R.IncidentQuery())
        by = {r["iso2"]: r["id"] for r in rows}
        R.correct(store, by["IQ"], "fatalities", 9, reviewer="Amal")
        R.correct(store, by["IQ"], "actor1", "Islamic State", reviewer="Amal")
        R.set_status(store, by["SD"], "rejected", reviewer="Amal")
    finally:
        store.engine.dispose()
    runner = CliRunner()
    for fmt in FORMATS:
        out = tmp_path / f"out.{fmt}"
        result = runner.invoke(main, ["export", "--format", fmt, "--db", url, "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert "2 incident(s) exported" in result.output and out.stat().st_size > 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv-acled").read_text(encoding="utf-8"))))
    assert sorted(r["country"] for r in rows) == ["Iraq", "Syria"]  # the rejected Sudan protest is gone
    iraq = next(r for r in rows if r["country"] == "Iraq")
    assert iraq["fatalities"] == "9" and iraq["actor1"] == "Islamic State"
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [x["date"] for x in lines] == sorted(x["date"] for x in lines)  # oldest first, as before
    assert {x["id"] for x in lines} == {by["IQ"], by["SY"]}
    filtered = runner.invoke(main, ["export", "--format", "jsonl", "--db", url, "--country", "Iraq"])
    assert filtered.exit_code == 0 and json.loads(filtered.stdout.splitlines()[0])["fatalities_best"] == 9
    bad = runner.invoke(main, ["export", "--format", "jsonl", "--db", url, "--since", "yesterday"])
    assert bad.exit_code != 0 and "since" in bad.output
