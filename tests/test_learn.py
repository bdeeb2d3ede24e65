"""The learned sentence scorer: features, logistic regression, artifact, `marsad train gsr`.
All sentences here are written for these tests."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
from click.testing import CliRunner

from marsad.cli import main
from marsad.learn.features import FeatureConfig, feature_names, featurize
from marsad.learn.logreg import SparseRows, fit, sigmoid
from marsad.learn.scorer import ModelError, load_model, sentence_scores
from marsad.learn.train import DEFAULT_ARTIFACT, best_threshold, stratified_folds
from marsad.text.tokens import tokenize

ATTACK = "قتل خمسة جنود في هجوم شنه مسلحون على حاجز للجيش قرب المدينة صباح اليوم."
SPORTS = "قاد المهاجم هجوم الفريق في الشوط الثاني وسجل هدفين في مرمى المنافس."
ECONOMY = "شنت الحكومة هجوما على ارتفاع الأسعار بخطة اقتصادية جديدة لدعم الأسواق."


def test_features_are_deterministic_and_hashed_in_range():
    cfg = FeatureConfig(hash_bits=12)
    a, b = featurize(ATTACK, cfg), featurize(ATTACK, cfg)
    assert a == b and a
    assert all(0 <= k < 2**12 for k in a)


def test_prefixes_do_not_fragment_stems():
    from marsad.learn.features import stem

    assert [stem(t) for t in tokenize("والهجوم بالهجوم هجوم")] == ["هجوم"] * 3
    bare = feature_names("هجوم مسلح", FeatureConfig(rules=False))
    prefixed = feature_names("والهجوم المسلح", FeatureConfig(rules=False))
    assert bare["char"] == [c for c in prefixed["char"] if c in bare["char"]]
    assert set(bare["char"]) <= set(prefixed["char"])
    assert "w:هجوم" in prefixed["word"] and "b:هجوم مسلح" in prefixed["word"]


def test_rule_features_come_from_the_trigger_lexicon():
    rules = feature_names(ATTACK)["rule"]
    assert any(r.startswith("r:p:ASSAULT") for r in rules)
    assert feature_names("وصل الوزير إلى العاصمة في زيارة رسمية.")["rule"] == ["r:none"]


def test_logistic_regression_learns_a_separable_toy_problem():
    # Feature 1 marks the positives, feature 2 the negatives; feature 3 is noise on both.
    rows = [{1: 1.0, 3: 1.0}] * 4 + [{1: 1.0}] * 2 + [{2: 1.0, 3: 1.0}] * 12 + [{2: 1.0}] * 6
    y = np.array([True] * 6 + [False] * 18)
    X = SparseRows.from_dicts(rows)
    model = fit(X, y, l2=1e-3)
    assert model.weights[1] > 0 > model.weights[2]
    probs = np.array([model.probability(r) for r in rows])
    assert np.all(probs[y] > 0.8) and np.all(probs[~y] < 0.2)
    assert best_threshold(probs, y) > probs[~y].max()


def test_sparse_rows_products_match_dense():
    rng = np.random.default_rng(0)
    rows = [{int(k): float(v) for k, v in zip(rng.integers(0, 50, 6), rng.random(6))} for _ in range(9)] + [{}]
    X = SparseRows.from_dicts(rows)
    dense = np.zeros((len(rows), X.n_cols))
    col = {b: i for i, b in enumerate(X.buckets)}
    for i, r in enumerate(rows):
        for b, v in r.items():
            dense[i, col[b]] = v
    w, r = rng.random(X.n_cols), rng.random(len(rows))
    assert np.allclose(X.dot(w), dense @ w) and np.allclose(X.tdot(r), dense.T @ r)
    sub = X.take(np.array([2, 9, 0]))
    assert np.allclose(sub.dot(w), dense[[2, 9, 0]] @ w)
    assert sigmoid(np.array([0.0]))[0] == 0.5 and np.isfinite(sigmoid(np.array([-800.0, 800.0]))).all()


def test_folds_are_stratified_and_fixed_by_seed():
    y = np.array([True] * 10 + [False] * 40)
    f1, f2 = stratified_folds(y, 5, 7), stratified_folds(y, 5, 7)
    assert np.array_equal(f1, f2)
    assert all(y[f1 == k].sum() == 2 and (f1 == k).sum() == 10 for k in range(5))


def test_committed_artifact_loads_with_metadata_and_no_text():
    model = load_model()
    meta = model.metadata
    assert meta["training_data"]["source"] == "openeventdata/arabic_event_gsr"
    assert meta["training_data"]["licence"] == "MIT"
    assert set(model.types) == {"ASSAULT", "PROTEST"}
    assert all(0 < t < 1 for t in model.thresholds.values())
    raw = DEFAULT_ARTIFACT.read_text(encoding="utf-8")
    assert DEFAULT_ARTIFACT.stat().st_size < 2_000_000
    # Only numbers, base64 and ASCII keys: no Arabic letter anywhere, so no sentence text.
    assert not any("\u0600" <= ch <= "\u06ff" for ch in raw)
    block = json.loads(raw)["models"]["ASSAULT"]
    assert {"cv", "resubstitution", "threshold"} <= set(block)


def test_scorer_prefers_a_real_attack_to_figurative_ones():
    scores = sentence_scores(ATTACK)
    assert set(scores) == {"ASSAULT", "PROTEST"}
    assert scores["ASSAULT"] > sentence_scores(SPORTS)["ASSAULT"]
    assert scores["ASSAULT"] > sentence_scores(ECONOMY)["ASSAULT"]


def test_load_model_names_the_file_on_bad_input(tmp_path):
    bad = tmp_path / "m.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(ModelError, match="m.json"):
        load_model(bad)


# Own synthetic GSR-format folder: templated attack/protest/other sentences.
_PLACES = ["حلب", "حمص", "درعا", "إدلب", "الرقة", "دير الزور", "تعز", "مأرب"]
_ATTACKS = ["قتل {n} أشخاص في هجوم مسلح على حاجز في {p}", "انفجرت عبوة ناسفة بدورية للشرطة في {p}"]
_PROTESTS = ["تظاهر مئات المحتجين في {p} للمطالبة بالإفراج عن المعتقلين", "خرجت مسيرة احتجاجية في شوارع {p}"]
_OTHER = ["افتتح الوزير معرضا للكتاب في {p}", "ارتفعت أسعار الخبز في أسواق {p} هذا الأسبوع",
          "سجل المهاجم هدفا في مباراة فريق {p}"]


def _write_gsr(folder, etype, positives, negatives):
    with open(folder / f"{etype.lower()}_gsr.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "event_type", "label", "accept", "reject", "total", "text"])
        for i, (label, texts) in enumerate((("yes", positives), ("easy no", negatives), ("ambiguous", negatives[:2]))):
            for j, t in enumerate(texts):
                w.writerow([f"{etype}-{i}-{j}", etype, label, 0, 0, 3, t])


def test_train_gsr_cli_writes_a_valid_deterministic_artifact(tmp_path):
    fill = lambda temps: [t.format(n=n, p=p) for t in temps for p in _PLACES for n in (3, 7)]
    data = tmp_path / "gsr"
    data.mkdir()
    _write_gsr(data, "ASSAULT", fill(_ATTACKS), fill(_OTHER + _PROTESTS))
    _write_gsr(data, "PROTEST", fill(_PROTESTS), fill(_OTHER + _ATTACKS))
    runner = CliRunner()
    outs = []
    for name in ("a.json", "b.json"):
        out = tmp_path / name
        result = runner.invoke(main, ["train", "gsr", str(data), "--out", str(out), "--date", "2024-01-02", "-q"])
        assert result.exit_code == 0, result.output
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1]
    model = load_model(tmp_path / "a.json")
    assert model.metadata["date"] == "2024-01-02"
    assert model.models["ASSAULT"] and model.models["PROTEST"]
    assert model.scores(_ATTACKS[0].format(n=4, p="حماة"))["ASSAULT"] > model.scores(_OTHER[0].format(p="حماة"))["ASSAULT"]
    art = json.loads(outs[0])
    assert art["models"]["PROTEST"]["training"] == {"sentences": 112, "positives": 32}


def test_train_gsr_cli_rejects_a_missing_folder(tmp_path):
    result = CliRunner().invoke(main, ["train", "gsr", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "not a directory" in result.output


# Sentence cues (learn/data/sentence_cues.yaml): a street protest told as news vs the other
# uses of protest words.  Sentences written for these tests.
STREET = "تجمع مئات المحتجين صباح أمس أمام مبنى المحافظة مطالبين بإقالة المدير ورددوا هتافات ضد الفساد."
DIPLOMATIC = "استدعت وزارة الخارجية السفير وسلمته مذكرة احتجاج على تصريحات وزير الدفاع."
FOLLOW_UP = "وطالب المتظاهرون بإطلاق سراح زملائهم."


def test_sentence_cues_tell_a_street_protest_from_a_diplomatic_one():
    cfg = FeatureConfig(cues=True)
    street = set(feature_names(STREET, cfg)["cue"])
    assert {"r:c:protesters+gather", "r:c:gather+place", "r:c:crowd+protesters", "r:c:protesters+demands",
            "r:c:gather+recent", "r:c:slogans"} <= street
    assert "r:c:diplomatic" not in street
    diplomatic = set(feature_names(DIPLOMATIC, cfg)["cue"])
    assert "r:c:diplomatic" in diplomatic and not any("gather" in n or "protesters" in n for n in diplomatic)
    # Off by default, so older artifacts keep their features.
    assert feature_names(STREET)["cue"] == []


def test_protesters_named_only_with_the_article_refer_back():
    cfg = FeatureConfig(cues=True)
    assert "r:c:protesters:def_only" in feature_names(FOLLOW_UP, cfg)["cue"]
    assert "r:c:protesters:def_only" not in feature_names("وتجمع متظاهرون أمام البرلمان.", cfg)["cue"]
    # Counted protesters are introduced, even with the article: "مئات المحتجين".
    assert "r:c:protesters:def_only" not in feature_names(STREET, cfg)["cue"]


def test_nested_cv_chooses_the_candidate_inside_the_training_folds():
    from marsad.learn.train import TrainParams, cv_scores, nested_cv, select_candidate

    rng = np.random.default_rng(0)
    y = np.array([True] * 20 + [False] * 60)
    noise = SparseRows.from_dicts([{int(rng.integers(50)): 1.0, int(rng.integers(50)): 1.0} for _ in y])
    signal = SparseRows.from_dicts([{1 if p else 2: 1.0, int(rng.integers(3, 50)): 0.5} for p in y])
    params = TrainParams(l2=1e-2, min_df=1)
    cv = nested_cv([noise, signal], y, [params, params])
    assert cv["chosen"] == [1] * params.folds
    assert cv_scores(cv, y)["f1"] == 1.0
    pick, oof = select_candidate([noise, signal], y, [params, params], cv["fold"])
    assert pick == 1 and len(oof) == len(y)


def test_a_type_can_carry_its_own_feature_configuration(tmp_path):
    from marsad.learn.scorer import ScorerModel
    from marsad.learn.logreg import LogisticModel

    plain, cued = FeatureConfig(hash_bits=12), FeatureConfig(hash_bits=12, cues=True, word_weight=0, char_weight=0,
                                                             rules=False)
    bucket = featurize(STREET, cued)
    model = ScorerModel(plain, {"ASSAULT": LogisticModel({}, 0.0), "PROTEST": LogisticModel(
        {b: 5.0 for b in bucket}, -2.0)}, {"ASSAULT": 0.5, "PROTEST": 0.5}, {}, {"PROTEST": cued})
    scores = model.scores(STREET)
    assert list(scores) == ["ASSAULT", "PROTEST"]
    assert scores["ASSAULT"] == 0.5 and scores["PROTEST"] > 0.9
    assert model.scores("وصل الوزير إلى العاصمة.")["PROTEST"] < 0.2
