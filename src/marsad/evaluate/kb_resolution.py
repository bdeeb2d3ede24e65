"""How well the knowledge base recognises the devset's gold actors and places.

Independent of event extraction: for every gold event, does the document's entity layer (the
ACTOR / ORG / PERSON / LOC spans `marsad.kb.entities.annotate` adds) contain the gold actor
and the gold place?  This isolates KB coverage (missing aliases, missing places, wrong
homonym picked) from errors of the event stage.

Rules
-----
* A gold *actor mention* is one distinct (document, gold name, evidence sentence) among the
  events' ``actor1`` / ``actor2`` values; a gold *location mention* likewise with
  (``location``, ``admin1``).  Events with neither location nor admin1 are not scored.
* An actor is found when an ACTOR / ORG / PERSON span resolves to it by the evaluator's actor
  comparison (`matching.actor_matches`: canonical name, ``data/actor_aliases.yaml`` aliases, or
  a KB id the dictionary gives the gold name) - the span's own actor or, for a unit of a
  force, its root ("Syrian Arab Air Force" -> "Syrian Arab Army").  The same comparison scores
  the events' actor fields, with its coding conventions: a named official stands for the body
  he heads or speaks for (the junta's leader for the junta) and a head of state for the
  government; a gold value that is only a country's name ("Israel") is matched by that
  state's forces or government bodies; a gold value describing people ("Israeli protesters",
  "Qusra residents", "Oil field guards") by the KB generic actor its last words name, whose
  country (a generic span carries the story's country, as ACLED writes "Protesters (Israel)")
  must agree with a nationality or place in the gold value.  Spans inside the evidence
  sentence are preferred; a span anywhere in the document is accepted (the sentence often
  says "the group" after naming it).  ``kb_actor_sentence_recall`` counts the stricter case;
  ``kb_actor_named_recall`` leaves out gold values that describe people instead of naming an
  actor ("Civilians", "Qusra residents", "Israeli protesters": see `is_descriptive_actor`).
* A place is found when a LOC span is the gold place or a containing unit by the evaluator's
  location comparison (`matching.location_matches`: same name, comma part, gazetteer names,
  same admin1, or the gold place's geonameid); a gold place with a trailing parenthetical
  ("Sweida (al-Karama Square)") or a leading relation ("West of Khan Younis") is also compared
  through its named place (`anchor_place`), the nearest sound unit a coder would record.
* Non-nameable gold places ("Unnamed village", "an unidentified village") are scored against
  their ``admin1`` only, and left out when they have none.  Descriptive values ("Southern Saudi
  Arabia", "East of Deir al-Balah") stay in the denominator; their misses get their own
  category so they can be told apart from KB gaps.

Miss categories
---------------
``not_in_kb``        the KB has no entry for the gold name at all (no actor id / no place);
``other_spelling``   the KB has the actor / place but no span in the document resolves to it
                     (the text spells it in a way the KB lacks, or the matcher rejected it);
``wrong_candidate``  a span had the right actor / place among its candidates but resolved to
                     another one;
``related_actor``    (actors) no span names the gold actor, but one names another actor of the
                     same country - an official, the government for the army, "the occupation"
                     for the state: an inference for the event stage, not a missing KB name;
``descriptive``      the gold value is generic or descriptive ("Civilians", "Qusra residents",
                     "Southern Israel") rather than a name the KB can hold.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..document import Document
from . import matching as m
from .matching import anchor_place

ACTOR_LABELS = frozenset({"ACTOR", "ORG", "PERSON"})
LOC_LABELS = frozenset({"LOC", "GPE"})
STATE_KINDS = frozenset({"state_military", "police_security", "government", "official"})

# A gold place that names nothing: scored against its admin1 only.
_NON_NAMEABLE = re.compile(r"^\s*(an?\s+)?(unnamed|unidentified|unspecified|unknown|undisclosed)\b", re.I)
# A gold place given by a direction or a relation to a name rather than a name.
_DESCRIPTIVE_PLACE = re.compile(
    r"\b(north|south|east|west|northern|southern|eastern|western|central|north-east|north-west|"
    r"south-east|south-west|downtown|between|near|outskirts|border area|bank of)\b", re.I)
# A relation written before the named place: the place is the nearest sound unit (ACLED
# geo-precision 2), as the matcher keeps "شرق خان يونس" resolved to Khan Younis.
# Gold actors that describe a group of people instead of naming an organisation.
_DESCRIPTIVE_ACTOR = re.compile(
    r"\b(civilians?|residents|protesters|settlers|workers|guards|militants|gunmen)\b", re.I)

CATEGORIES = ("not_in_kb", "other_spelling", "wrong_candidate", "related_actor", "descriptive")


def is_non_nameable_place(value: str | None) -> bool:
    return bool(value) and bool(_NON_NAMEABLE.match(value or ""))


def is_descriptive_place(value: str | None) -> bool:
    return bool(value) and (is_non_nameable_place(value) or bool(_DESCRIPTIVE_PLACE.search(value or "")))


def is_descriptive_actor(value: str | None) -> bool:
    return bool(value) and bool(_DESCRIPTIVE_ACTOR.search(value or ""))


# --------------------------------------------------------------------------- span readings


def _actor_readings(span_attrs: dict[str, Any]) -> list[dict[str, Any]]:
    """The actor a span stands for, as {id, name} dicts: itself, and its root force if any."""
    out = [{"id": span_attrs.get("kb_id"), "name": span_attrs.get("name"), "country": span_attrs.get("country")}]
    root = span_attrs.get("root")
    if isinstance(root, dict):
        out.append({"id": root.get("id"), "name": root.get("name")})
    return out


def _span_has_actor(span_attrs: dict[str, Any], gold: str) -> bool:
    return any(m.actor_matches(r, gold) for r in _actor_readings(span_attrs))


def _place_matches(attrs: dict[str, Any], gold_location: str | None, gold_admin1: str | None) -> bool:
    return m.location_matches(attrs, gold_location, gold_admin1)


def _related_actor(spans: list[Any], gold: str) -> bool:
    """Both the gold actor and a span's actor are state actors of one country."""
    by_id = getattr(m._actor_db(), "by_id", None)
    if not isinstance(by_id, dict):  # no KB, or a stand-in without the id index
        return False
    actors = [by_id[i] for i in m.actor_ids(gold) if i in by_id]
    countries = {a.country for a in actors if getattr(a, "country", None) and getattr(a, "kind", None) in STATE_KINDS}
    return bool(countries) and any(s.attrs.get("country") in countries and s.attrs.get("kind") in STATE_KINDS
                                   for s in spans)


