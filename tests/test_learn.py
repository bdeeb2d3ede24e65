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
    training = art["models"]["PROTEST"]["training"]
    assert (training["sentences"], training["positives"]) == (112, 32)  # GSR rows only
    # The packaged authored sentences joined PROTEST's training side (ASSAULT is not judged there).
    assert training["authored"]["sentences"] > 0 and "authored" not in art["models"]["ASSAULT"]["training"]
    assert art["metadata"]["authored_data"]["judged_types"] == ["PROTEST"]
    plain = tmp_path / "plain.json"
    result = runner.invoke(main, ["train", "gsr", str(data), "--out", str(plain), "--authored-weight", "0", "-q"])
    assert result.exit_code == 0, result.output
    art0 = json.loads(plain.read_text(encoding="utf-8"))
    assert "authored" not in art0["models"]["PROTEST"]["training"] and "authored_data" not in art0["metadata"]
    assert art0["models"]["ASSAULT"] == art["models"]["ASSAULT"]
    assert art0["models"]["PROTEST"]["weights_f16_b64"] != art["models"]["PROTEST"]["weights_f16_b64"]


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


# Authored training sentences (learn/data/authored_sentences.yaml) and their place in training.

def test_packaged_authored_sentences_load_with_both_classes_per_judged_type():
    from marsad.learn.authored import load_authored
    from marsad.learn.train import TYPES

    authored = load_authored(TYPES)
    assert authored.judged_types == ("PROTEST",)
    rows = authored.rows("PROTEST")
    texts = [t for t, _p in rows]
    assert len(set(texts)) == len(texts) == len(authored.sentences)
    n_pos = sum(p for _t, p in rows)
    assert 50 <= n_pos <= len(rows) - 50  # a real set of positives and of hard negatives
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in t) for t in texts)
    assert authored.rows("ASSAULT") == []  # not judged for ASSAULT: no authored rows


def test_committed_artifact_was_trained_on_the_current_authored_file():
    from marsad.learn.authored import load_authored

    meta = load_model().metadata
    if "authored_data" in meta:
        assert meta["authored_data"]["sha1_12"] == load_authored().fingerprint, "retrain: marsad train gsr"


def _authored(**overrides):
    data = {"version": 1, "author": "test", "judged_types": ["PROTEST"],
            "sentences": [{"text": "تظاهر عمال المخبز أمام المصنع.", "labels": ["PROTEST"]},
                          {"text": "احتج المدرب على قرار الحكم.", "labels": []}]}
    data.update(overrides)
    return data


@pytest.mark.parametrize("overrides, reason", [
    ({"version": 2}, "version: 1"),
    ({"author": ""}, "author"),
    ({"judged_types": ["RIOT"]}, "unknown type(s) RIOT"),
    ({"sentences": []}, "non-empty list 'sentences'"),
    ({"sentences": [{"text": "  ", "labels": []}]}, "sentence 1: expected a mapping with a non-empty 'text'"),
    ({"sentences": [{"text": "تظاهر العمال.", "labels": "PROTEST"}]}, "sentence 1: expected 'labels"),
    ({"sentences": [{"text": "تظاهر العمال.", "labels": ["ASSAULT"]}]}, "sentence 1: label(s) ASSAULT not in judged_types"),
    ({"sentences": [{"text": "تظاهر العمال.", "labels": ["PROTEST"]}, {"text": "تظاهر العمال.", "labels": []}]},
     "sentence 2: duplicate text"),
    ({"sentences": [{"text": "تظاهر العمال.", "labels": ["PROTEST"]}]}, "PROTEST: needs both positive and negative"),
])
def test_authored_loader_names_the_file_and_the_reason(overrides, reason):
    from marsad.learn.authored import AuthoredDataError, parse_authored

    assert parse_authored(_authored(), ("ASSAULT", "PROTEST")).rows("PROTEST")[0][1] is True
    with pytest.raises(AuthoredDataError) as err:
        parse_authored(_authored(**overrides), ("ASSAULT", "PROTEST"))
    assert "authored_sentences.yaml" in str(err.value) and reason in str(err.value)


def test_sample_weights_balance_classes_by_weighted_counts():
    from marsad.learn.logreg import class_weights

    y = np.array([True, True, False, False, False, False])
    plain = class_weights(y)
    assert np.allclose(class_weights(y, np.ones(6)), plain)
    c = class_weights(y, np.array([1.0, 0.5, 1.0, 1.0, 1.0, 0.5]))
    assert np.isclose(c[y].sum(), c[~y].sum()) and np.isclose(c[0], 2 * c[1])


def test_authored_rows_only_ever_train_in_nested_cv():
    """Extra rows join training only: only the GSR rows get folds and scores, weight 0 is the
    same as leaving them out, and what they teach reaches the held-out GSR rows."""
    from dataclasses import replace

    from marsad.learn.train import TrainParams, cv_scores, nested_cv

    rng = np.random.default_rng(1)
    y_gsr = np.array([True] * 20 + [False] * 60)
    # GSR rows: feature 1 on positives, feature 2 on negatives, but each only half of the time.
    gsr = [{(1 if p else 2) if rng.random() < 0.5 else int(rng.integers(10, 60)): 1.0, int(rng.integers(10, 60)): 1.0}
           for p in y_gsr]
    extra = [{1: 1.0}] * 30 + [{2: 1.0}] * 30
    y = np.concatenate([y_gsr, [True] * 30 + [False] * 30])
    X = SparseRows.from_dicts(gsr + extra)
    params = TrainParams(l2=1e-2, min_df=1, authored_weight=1.0)
    cv = nested_cv(X, y, params, n_extra=len(extra))
    assert len(cv["fold"]) == len(cv["oof"]) == len(y_gsr)
    assert all(train.max() < len(y_gsr) for train, _p in cv["inner"])
    with_extra = cv_scores(cv, y_gsr)
    cv0 = nested_cv(X, y, replace(params, authored_weight=0.0), n_extra=len(extra))
    plain = nested_cv(SparseRows.from_dicts(gsr), y_gsr, replace(params, authored_weight=0.0))
    assert np.array_equal(cv0["oof"], plain["oof"])  # weight 0 = the rows left out
    # The extra rows taught feature 1 = positive: held-out rows with it score higher than without them.
    marked = np.array([1 in r for r in gsr])
    assert cv["oof"][marked].mean() > plain["oof"][marked].mean()
    assert with_extra["f1"] >= cv_scores(plain, y_gsr)["f1"]
