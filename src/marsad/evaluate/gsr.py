"""Score PLOVER ASSAULT / PROTEST detection on the Arabic event GSR sentences.

Detection.  In ``assault_gsr.csv`` / ``protest_gsr.csv`` a sentence labelled ``yes`` is a
positive, ``easy no`` and ``difficult no`` are negatives, ``ambiguous`` is left out.  Marsad
predicts the type when `marsad.api.extract(sentence)` (no publication date) returns an event with
that ``plover_type`` and status reported or claimed.

A learned sentence scorer (``marsad.learn``, trained on this public half) confirms rule events:
the "confirmed" system predicts the type only when such an event's ``relevance`` reaches the
model's threshold.  On the public half that is the scorer's training data, so its numbers here
are optimistic; the cross-validated estimate is in the model's metadata (`marsad train gsr`).

Source/target agreement.  For the accepted sentences of ``*_spans.json`` that have a
``source_gold`` (``target_gold``), the first predicted event of the file's type agrees when
a word of its actor1 (actor2) overlaps a gold word.  An actor's words are the surface text of
the document's entity spans carrying the actor's KB id (or English name) plus its Arabic
name; words are compared after letter normalisation and removal of the article / one-letter
proclitics (وال، بال، لل، ال، و، ف، ب، ل), ignoring words shorter than two letters.  A sentence
where no event of the type is predicted does not agree.

Baseline.  A sentence is predicted positive when it contains one of the stems of
``data/gsr_baseline.yaml`` (normalised substring match).
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..document import Document
from . import matching as m
from .report import PRF, Accuracy, Report

EVENT_FILES = {"ASSAULT": ("assault_gsr.csv", "assault_spans.json"),
               "PROTEST": ("protest_gsr.csv", "protest_spans.json")}
POSITIVE = frozenset({"yes"})
NEGATIVE = frozenset({"easy no", "difficult no"})
DETECTED_STATUSES = frozenset({"reported", "claimed"})
BASELINE_FILE = m.DATA_DIR / "gsr_baseline.yaml"
CSV_COLUMNS = {"id", "event_type", "label", "text"}
_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال")


class GsrError(ValueError):
    """A benchmark folder/file that cannot be read; names the file and the reason."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")


