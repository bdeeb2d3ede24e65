"""Score the pipeline against a gold set in the devset format (index.tsv, docs/, gold/).

Event matching, field metrics, entity and quote scoring are described in the
`marsad.evaluate` package docstring."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..document import Document, Span
from . import matching as m
from .kb_resolution import KbResolution
from .report import PRF, Accuracy, Report

INDEX_HEADER = ["id", "url", "outlet", "country", "language", "kind", "publication_date"]
GOLD_KEYS = {"id", "publication_date", "events", "entities", "quotes"}

# Predicted entity labels per gold entity list.
ENTITY_KINDS = {
    "persons": ("PERSON",),
    "organizations": ("ORG", "ACTOR"),
    "locations": ("LOC", "GPE", "NORP"),  # the gold names a country its adjective refers to
}
ENTITY_KIND_OF_LABEL = {label: kind for kind, labels in ENTITY_KINDS.items() for label in labels}
FIELDS = ("actor1", "actor2", "location", "date", "fatalities", "source")
CONFIDENCE_BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


class DevsetError(ValueError):
    """A gold set that cannot be read; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")


@dataclass(slots=True)
class GoldDoc:
    id: str
    text: str
    url: str | None
    outlet: str | None
    country: str | None
    language: str | None
    kind: str
    publication_date: str | None
    gold: dict[str, Any]


def load_devset(path: str | Path) -> list[GoldDoc]:
    """The documents of a gold set, validated enough to score (each problem names its file)."""
    root = Path(path)
    if not root.is_dir():
        raise DevsetError(root, "not a directory")
    index = root / "index.tsv"
    if not index.is_file():
        raise DevsetError(index, "missing (expected a gold set with index.tsv, docs/, gold/)")
    lines = index.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].split("\t") != INDEX_HEADER:
        raise DevsetError(index, f"header must be {' '.join(INDEX_HEADER)} (tab-separated)")
    docs = []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(INDEX_HEADER):
            raise DevsetError(index, f"line {n}: {len(cells)} columns, expected {len(INDEX_HEADER)}")
        row = dict(zip(INDEX_HEADER, cells))
        doc_id = row["id"]
        text_path, gold_path = root / "docs" / f"{doc_id}.txt", root / "gold" / f"{doc_id}.json"
        try:
            text = text_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DevsetError(text_path, f"cannot read document: {exc}") from exc
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DevsetError(gold_path, f"cannot read gold: {exc}") from exc
        if not isinstance(gold, dict) or not GOLD_KEYS <= set(gold):
            raise DevsetError(gold_path, f"gold must be an object with keys {', '.join(sorted(GOLD_KEYS))}")
        for k, ev in enumerate(gold["events"]):
            if not isinstance(ev, dict) or m.family_of(ev.get("type")) is None:
                raise DevsetError(gold_path, f"event {k}: unknown type {ev.get('type') if isinstance(ev, dict) else ev!r}")
        date = row["publication_date"].strip() or None
        if date:
            try:
                dt.date.fromisoformat(date)
            except ValueError as exc:
                raise DevsetError(index, f"line {n}: publication_date {date!r} is not YYYY-MM-DD") from exc
        docs.append(GoldDoc(doc_id, text, row["url"] or None, row["outlet"] or None, row["country"] or None,
                            row["language"] or None, row["kind"], date, gold))
    if not docs:
        raise DevsetError(index, "no documents")
    return docs


# ---------------------------------------------------------------------- scoring


class _Totals:
    def __init__(self) -> None:
        self.events = PRF()
        self.type = Accuracy()
        self.fields = {f: Accuracy() for f in FIELDS}
        self.entities = {k: PRF() for k in ENTITY_KINDS}
        self.quotes = PRF()
        self.speaker = Accuracy()
        self.negatives = Accuracy()
        self.gold_by_type: Counter[str] = Counter()
        self.pred_by_type: Counter[str] = Counter()
        self.found_by_type: Counter[str] = Counter()  # gold events matched (same family)
        self.exact_by_type: Counter[str] = Counter()  # matched with the exact type
        self.pred_matched_by_type: Counter[str] = Counter()
        self.confusion: Counter[tuple[str, str, str]] = Counter()
        self.reliability: list[tuple[float, bool]] = []
        self.unscored_confidence = 0


def _counted(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if isinstance(e, dict) and e.get("status") in m.COUNTED_STATUSES]


