"""Event confidence: a small logistic model over the signals behind each event, calibrated on
the development set (`marsad train confidence DEVSET`), so that "0.7" means about 70% of such
events match a hand-coded one.

The model file (`data/confidence.json`) holds the weights, the data it was fitted on, and the
cross-validated reliability table.  Without it, a fixed prior is used.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any

MODEL_FILE = "confidence.json"


def signals(ev: dict[str, Any]) -> dict[str, float]:
    """The features of one coded event (its record plus the coder's flags in `ev['signals']`)."""
    loc = ev.get("location") or {}
    f = {f"flag:{name}": 1.0 for name in ev.get("signals", ())}
    f.update({
        "has_actor1": float(ev.get("actor1") is not None),
        "has_actor2": float(ev.get("actor2") is not None),
        "has_location": float(bool(loc)),
        "precise_location": float(loc.get("geo_precision") == 1),
        "has_date": float(ev.get("date_text") is not None),
        "has_count": float(any(ev.get(k) is not None for k in ("fatalities", "injured", "arrested"))),
        "has_source": float(ev.get("source") is not None),
        f"status:{ev.get('status')}": 1.0,
        f"family:{ev.get('_family', '')}": 1.0,
    })
    return f


@lru_cache(maxsize=1)
def load_model() -> dict[str, Any] | None:
    try:
        text = resources.files("marsad.extraction.data").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    model = json.loads(text)
    if not isinstance(model.get("weights"), dict) or not isinstance(model.get("bias"), int | float):
        raise ValueError(f"{MODEL_FILE}: expected 'weights' (mapping) and 'bias' (number)")
    return model


def score(ev: dict[str, Any]) -> float:
    model = load_model()
    feats = signals(ev)
    if model is None:
        # Prior before calibration: evidence of who, where and how many raises belief.
        z = -0.5 + sum(feats.get(k, 0.0) for k in ("has_actor1", "has_location", "has_count", "has_date")) * 0.5
        z -= 1.0 if ev.get("status") in ("planned", "threatened", "denied") else 0.0
    else:
        w = model["weights"]
        z = model["bias"] + sum(w.get(k, 0.0) * v for k, v in feats.items())
    return round(1.0 / (1.0 + math.exp(-z)), 3)
