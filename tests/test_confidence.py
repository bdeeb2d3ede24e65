"""Event confidence: the committed model, the score, and `marsad train confidence`."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import main
from marsad.extraction import confidence as C

EVALSET = Path(__file__).parent / "fixtures" / "evalset"
ARABIC = re.compile(r"[\u0600-\u06FF]")


def _event(**over):
    ev = {"type": "airstrike", "status": "reported", "actor1": None, "actor2": None, "location": None,
          "date_text": None, "fatalities": None, "injured": None, "arrested": None, "source": None,
          "background": False, "signals": [], "relevance": None}
    ev.update(over)
    return ev


FULL = _event(actor1={"id": "x", "name": "X"}, location={"name": "Y", "geo_precision": 1}, fatalities=3,
              date_text="أمس", relevance=0.9)
BARE_WEAK = _event(signals=["weak", "definite"], relevance=0.05)


# ---------------------------------------------------------------------- committed model


def test_packaged_model_loads_and_validates():
    model = C.load_model()
    assert model is not None, "src/marsad/extraction/data/confidence.json is missing"
    assert all(isinstance(w, float | int) and not isinstance(w, bool) for w in model["weights"].values())
    assert isinstance(model["bias"], float | int)
    meta = model["metadata"]
    assert meta["data"].startswith("devset") and meta["l2"] > 0 and meta["events"] >= meta["matched"] > 0
    assert set(model["weights"]) <= set(meta["features"])
    for name in ("cross_validated", "in_sample"):
        table = model["reliability"][name]
        assert sum(r["events"] for r in table["rows"]) == table["events"] == meta["events"]
        assert 0 <= table["brier"] <= 1


def test_packaged_model_holds_no_text():
    text = C.default_path().read_text(encoding="utf-8")
    assert not ARABIC.search(text)
    assert all(C.FEATURE_NAME.match(k) for k in json.loads(text)["weights"])


@pytest.mark.parametrize(("change", "reason"), [
    (lambda m: m.update(weights=[1.0]), "weights"),
    (lambda m: m["weights"].update({"has_actor1": "high"}), "not a number"),
    (lambda m: m["weights"].update({"has_actor1": True}), "not a number"),
    (lambda m: m["weights"].update({"قصف": 1.0}), "identifier"),
    (lambda m: m.pop("bias"), "bias"),
    (lambda m: m.pop("metadata"), "metadata"),
    (lambda m: m["metadata"].pop("l2"), "metadata"),
    (lambda m: m["reliability"].pop("cross_validated"), "reliability"),
    (lambda m: m.update(format="other"), "format"),
])
def test_validate_rejects_a_bad_model_naming_the_file(change, reason):
    model = json.loads(C.default_path().read_text(encoding="utf-8"))
    change(model)
    with pytest.raises(ValueError, match=rf"^bad\.json: .*{reason}"):
        C.validate_model(model, "bad.json")


# ---------------------------------------------------------------------- signals and score


def test_signals_are_identifiers_and_only_the_ones_on():
    feats = C.signals(FULL)
    assert {"has_actor1", "has_location", "precise_location", "has_count", "has_date", "family:remote",
            "relevance:high"} <= set(feats)
    assert "has_actor2" not in feats and all(v == 1.0 for v in feats.values())
    assert set(C.signals(BARE_WEAK)) == {"flag:weak", "flag:definite", "family:remote", "relevance:low"}
    assert all(C.FEATURE_NAME.match(k) for k in feats)


def test_full_event_scores_higher_than_a_bare_weak_one():
    assert 0.0 <= C.score(BARE_WEAK) < C.score(FULL) <= 1.0


@pytest.mark.parametrize("evidence", [{"actor1": {"id": "x"}}, {"location": {"name": "x", "geo_precision": 1}},
                                      {"date_text": "أمس"}, {"fatalities": 3}])
def test_evidence_never_lowers_confidence(evidence):
    # The model is fitted with a monotone constraint on evidence features (confidence.EVIDENCE_FEATURES).
    assert C.score({**BARE_WEAK, **evidence}) >= C.score(BARE_WEAK)


def test_evidence_features_have_no_negative_weight():
    weights = C.load_model()["weights"]
    assert all(weights.get(k, 0.0) >= 0 for k in C.EVIDENCE_FEATURES)


@pytest.mark.parametrize("status", ["planned", "threatened", "denied"])
def test_unsure_status_lowers_confidence(status):
    assert C.score({**FULL, "status": status}) < C.score(FULL)


def test_reliability_table_bins_and_scores():
    pairs = [(0.1, False), (0.15, True), (0.9, True), (1.0, True)]
    table = C.reliability_table(pairs)
    assert [(r["confidence"], r["events"], r["matched"]) for r in table["rows"]] == [
        ("0.0-0.2", 2, 0.5), ("0.8-1.0", 2, 1.0)]
    assert table["brier"] == round((0.01 + 0.7225 + 0.01 + 0.0) / 4, 4)
    assert table["matched_rate"] == 0.75


def test_document_folds_keep_a_document_in_one_fold():
    folds = C.document_folds(["b", "a", "b", "c", "d"], 2)
    assert folds == {"a": 0, "b": 1, "c": 0, "d": 1}


# ---------------------------------------------------------------------- training

# Our own reports with gold that lists none of their events, so training sees unmatched ones.
EXTRA_DOCS = {
    "005": ("اندلعت اشتباكات بين مسلحين مجهولين وعناصر الشرطة في حي السلام بمدينة الموصل مساء أمس.",
            "2023-06-01"),
    "006": ("قصفت طائرات حربية مواقع في بلدة معرة النعمان. وأكد المرصد أن القصف استمر ساعات.", "2023-06-02"),
}


@pytest.fixture
def tiny_devset(tmp_path):
    root = tmp_path / "devset"
    shutil.copytree(EVALSET, root)
    index = root / "index.tsv"
    rows = [f"{i}\thttps://ex.example/{i}\tex.example\tIraq\tar\tconflict\t{date}" for i, (_t, date) in EXTRA_DOCS.items()]
    index.write_text(index.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    for i, (text, date) in EXTRA_DOCS.items():
        (root / "docs" / f"{i}.txt").write_text(text, encoding="utf-8")
        gold = {"id": i, "publication_date": date, "events": [], "entities": {}, "quotes": []}
        (root / "gold" / f"{i}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return root


def test_train_confidence_cli_writes_a_valid_deterministic_model(tiny_devset, tmp_path):
    runner = CliRunner()
    outs = [tmp_path / "a.json", tmp_path / "b.json"]
    for out in outs:
        result = runner.invoke(main, ["train", "confidence", str(tiny_devset), "--out", str(out),
                                      "--date", "2024-01-02", "--folds", "3", "-q"])
        assert result.exit_code == 0, result.output
        assert result.output.strip() == str(out)
    assert outs[0].read_bytes() == outs[1].read_bytes()
    model = C.validate_model(json.loads(outs[0].read_text(encoding="utf-8")), outs[0])
    meta = model["metadata"]
    assert meta["date"] == "2024-01-02" and meta["data"] == "devset (6 docs)" and meta["folds"] == 3
    assert meta["events"] > meta["matched"] >= 5  # the fixture's 5 matched events, plus our unmatched ones
    assert model["reliability"]["cross_validated"]["events"] == meta["events"]
    assert not ARABIC.search(outs[0].read_text(encoding="utf-8"))


def test_train_confidence_cli_rejects_a_missing_folder(tmp_path):
    result = CliRunner().invoke(main, ["train", "confidence", str(tmp_path / "nope"), "-q"])
    assert result.exit_code == 2
    assert "nope" in result.output and "not a directory" in result.output