def _pred_summary(e: dict[str, Any]) -> dict[str, Any]:
    return {"type": e.get("type"), "actor1": (e.get("actor1") or {}).get("name"),
            "actor2": (e.get("actor2") or {}).get("name"), "location": (e.get("location") or {}).get("name"),
            "date": e.get("date"), "fatalities": e.get("fatalities"), "source": e.get("source"),
            "confidence": e.get("confidence"), "evidence": (e.get("evidence") or {}).get("text")}


def _gold_summary(e: dict[str, Any]) -> dict[str, Any]:
    keys = ("type", "actor1", "actor2", "location", "admin1", "date", "fatalities", "source", "evidence")
    return {k: e.get(k) for k in keys}


def _field_checks(pred: dict[str, Any], gold: dict[str, Any]) -> dict[str, tuple[bool, Any, Any]]:
    """field -> (correct, gold value, predicted value) for the fields gold gives a value for."""
    out: dict[str, tuple[bool, Any, Any]] = {}
    for key in ("actor1", "actor2"):
        if gold.get(key):
            out[key] = (m.actor_matches(pred.get(key), gold[key]), gold[key], (pred.get(key) or {}).get("name"))
    if (gold.get("type") == pred.get("type") == "armed_clash" and gold.get("actor1") and gold.get("actor2")
            and not (out["actor1"][0] and out["actor2"][0])
            and m.actor_matches(pred.get("actor2"), gold["actor1"]) and m.actor_matches(pred.get("actor1"), gold["actor2"])):
        # "Fighting between X and Y": a clash's sides have no order unless one attacked, and
        # neither the text nor the gold then says which is first -- the sides are one pair.
        out["actor1"] = (True, *out["actor1"][1:])
        out["actor2"] = (True, *out["actor2"][1:])
    if gold.get("location") or gold.get("admin1"):
        loc = pred.get("location") or {}
        out["location"] = (m.location_matches(pred.get("location"), gold.get("location"), gold.get("admin1")),
                           gold.get("location") or gold.get("admin1"),
                           loc.get("name") or loc.get("admin1"))
    if gold.get("date"):
        out["date"] = (m.date_matches(pred, gold["date"]), gold["date"], pred.get("date"))
    if gold.get("fatalities") is not None:
        out["fatalities"] = (pred.get("fatalities") == gold["fatalities"], gold["fatalities"], pred.get("fatalities"))
    if gold.get("source"):
        out["source"] = (m.source_matches(pred.get("source"), gold["source"]), gold["source"], pred.get("source"))
    return out


def _entity_kind(span: Span) -> str | None:
    """The gold list a predicted span belongs to.  The gold lists named entities, countries
    among the places: a generic actor ("مسلحون", "civilians") is a description, not a name, and
    a state named by its country ("العراق" as a party, "مصري") names that country."""
    kind = ENTITY_KIND_OF_LABEL.get(span.label)
    if kind == "organizations":
        if span.attrs.get("kind") == "generic":
            return None
        if span.attrs.get("kind") == "government" and m.is_country_name(span.attrs.get("name") or ""):
            return "locations"
    return kind


def _entity_groups(doc: Document, kind: str) -> list[tuple[set[str], str | None]]:
    """Distinct predicted entities of `kind`: (names, kb id), one per KB id or name."""
    groups: dict[str, tuple[set[str], str | None]] = {}
    for span in doc.spans:
        if _entity_kind(span) != kind:
            continue
        kb_id = span.attrs.get("kb_id")
        name = span.attrs.get("name")
        key = f"id:{kb_id}" if kb_id else f"name:{m.norm_name(name or span.text)}"
        if kind == "locations" and name and m.is_country_name(name):
            key = f"country:{m.norm_name(name)}"  # "مصر", "المصرية" and the state Egypt: one entity
        names, _ = groups.setdefault(key, (set(), kb_id))
        names.update(n for n in (name, span.text) if n)
    return list(groups.values())


