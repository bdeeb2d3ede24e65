"""Event triggers and status cues: data files compiled into clitic-aware matchers.

`data/triggers.yaml` lists trigger forms per event type; `data/status_cues.yaml` lists cues
that mark an event as denied, threatened, planned or claimed, or drop it (conditional,
commemoration, history).  `data/event_types.tsv` is the one table mapping Marsad types to
families, ACLED and PLOVER.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..datafiles import DataFileError, read_text, read_yaml
from ..kb.matcher import Matcher, name_key
from ..text.tokens import Token

DATA = "marsad.extraction.data"
STRENGTHS = ("strong", "weak")
STATUSES = ("reported", "denied", "threatened", "planned", "claimed")
DROP_REASONS = ("conditional", "commemoration", "habitual", "history", "figurative")


class ExtractDataError(DataFileError):
    """A data file of marsad.extract is malformed (the message names the file and the reason)."""


@dataclass(frozen=True, slots=True)
class EventType:
    type: str
    family: str
    acled_event_type: str
    acled_sub_event_type: str
    plover_type: str
    plover_mode: str
    cameo: str
    priority: int


@dataclass(frozen=True, slots=True)
class TriggerDef:
    type: str
    strength: str
    refine: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Cue:
    kind: str  # a status ("denied", ...) or a drop reason ("history", ...)
    window: int
    drop: bool
    after: int = 0  # also applies when it follows the trigger within this many tokens
    spares: frozenset[str] = frozenset()  # families the cue does not apply to


@dataclass(slots=True)
class TriggerMatch:
    start: int
    end: int
    first_token: int
    last_token: int
    definition: TriggerDef


@dataclass
class Happening:
    family: str
    type: str
    triggers: list[TriggerMatch] = field(default_factory=list)

    @property
    def anchor(self) -> TriggerMatch:
        return self.triggers[0]


def _read(name: str) -> str:
    return read_text(DATA, name, ExtractDataError)


@lru_cache(maxsize=1)
def event_types() -> dict[str, EventType]:
    """The type mapping table, keyed by Marsad type."""
    path = "event_types.tsv"
    rows = [line for line in _read(path).splitlines() if line and not line.startswith("#")]
    table: dict[str, EventType] = {}
    for row in csv.DictReader(rows, delimiter="\t"):
        try:
            et = EventType(
                type=row["type"], family=row["family"], acled_event_type=row["acled_event_type"],
                acled_sub_event_type=row["acled_sub_event_type"], plover_type=row["plover_type"],
                plover_mode=row["plover_mode"] or "", cameo=row["cameo"], priority=int(row["priority"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ExtractDataError(f"{path}: bad row {row!r}: {exc}") from exc
        if et.type in table:
            raise ExtractDataError(f"{path}: type {et.type!r} listed twice")
        table[et.type] = et
    return table


def family_of(event_type: str) -> str:
    return event_types()[event_type].family


def _forms(path: str, entry: dict, where: str) -> list[str]:
    forms = entry.get("forms")
    if not isinstance(forms, list) or not forms:
        raise ExtractDataError(f"{path}: {where}: 'forms' must be a non-empty list")
    for form in forms:
        if not isinstance(form, str) or not form.strip():
            raise ExtractDataError(f"{path}: {where}: empty or non-text form {form!r}")
    return forms


@lru_cache(maxsize=1)
def load_triggers() -> tuple[Matcher, dict[str, frozenset[str]]]:
    """The trigger matcher (payload: TriggerDef) and the cue sets used by `refine`."""
    path = "triggers.yaml"
    data = read_yaml(DATA, path, ExtractDataError)
    types = event_types()
    cue_sets: dict[str, frozenset[str]] = {}
    from ..kb.matcher import name_key

    for name, words in (data.get("cue_sets") or {}).items():
        if not isinstance(words, list) or not words:
            raise ExtractDataError(f"{path}: cue set {name!r} must be a non-empty list")
        cue_sets[name] = frozenset(name_key(w) for w in words)
    return _trigger_matcher(data, "triggers", cue_sets), cue_sets


@lru_cache(maxsize=1)
def load_coder_triggers() -> Matcher:
    """`coder_triggers` of triggers.yaml: forms the event coder reads and the sentence scorer
    does not (new scored forms moved the scorer past its floors; see learn/EXPERIMENTS.md)."""
    return _trigger_matcher(read_yaml(DATA, "triggers.yaml", ExtractDataError), "coder_triggers", load_triggers()[1])


def _trigger_matcher(data: dict, section: str, cue_sets: dict[str, frozenset[str]]) -> Matcher:
    path, types = "triggers.yaml", event_types()
    matcher = Matcher(fold_article=True)
    for i, entry in enumerate(data.get(section) or []):
        where = f"{section} entry {i + 1} ({entry.get('type')!r})"
        if entry.get("type") not in types:
            raise ExtractDataError(f"{path}: {where}: unknown type; known: {', '.join(types)}")
        if entry.get("strength") not in STRENGTHS:
            raise ExtractDataError(f"{path}: {where}: strength must be one of {STRENGTHS}")
        refine = entry.get("refine") or {}
        for cue_set, new_type in refine.items():
            if cue_set not in cue_sets or new_type not in types:
                raise ExtractDataError(f"{path}: {where}: refine {cue_set!r} → {new_type!r} is unknown")
        definition = TriggerDef(entry["type"], entry["strength"], tuple(refine.items()))
        for form in _forms(path, entry, where):
            matcher.add(form, definition)
    return matcher


@lru_cache(maxsize=1)
def load_status_cues() -> Matcher:
    path = "status_cues.yaml"
    data = read_yaml(DATA, path, ExtractDataError)
    matcher = Matcher(fold_article=True)
    families = {t.family for t in event_types().values()}
    for section, key, allowed, drop in (("statuses", "status", STATUSES, False), ("drop", "reason", DROP_REASONS, True)):
        for i, entry in enumerate(data.get(section) or []):
            where = f"{section} entry {i + 1}"
            if entry.get(key) not in allowed:
                raise ExtractDataError(f"{path}: {where}: {key} must be one of {allowed}")
            window, after = entry.get("window", 0), entry.get("after", 0)
            if not all(isinstance(v, int) and v >= 0 for v in (window, after)):
                raise ExtractDataError(f"{path}: {where}: window and after must be non-negative integers")
            spares = frozenset(entry.get("spares") or ())
            if not spares <= families:
                raise ExtractDataError(f"{path}: {where}: spares must name families among {sorted(families)}")
            for form in _forms(path, entry, where):
                matcher.add(form, Cue(entry[key], window, drop, after, spares))
    return matcher


@dataclass(frozen=True, slots=True)
class SplitTrigger:
    """A verb whose object may stand a few words later, after the subject (VSO)."""

    definition: TriggerDef
    verbs: frozenset[str]
    objects: frozenset[str]
    gap: int


@lru_cache(maxsize=1)
def load_split_triggers() -> tuple[SplitTrigger, ...]:
    """`split_triggers` of triggers.yaml, validated (forms in matching form)."""
    path = "triggers.yaml"
    out = []
    for i, entry in enumerate(read_yaml(DATA, path, ExtractDataError).get("split_triggers") or []):
        where = f"{path}: split trigger {i + 1}"
        if entry.get("type") not in event_types():
            raise ExtractDataError(f"{where}: unknown type {entry.get('type')!r}")
        gap = entry.get("gap")
        if not isinstance(gap, int) or isinstance(gap, bool) or not 1 <= gap <= 8:
            raise ExtractDataError(f"{where}: gap must be an integer from 1 to 8")
        words = {}
        for key in ("verbs", "objects"):
            forms = entry.get(key)
            if not isinstance(forms, list) or not forms or not all(isinstance(f, str) and f.strip() for f in forms):
                raise ExtractDataError(f"{where}: {key} must be a non-empty list of words")
            words[key] = frozenset(name_key(f) for f in forms)
        out.append(SplitTrigger(TriggerDef(entry["type"], "strong"), words["verbs"], words["objects"], gap))
    return tuple(out)


def find_triggers(tokens: list[Token], text: str, matcher: Matcher | None = None) -> list[TriggerMatch]:
    """Trigger phrases in the tokens: the scored lexicon's, or `matcher`'s (`load_coder_triggers`)."""
    matcher = matcher or load_triggers()[0]
    out = []
    for m in matcher.find(tokens, text):
        # One key can carry several definitions (a form listed under two types): strongest type wins.
        definition = max(m.payloads, key=lambda d: (d.strength == "strong", event_types()[d.type].priority))
        out.append(TriggerMatch(m.start, m.end, m.first_token, m.last_token, definition))
    return out


def refined_type(definition: TriggerDef, sentence_keys: frozenset[str] | set[str]) -> str:
    """Apply the trigger's `refine` rules given the normalised word keys of its sentence."""
    _, cue_sets = load_triggers()
    for cue_set, new_type in definition.refine:
        if sentence_keys & cue_sets[cue_set]:
            return new_type
    return definition.type


def describe(event_type: str) -> dict[str, Any]:
    et = event_types()[event_type]
    return {
        "plover_type": et.plover_type,
        "plover_mode": et.plover_mode or None,
        "acled_event_type": et.acled_event_type,
        "acled_sub_event_type": et.acled_sub_event_type,
    }