def _actor_candidate_hit(span_attrs: dict[str, Any], gold: str) -> bool:
    """True when the gold actor is among the span's other candidates."""
    ids = m.actor_ids(gold)
    return bool(ids) and any(c in ids for c in span_attrs.get("candidates") or ())


def _place_candidate_hit(span_attrs: dict[str, Any], gold_location: str | None, gold_admin1: str | None) -> bool:
    gaz = m._gazetteer()
    if gaz is None or not hasattr(gaz, "by_id"):
        return False
    from marsad.kb.entities import place_attrs

    for pid in span_attrs.get("candidates") or ():
        try:
            place = gaz.by_id(pid)
            if place is not None and _place_matches(place_attrs(place, gaz, 0.0, []), gold_location, gold_admin1):
                return True
        except Exception:  # noqa: BLE001 - a stand-in gazetteer: the miss stays uncategorised
            return False
    return False


def _place_in_kb(gold_location: str | None, gold_admin1: str | None) -> bool:
    gaz = m._gazetteer()
    if gaz is None or not hasattr(gaz, "lookup"):
        return False
    names = []
    for value in (gold_location, gold_admin1):
        if not value:
            continue
        names.append(value)
        names.append(m._PAREN.sub("", value))
        names += [p for p in re.split(r"[,()]", value) if p.strip()]
    for n in names:
        base = n.strip()
        for candidate in {base, re.sub(r"\s+(camp|base|oil field|village|city)$", "", base, flags=re.I)}:
            if candidate and gaz.lookup(candidate):
                return True
    return False


# --------------------------------------------------------------------------- accumulator