def score_document(gd: GoldDoc, doc: Document, totals: _Totals) -> dict[str, Any]:
    """Compare one predicted document with its gold; adds to `totals`, returns the details."""
    gold_events = gd.gold["events"]
    preds = _counted(doc.events)
    where = doc.text or doc.raw or gd.text
    golds = [m.GoldEvent(i, e, tuple(m.locate(e.get("evidence") or "", where))) for i, e in enumerate(gold_events)]
    pairs = m.greedy_pairs(preds, golds, m.event_score)
    matched_p = {i for i, _, _ in pairs}
    matched_g = {j for _, j, _ in pairs}
    detail: dict[str, Any] = {"id": gd.id, "gold_events": len(golds), "predicted_events": len(preds),
                              "matched": len(pairs), "missed": [], "extra": [], "field_errors": [],
                              "unlocated_evidence": [g.index for g in golds if not g.spans],
                              "matched_event_ids": [preds[i].get("id") for i in sorted(matched_p)]}
    totals.events.add(PRF(len(pairs), len(preds) - len(pairs), len(golds) - len(pairs)))
    if gd.kind == "non-conflict":
        totals.negatives.add(not preds)
    for g in golds:
        totals.gold_by_type[g.data["type"]] += 1
    for p in preds:
        totals.pred_by_type[str(p.get("type"))] += 1
    for i, j, _ in pairs:
        p, g = preds[i], golds[j].data
        totals.found_by_type[g["type"]] += 1
        totals.pred_matched_by_type[str(p.get("type"))] += 1
        same_type = p.get("type") == g["type"]
        totals.type.add(same_type)
        if same_type:
            totals.exact_by_type[g["type"]] += 1
        else:
            totals.confusion[(g["type"], str(p.get("type")), "same family")] += 1
            detail["field_errors"].append({"gold": j, "field": "type", "gold_value": g["type"],
                                           "predicted": p.get("type")})
        for field, (ok, gv, pv) in _field_checks(p, g).items():
            totals.fields[field].add(ok)
            if not ok:
                detail["field_errors"].append({"gold": j, "field": field, "gold_value": gv, "predicted": pv})
    for j, g in enumerate(golds):
        if j in matched_g:
            continue
        detail["missed"].append(_gold_summary(g.data))
        # A prediction on the same sentence but in another family is a type confusion, not a miss
        # of the sentence; count it so the summary shows which families get mixed up.
        for i, p in enumerate(preds):
            if i not in matched_p and m.same_evidence(p.get("evidence"), g.spans, g.data.get("evidence") or ""):
                totals.confusion[(g.data["type"], str(p.get("type")), "other family")] += 1
                break
    for i, p in enumerate(preds):
        if i not in matched_p:
            detail["extra"].append(_pred_summary(p))
        c = p.get("confidence")
        if isinstance(c, int | float) and not isinstance(c, bool):
            totals.reliability.append((float(c), i in matched_p))
        else:
            totals.unscored_confidence += 1
    _score_entities(gd, doc, totals, detail)
    _score_quotes(gd, doc, totals, detail)
    return detail


def _score_entities(gd: GoldDoc, doc: Document, totals: _Totals, detail: dict[str, Any]) -> None:
    detail["entities"] = {}
    for kind in ENTITY_KINDS:
        gold_names: dict[str, str] = {}
        for name in gd.gold["entities"].get(kind, []):
            gold_names.setdefault(m.norm_name(name), name)
        gold = list(gold_names.values())
        preds = _entity_groups(doc, kind)
        same = {"locations": m.place_entity_matches, "persons": m.person_entity_matches}.get(kind, m.entity_matches)
        pairs = m.greedy_pairs(preds, gold, lambda p, g: 1.0 if same(p[0], p[1], g) else None)
        prf = PRF(len(pairs), len(preds) - len(pairs), len(gold) - len(pairs))
        totals.entities[kind].add(prf)
        found = {j for _, j, _ in pairs}
        detail["entities"][kind] = {"tp": prf.tp, "fp": prf.fp, "fn": prf.fn,
                                    "missed": [g for j, g in enumerate(gold) if j not in found]}


def _score_quotes(gd: GoldDoc, doc: Document, totals: _Totals, detail: dict[str, Any]) -> None:
    gold = gd.gold["quotes"]
    # Gold quotes are direct quotations in quotation marks; reported speech is not scored.
    preds = [q for q in doc.quotes if isinstance(q, dict) and q.get("kind", "direct") == "direct"]
    pairs = m.greedy_pairs(preds, gold, lambda p, g: 1.0 if m.quote_matches(p.get("text"), g["text_start"]) else None)
    totals.quotes.add(PRF(len(pairs), len(preds) - len(pairs), len(gold) - len(pairs)))
    speaker_errors = []
    for i, j, _ in pairs:
        speaker = preds[i].get("speaker") or {}
        names = [n for n in (speaker.get("name"),) if n]
        right = m.speaker_matches(names, speaker.get("org_id"), gold[j]["speaker"])
        totals.speaker.add(right)
        if not right:
            speaker_errors.append({"gold": gold[j]["speaker"], "predicted": speaker.get("name"),
                                   "org_id": speaker.get("org_id"), "quote": gold[j]["text_start"]})
    found = {j for _, j, _ in pairs}
    detail["quotes"] = {"gold": len(gold), "predicted": len(preds), "matched": len(pairs),
                        "missed": [g["text_start"] for j, g in enumerate(gold) if j not in found],
                        "speaker_errors": speaker_errors}


