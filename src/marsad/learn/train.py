"""Train the sentence scorer on the Arabic event GSR and measure it honestly.

Training data: the public half of the Open Event Data Alliance's Arabic gold standard
(`openeventdata/arabic_event_gsr`, MIT licence).  A `yes` sentence is a positive, `easy no`
and `difficult no` are negatives, `ambiguous` is left out (`marsad.evaluate.gsr` reads them).

The honest number is nested cross-validation: 5 stratified outer folds; in each, the feature
configuration (one of `TrainParams.candidates`) and the decision threshold are chosen on
out-of-fold scores of an inner 3-fold split of the training part only, then the chosen model
fitted on the whole training part scores the held-out fold.  The shipped model makes the same
choice on 5-fold out-of-fold scores of all sentences, is fitted on all of them, and its
threshold maximises F1 on those out-of-fold scores.
Resubstitution (scoring the training sentences with the shipped model) is reported too,
labelled as such: it is no estimate of accuracy.

Sentences written for the project (`data/authored_sentences.yaml`, see `marsad.learn.authored`)
join the training side of every inner and outer fold, weighted by `TrainParams.authored_weight`,
and are never scored: every figure is a figure on GSR sentences.

The artifact holds weights of hash buckets and numbers only, never sentence text.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .authored import AUTHORED_FILE, AuthoredSentences, load_authored
from .features import FeatureConfig, featurize
from .logreg import LogisticModel, SparseRows, decision_many, fit, sigmoid

__all__ = ["TrainParams", "TYPES", "load_gsr", "stratified_folds", "best_threshold", "prf",
           "nested_cv", "select_candidate", "train_gsr", "encode_model", "write_artifact", "DEFAULT_ARTIFACT"]

TYPES = ("ASSAULT", "PROTEST")
FORMAT = "marsad-sentence-scorer"
FORMAT_VERSION = 2
DEFAULT_ARTIFACT = Path(str(resources.files("marsad.learn") / "models" / "gsr_scorer.json"))
DATA_CREDIT = {
    "name": "Arabic event gold standard (public half)",
    "source": "openeventdata/arabic_event_gsr",
    "licence": "MIT",
    "credit": "Open Event Data Alliance, openeventdata/arabic_event_gsr (MIT licence)",
}


@dataclass(frozen=True)
class TrainParams:
    l2: float = 1e-4
    min_df: int = 2
    rtol: float = 1e-7
    folds: int = 5
    inner_folds: int = 3
    seed: int = 20240601
    # Weights smaller than this are dropped from the artifact (they barely move a score).
    prune: float = 2e-3
    features: FeatureConfig = field(default_factory=FeatureConfig)
    # Weight of each sentence of `data/authored_sentences.yaml` (a GSR sentence weighs 1) for
    # the types the file judges (PROTEST); 0 leaves them out.  They only ever join the training
    # side.  0.5 gives the 102 authored positives about the weight of the 57 GSR ones; fixed
    # before measuring, see EXPERIMENTS.md.
    authored_weight: float = 0.5
    # Feature configurations to choose from, per type; the choice is made inside the training
    # folds of the nested CV (and on out-of-fold scores for the shipped model).  A type not
    # listed uses `features`.  PROTEST has only 57 positives: the protest cue block and lighter
    # character n-grams are offered to it; ASSAULT keeps the plain configuration.
    candidates: dict[str, tuple[FeatureConfig, ...]] = field(default_factory=lambda: {
        "PROTEST": (FeatureConfig(cues=True, char_weight=0.5), FeatureConfig(cues=True, char_weight=1.0)),
    })

    def configs(self, etype: str) -> tuple[FeatureConfig, ...]:
        return self.candidates.get(etype) or (self.features,)


def load_gsr(path: str | Path) -> dict[str, list[tuple[str, str, bool]]]:
    """{type: [(id, text, is_positive)]} from a GSR folder (see `marsad.evaluate.gsr`)."""
    from ..evaluate.gsr import EVENT_FILES, GsrError, load_sentences

    root = Path(path)
    if not root.is_dir():
        raise GsrError(root, "not a directory")
    out = {}
    for etype in TYPES:
        csv_path = root / EVENT_FILES[etype][0]
        if not csv_path.is_file():
            raise GsrError(csv_path, "missing")
        rows = load_sentences(csv_path)
        n_pos = sum(p for _i, _t, p in rows)
        if n_pos < 2 or len(rows) - n_pos < 2:
            raise GsrError(csv_path, f"needs at least 2 positive and 2 negative sentences, has {n_pos} and {len(rows) - n_pos}")
        out[etype] = rows
    return out


def stratified_folds(y: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Fold number of every row: each class shuffled with `seed` and dealt round-robin."""
    y = np.asarray(y, dtype=bool)
    rng = np.random.default_rng(seed)
    fold = np.empty(len(y), dtype=np.int64)
    offset = 0
    for cls in (True, False):
        idx = np.flatnonzero(y == cls)
        idx = idx[rng.permutation(len(idx))]
        fold[idx] = (np.arange(len(idx)) + offset) % k
        offset += len(idx)
    return fold


