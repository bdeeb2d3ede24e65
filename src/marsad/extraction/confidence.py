"""Event confidence: a small logistic model over the signals behind each event, calibrated on
the development set (`marsad train confidence DEVSET`), so that "0.7" means about 70% of such
events match a hand-coded one.

The model file (`data/confidence.json`) holds the weights, the data it was fitted on, and two
reliability tables: document-level cross-validated (the honest one) and in-sample (labelled as
such; `marsad evaluate` on the same dev set also shows in-sample calibration).  Without the
file, a fixed prior is used.

Calibration covers the events the evaluator counts (status reported or claimed).  A planned,
threatened or denied record never matches a hand-coded happening, so the dev data say nothing
about it; it gets the model's score lowered by a fixed, uncalibrated shift.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .triggers import family_of

MODEL_FILE = "confidence.json"
FORMAT = "marsad-event-confidence"
FORMAT_VERSION = 1
CALIBRATED_STATUSES = frozenset({"reported", "claimed", None})
# Not learned (no such event can match gold): a planned or denied record is less sure than a report.
UNSURE_STATUS_SHIFT = -1.5
# Thresholds on the learned sentence scorer's probability (`ev["relevance"]`); a coarse bucket
# instead of the raw value because the scorer is itself tuned on other data and ~100 events
# cannot fit its shape.
RELEVANCE_BUCKETS = ((0.5, "high"), (0.15, "mid"), (0.0, "low"))
BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)  # the same bins as `marsad evaluate`'s reliability table
# Feature names are identifiers, never text from a document.
FEATURE_NAME = re.compile(r"^[a-z0-9_]+(:[a-z0-9_]+)?$")
DEFAULT_L2 = 0.05
DEFAULT_FOLDS = 5
DEFAULT_MIN_COUNT = 3


def default_path() -> Path:
    return Path(str(resources.files("marsad.extraction.data") / MODEL_FILE))


def signals(ev: dict[str, Any]) -> dict[str, float]:
    """The features of one coded event (its record plus the coder's flags in `ev['signals']`);
    only the features that are on."""
    loc = ev.get("location") or {}
    f = {f"flag:{name}": 1.0 for name in ev.get("signals", ())}
    family = ev.get("_family") or family_of(ev.get("type")) or "unknown"
    f.update({
        "has_actor1": float(ev.get("actor1") is not None),
        "has_actor2": float(ev.get("actor2") is not None),
        "has_location": float(bool(loc)),
        "precise_location": float(loc.get("geo_precision") == 1),
        "has_date": float(ev.get("date_text") is not None),
        "has_count": float(any(ev.get(k) is not None for k in ("fatalities", "injured", "arrested"))),
        "has_source": float(ev.get("source") is not None),
        "background": float(bool(ev.get("background"))),
        "status:claimed": float(ev.get("status") == "claimed"),
        f"family:{family}": 1.0,
    })
    rel = ev.get("relevance")
    if isinstance(rel, int | float) and not isinstance(rel, bool):
        f[f"relevance:{next(name for lo, name in RELEVANCE_BUCKETS if rel >= lo)}"] = 1.0
    return {k: v for k, v in f.items() if v}


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def probability(weights: dict[str, float], bias: float, feats: dict[str, float]) -> float:
    return round(_sigmoid(bias + sum(weights.get(k, 0.0) * v for k, v in feats.items())), 3)


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def validate_model(model: Any, where: str | Path = MODEL_FILE) -> dict[str, Any]:
    """`model` if it is a usable confidence model; otherwise ValueError naming `where` and the reason."""
    def bad(reason: str) -> ValueError:
        return ValueError(f"{where}: {reason}")

    if not isinstance(model, dict):
        raise bad("expected a JSON object")
    if model.get("format") != FORMAT:
        raise bad(f"format must be {FORMAT!r}")
    weights = model.get("weights")
    if not isinstance(weights, dict):
        raise bad("expected 'weights' (mapping of feature name to number)")
    for name, w in weights.items():
        if not FEATURE_NAME.match(name):
            raise bad(f"weight {name!r}: a feature name is an identifier like 'has_actor1' or 'flag:weak'")
        if not _is_number(w):
            raise bad(f"weight {name!r}: {w!r} is not a number")
    if not _is_number(model.get("bias")):
        raise bad("expected 'bias' (number)")
    meta = model.get("metadata")
    if not isinstance(meta, dict) or not {"data", "date", "features", "l2"} <= set(meta):
        raise bad("expected 'metadata' with data, date, features and l2")
    if not set(weights) <= set(meta["features"]):
        raise bad("a weighted feature is missing from metadata.features")
    tables = model.get("reliability")
    if not isinstance(tables, dict) or not {"cross_validated", "in_sample"} <= set(tables):
        raise bad("expected 'reliability' with cross_validated and in_sample tables")
    return model


@lru_cache(maxsize=1)
def load_model() -> dict[str, Any] | None:
    """The packaged model, validated; None when it has not been trained yet."""
    try:
        text = resources.files("marsad.extraction.data").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        model = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"{MODEL_FILE}: not JSON: {exc}") from exc
    return validate_model(model)


def score(ev: dict[str, Any]) -> float:
    model = load_model()
    feats = signals(ev)
    unsure = ev.get("status") not in CALIBRATED_STATUSES
    if model is None:
        # Prior before calibration: evidence of who, where and how many raises belief.
        z = -0.5 + sum(feats.get(k, 0.0) for k in ("has_actor1", "has_location", "has_count", "has_date")) * 0.5
    else:
        z = model["bias"] + sum(model["weights"].get(k, 0.0) * v for k, v in feats.items())
    return round(_sigmoid(z + (UNSURE_STATUS_SHIFT if unsure else 0.0)), 3)


# ---------------------------------------------------------------------- training


def devset_examples(directory: str | Path, *, pipeline: Any = None) -> list[tuple[str, dict[str, float], bool]]:
    """(document id, signals, matched) for every counted event the pipeline codes on the gold set.

    `matched` comes from `evaluate_devset` (the evaluator's own event matching); the records are
    re-extracted with the same arguments, which gives the same events (extraction is deterministic)."""
    from .. import api
    from ..evaluate.devset import evaluate_devset, load_devset

    report = evaluate_devset(directory, pipeline)
    matched = {d["id"]: Counter(d["matched_event_ids"]) for d in report.documents}
    out = []
    for gd in load_devset(directory):
        doc = api.extract(gd.text, id=gd.id, url=gd.url, date=gd.publication_date, outlet=gd.outlet, pipeline=pipeline)
        left = matched.get(gd.id, Counter())
        for ev in doc.events:
            if not isinstance(ev, dict) or ev.get("status") not in CALIBRATED_STATUSES:
                continue
            ok = left[ev.get("id")] > 0
            left[ev.get("id")] -= int(ok)
            out.append((gd.id, signals(ev), ok))
    return out


def reliability_table(pairs: list[tuple[float, bool]]) -> dict[str, Any]:
    """Bins of predicted confidence against the observed match rate, with Brier score and log loss."""
    rows = []
    for lo, hi in zip(BINS, BINS[1:]):
        last = hi == BINS[-1]
        items = [(p, ok) for p, ok in pairs if lo <= p < hi or (last and p == hi)]
        if items:
            mean = sum(p for p, _ in items) / len(items)
            rate = sum(ok for _, ok in items) / len(items)
            rows.append({"confidence": f"{lo:.1f}-{hi:.1f}", "events": len(items), "mean_confidence": round(mean, 3),
                         "matched": round(rate, 3), "gap": round(rate - mean, 3)})
    n = len(pairs)
    eps = 1e-6
    return {
        "rows": rows,
        "events": n,
        "matched_rate": round(sum(ok for _, ok in pairs) / n, 3) if n else None,
        "brier": round(sum((p - ok) ** 2 for p, ok in pairs) / n, 4) if n else None,
        "log_loss": round(-sum(math.log(max(p, eps)) if ok else math.log(max(1 - p, eps)) for p, ok in pairs) / n, 4)
        if n else None,
        # Expected calibration error: the events-weighted mean |gap| over the bins.
        "ece": round(sum(r["events"] * abs(r["gap"]) for r in rows) / n, 4) if n else None,
    }


# Evidence that an event was read completely never lowers belief in it: when a small sample gives
# one of these a negative weight, it is refitted at zero (a monotone constraint).
EVIDENCE_FEATURES = frozenset({"has_actor1", "has_location", "has_date", "has_count", "precise_location"})


def _fit(feats: list[dict[str, float]], labels: list[bool], l2: float, min_count: int) -> tuple[dict[str, float], float]:
    """Weights by feature name and bias; features on in fewer than `min_count` events get no weight."""
    weights, bias = _fit_free(feats, labels, l2, min_count)
    negative = {k for k in EVIDENCE_FEATURES if weights.get(k, 0.0) < 0}
    if negative:
        weights, bias = _fit_free([{k: v for k, v in f.items() if k not in negative} for f in feats],
                                  labels, l2, min_count)
    return weights, bias


def _fit_free(feats: list[dict[str, float]], labels: list[bool], l2: float,
              min_count: int) -> tuple[dict[str, float], float]:
    from ..learn.logreg import SparseRows, fit

    n_pos = sum(labels)
    if not 0 < n_pos < len(labels):
        # One class only: the best calibrated guess is that class's rate, shrunk off 0/1.
        rate = (n_pos + 0.5) / (len(labels) + 1.0)
        return {}, math.log(rate / (1 - rate))
    names = sorted({k for f in feats for k in f})
    col = {k: i for i, k in enumerate(names)}
    X = SparseRows.from_dicts([{col[k]: v for k, v in f.items()} for f in feats])
    model = fit(X, labels, l2=l2, balanced=False, min_df=min_count, max_iter=500, tol=1e-9, rtol=1e-12)
    weights = {names[b]: round(w, 4) for b, w in sorted(model.weights.items()) if round(w, 4) != 0.0}
    return weights, round(model.bias, 4)


def document_folds(doc_ids: list[str], k: int) -> dict[str, int]:
    """Fold of each document: sorted ids dealt round-robin, so the split needs no random seed."""
    docs = sorted(set(doc_ids))
    return {d: i % k for i, d in enumerate(docs)}


def train(directory: str | Path, *, l2: float = DEFAULT_L2, folds: int = DEFAULT_FOLDS,
          min_count: int = DEFAULT_MIN_COUNT, data: str | None = None, today: dt.date | None = None,
          pipeline: Any = None, log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Fit the confidence model on the gold set at `directory`; the model dict, ready to write."""
    from ..evaluate.devset import load_devset

    n_docs = len(load_devset(directory))
    examples = devset_examples(directory, pipeline=pipeline)
    if not examples:
        raise ValueError(f"{directory}: the pipeline codes no counted event on this gold set")
    ids = [d for d, _, _ in examples]
    feats = [f for _, f, _ in examples]
    labels = [ok for _, _, ok in examples]
    fold_of = document_folds(ids, max(2, min(folds, len(set(ids)))))
    k = max(fold_of.values()) + 1
    cv_pairs: list[tuple[float, bool] | None] = [None] * len(examples)
    for fold in range(k):
        train_idx = [i for i, d in enumerate(ids) if fold_of[d] != fold]
        test_idx = [i for i, d in enumerate(ids) if fold_of[d] == fold]
        w, b = _fit([feats[i] for i in train_idx], [labels[i] for i in train_idx], l2, min_count)
        for i in test_idx:
            cv_pairs[i] = (probability(w, b, feats[i]), labels[i])
    weights, bias = _fit(feats, labels, l2, min_count)
    in_sample = [(probability(weights, bias, f), ok) for f, ok in zip(feats, labels)]
    counts = Counter(k for f in feats for k in f)
    features = sorted(k for k, c in counts.items() if c >= min_count)
    model = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "weights": dict(sorted(weights.items())),
        "bias": bias,
        "metadata": {
            "data": data or f"{Path(directory).name} ({n_docs} docs)",
            "documents": n_docs,
            "events": len(examples),
            "matched": sum(labels),
            "date": (today or dt.date.today()).isoformat(),
            "features": features,
            "feature_counts": {k: counts[k] for k in features},
            "dropped_rare_features": sorted(k for k, c in counts.items() if c < min_count),
            "l2": l2,
            "min_count": min_count,
            "folds": k,
            "label": "the event matches a gold event (same evidence sentence, same type family), "
                     "events with status reported or claimed",
            "note": "cross_validated: fitted on the other documents' folds, scored on held-out documents "
                    "(the number to quote). in_sample: the shipped model scored on the data it was fitted on; "
                    "'marsad evaluate' on this same gold set shows in-sample calibration too.",
        },
        "reliability": {
            "cross_validated": reliability_table([p for p in cv_pairs if p is not None]),
            "in_sample": reliability_table(in_sample),
        },
    }
    if log is not None:
        log(format_summary(model))
    return validate_model(model, directory)


def format_summary(model: dict[str, Any]) -> str:
    meta = model["metadata"]
    lines = [f"{meta['events']} events ({meta['matched']} matched) from {meta['data']}; l2={meta['l2']}, "
             f"{meta['folds']} document folds"]
    for name, table in model["reliability"].items():
        lines.append(f"{name}: brier={table['brier']} log_loss={table['log_loss']} ece={table['ece']}")
        lines.extend(f"  {r['confidence']}  n={r['events']:>3}  mean={r['mean_confidence']:.3f}  "
                     f"matched={r['matched']:.3f}" for r in table["rows"])
    lines.append("weights: " + ", ".join(f"{k}={v:+.3f}" for k, v in model["weights"].items())
                 + f", bias={model['bias']:+.3f}")
    return "\n".join(lines)


def write_model(model: dict[str, Any], path: str | Path | None = None) -> Path:
    target = Path(path) if path is not None else default_path()
    validate_model(model, target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if target == default_path():
        load_model.cache_clear()
    return target
