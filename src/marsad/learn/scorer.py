"""Runtime API of the learned sentence scorer: `sentence_scores(text)` → {type: probability}.

The committed artifact (`models/gsr_scorer.json`, written by `marsad train gsr`) is read on
first use and cached.  A probability is P(the sentence reports an event of that PLOVER type)
as the model learned it from the Arabic event GSR; each model's `threshold` is the cut that
maximised F1 in cross-validation.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .features import FeatureConfig, feature_arrays
from .logreg import LogisticModel
from .train import DEFAULT_ARTIFACT, FORMAT, FORMAT_VERSION, decode_model

__all__ = ["ScorerModel", "ModelError", "load_model", "sentence_scores", "default_model"]


class ModelError(ValueError):
    """An artifact that cannot be used; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")


@dataclass
class ScorerModel:
    features: FeatureConfig
    models: dict[str, LogisticModel]
    thresholds: dict[str, float]
    metadata: dict[str, Any]
    # A type's own feature configuration when it differs from `features` (chosen in training).
    type_features: dict[str, FeatureConfig] = field(default_factory=dict)

    @property
    def types(self) -> tuple[str, ...]:
        return tuple(self.models)

    def __post_init__(self) -> None:
        # Per feature configuration one dense (buckets x types) table: a sentence is featurised
        # once per configuration and scored by one gather and one product.
        by_config: dict[FeatureConfig, list[str]] = {}
        for etype in self.models:
            by_config.setdefault(self.type_features.get(etype, self.features), []).append(etype)
        self._groups = []
        for config, types in by_config.items():
            table = np.zeros((1 << config.hash_bits, len(types)), dtype=np.float64)
            for j, etype in enumerate(types):
                model = self.models[etype]
                if model.weights:
                    table[np.fromiter(model.weights.keys(), dtype=np.int64, count=len(model.weights)), j] = \
                        np.fromiter(model.weights.values(), dtype=np.float64, count=len(model.weights))
            bias = np.array([self.models[t].bias for t in types])
            self._groups.append((config, tuple(types), table, bias))

    def scores(self, text: str) -> dict[str, float]:
        out: dict[str, float] = {}
        for group in self._groups:
            out.update(self._group_scores(text, group))
        return {t: out[t] for t in self.models}

    def score(self, text: str, etype: str) -> float:
        """`scores(text)[etype]`, featurising the text only for the configuration `etype` uses."""
        group = next(g for g in self._groups if etype in g[1])
        return self._group_scores(text, group)[etype]

    @staticmethod
    def _group_scores(text: str, group: tuple) -> dict[str, float]:
        config, types, table, bias = group
        idx, val = feature_arrays(text, config)
        z = bias + val @ table[idx] if len(idx) else bias
        # (as Python floats: numpy scalars are slow to compare and convert one by one)
        return {t: 1.0 / (1.0 + math.exp(-v)) if v > -700 else 0.0 for t, v in zip(types, z.tolist())}

    def predicts(self, text: str) -> dict[str, bool]:
        return {t: p >= self.thresholds[t] for t, p in self.scores(text).items()}


def load_model(path: str | Path | None = None) -> ScorerModel:
    """Read an artifact (the committed one when `path` is None)."""
    path = Path(path) if path is not None else DEFAULT_ARTIFACT
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(path, f"cannot read: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelError(path, f"not a {FORMAT} artifact")
    if data.get("format_version") not in (1, FORMAT_VERSION):
        raise ModelError(path, f"format_version {data.get('format_version')!r}, expected {FORMAT_VERSION}")
    try:
        meta = data["metadata"]
        features = FeatureConfig.from_dict(meta["features"])
        models, thresholds, type_features = {}, {}, {}
        for etype, block in data["models"].items():
            models[etype] = decode_model(block)
            thresholds[etype] = float(block["threshold"])
            if "features" in block:  # format 2: each type may have its own features
                type_features[etype] = FeatureConfig.from_dict(block["features"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(path, f"malformed: {type(exc).__name__}: {exc}") from exc
    if not models:
        raise ModelError(path, "no models")
    return ScorerModel(features, models, thresholds, meta, type_features)


@lru_cache(maxsize=1)
def default_model() -> ScorerModel:
    return load_model()


def sentence_scores(text: str) -> dict[str, float]:
    """{"ASSAULT": p, "PROTEST": p} for one sentence, from the committed model."""
    return default_model().scores(text)
