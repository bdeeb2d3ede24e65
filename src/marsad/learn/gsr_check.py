"""What the scorer would add to the rule pipeline on the Arabic event GSR, measured honestly.

For every scored GSR sentence the rule prediction is `marsad.api.extract` returning an event
of the type (as `marsad evaluate gsr` counts it); the scorer's probability is out-of-fold (the
model never saw the sentence).  Each policy's thresholds are chosen on inner out-of-fold
scores of the training folds only, then applied to the held-out fold (see `train.nested_cv`);
policies with fixed thresholds are reported as they are, with nothing tuned.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from .authored import load_authored
from .train import TYPES, TrainParams, load_gsr, nested_cv, prf, training_matrices

__all__ = ["POLICIES", "FIXED", "rule_predictions", "check_policies"]

GRID = np.round(np.arange(0.02, 0.99, 0.02), 2)

# name -> (number of thresholds, predict(rules, p, *thresholds))
POLICIES: dict[str, tuple[int, Callable[..., np.ndarray]]] = {
    "rules": (0, lambda r, p: r),
    "scorer": (1, lambda r, p, t: p >= t),
    "rules_and_scorer": (1, lambda r, p, t1: r & (p >= t1)),
    "rules_or_scorer": (1, lambda r, p, t2: r | (p >= t2)),
    "rules_and_t1_or_t2": (2, lambda r, p, t1, t2: (r & (p >= t1)) | (p >= t2)),
}
# Untuned veto thresholds: "drop a rule event when the scorer is very sure it is no event".
FIXED = {f"rules_and_p>={t}": t for t in (0.02, 0.05, 0.1, 0.2)}


def rule_predictions(texts: list[str], event_type: str) -> np.ndarray:
    from .. import api
    from ..evaluate.gsr import typed_events

    out = np.zeros(len(texts), dtype=bool)
    for i, text in enumerate(texts):
        try:
            doc = api.extract(text, id=f"gsr-{i}")
        except Exception:  # as the evaluator: a failing sentence predicts nothing
            continue
        out[i] = bool(typed_events(doc, event_type))
    return out


def _f1(pred: np.ndarray, y: np.ndarray) -> float:
    tp = np.sum(pred & y)
    return 2 * tp / (pred.sum() + y.sum()) if pred.sum() + y.sum() else 0.0


def _choose(n: int, fn, r: np.ndarray, p: np.ndarray, y: np.ndarray) -> tuple[float, ...]:
    if n == 0:
        return ()
    if n == 1:
        return (max(GRID, key=lambda t: (_f1(fn(r, p, t), y), -t)),)
    best, best_f = (), -1.0
    for t1 in GRID:
        for t2 in GRID[GRID > t1]:
            f = _f1(fn(r, p, t1, t2), y)
            if f > best_f:
                best, best_f = (float(t1), float(t2)), f
    return best


def check_policies(path: str | Path, params: TrainParams = TrainParams(),
                   log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """{type: {policy: P/R/F1 (+ per-fold thresholds)}} over the GSR folder at `path`."""
    say = log or (lambda _m: None)
    data = load_gsr(path)
    authored = load_authored(TYPES) if params.authored_weight > 0 else None
    report: dict[str, Any] = {}
    for etype in TYPES:
        rows = data[etype]
        texts = [t for _i, t, _p in rows]
        y = np.array([p for _i, _t, p in rows], dtype=bool)
        rules = rule_predictions(texts, etype)
        # As in training: authored sentences join the training folds only (never scored).
        Xs, y_all, extra = training_matrices(rows, etype, params.configs(etype), authored)
        cv = nested_cv(Xs, y_all, [params] * len(Xs), n_extra=len(extra))
        results: dict[str, Any] = {}
        for name, (n, fn) in POLICIES.items():
            pred = np.zeros(len(y), dtype=bool)
            chosen = []
            for k, (train, iprob) in enumerate(cv["inner"]):
                ts = _choose(n, fn, rules[train], iprob, y[train])
                chosen.append(ts)
                test = cv["fold"] == k
                pred[test] = fn(rules[test], cv["oof"][test], *ts)
            results[name] = {**prf(pred, y), "fold_thresholds": [list(map(float, t)) for t in chosen]}
        for name, t in FIXED.items():
            results[name] = prf(rules & (cv["oof"] >= t), y)
        report[etype] = results
        for name, r in results.items():
            say(f"{etype:8s} {name:22s} P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}")
    return report