def prf(pred: np.ndarray, y: np.ndarray) -> dict[str, float]:
    pred, y = np.asarray(pred, dtype=bool), np.asarray(y, dtype=bool)
    tp, fp, fn = int(np.sum(pred & y)), int(np.sum(pred & ~y)), int(np.sum(~pred & y))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def best_threshold(scores: np.ndarray, y: np.ndarray) -> float:
    """The probability cut maximising F1 (midway between neighbouring scores; ties → higher)."""
    order = np.argsort(-scores, kind="stable")
    s, yy = scores[order], np.asarray(y, dtype=bool)[order]
    tp = np.cumsum(yy)
    fp = np.cumsum(~yy)
    f1 = 2 * tp / (tp + fp + yy.sum())
    # Only cut between distinct scores.
    valid = np.append(s[1:] < s[:-1], True)
    f1 = np.where(valid, f1, -1.0)
    i = int(np.argmax(f1))
    return float((s[i] + s[i + 1]) / 2) if i + 1 < len(s) else float(s[i]) - 1e-9


def _fit(X: SparseRows, y: np.ndarray, params: TrainParams, sample_weight: np.ndarray | None = None) -> LogisticModel:
    return fit(X, y, l2=params.l2, min_df=params.min_df, rtol=params.rtol, sample_weight=sample_weight)


def _fit_predict(X: SparseRows, y: np.ndarray, train: np.ndarray, test: np.ndarray, params: TrainParams,
                 sample_weight: np.ndarray | None = None) -> np.ndarray:
    model = _fit(X.take(train), y[train], params, None if sample_weight is None else sample_weight[train])
    return sigmoid(decision_many(model, X.take(test)))


def _extra_rows(n_rows: int, n_extra: int, weight: float) -> tuple[np.ndarray, np.ndarray | None]:
    """Ids of the trailing training-only rows and the sample weights (None without extras,
    so the fit is the plain one).  Weight 0 leaves the rows out."""
    if n_extra <= 0 or weight <= 0:
        return np.zeros(0, dtype=np.int64), None
    sw = np.ones(n_rows)
    sw[n_rows - n_extra:] = weight
    return np.arange(n_rows - n_extra, n_rows), sw


def _best_f1(scores: np.ndarray, y: np.ndarray) -> float:
    t = best_threshold(scores, y)
    return prf(scores >= t, y)["f1"]


def nested_cv(X: SparseRows | list[SparseRows], y: np.ndarray, params: TrainParams | list[TrainParams],
              on_fold: Callable[[int], None] | None = None, n_extra: int = 0) -> dict[str, Any]:
    """Outer out-of-fold probabilities, the fold of every row, and for every outer fold the
    inner out-of-fold probabilities of its training rows (for choosing thresholds).

    With several candidates (a list of feature matrices of the same rows, each with its own
    params), each outer fold picks the candidate whose inner out-of-fold scores reach the best
    F1 (at their own best threshold; ties → the earlier candidate) and fits only that one on
    the fold's training rows: the choice never sees the held-out fold.  `chosen` lists the
    candidate index per outer fold.

    The last `n_extra` rows (authored sentences, weighted by `authored_weight`) join the
    training side of every inner and outer fold and are never scored: folds, out-of-fold
    probabilities and thresholds are over the other rows only."""
    Xs = X if isinstance(X, list) else [X]
    ps = params if isinstance(params, list) else [params] * len(Xs)
    if len(Xs) != len(ps) or not Xs:
        raise ValueError(f"{len(Xs)} feature matrices but {len(ps)} parameter sets")
    p0 = ps[0]
    y = np.asarray(y, dtype=bool)
    n = len(y) - n_extra
    fold = stratified_folds(y[:n], p0.folds, p0.seed)
    oof = np.zeros(n)
    inner: list[tuple[np.ndarray, np.ndarray]] = []  # (training row ids, their inner OOF probs)
    chosen: list[int] = []
    for k in range(p0.folds):
        train, test = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        ifold = stratified_folds(y[train], p0.inner_folds, p0.seed + k + 1)
        best: tuple[float, int, np.ndarray] | None = None
        for c, (Xc, pc) in enumerate(zip(Xs, ps)):
            extra, sw = _extra_rows(len(y), n_extra, pc.authored_weight)
            iprob = np.zeros(len(train))
            for j in range(p0.inner_folds):
                itr, ite = np.concatenate([train[ifold != j], extra]), np.flatnonzero(ifold == j)
                iprob[ite] = _fit_predict(Xc, y, itr, train[ite], pc, sw)
            f = _best_f1(iprob, y[train]) if len(Xs) > 1 else 0.0
            if best is None or f > best[0]:
                best = (f, c, iprob)
        assert best is not None
        _f, c, iprob = best
        extra, sw = _extra_rows(len(y), n_extra, ps[c].authored_weight)
        oof[test] = _fit_predict(Xs[c], y, np.concatenate([train, extra]), test, ps[c], sw)
        inner.append((train, iprob))
        chosen.append(c)
        if on_fold:
            on_fold(k)
    return {"fold": fold, "oof": oof, "inner": inner, "chosen": chosen}