def load_sentences(path: Path) -> list[tuple[str, str, bool]]:
    """(id, text, is_positive) for the scored sentences of one *_gsr.csv file."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = CSV_COLUMNS - set(reader.fieldnames or ())
            if missing:
                raise GsrError(path, f"missing column(s) {', '.join(sorted(missing))}")
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise GsrError(path, f"cannot read: {exc}") from exc
    out = []
    for row in rows:
        label = (row["label"] or "").strip()
        if label in POSITIVE or label in NEGATIVE:
            out.append((row["id"], row["text"] or "", label in POSITIVE))
    return out


def load_spans(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GsrError(path, f"cannot read: {exc}") from exc
    if not isinstance(data, list):
        raise GsrError(path, "expected a JSON list of sentence records")
    return [r for r in data if isinstance(r, dict) and isinstance(r.get("text"), str)]


def load_baseline(path: Path | str = BASELINE_FILE) -> dict[str, list[str]]:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise m.EvalDataError(path, f"cannot read: {exc}") from exc
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("keywords"), dict):
        raise m.EvalDataError(path, "expected 'version: 1' and a mapping 'keywords: {TYPE: [stems]}'")
    out = {}
    for etype, words in data["keywords"].items():
        if etype not in EVENT_FILES:
            raise m.EvalDataError(path, f"unknown event type {etype!r}; expected one of {', '.join(EVENT_FILES)}")
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise m.EvalDataError(path, f"{etype}: expected a non-empty list of words")
        out[etype] = [m.norm_text(w) for w in words]
    return out


@lru_cache(maxsize=1)
def _baseline() -> dict[str, list[str]]:
    return load_baseline()


def baseline_predicts(text: str, event_type: str) -> bool:
    norm = m.norm_text(text)
    return any(k in norm for k in _baseline().get(event_type, ()))


def typed_events(doc: Document, event_type: str) -> list[dict[str, Any]]:
    return [e for e in doc.events if isinstance(e, dict) and e.get("plover_type") == event_type
            and e.get("status") in DETECTED_STATUSES]


def confirmed_events(doc: Document, event_type: str) -> list[dict[str, Any]]:
    """Typed events the learned scorer confirms (relevance at or above its threshold)."""
    from ..learn.scorer import default_model

    threshold = default_model().thresholds.get(event_type)
    return [e for e in typed_events(doc, event_type)
            if threshold is None or e.get("relevance") is None or e["relevance"] >= threshold]


def _stem(word: str) -> str:
    w = m.norm_text(word).strip(".,،؛:!?\"'()«»")
    for pre in _PREFIXES:
        if w.startswith(pre) and len(w) - len(pre) >= 2:
            return w[len(pre):]
    if len(w) >= 4 and w[0] in "وفبل":
        return w[1:]
    return w


def _words(text: str | None) -> set[str]:
    return {s for s in (_stem(w) for w in (text or "").split()) if len(s) >= 2}


def actor_words(doc: Document, actor: dict[str, Any] | None) -> set[str]:
    if not actor:
        return set()
    words = _words(actor.get("name_ar")) | _words(actor.get("text"))
    for span in doc.spans:
        if (actor.get("id") and span.attrs.get("kb_id") == actor.get("id")) or (
                actor.get("name") and span.attrs.get("name") == actor.get("name")):
            words |= _words(span.text)
    return words


def evaluate_gsr(path: str | Path, pipeline: Any = None, *, baseline: bool = False, limit: int | None = None,
                 on_progress: Callable[[int, int], None] | None = None) -> Report:
    """Score detection (and source/target agreement) on the benchmark folder at `path`.

    `limit` scores only the first N sentences of each file (quick runs); `on_progress(done,
    total)` is called after each sentence.  A sentence whose extraction raises predicts nothing
    and is listed in `Report.errors`."""
    # `marsad.api.extract`, looked up at call time so tests can monkeypatch it.
    from .. import api

    root = Path(path)
    if not root.is_dir():
        raise GsrError(root, "not a directory")
    work: dict[str, tuple[list[tuple[str, str, bool]], list[dict[str, Any]]]] = {}
    for etype, (csv_name, spans_name) in EVENT_FILES.items():
        csv_path, spans_path = root / csv_name, root / spans_name
        if not csv_path.is_file():
            raise GsrError(csv_path, "missing")
        sentences = load_sentences(csv_path)[:limit] if limit else load_sentences(csv_path)
        spans = load_spans(spans_path) if spans_path.is_file() else []
        spans = [r for r in spans if r.get("source_gold") or r.get("target_gold")]
        work[etype] = (sentences, spans[:limit] if limit else spans)
    total = sum(len(s) + len(sp) for s, sp in work.values())
    done = 0
    errors: list[str] = []
    cache: dict[str, Document] = {}

    def run(text: str, ident: str) -> Document:
        if text in cache:
            return cache[text]
        try:
            doc = api.extract(text, id=ident, pipeline=pipeline)
        except Exception as exc:  # a failing sentence predicts nothing; the run goes on
            errors.append(f"{ident}: extraction failed: {type(exc).__name__}: {exc}")
            doc = Document(id=ident, raw=text, text=text)
        cache[text] = doc
        return doc

    t0 = time.perf_counter()
    report = Report("gsr", str(root))
    rows = []
    for etype, (sentences, spans) in work.items():
        system, rules, base = PRF(), PRF(), PRF()
        examples: dict[str, list[str]] = {"false_positives": [], "false_negatives": []}
        span_texts = {r["text"] for r in spans}
        for ident, text, positive in sentences:
            doc = run(text, ident)
            predicted = bool(confirmed_events(doc, etype))
            _count(system, predicted, positive)
            _count(rules, bool(typed_events(doc, etype)), positive)
            if predicted != positive and len(examples["false_negatives" if positive else "false_positives"]) < 20:
                examples["false_negatives" if positive else "false_positives"].append(ident)
            if baseline:
                _count(base, baseline_predicts(text, etype), positive)
            if text not in span_texts:
                cache.pop(text, None)  # keep only what the agreement pass needs
            done += 1
            if on_progress:
                on_progress(done, total)
        key = etype.lower()
        report.add_prf(key, system)
        report.add_prf(f"rules_only_{key}", rules)
        rows.append({"system": "marsad (rules + scorer)", "type": etype, **system.to_dict()})
        rows.append({"system": "marsad rules only", "type": etype, **rules.to_dict()})
        if baseline:
            report.add_prf(f"baseline_{key}", base)
            rows.append({"system": "keyword baseline", "type": etype, **base.to_dict()})
        source, target = Accuracy(), Accuracy()
        for rec in spans:
            doc = run(rec["text"], str(rec.get("source") or rec.get("_id") or "spans"))
            events = confirmed_events(doc, etype) or typed_events(doc, etype)
            first = events[0] if events else {}
            for gold_key, role, acc in (("source_gold", "actor1", source), ("target_gold", "actor2", target)):
                if rec.get(gold_key):
                    acc.add(bool(actor_words(doc, first.get(role)) & _words(rec[gold_key])))
            done += 1
            if on_progress:
                on_progress(done, total)
        report.add_accuracy(f"{key}_source", source)
        report.add_accuracy(f"{key}_target", target)
        report.documents.append({"id": etype, "sentences": len(sentences), "spans": len(spans), **examples})
    report.tables["detection"] = rows
    report.errors = errors
    report.seconds = time.perf_counter() - t0
    return report


def _count(prf: PRF, predicted: bool, positive: bool) -> None:
    if predicted and positive:
        prf.tp += 1
    elif predicted:
        prf.fp += 1
    elif positive:
        prf.fn += 1
