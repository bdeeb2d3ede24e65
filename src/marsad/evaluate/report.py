"""Evaluation results: counts, the flat metric table that floors are checked against, JSON and
rich rendering."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


@dataclass(slots=True)
class PRF:
    """True/false positives and false negatives.  With nothing to find and nothing found the
    score is perfect (1.0) - a negative document with no predicted event is right."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        if self.tp + self.fp:
            return self.tp / (self.tp + self.fp)
        return 1.0 if self.fn == 0 else 0.0

    @property
    def recall(self) -> float:
        if self.tp + self.fn:
            return self.tp / (self.tp + self.fn)
        return 1.0 if self.fp == 0 else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(slots=True)
class Accuracy:
    """Correct out of the cases where the field is scored; None when no case was scored."""

    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total,
                "accuracy": None if self.value is None else round(self.value, 4)}


@dataclass
class Report:
    """What an evaluation measured.

    `metrics` is the flat {name: value} table floors are checked against (a value is None when
    nothing could be scored); `details` holds the counts behind each metric; `tables` holds
    named summaries (per-type, confusion, reliability, ...); `documents` the per-document
    findings (missed and extra events, failures)."""

    kind: str
    path: str
    metrics: dict[str, float | None] = field(default_factory=dict)
    details: dict[str, dict[str, Any]] = field(default_factory=dict)
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    documents: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add_prf(self, name: str, prf: PRF) -> None:
        self.metrics[f"{name}_precision"] = round(prf.precision, 4)
        self.metrics[f"{name}_recall"] = round(prf.recall, 4)
        self.metrics[f"{name}_f1"] = round(prf.f1, 4)
        self.details[name] = prf.to_dict()

    def add_accuracy(self, name: str, acc: Accuracy) -> None:
        self.metrics[f"{name}_accuracy"] = None if acc.value is None else round(acc.value, 4)
        self.details[name] = acc.to_dict()

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "path": self.path, "seconds": round(self.seconds, 2),
                "metrics": self.metrics, "details": self.details, "tables": self.tables,
                "documents": self.documents, "errors": self.errors}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    # ------------------------------------------------------------------ rendering

    def render(self, console: Any) -> None:
        from rich.table import Table

        table = Table("metric", "value", "detail", title=f"{self.kind}: {self.path}", title_justify="left")
        for name, value in self.metrics.items():
            table.add_row(name, "—" if value is None else f"{value:.3f}", _detail(self.details, name))
        console.print(table)
        for tname, rows in self.tables.items():
            if not rows:
                continue
            t = Table(*rows[0].keys(), title=tname, title_justify="left")
            for row in rows:
                t.add_row(*("" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))
                            for v in row.values()))
            console.print(t)
        shown = [d for d in self.documents if d.get("missed") or d.get("extra") or d.get("error")]
        if shown:
            t = Table("doc", "missed (gold)", "extra (predicted)", title="documents with errors",
                      title_justify="left")
            for d in shown:
                missed = "\n".join(_event_line(e) for e in d.get("missed", []))
                extra = "\n".join(_event_line(e) for e in d.get("extra", []))
                if d.get("error"):
                    missed = f"[red]{d['error']}[/red]\n{missed}"
                t.add_row(str(d["id"]), missed, extra)
            console.print(t)
        for line in self.errors[:5]:
            console.print(f"[red]error[/red] {line}", highlight=False)
        if len(self.errors) > 5:
            console.print(f"... {len(self.errors) - 5} more errors (all of them are in --json)", highlight=False)
        console.print(f"{self.seconds:.1f}s")


def _detail(details: dict[str, dict[str, Any]], metric: str) -> str:
    # "quote_speaker_accuracy" belongs to "quote_speaker", not "quote": longest prefix wins.
    for name in sorted(details, key=len, reverse=True):
        d = details[name]
        if metric.startswith(name + "_"):
            if "tp" in d:
                return f"tp {d['tp']} fp {d['fp']} fn {d['fn']}"
            if "total" in d:
                return f"{d['correct']}/{d['total']}"
    return ""


def _event_line(e: dict[str, Any]) -> str:
    parts = [str(e.get("type"))]
    for key in ("actor1", "location"):
        if e.get(key):
            parts.append(str(e[key]))
    if e.get("evidence"):
        parts.append(f"«{str(e['evidence'])[:50]}…»")
    return " | ".join(parts)


# ---------------------------------------------------------------------- floors


class FloorsError(ValueError):
    """A bad floors file; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")


def load_floors(path: str | Path) -> dict[str, float]:
    """{metric: minimum} from a YAML or JSON mapping."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FloorsError(path, f"cannot read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise FloorsError(path, f"not YAML/JSON: {exc}") from exc
    if not isinstance(data, dict) or not data:
        raise FloorsError(path, "expected a non-empty mapping metric: minimum")
    out = {}
    for name, value in data.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise FloorsError(path, f"{name}: floor must be a number between 0 and 1, got {value!r}")
        out[str(name)] = float(value)
    return out


def check_floors(report: Report, floors: dict[str, float], *, path: str | Path = "floors") -> list[str]:
    """One line per metric below its floor (or not measured); unknown names are an error."""
    unknown = sorted(set(floors) - set(report.metrics))
    if unknown:
        raise FloorsError(path, f"unknown metric(s) {', '.join(unknown)}; known: {', '.join(report.metrics)}")
    failures = []
    for name, floor in floors.items():
        value = report.metrics[name]
        if value is None:
            failures.append(f"{name}: not measured (no case to score), floor {floor:.3f}")
        elif value + 1e-9 < floor:
            failures.append(f"{name}: {value:.3f} < floor {floor:.3f}")
    return failures
