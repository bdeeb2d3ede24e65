"""One record per happening across a document: later sentences that retell or elaborate an
event already coded (a source's account, "the strike", a toll) merge into it; a headline that
restates the lead adds nothing."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..kb.entities import load_kb
from ..kb.matcher import name_key
from ..learn.scorer import default_model
from . import confidence
from .arguments import ARMED_INTERS
from .triggers import describe, family_of, load_triggers

# A strike and the attack or killing it is named by: one kind of happening in two families.
VIOLENCE_FAMILIES = frozenset({"remote", "violent"})


def _compatible_location(a: dict | None, b: dict | None) -> bool:
    if a is None or b is None:
        return True
    if a.get("name") == b.get("name") or 3 in (a.get("geo_precision"), b.get("geo_precision")) and (
            a.get("iso2") == b.get("iso2")) and None in (a.get("admin1"), b.get("admin1")):
        return True
    # One side names the province the other's town is in.
    return a.get("admin1") is not None and a.get("admin1") == b.get("admin1") and (
        a.get("geo_precision") == 3 or b.get("geo_precision") == 3)


def _same_country(a: dict | None, b: dict | None) -> bool:
    return a is None or b is None or a.get("iso2") == b.get("iso2")


def _compatible_actor(a: dict | None, b: dict | None) -> bool:
    return a is None or b is None or a.get("id") == b.get("id")


@lru_cache(maxsize=1)
def _generic_actor_ids() -> frozenset[str]:
    return frozenset(a.id for a in load_kb().actors.by_id.values() if a.kind == "generic")


def _claim_names_agent(earlier: dict, claim: dict) -> bool:
    """"وتبنى تنظيم الدولة الهجوم" after "هاجم مسلحون مجهولون": a claim of responsibility by a
    named party says who the unnamed or merely described attackers were (not when the
    claimant is the happening's target)."""
    agent, claimant = earlier["actor1"], claim["actor1"]
    generic = _generic_actor_ids()
    return (claim["status"] == "claimed" and claimant is not None and claimant.get("id") not in generic
            and (agent is None or agent.get("id") in generic)
            and (earlier["actor2"] or {}).get("id") != claimant.get("id"))


def _bare_explosion(ev: dict) -> bool:
    return name_key(ev["trigger"]["text"]) in load_triggers()[1]["explosion"]


def _explosion_of_the_strike(earlier: dict, later: dict) -> bool:
    """"استهدفت سفينة بصاروخين، فيما أبلغت السفينة عن انفجار": the explosion one clause tells
    and the strike another tells are one happening."""
    return (family_of(earlier["type"]) == family_of(later["type"]) == "remote"
            and _bare_explosion(earlier) != _bare_explosion(later)
            and earlier["_clause"] == later["_clause"] and _compatible_actor(earlier["actor1"], later["actor1"]))


def _named_back(earlier: dict, later: dict) -> bool:
    """"استهدفت قاعدة بطائرة مسيرة، فيما قال مسؤول إن الهجوم لم يسفر عن إصابات": a definite
    noun in a clause joined to the happening's own names it back."""
    return later["_definite"] and earlier["_clause"] == later["_clause"] and _both_violence(earlier, later)


def _updated_toll(ev: dict) -> bool:
    """"وفي وقت لاحق، ارتفعت حصيلة القتلى إلى 15": a bare toll word with "the toll rose"."""
    return ev["_toll_update"] and ev["_definite"] and ev["type"] == "attack" and ev["actor1"] is None



def _both_violence(earlier: dict, later: dict) -> bool:
    return family_of(earlier["type"]) in VIOLENCE_FAMILIES and family_of(later["type"]) in VIOLENCE_FAMILIES


def _same_happening(earlier: dict, later: dict) -> bool:
    """Whether `later` restates or elaborates `earlier` rather than reporting a new happening."""
    if later["_intercepted"] and family_of(earlier["type"]) == "remote" and (
            later["_loose_place"] or _compatible_location(earlier["location"], later["location"])):
        return True  # "..., while Israel said it intercepted a missile launched from Yemen": that missile
    if earlier["evidence"]["start"] == later["evidence"]["start"] and _named_back(earlier, later):
        return True
    if (_claim_names_agent(earlier, later) or _updated_toll(later)) and _both_violence(earlier, later) and (
            later["_loose_place"] or _compatible_location(earlier["location"], later["location"])):
        # "Al Shabaab said it carried out the attack" after a car bombing; "ارتفعت حصيلة القتلى إلى
        # 15": the claim or the toll of the strike or attack told before
        return True
    if (earlier["evidence"]["start"] == later["evidence"]["start"] and not (earlier["_weak"] or later["_weak"])
            and (earlier["type"] != later["type"] or earlier["_clause"] != later["_clause"]
                 or not _compatible_actor(earlier["actor1"], later["actor1"]))
            and not _explosion_of_the_strike(earlier, later)):
        return False  # two clauses of one sentence ("..., فيما شن الجيش غارات") tell two happenings
    if later["_weak"]:
        if _shot_after_a_strike(earlier, later):
            return False
        # "وفي خان يونس، استشهد شابان برصاص قناصة": a toll told at a place of its own, apart
        # from the happening before, is a happening there (not a source's account of a toll).
        return (later["_loose_place"] or later["_retold"] or earlier["evidence"]["start"] == later["evidence"]["start"]
                or _compatible_location(earlier["location"], later["location"])
                or all(later[k] is None for k in ("fatalities", "injured", "arrested")))
    if earlier["_region_wide"] and (later["location"] or {}).get("geo_precision") == 1:
        return False  # one strike in a town, after the toll across its region
    if (later["_retold"] and not later["_another"] and family_of(earlier["type"]) == family_of(later["type"])
            and _same_country(earlier["location"], later["location"])
            # (not a new item told by a source at a town of its own: "إلى ذلك، أفادت الوكالة بأن
            # حركة أحرار الشام نفذت حملة اعتقالات في تدمر" after arrests in al-Hasakah)
            and (later["_loose_place"] or _compatible_location(earlier["location"], later["location"])
                 or _compatible_actor(earlier["actor1"], later["actor1"]))):
        return True  # a source retelling the happening, whoever it names
    if family_of(earlier["type"]) != family_of(later["type"]) and not _fire_of_the_fighting(earlier, later):
        return False
    if not ((later["_loose_place"] or _compatible_location(earlier["location"], later["location"]))
            and (_compatible_actor(earlier["actor1"], later["actor1"]) or _claim_names_agent(earlier, later))):
        return False
    # A definite noun ("القصف", "the attack") refers back; a sentence adding no new place or
    # agent elaborates.  Otherwise a new sentence with its own trigger is a new happening.
    if later["_another"] or None not in (earlier["date"], later["date"]) and earlier["date"] != later["date"] \
            and not (earlier["_day_of_saying"] or later["_day_of_saying"]):
        return False
    # Another kind of strike with a toll of its own ("كما قتل مدنيان بغارة" after a shelling that
    # killed four) is another happening; a source's differing figure comes retold (above).
    return not (earlier["type"] != later["type"] and None not in (earlier["fatalities"], later["fatalities"])
                and earlier["fatalities"] != later["fatalities"])


# Gunfire ("برصاص قناصة", "shot dead by a sniper"): no strike's or bomb's toll.
GUNFIRE = re.compile(r"(?<!\w)(?:[وفب]?(?:ال)?رصاص|[وفب]?(?:ال)?قناص|[وفب]?(?:ال)?قنص)|\b(?:shot|snipers?|gunfire)\b")


def _shot_after_a_strike(earlier: dict, later: dict) -> bool:
    """"وأضاف أن المستشفى استقبل ثلاث جثث لمدنيين قتلوا برصاص قناصة" after a shelling: a toll
    told with gunfire, which the strike's sentence did not tell, is another happening."""
    return family_of(earlier["type"]) == "remote" and bool(GUNFIRE.search(later["evidence"]["text"])) \
        and not GUNFIRE.search(earlier["evidence"]["text"])


def _fire_of_the_fighting(earlier: dict, later: dict) -> bool:
    """"وأعلن المركز مقتل ثلاثة جراء القذائف التي سقطت" after clashes: shells named with a
    definite noun and no agent of their own are the fighting's fire, one happening with it."""
    return earlier["type"] == "armed_clash" and family_of(later["type"]) == "remote" and later["_definite"] \
        and later["actor1"] is None


def _merge_into(earlier: dict, later: dict, lend_actors: bool = True) -> None:
    if lend_actors and _claim_names_agent(earlier, later):
        earlier["actor1"] = later["actor1"]
    loc_e, loc_l = earlier["location"], later["location"]
    if loc_l and (loc_e is None or not later["_loose_place"] and (
            _fineness(loc_l) < _fineness(loc_e) or earlier["_loose_place"] and _fineness(loc_l) <= _fineness(loc_e))):
        earlier["location"] = loc_l  # ACLED codes the finest location reported
        earlier["_loose_place"] = later["_loose_place"]
    # Arrests count for detentions, casualties for everything else.
    counts = ("arrested",) if family_of(earlier["type"]) == "detention" else ("fatalities", "injured")
    for key in ("actor1", "actor2", "location", "date", "date_end", "time_precision", "date_text", *counts,
                "source", "source_text"):
        if key in ("actor1", "actor2") and not lend_actors:
            continue
        if earlier.get(key) is None and later.get(key) is not None:
            earlier[key] = later[key]
    if earlier["_day_of_saying"] and later["date"] is not None and not later["_day_of_saying"]:
        # ("..., police said on Tuesday." then "The attackers arrived late on Monday"): the day it happened
        for key in ("date", "date_end", "time_precision", "date_text"):
            earlier[key] = later[key]
        earlier["_day_of_saying"] = False
    if later["_toll_update"]:
        # "ارتفعت حصيلة قتلى الهجوم إلى خمسة": the updated toll replaces the first one.
        for key in counts:
            if later[key] is not None and later[key] > (earlier[key] or 0):
                earlier[key] = later[key]
    a1, a2 = earlier["actor1"], earlier["actor2"]
    if a1 is not None and a2 is not None and a1.get("id") == a2.get("id"):
        earlier["actor2"] = None  # one party cannot be both sides
    # (a party's own version -- claimed, denied, or told by its agent: "قالت إنها اشتبكت مع
    # مسلحين" after an attack on a village -- does not retype what others reported)
    own_version = later["source"] is not None and later["source"] == (earlier["actor1"] or {}).get("name")
    # (soldiers killed in an attack make no violence against civilians of it: "أحرقوا آليات عسكرية")
    armed_target = later["type"] == "violence_against_civilians" and (earlier["actor2"] or {}).get("inter") in ARMED_INTERS
    if (earlier["_weak"] and not later["_weak"] or family_of(earlier["type"]) == family_of(later["type"])
            and (earlier["type"] == "attack" or _bare_explosion(earlier) and not _bare_explosion(later))
            and not own_version and not armed_target) \
            and later["status"] in ("reported", earlier["status"]):
        earlier["type"] = later["type"]
        earlier.update(describe(later["type"]))


def _fineness(loc: dict) -> tuple[int, int]:
    """ACLED's geo_precision, then UCDP's where_prec (a province over its country, both 3)."""
    return loc.get("geo_precision") or 3, loc.get("where_prec") or 6


def merge_restatements(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept: list[dict[str, Any]] = []
    # The kept events of each family, in order (a long document has hundreds: no scan of all
    # of them per event).
    kept_by_family: dict[str | None, list[dict[str, Any]]] = {}
    details: dict[int, dict[str, Any]] = {}  # id(detail) -> the summary event it details
    for ev in _fold_weak_into_sentence_events(events):
        target = _restated(kept, kept_by_family, ev)
        if (target is not None and target["_split"] and not ev["_weak"]
                and _same_place(target["location"], ev["location"])):
            details[id(ev)] = target  # one town of a summary told in detail: `_fold_summaries` decides
        elif target is not None and not ev["_split"]:
            family = family_of(target["type"])
            # (a weak word of another sentence lends its figures, not its parties: "دعت الحكومة
            # إلى وقف لإطلاق النار" names no side of the shelling told before)
            _merge_into(target, ev, lend_actors=not (ev["_weak"] and ev["evidence"]["start"] != target["evidence"]["start"]))
            target["_merged"] = True
            if family_of(target["type"]) != family:  # a weak event took the strong one's type
                kept_by_family = _by_family(kept)
            continue
        elif ev["_weak"] and all(ev[k] is None for k in ("fatalities", "injured", "arrested")):
            continue  # a weak word alone ("السيطرة على", "تحرير") reports nothing; a toll does
        kept.append(ev)
        kept_by_family.setdefault(family_of(ev["type"]), []).append(ev)
    kept = _fold_summaries(kept, details)
    _credit_claims(kept)
    _carry_agents(kept)
    _agreement_sides(kept)
    for ev in kept:
        flags = [key[1:] for key in ("_weak", "_confirmed", "_definite", "_split", "_retold", "_another",
                                     "_region_wide")
                 if ev.pop(key)]
        del ev["_clause"], ev["_toll_update"], ev["_day_of_saying"], ev["_loose_place"], ev["_both_sides"], \
            ev["_about_assailant"], ev["_intercepted"]
        ev["signals"] = flags + (["merged"] if ev.pop("_merged", False) else [])
        ev["relevance"] = _relevance(ev)
        ev["confidence"] = confidence.score({**ev, "_family": family_of(ev["type"])})
    return kept


def _by_family(events: list[dict[str, Any]]) -> dict[str | None, list[dict[str, Any]]]:
    out: dict[str | None, list[dict[str, Any]]] = {}
    for ev in events:
        out.setdefault(family_of(ev["type"]), []).append(ev)
    return out


def _restated(kept: list[dict[str, Any]], kept_by_family: dict[str | None, list[dict[str, Any]]],
              ev: dict[str, Any]) -> dict[str, Any] | None:
    """The earlier event `ev` retells, if any: the latest of its family or, when the lead
    sentence summarised several places, the lead's event at `ev`'s place."""
    family = kept if ev["_weak"] else kept_by_family.get(family_of(ev["type"]), [])
    if family_of(ev["type"]) == "remote" and ev["_definite"] and ev["actor1"] is None:
        family = [e for e in kept if family_of(e["type"]) == "remote" or e["type"] == "armed_clash"]  # (see `_fire_of_the_fighting`)
    elif ev["_definite"] and kept and kept[-1]["evidence"]["start"] == ev["evidence"]["start"] \
            and _named_back(kept[-1], ev):
        family = [kept[-1]]  # (see `_named_back`)
    elif _updated_toll(ev) or ev["status"] == "claimed" and family_of(ev["type"]) in VIOLENCE_FAMILIES:
        family = [e for e in kept if family_of(e["type"]) in VIOLENCE_FAMILIES]
    # News told after a recalled happening retells the news, not the recollection.
    latest = next((e for e in reversed(family) if ev["_weak"] or ev["background"] or not e["background"]), None)
    if ev["_weak"] and latest is not None and ev["location"] is not None and not ev["_loose_place"] \
            and not _same_place(latest["location"], ev["location"]):
        # "خمسة من القتلى سقطوا في معرة النعمان": a toll told at a place goes to that place's event.
        latest = next((e for e in reversed(family) if _same_place(e["location"], ev["location"])), latest)
    if kept and not ev["_weak"] and (latest is None or not _same_place(latest["location"], ev["location"])):
        lead = kept[0]["evidence"]["start"]
        # "وفي تفتناز، قتل ثلاثة مدنيين": a toll told with a bare killing word, at one town of the
        # lead's summary, is that town's strike, whatever type the word alone gives.
        toll_only = ev["_confirmed"] and ev["type"] == "attack"
        summary = next((e for e in (kept if toll_only else family) if e["_split"] and e["evidence"]["start"] == lead
                        and _same_place(e["location"], ev["location"])), None)
        if summary is not None and toll_only:
            return summary
        latest = summary or latest
    return latest if latest is not None and _same_happening(latest, ev) else None


def _same_place(a: dict | None, b: dict | None) -> bool:
    if a is None or b is None:
        return False
    return a.get("geonameid") == b.get("geonameid") if a.get("geonameid") else a.get("name") == b.get("name")


def _fold_summaries(events: list[dict[str, Any]], details: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """"قتل 20 مدنيا في غارات على إدلب ومعرة مصرين وبنش", then a sentence for each town.  When
    every town of the summary sentence is told in detail, the detailed sentences are the
    evidence (each carries its town's own toll and source) and the summary lends only what they
    leave out, never its counts (totals over every town).  Otherwise the details merge into
    the summary's events, as any retelling does."""
    detail_of = {id(summary): ev for ev in events if (summary := details.get(id(ev))) is not None}
    split_sentences = {ev["evidence"]["start"] for ev in events if ev["_split"]}
    covered = split_sentences - {ev["evidence"]["start"] for ev in events
                                 if ev["_split"] and id(ev) not in detail_of}
    out = []
    for ev in events:
        summary = details.get(id(ev))
        if summary is not None and summary["evidence"]["start"] not in covered:
            _merge_into(summary, ev)
            summary["_merged"] = True
            continue
        detail = detail_of.get(id(ev))
        if detail is not None and ev["evidence"]["start"] in covered:
            for key in ("actor1", "actor2", "date", "date_end", "time_precision", "date_text", "source", "source_text"):
                if detail.get(key) is None and ev.get(key) is not None:
                    detail[key] = ev[key]
            if detail["_confirmed"] and detail["type"] == "attack":  # a bare toll: the summary says what struck
                detail["type"] = ev["type"]
                detail.update(describe(ev["type"]))
            detail["_merged"] = True
            continue
        out.append(ev)
    return out


def _fold_weak_into_sentence_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """"3 جنود لقوا حتفهم فيما أصيب 9 آخرون إثر تفجير انتحاري": a toll clause and the strike it
    counts are one happening; the weak clause's figures go to the sentence's strong event (not
    when the clause tells a happening of its own: another kind, or another place)."""
    strong_by_clause: dict[tuple[int, int], dict[str, Any]] = {}
    for ev in events:
        if not (ev["_weak"] or ev["_confirmed"]):
            strong_by_clause.setdefault((ev["evidence"]["start"], ev["_clause"]), ev)
    out = []
    for ev in events:
        target = strong_by_clause.get((ev["evidence"]["start"], ev["_clause"])) if ev["_weak"] or ev["_confirmed"] else None
        if target is not None:
            _merge_into(target, ev, lend_actors=not ev["_about_assailant"])
        else:
            out.append(ev)
    return out


def _credit_claims(events: list[dict[str, Any]]) -> None:
    """"وتبنى حزب الله إطلاق الصواريخ": a claim of responsibility names the agent of the happenings
    of its kind told before it without one (unless the claimant is their target)."""
    for i, claim in enumerate(events):
        if claim["status"] != "claimed" or claim["actor1"] is None:
            continue
        fam = family_of(claim["type"])
        for ev in events[:i]:
            if (ev["status"] != "claimed" and family_of(ev["type"]) == fam and not ev["background"]
                    and _claim_names_agent(ev, claim)):
                ev["actor1"] = claim["actor1"]


BOMBINGS = frozenset({"remote_explosive_ied", "suicide_bomb"})


def agent_run(event_type: str) -> str:
    """Events of one run may share an agent told once: a family, except that a bomb going off
    is not set off by the party whose strike or shelling was told before it."""
    return event_type if event_type in BOMBINGS else family_of(event_type)


def _carry_agents(events: list[dict[str, Any]]) -> None:
    """"Another strike hit ...": a strike or shelling told without its agent is by the party that
    carried out the document's previous one of that family (its actor2 is never the agent); a
    recalled one ("وكانت ... قد استهدفت") is not part of that run."""
    last: dict[str, dict[str, Any]] = {}
    for ev in events:
        run = agent_run(ev["type"])
        prev = last.get(run)
        if family_of(ev["type"]) == "remote" and ev["actor1"] is None and prev is not None and not ev["background"]:
            agent = prev["actor1"]
            if ev["actor2"] is None or ev["actor2"].get("id") != agent.get("id"):
                ev["actor1"] = agent
        if ev["actor1"] is not None:
            last[run] = ev


def _agreement_sides(events: list[dict[str, Any]]) -> None:
    """"توصل الطرفان إلى اتفاق" after clashes between X and Y: "both sides" are X and Y."""
    sides: tuple[dict[str, Any], dict[str, Any]] | None = None
    for ev in events:
        if ev["type"] == "armed_clash" and ev["actor1"] is not None and ev["actor2"] is not None:
            sides = (ev["actor1"], ev["actor2"])
        elif ev["type"] == "ceasefire_or_agreement" and ev["_both_sides"] and sides is not None \
                and ev["actor1"] is None and ev["actor2"] is None:
            ev["actor1"], ev["actor2"] = sides


def _relevance(ev: dict[str, Any]) -> float | None:
    """The learned sentence scorer's probability that the evidence sentence reports an event of
    the record's PLOVER type (None for types it was not trained on)."""
    if ev["plover_type"] not in default_model().thresholds:
        return None
    return round(sentence_score(ev["evidence"]["text"], ev["plover_type"]), 3)


@lru_cache(maxsize=1024)
def sentence_score(text: str, plover_type: str) -> float:
    # Events of one sentence (split by locality or clause) share their evidence: score it once.
    # Only the asked type is scored: the other types' features are not computed.
    return default_model().score(text, plover_type)


def drop_title_duplicates(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A headline restates the lead: drop a title event when the body has one of its family."""
    body_families = {family_of(e["type"]) for e in events if not e["in_title"]}
    out = [e for e in events if not (e["in_title"] and family_of(e["type"]) in body_families)]
    titles = [e for e in events if e["in_title"]]
    if len(titles) == 1 and titles[0]["actor1"] is not None and family_of(titles[0]["type"]) in body_families:
        # "مقتل قيادي بضربة أمريكية في بغداد" over a lead that names no agent: the headline's
        # (when the headline tells one happening).
        title = titles[0]
        lead = next(e for e in events if not e["in_title"] and family_of(e["type"]) == family_of(title["type"]))
        if lead["actor1"] is None and _same_country(lead["location"], title["location"]) and (
                lead["actor2"] is None or lead["actor2"].get("id") != title["actor1"].get("id")):
            lead["actor1"] = title["actor1"]
    for e in out:
        e.pop("in_title")
    return out