class KbResolution:
    """Accumulates gold actor / location mentions over documents; see the module docstring."""

    def __init__(self) -> None:
        self.actor_total = self.actor_found = self.actor_in_sentence = 0
        self.named_total = self.named_found = 0  # actors whose gold value is a name, not a description
        self.loc_total = self.loc_found = self.loc_in_sentence = 0
        self.excluded: list[dict[str, Any]] = []
        self.misses: list[dict[str, Any]] = []

    # ------------------------------------------------------------------ one document

    def add(self, doc_id: str, gold: dict[str, Any], doc: Document) -> dict[str, Any]:
        """Score one document's spans against its gold events; returns the document's counts."""
        text = doc.text or doc.raw or ""
        actor_spans = [s for s in doc.spans if s.label in ACTOR_LABELS]
        loc_spans = [s for s in doc.spans if s.label in LOC_LABELS]
        seen_actor: set[tuple[str, str]] = set()
        seen_loc: set[tuple[str | None, str | None, str]] = set()
        out = Counter()
        for ev in gold.get("events") or []:
            evidence = ev.get("evidence") or ""
            ranges = m.locate(evidence, text) if evidence else []

            def in_sentence(span: Any, ranges: list[tuple[int, int]] = ranges) -> bool:
                return any(m.overlaps((span.start, span.end), r) for r in ranges)

            for role in ("actor1", "actor2"):
                name = ev.get(role)
                if not name or (name, evidence) in seen_actor:
                    continue
                seen_actor.add((name, evidence))
                self.actor_total += 1
                named = not is_descriptive_actor(name)
                self.named_total += named
                out["actors"] += 1
                hits = [s for s in actor_spans if _span_has_actor(s.attrs, name)]
                if hits:
                    self.actor_found += 1
                    self.named_found += named
                    out["actors_found"] += 1
                    if any(in_sentence(s) for s in hits):
                        self.actor_in_sentence += 1
                    continue
                self.misses.append(self._actor_miss(doc_id, role, name, evidence, actor_spans, in_sentence))

            loc, admin1 = ev.get("location"), ev.get("admin1")
            if is_non_nameable_place(loc):
                if not admin1:
                    self.excluded.append({"doc": doc_id, "field": "location", "gold": loc,
                                          "reason": "non-nameable place without admin1"})
                    continue
                score_loc = None  # only the containing unit can be named
            else:
                score_loc = loc
            if not (score_loc or admin1) or (score_loc, admin1, evidence) in seen_loc:
                continue
            seen_loc.add((score_loc, admin1, evidence))
            self.loc_total += 1
            out["locations"] += 1
            hits = [s for s in loc_spans if _place_matches(s.attrs, score_loc, admin1)]
            if hits:
                self.loc_found += 1
                out["locations_found"] += 1
                if any(in_sentence(s) for s in hits):
                    self.loc_in_sentence += 1
                continue
            self.misses.append(self._loc_miss(doc_id, loc, score_loc, admin1, evidence, loc_spans, in_sentence))
        return dict(out)

    def _actor_miss(self, doc_id: str, role: str, name: str, evidence: str, spans: list[Any],
                    in_sentence: Any) -> dict[str, Any]:
        near = [s for s in spans if in_sentence(s)]
        if any(_actor_candidate_hit(s.attrs, name) for s in spans):
            category = "wrong_candidate"
        elif is_descriptive_actor(name):
            category = "descriptive"
        elif not m.actor_ids(name):
            category = "not_in_kb"
        elif _related_actor(spans, name):
            category = "related_actor"
        else:
            category = "other_spelling"
        return {"doc": doc_id, "field": role, "gold": name, "category": category,
                "sentence_spans": [f"{s.text}={s.attrs.get('name')}" for s in near][:8],
                "evidence": evidence[:120]}

    def _loc_miss(self, doc_id: str, loc: str | None, score_loc: str | None, admin1: str | None, evidence: str,
                  spans: list[Any], in_sentence: Any) -> dict[str, Any]:
        near = [s for s in spans if in_sentence(s)]
        if any(_place_candidate_hit(s.attrs, score_loc, admin1) for s in spans):
            category = "wrong_candidate"
        elif is_descriptive_place(loc):
            category = "descriptive"
        elif not _place_in_kb(score_loc, admin1):
            category = "not_in_kb"
        else:
            category = "other_spelling"
        gold = loc if not admin1 else f"{loc} [{admin1}]"
        return {"doc": doc_id, "field": "location", "gold": gold, "category": category,
                "sentence_spans": [f"{s.text}={s.attrs.get('name')}/{s.attrs.get('admin1')}" for s in near][:8],
                "evidence": evidence[:120]}

    # ------------------------------------------------------------------ results

    @staticmethod
    def _ratio(found: int, total: int) -> float | None:
        return round(found / total, 4) if total else None

    def metrics(self) -> dict[str, float | None]:
        return {
            "kb_actor_recall": self._ratio(self.actor_found, self.actor_total),
            "kb_actor_sentence_recall": self._ratio(self.actor_in_sentence, self.actor_total),
            "kb_actor_named_recall": self._ratio(self.named_found, self.named_total),
            "kb_location_recall": self._ratio(self.loc_found, self.loc_total),
            "kb_location_sentence_recall": self._ratio(self.loc_in_sentence, self.loc_total),
        }

    def misses_by_category(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {"actor": dict.fromkeys(CATEGORIES, 0), "location": dict.fromkeys(CATEGORIES, 0)}
        for miss in self.misses:
            out["location" if miss["field"] == "location" else "actor"][miss["category"]] += 1
        return out

    def add_to_report(self, report: Any) -> None:
        """Extra metrics, counts and a misses table on a devset `Report` (existing metrics untouched)."""
        report.metrics.update(self.metrics())
        report.details["kb_actor"] = {"correct": self.actor_found, "total": self.actor_total,
                                      "misses": self.misses_by_category()["actor"]}
        report.details["kb_actor_sentence"] = {"correct": self.actor_in_sentence, "total": self.actor_total}
        report.details["kb_actor_named"] = {"correct": self.named_found, "total": self.named_total}
        report.details["kb_location"] = {"correct": self.loc_found, "total": self.loc_total,
                                         "misses": self.misses_by_category()["location"],
                                         "excluded": len(self.excluded)}
        report.details["kb_location_sentence"] = {"correct": self.loc_in_sentence, "total": self.loc_total}
        report.tables["kb resolution misses"] = [
            {"doc": x["doc"], "field": x["field"], "gold": x["gold"], "category": x["category"],
             "spans in sentence": "; ".join(x["sentence_spans"])} for x in self.misses]
        if self.excluded:
            report.tables["kb resolution excluded"] = list(self.excluded)


def evaluate_kb_resolution(path: Any, pipeline: Any = None) -> KbResolution:
    """Run the pipeline over the gold set at `path` and measure only KB resolution."""
    from .. import api
    from .devset import load_devset

    result = KbResolution()
    for gd in load_devset(path):
        doc = api.extract(gd.text, id=gd.id, url=gd.url, date=gd.publication_date, outlet=gd.outlet,
                          pipeline=pipeline)
        result.add(gd.id, gd.gold, doc)
    return result


__all__ = ["CATEGORIES", "KbResolution", "anchor_place", "evaluate_kb_resolution", "gsr_actor_coverage", "is_descriptive_actor",
           "is_descriptive_place", "is_non_nameable_place"]


# --------------------------------------------------------------------------- Arabic event GSR

# GSR roles that name a party a KB could hold (not "None", not bare civilians / unknown).
GSR_NAMED_ROLES = frozenset({"GOV", "MIL", "COP", "REB", "OPP", "INS", "SPY", "JUD", "LEG", "IGO", "NGO", "PTY",
                             "MED", "UAF"})


def _gsr_named(role: Any) -> bool:
    if not isinstance(role, dict):
        return False
    main, sector = role.get("main"), role.get("role")
    return (main not in (None, "None", "")) or sector in GSR_NAMED_ROLES


def gsr_actor_coverage(path: Any, pipeline: Any = None) -> dict[str, Any]:
    """How often an ACTOR / ORG / PERSON span of ours shares a word with a gold actor token list
    of the GSR ``*_spans.json`` files (words compared as `gsr._words` does: letters normalised,
    article and one-letter proclitics removed).  A rough KB coverage signal: the gold lists mark
    whole noun phrases, ours the dictionary names in them.  ``named`` counts only gold actors
    coded with a country or an armed / state / political sector."""
    import json
    from pathlib import Path

    from .. import api
    from .gsr import _words

    root = Path(path)
    total = found = named_total = named_found = 0
    missed: Counter[str] = Counter()
    for spans_file in sorted(root.glob("*_spans.json")):
        for item in json.loads(spans_file.read_text(encoding="utf-8")):
            doc = api.extract(item.get("text") or "", id=str(item.get("_id") or "gsr"), pipeline=pipeline)
            ours = set()
            for s in doc.spans:
                if s.label in ACTOR_LABELS:
                    ours |= _words(s.text)
            seen: set[tuple[str, ...]] = set()
            for sp in item.get("spans") or []:
                for side in ("source", "target"):
                    tokens = tuple(sp.get(f"{side}_actor") or ())
                    if not tokens or tokens in seen:
                        continue
                    seen.add(tokens)
                    hit = bool(_words(" ".join(tokens)) & ours)
                    named = _gsr_named(sp.get(f"{side}_role"))
                    total += 1
                    found += hit
                    named_total += named
                    named_found += named and hit
                    if named and not hit:
                        missed[" ".join(tokens)] += 1
    return {"gsr_actor_overlap": round(found / total, 4) if total else None, "found": found, "total": total,
            "gsr_named_actor_overlap": round(named_found / named_total, 4) if named_total else None,
            "named_found": named_found, "named_total": named_total,
            "missed_named": [t for t, _ in missed.most_common()]}