def _reliability_rows(totals: _Totals) -> list[dict[str, Any]]:
    rows = []
    edges = CONFIDENCE_BINS
    for lo, hi in zip(edges, edges[1:]):
        last = hi == edges[-1]
        items = [(c, ok) for c, ok in totals.reliability if lo <= c < hi or (last and c == hi)]
        if not items:
            continue
        mean = sum(c for c, _ in items) / len(items)
        frac = sum(ok for _, ok in items) / len(items)
        rows.append({"confidence": f"{lo:.1f}–{hi:.1f}", "events": len(items), "mean_confidence": round(mean, 3),
                     "matched": round(frac, 3), "gap": round(frac - mean, 3)})
    if totals.unscored_confidence:
        rows.append({"confidence": "none", "events": totals.unscored_confidence, "mean_confidence": None,
                     "matched": None, "gap": None})
    return rows


def _type_rows(totals: _Totals) -> list[dict[str, Any]]:
    rows = []
    for t in sorted(set(totals.gold_by_type) | set(totals.pred_by_type)):
        g, p = totals.gold_by_type[t], totals.pred_by_type[t]
        rows.append({"type": t, "gold": g, "predicted": p, "found": totals.found_by_type[t],
                     "exact_type": totals.exact_by_type[t],
                     "precision": round(totals.pred_matched_by_type[t] / p, 3) if p else None,
                     "recall": round(totals.found_by_type[t] / g, 3) if g else None})
    return rows


def build_report(path: str, totals: _Totals, documents: list[dict[str, Any]], errors: list[str],
                 seconds: float) -> Report:
    report = Report("devset", path, documents=documents, errors=errors, seconds=seconds)
    report.add_prf("event", totals.events)
    report.add_accuracy("type", totals.type)
    for f in FIELDS:
        report.add_accuracy(f, totals.fields[f])
    all_entities = PRF()
    for kind, prf in totals.entities.items():
        report.add_prf(f"entity_{kind}", prf)
        all_entities.add(prf)
    report.add_prf("entity", all_entities)
    report.add_prf("quote", totals.quotes)
    report.add_accuracy("quote_speaker", totals.speaker)
    report.add_accuracy("negative_docs_clean", totals.negatives)
    report.tables["event types"] = _type_rows(totals)
    report.tables["type confusion (matched sentence, other type)"] = [
        {"gold": g, "predicted": p, "kind": k, "n": n} for (g, p, k), n in totals.confusion.most_common()]
    report.tables["confidence reliability"] = _reliability_rows(totals)
    return report


def evaluate_devset(path: str | Path, pipeline: Any = None, *,
                    on_progress: Callable[[int, int], None] | None = None) -> Report:
    """Run the pipeline on every document of the gold set at `path` and score it.

    `pipeline` is passed to `marsad.extract` (None: the default pipeline); `on_progress(done,
    total)` is called after each document (progress bars).  A document whose extraction raises counts
    as predicting nothing and is listed in `Report.errors`."""
    # `marsad.api.extract`, looked up at call time so tests can monkeypatch it.
    from .. import api

    docs = load_devset(path)
    totals = _Totals()
    kb = KbResolution()  # extra metrics: does the KB recognise the gold actors and places?
    details, errors = [], []
    t0 = time.perf_counter()
    for n, gd in enumerate(docs, start=1):
        t1 = time.perf_counter()
        error = None
        try:
            doc = api.extract(gd.text, id=gd.id, url=gd.url, date=gd.publication_date, outlet=gd.outlet,
                                 pipeline=pipeline)
        except Exception as exc:  # one failing document must not hide the others' scores
            error = f"{gd.id}: extraction failed: {type(exc).__name__}: {exc}"
            errors.append(error)
            doc = Document(id=gd.id, raw=gd.text, text=gd.text)
        detail = score_document(gd, doc, totals)
        detail["kb_resolution"] = kb.add(gd.id, gd.gold, doc)
        detail["seconds"] = round(time.perf_counter() - t1, 3)
        if error:
            detail["error"] = error
        details.append(detail)
        if on_progress is not None:
            on_progress(n, len(docs))
    report = build_report(str(path), totals, details, errors, time.perf_counter() - t0)
    kb.add_to_report(report)
    return report
