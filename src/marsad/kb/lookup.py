"""Look a name up in the knowledge base the way the document matcher would read it.

`lookup(name, country)` answers "what could this name be?" for a person at a terminal or a
script: every actor and place the name stands for, best first, with the score the resolver
gave it.  Actors come before places because `entities.annotate` also prefers the actor reading
of a name that is both.  A name written with attached clitics ("لقسد", "وبدير الزور") or
with/without the article is tried in those forms when the name as written finds nothing --
the document matcher does the same over tokens.

`stats()` sums up what the knowledge base holds.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from marsad.kb.actors import Actor, ActorDB, load_actors
from marsad.kb.gazetteer import FOCUS_COUNTRIES, Gazetteer, Place, load_gazetteer, name_keys
from marsad.text.normalize import normalize

__all__ = ["lookup", "stats", "candidate_forms"]

ACTOR, PLACE = "actor", "place"
ARTICLE = "ال"
# The actor a name resolves to ranks above others sharing the name; a form reached by
# stripping or adding letters ranks below the name as written.
RESOLVED_ACTOR_SCORE = 10.0
OTHER_ACTOR_SCORE = 5.0
DERIVED_FORM_PENALTY = 1.0
TOP_COUNTRIES = 30


def _toggle_article(form: str) -> str | None:
    if form.startswith(ARTICLE) and len(form) > len(ARTICLE) + 1:
        return form[len(ARTICLE):]
    if not form.startswith(ARTICLE) and form[:1].isalpha() and not form[:1].isascii():
        return ARTICLE + form
    return None


def candidate_forms(name: str) -> list[list[str]]:
    """Normalised forms to try, in tiers: [the name as written], [with/without the article],
    [clitic segmentations of the first word, each also with/without the article].  A later
    tier is only consulted when every earlier one found nothing."""
    from marsad.text.tokens import tokenize

    exact = normalize(" ".join(name.split()))
    if not exact:
        return []
    tiers: list[list[str]] = [[exact]]
    seen = {exact}

    def add(tier: list[str], form: str | None) -> None:
        if form and form not in seen:
            seen.add(form)
            tier.append(form)

    toggled: list[str] = []
    add(toggled, _toggle_article(exact))
    tiers.append(toggled)

    stripped: list[str] = []
    tokens = [t for t in tokenize(name) if t.kind != "punct" or t.norm in "-'"]
    if tokens:
        rest = [t.norm for t in tokens[1:]]
        for form, _s, _e in tokens[0].variants[1:]:  # variants[0] is the word as written
            joined = " ".join([form, *rest])
            add(stripped, joined)
            add(stripped, _toggle_article(joined))
    tiers.append(stripped)
    return [t for t in tiers if t]


def _actor_row(actor: Actor, score: float, matched: str) -> dict[str, Any]:
    return {
        "id": actor.id, "name": actor.name, "name_ar": actor.name_ar, "type": ACTOR, "kind": actor.kind,
        "country": actor.country, "code": actor.code, "lat": None, "lon": None, "admin1": None,
        "admin2": None, "score": round(score, 3), "matched": matched,
    }


def _place_row(place: Place, gazetteer: Gazetteer, score: float, matched: str) -> dict[str, Any]:
    admin1 = place.admin1
    if not admin1:
        unit = gazetteer.admin1_of(place)
        admin1 = unit.name if unit else None
    return {
        "id": place.id, "name": place.name, "name_ar": place.name_ar, "type": PLACE, "kind": place.feature,
        "country": place.country, "code": None, "lat": place.lat, "lon": place.lon, "admin1": admin1,
        "admin2": place.admin2, "score": round(score, 3), "matched": matched,
    }


def _actors_for(db: ActorDB, form: str, country: str | None) -> list[tuple[Actor, float]]:
    found = db.lookup(form)
    resolved = db.resolve(form, country)
    rule = db.rule_for(form)
    if resolved is None and rule is not None and not country:
        # Without a story country a shared name can still point at its listed actors.
        ids = [rule.actor] if rule.rule == "prefer" else [a for _c, a in rule.actors]
        found += [db[i] for i in ids if i in db]
    scored: dict[str, tuple[Actor, float]] = {}
    if resolved is not None:
        scored[resolved.id] = (resolved, RESOLVED_ACTOR_SCORE)
    for a in found:
        if a.id not in scored:
            local = country is not None and a.country == country
            scored[a.id] = (a, OTHER_ACTOR_SCORE + (1.0 if local else 0.0))
    return sorted(scored.values(), key=lambda x: (-x[1], x[0].id))


def _places_for(gazetteer: Gazetteer, form: str, country: str | None) -> list[tuple[Place, float]]:
    from marsad.kb.places import PlaceContext, resolve_place

    seen: set[str] = set()
    candidates: list[Place] = []
    for key in {form} | name_keys(form):
        for p in gazetteer.candidates(key):
            if p.id not in seen:
                seen.add(p.id)
                candidates.append(p)
    best, score, others = resolve_place(candidates, PlaceContext(country=country))
    return [] if best is None else [(best, score), *others]


def lookup(name: str, country: str | None = None, limit: int = 10) -> list[dict[str, Any]]:
    """Actors and places `name` can stand for in a story about `country` (ISO alpha-2), best
    first: actors (the one the name resolves to first), then places ranked by
    `places.resolve_place`.  Each row: id, name, name_ar, type ("actor" | "place"), kind
    (actor kind or place feature), country, code (actors only), lat, lon, admin1, admin2,
    score, and `matched` (the normalised form that was found)."""
    if country is not None:
        country = country.strip().upper() or None
        if country is not None and (len(country) != 2 or not country.isalpha()):
            raise ValueError(f"country must be an ISO 3166-1 alpha-2 code, got {country!r}")
    if limit < 1:
        return []
    db, gazetteer = load_actors(), load_gazetteer()
    for depth, tier in enumerate(candidate_forms(name)):
        penalty = DERIVED_FORM_PENALTY if depth else 0.0
        actors: dict[str, dict[str, Any]] = {}
        places: dict[str, dict[str, Any]] = {}
        for form in tier:
            for actor, score in _actors_for(db, form, country):
                if actor.id not in actors:
                    actors[actor.id] = _actor_row(actor, score - penalty, form)
            for place, score in _places_for(gazetteer, form, country):
                if place.id not in places:
                    places[place.id] = _place_row(place, gazetteer, score - penalty, form)
        if actors or places:
            rows = sorted(actors.values(), key=lambda r: -r["score"])
            rows += sorted(places.values(), key=lambda r: (-r["score"], r["id"]))
            return rows[:limit]
    return []


def stats() -> dict[str, Any]:
    """Counts of what the knowledge base holds (actors, aliases, rules, places)."""
    actor_stats = load_actors().stats()
    g = load_gazetteer().stats()
    by_country: dict[str, int] = g["by_country"]
    shown = dict(Counter(by_country).most_common(TOP_COUNTRIES))
    for cc in sorted(FOCUS_COUNTRIES):
        shown.setdefault(cc, by_country.get(cc, 0))
    return {
        "actors": actor_stats["actors"],
        "arabic_aliases": actor_stats["arabic_aliases"],
        "english_aliases": actor_stats["english_aliases"],
        "rules": actor_stats["rules"],
        "actors_by_kind": actor_stats["by_kind"],
        "places": g["places"],
        "place_names": g["names"],
        "places_by_feature": g["by_feature"],
        "places_by_country": shown,
        "admin_units": g["admin_units"],
        "curated_by_feature": g["curated"],
        "imported_geonames": g["imported"],
    }
