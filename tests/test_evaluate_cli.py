"""`marsad evaluate DIR` / `marsad evaluate gsr DIR`: JSON shape, floors, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad import api
from marsad.cli import main
from marsad.document import Document
from marsad.evaluate import FloorsError, check_floors, evaluate_devset, load_floors
from marsad.pipeline import Pipeline

EVALSET = Path(__file__).parent / "fixtures" / "evalset"


def _fake_extract(text, *, id="doc", url=None, date=None, title=None, outlet=None, pipeline=None):
    """Predicts one airstrike on the first sentence of document 001, nothing elsewhere."""
    doc = Document(id=id, raw=text, text=text, url=url, outlet=outlet)
    if id == "001":
        end = text.index(".") + 1
        doc.events = [{"type": "airstrike", "status": "reported", "confidence": 0.8,
                       "evidence": {"text": text[:end], "start": 0, "end": end}}]
    return doc


@pytest.fixture
def fake_extract(monkeypatch):
    monkeypatch.setattr(api, "extract", _fake_extract)


def run(*args):
    return CliRunner().invoke(main, ["evaluate", *args])


def test_json_output_is_clean_and_complete(fake_extract):
    result = run(str(EVALSET), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) == {"kind", "path", "seconds", "metrics", "details", "tables", "documents", "errors"}
    assert report["kind"] == "devset"
    assert report["details"]["event"]["tp"] == 1 and report["details"]["event"]["fn"] == 4
    assert report["metrics"]["event_precision"] == 1.0 and report["metrics"]["event_recall"] == 0.2
    assert [d["id"] for d in report["documents"]] == ["001", "002", "003", "004"]
    assert {"event types", "confidence reliability"} <= set(report["tables"])


def test_human_table(fake_extract):
    result = run(str(EVALSET))
    assert result.exit_code == 0
    assert "event_f1" in result.stdout and "documents with errors" in result.stdout


def test_floors_below_exit_1_listing_each(fake_extract, tmp_path):
    floors = tmp_path / "floors.yaml"
    floors.write_text("event_precision: 0.5\nevent_recall: 0.9\nevent_f1: 0.9\n", encoding="utf-8")
    result = run(str(EVALSET), "--json", "--floors", str(floors))
    assert result.exit_code == 1
    assert "event_recall: 0.200 < floor 0.900" in result.stderr
    assert "event_f1" in result.stderr and "event_precision" not in result.stderr
    json.loads(result.stdout)  # the report is still printed, clean


def test_floors_met_exit_0_and_json_floors_accepted(fake_extract, tmp_path):
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"event_precision": 1.0, "negative_docs_clean_accuracy": 1.0}), encoding="utf-8")
    assert run(str(EVALSET), "--floors", str(floors)).exit_code == 0


def test_fixture_ci_floors_file_is_valid(fake_extract):
    result = run(str(EVALSET), "--json", "--floors", str(EVALSET / "floors.yaml"))
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("content, message", [
    ("event_f1: 2\n", "between 0 and 1"),
    ("- a\n", "mapping"),
    ("no_such_metric: 0.1\n", "unknown metric"),
])
def test_bad_floors_exit_2_with_one_line(fake_extract, tmp_path, content, message):
    floors = tmp_path / "f.yaml"
    floors.write_text(content, encoding="utf-8")
    result = run(str(EVALSET), "--floors", str(floors))
    assert result.exit_code == 2
    assert message in result.stderr and str(floors) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_or_invalid_dir_exit_2(tmp_path):
    for args in ([str(tmp_path / "missing")], [str(tmp_path)], ["gsr", str(tmp_path / "missing")], ["gsr", str(tmp_path)],
                 ["gsr-nested", str(tmp_path / "missing")], ["gsr-nested", str(tmp_path)]):
        result = run(*args)
        assert result.exit_code == 2, args
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr


def test_check_floors_not_measured_fails():
    report = evaluate_devset(EVALSET, Pipeline([("noop", lambda d: d)]))
    assert report.metrics["type_accuracy"] is None
    failures = check_floors(report, {"type_accuracy": 0.0, "event_f1": 0.0})
    assert failures == ["type_accuracy: not measured (no case to score), floor 0.000"]
    with pytest.raises(FloorsError):
        load_floors(EVALSET / "missing.yaml")