def select_candidate(Xs: list[SparseRows], y: np.ndarray, ps: list[TrainParams], fold: np.ndarray,
                     n_extra: int = 0) -> tuple[int, np.ndarray]:
    """For the shipped model: the candidate whose out-of-fold scores over `fold` reach the best
    F1, and those scores (to choose its threshold).  The last `n_extra` rows only train, as in
    `nested_cv`."""
    y = np.asarray(y, dtype=bool)
    n = len(y) - n_extra
    best: tuple[float, int, np.ndarray] | None = None
    for c, (Xc, pc) in enumerate(zip(Xs, ps)):
        extra, sw = _extra_rows(len(y), n_extra, pc.authored_weight)
        oof = np.zeros(n)
        for k in np.unique(fold):
            train, test = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
            oof[test] = _fit_predict(Xc, y, np.concatenate([train, extra]), test, pc, sw)
        f = _best_f1(oof, y[:n])
        if best is None or f > best[0]:
            best = (f, c, oof)
    assert best is not None
    return best[1], best[2]


def cv_scores(cv: dict[str, Any], y: np.ndarray) -> dict[str, Any]:
    """P/R/F1 over all held-out folds, each fold cut at its own inner-CV threshold."""
    y = np.asarray(y, dtype=bool)
    pred = np.zeros(len(y), dtype=bool)
    thresholds = []
    for k, (train, iprob) in enumerate(cv["inner"]):
        t = best_threshold(iprob, y[train])
        thresholds.append(round(t, 4))
        test = cv["fold"] == k
        pred[test] = cv["oof"][test] >= t
    return {**prf(pred, y), "fold_thresholds": thresholds}


def encode_model(model: LogisticModel, prune: float) -> dict[str, Any]:
    """Weights as two base64 arrays: sorted bucket ids (uint32) and float16 weights."""
    items = sorted((b, w) for b, w in model.weights.items() if abs(w) >= prune)
    buckets = np.array([b for b, _ in items], dtype="<u4")
    weights = np.array([w for _, w in items], dtype="<f2")
    return {"bias": round(model.bias, 6), "n_weights": len(items),
            "buckets_u32_b64": base64.b64encode(buckets.tobytes()).decode("ascii"),
            "weights_f16_b64": base64.b64encode(weights.tobytes()).decode("ascii")}


def decode_model(block: dict[str, Any]) -> LogisticModel:
    buckets = np.frombuffer(base64.b64decode(block["buckets_u32_b64"]), dtype="<u4")
    weights = np.frombuffer(base64.b64decode(block["weights_f16_b64"]), dtype="<f2").astype(np.float64)
    if len(buckets) != len(weights) or len(buckets) != block["n_weights"]:
        raise ValueError(f"{len(buckets)} buckets, {len(weights)} weights, n_weights {block['n_weights']}")
    return LogisticModel(dict(zip(buckets.tolist(), weights.tolist())), float(block["bias"]))


def _lexicon_fingerprint() -> str:
    """Hash of the trigger/status-cue files the rule features come from: a model trained on
    other lexicons should be retrained."""
    h = hashlib.sha1()
    for name in ("triggers.yaml", "status_cues.yaml", "event_types.tsv"):
        h.update(resources.files("marsad.extraction.data").joinpath(name).read_bytes())
    h.update(resources.files("marsad.learn.data").joinpath("sentence_cues.yaml").read_bytes())
    return h.hexdigest()[:12]


