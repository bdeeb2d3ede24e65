"""GSR-format scoring on a tiny benchmark folder of our own sentences."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from marsad import api
from marsad.cli import main
from marsad.document import Document
from marsad.evaluate import GsrError, evaluate_gsr
from marsad.evaluate.gsr import _words, baseline_predicts, load_baseline

ASSAULT = [
    ("a1", "yes", "هاجم مسلحون نقطة تفتيش للشرطة وقتلوا جنديين."),
    ("a2", "yes", "أصيب ثلاثة أشخاص برصاص مجهولين في السوق."),
    ("a3", "easy no", "افتتح الوزير معرضا للكتاب في العاصمة."),
    ("a4", "difficult no", "حذر المسؤول من هجوم محتمل على المدينة."),
    ("a5", "ambiguous", "هاجم الكاتب سياسة الحكومة في مقاله."),
]
PROTEST = [
    ("p1", "yes", "تظاهر مئات العمال أمام مقر الشركة."),
    ("p2", "easy no", "ارتفعت أسعار الذهب في الأسواق."),
]


def _write(tmp_path, name, rows, etype):
    with open(tmp_path / name, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "event_type", "label", "accept", "reject", "total", "text"])
        for ident, label, text in rows:
            w.writerow([ident, etype, label, 0, 0, 3, text])


@pytest.fixture
def gsr_dir(tmp_path):
    _write(tmp_path, "assault_gsr.csv", ASSAULT, "ASSAULT")
    _write(tmp_path, "protest_gsr.csv", PROTEST, "PROTEST")
    spans = [{"source": "a1", "text": ASSAULT[0][2], "event_type": "ASSAULT",
              "source_gold": "مسلحون", "verb_gold": "هاجم", "target_gold": "الشرطة"}]
    (tmp_path / "assault_spans.json").write_text(json.dumps(spans, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def _fake_extract(text, *, id="doc", pipeline=None, **_):
    """ASSAULT for a1 and a4 (a4 only as a threat), with an actor named in the text for a1."""
    doc = Document(id=id, raw=text, text=text)
    if text == ASSAULT[0][2]:
        s = text.index("مسلحون")
        doc.add_span("ACTOR", s, s + 6, kb_id="gunmen", name="Gunmen")
        doc.events = [{"plover_type": "ASSAULT", "status": "reported",
                       "actor1": {"id": "gunmen", "name": "Gunmen", "name_ar": None, "inter": None, "code": None},
                       "actor2": {"id": "police", "name": "Police", "name_ar": "شرطة", "inter": None, "code": None}}]
    elif text == ASSAULT[3][2]:
        doc.events = [{"plover_type": "ASSAULT", "status": "threatened"}]
    elif text == PROTEST[1][2]:
        doc.events = [{"plover_type": "PROTEST", "status": "reported"}]
    return doc


def test_detection_agreement_and_baseline(gsr_dir, monkeypatch):
    monkeypatch.setattr(api, "extract", _fake_extract)
    report = evaluate_gsr(gsr_dir, baseline=True)
    # ambiguous a5 left out; a1 found, a2 missed, threatened a4 not a detection
    assert report.details["assault"] == {"tp": 1, "fp": 0, "fn": 1, "precision": 1.0, "recall": 0.5,
                                         "f1": pytest.approx(0.6667, abs=1e-4)}
    assert (report.details["protest"]["tp"], report.details["protest"]["fp"], report.details["protest"]["fn"]) == (0, 1, 1)
    assert report.metrics["assault_source_accuracy"] == 1.0
    assert report.metrics["assault_target_accuracy"] == 1.0  # "شرطة" vs gold "الشرطة" after the article
    assert report.metrics["protest_source_accuracy"] is None
    # keyword baseline: a1 (هاجم/قتل), a2 (إصابة/رصاص), a4 (هجوم) positive
    assert report.details["baseline_assault"]["tp"] == 2 and report.details["baseline_assault"]["fp"] == 1
    assert report.details["baseline_protest"]["tp"] == 1
    systems = {(r["system"], r["type"]) for r in report.tables["detection"]}
    assert ("keyword baseline", "PROTEST") in systems and ("marsad (rules + scorer)", "ASSAULT") in systems
    assert ("marsad rules only", "ASSAULT") in systems


def test_limit_and_no_baseline(gsr_dir, monkeypatch):
    monkeypatch.setattr(api, "extract", _fake_extract)
    report = evaluate_gsr(gsr_dir, limit=1)
    assert report.details["assault"]["tp"] == 1 and report.details["assault"]["fn"] == 0
    assert "baseline_assault_f1" not in report.metrics


def test_cli_gsr_json(gsr_dir, monkeypatch):
    monkeypatch.setattr(api, "extract", _fake_extract)
    result = CliRunner().invoke(main, ["evaluate", "gsr", str(gsr_dir), "--json", "--baseline"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "gsr" and "baseline_protest_f1" in data["metrics"]


def test_missing_csv_names_the_file(tmp_path):
    with pytest.raises(GsrError, match="assault_gsr.csv"):
        evaluate_gsr(tmp_path)


def test_baseline_data_and_words():
    keywords = load_baseline()
    assert set(keywords) == {"ASSAULT", "PROTEST"} and all(keywords.values())
    assert baseline_predicts("خرجت مظاهرة حاشدة", "PROTEST")
    assert not baseline_predicts("خرجت مظاهرة حاشدة", "ASSAULT")
    assert _words("والشرطة بالمدينة و") == {"شرطه", "مدينه"}