def training_matrices(rows: list[tuple[str, str, bool]], etype: str, configs: tuple[FeatureConfig, ...],
                      authored: AuthoredSentences | None) -> tuple[list[SparseRows], np.ndarray, list[tuple[str, bool]]]:
    """Feature matrices (one per configuration) and labels of the GSR rows followed by the
    authored rows of `etype` (the training-only tail `nested_cv` calls `n_extra`)."""
    extra = authored.rows(etype) if authored else []
    texts = [t for _i, t, _p in rows] + [t for t, _p in extra]
    y = np.array([p for _i, _t, p in rows] + [p for _t, p in extra], dtype=bool)
    return [SparseRows.from_dicts([featurize(t, cfg) for t in texts]) for cfg in configs], y, extra


def _authored_credit(authored: AuthoredSentences, weight: float) -> dict[str, Any]:
    return {"file": f"marsad/learn/data/{AUTHORED_FILE}", "sha1_12": authored.fingerprint,
            "judged_types": list(authored.judged_types), "sentences": len(authored.sentences), "weight": weight,
            "note": "sentences written for the project (see the file); training rows only, never scored in CV"}


def train_gsr(path: str | Path, params: TrainParams = TrainParams(), *, today: dt.date | None = None,
              log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Train one model per type on the GSR folder at `path`; returns the artifact (a dict)."""
    say = log or (lambda _msg: None)
    data = load_gsr(path)
    authored = load_authored(TYPES) if params.authored_weight > 0 else None
    t0 = time.perf_counter()
    models: dict[str, Any] = {}
    for etype in TYPES:
        rows = data[etype]
        configs = params.configs(etype)
        Xs, y_all, extra = training_matrices(rows, etype, configs, authored)
        y = y_all[:len(rows)]
        cv = nested_cv(Xs, y_all, [params] * len(Xs), n_extra=len(extra))
        scores = cv_scores(cv, y)
        if len(Xs) > 1:
            # The shipped model makes the same choice on out-of-fold scores of all sentences.
            pick, oof = select_candidate(Xs, y_all, [params] * len(Xs), cv["fold"], n_extra=len(extra))
        else:
            pick, oof = 0, cv["oof"]
        X = Xs[pick]
        threshold = best_threshold(oof, y)
        _ids, sw = _extra_rows(len(y_all), len(extra), params.authored_weight)
        model = _fit(X, y_all, params, sw)
        block = encode_model(model, params.prune)
        shipped = decode_model(block)
        gsr_rows = X.take(np.arange(len(y))) if extra else X
        resub = prf(sigmoid(decision_many(shipped, gsr_rows)) >= threshold, y)
        training = {"sentences": int(len(y)), "positives": int(y.sum())}
        if extra:
            training["authored"] = {"sentences": len(extra), "positives": int(y_all[len(y):].sum()),
                                    "weight": params.authored_weight}
        models[etype] = {
            "threshold": round(threshold, 4),
            "features": configs[pick].to_dict(),
            "training": training,
            "cv": {"method": f"nested: {params.folds} outer folds; feature configuration and threshold chosen "
                             f"by {params.inner_folds}-fold inner CV of each outer training part",
                   "candidate_per_fold": cv["chosen"], **scores},
            "resubstitution": {"note": "scored on the training sentences themselves; not an accuracy estimate",
                               **resub},
            **block,
        }
        say(f"{etype}: {len(y)} sentences ({int(y.sum())} positive); CV P {scores['precision']:.3f} "
            f"R {scores['recall']:.3f} F1 {scores['f1']:.3f}; threshold {threshold:.3f}; "
            f"{block['n_weights']} weights ({time.perf_counter() - t0:.1f}s)")
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "metadata": {
            "training_data": DATA_CREDIT,
            "date": (today or dt.date.today()).isoformat(),
            "features": params.features.to_dict(),
            "feature_candidates": {t: [c.to_dict() for c in params.configs(t)] for t in TYPES},
            "train_params": {"l2": params.l2, "min_df": params.min_df, "rtol": params.rtol, "folds": params.folds, "inner_folds": params.inner_folds,
                             "seed": params.seed, "prune": params.prune, "class_weight": "balanced",
                             "authored_weight": params.authored_weight},
            "lexicon_fingerprint": _lexicon_fingerprint(),
            **({"authored_data": _authored_credit(authored, params.authored_weight)} if authored else {}),
        },
        "models": models,
    }


def write_artifact(artifact: dict[str, Any], path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(artifact, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return path
