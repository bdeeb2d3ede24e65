"""Choosing among same-named places, and coding how precise a location is.

`resolve_place(candidates, context)` scores each candidate `Place` with evidence from the
story: its country and the other countries mentioned, the other places mentioned (same
first-level unit), a cue word written before the name ("محافظة", "مخيم", "ريف" ...; see
`data/places/cues.yaml`) and population.  Every candidate is kept in the answer, ranked, so
a later stage can revise the choice.

`geo_precision` gives ACLED's 1-3 code and `where_prec` UCDP's 1-7 code for a place.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

import marsad.kb.gazetteer as _gazetteer
from marsad.kb.gazetteer import DATA_DIR, GazetteerDataError, Place, load_gazetteer
from marsad.text.normalize import normalize

__all__ = ["PlaceContext", "resolve_place", "geo_precision", "where_prec", "cue_features", "is_relative_cue",
           "is_name_head"]

# Evidence weights.  Country agreement dominates: the same name in the story's own country is
# almost always the one meant; a cue word outweighs population.
W_STORY_COUNTRY = 4.0
W_MENTIONED_COUNTRY = 2.0
W_SAME_ADMIN1 = 2.5
W_CONTAINS_MENTIONED = 1.5
W_CUE_MATCH = 4.0
W_CUE_MISMATCH = -1.5
W_POPULATION = 0.35  # per order of magnitude
W_FOCUS = 0.5

# Prior by kind of place: admin units and curated features are what news names; small
# villages sharing a name with something bigger rarely are.
FEATURE_PRIOR = {
    "country": 2.5, "admin1": 2.0, "city": 1.5, "admin2": 0.6, "town": 0.8, "village": 0.0,
}
CURATED_PRIOR = 1.0

_POINT = {"city", "town", "village", "camp", "crossing", "dam", "airport", "base", "neighbourhood",
          "oilfield", "gasfield", "port", "landmark", "island"}


@dataclass
class PlaceContext:
    """What the story tells about where it is."""

    country: str | None = None  # the story's main country (ISO alpha-2)
    countries: Collection[str] = ()  # other countries mentioned
    places: Sequence[Place] = ()  # other places mentioned (already resolved)
    cue: str | None = None  # the word written just before the name, e.g. "محافظة"
    extra: dict = field(default_factory=dict)


@functools.lru_cache(maxsize=1)
def _cues(path: str = str(DATA_DIR / "cues.yaml")
          ) -> tuple[dict[str, frozenset[str]], frozenset[str], frozenset[str], frozenset[str]]:
    from marsad.kb.gazetteer import FEATURES

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise GazetteerDataError(f"{path}: cannot read cue file ({e})") from e
    if not isinstance(data, dict) or not isinstance(data.get("cues"), dict):
        raise GazetteerDataError(f"{path}: expected a mapping with a 'cues' mapping")
    cues = {}
    for word, feats in data["cues"].items():
        if not isinstance(feats, list) or not feats or any(f not in FEATURES for f in feats):
            raise GazetteerDataError(f"{path}: cue {word!r}: features must be a list drawn from {sorted(FEATURES)}")
        cues[normalize(str(word))] = frozenset(feats)
    relative = frozenset(normalize(str(w)) for w in data.get("relative", []))
    naming = frozenset(normalize(str(w)) for w in data.get("naming", []))
    if naming - cues.keys():
        raise GazetteerDataError(f"{path}: 'naming' words must be cues: {sorted(naming - cues.keys())}")
    name_heads = frozenset(normalize(str(w)) for w in data.get("name_heads", []))
    if name_heads & cues.keys():
        raise GazetteerDataError(f"{path}: 'name_heads' words cannot be cues: {sorted(name_heads & cues.keys())}")
    return cues, relative, naming, name_heads


def is_name_head(word: str) -> bool:
    """True for "كفر", "دير", "تل" ...: a word that begins a place name, so a known name right
    after it ("كفر روما") is the tail of another place's name, not that place (Rome)."""
    return word in _cues()[3]


def cue_features(cue: str | None) -> frozenset[str]:
    """Features a cue word favours (empty when it is not a known cue)."""
    if not cue:
        return frozenset()
    return _cue_reading(cue)[0]


def is_relative_cue(cue: str | None) -> bool:
    """True for "ريف", "شرق", "قرب" ...: the location is near the place, not at it."""
    return bool(cue) and _cue_reading(cue)[1]


def is_naming_cue(cue: str | None) -> bool:
    """True for "اتفاق" ...: something named after a place ("اتفاق الطائف"), which says what
    kind of place a name is but not that an everyday word ("اتفاق وقف إطلاق النار") is one."""
    return bool(cue) and _cue_reading(cue)[2]


@functools.lru_cache(maxsize=65536)
def _cue_reading(cue: str) -> tuple[frozenset[str], bool, bool]:
    """(features, relative?, naming?) of a non-empty cue word; memoised, as every place mention asks."""
    cues, relative, naming, _heads = _cues()
    key = normalize(cue.strip())
    return cues.get(key, frozenset()), key in relative, key in naming


def _score(p: Place, ctx: PlaceContext, mentioned_admin1: set[str], mentioned_ids: set[str],
           cue_feats: frozenset[str]) -> float:
    s = CURATED_PRIOR if p.id.startswith("cur:") else FEATURE_PRIOR.get(p.feature, 0.5)
    if ctx.country and p.country == ctx.country:
        s += W_STORY_COUNTRY
    elif p.country and p.country in ctx.countries:
        s += W_MENTIONED_COUNTRY
    if p.admin1_code and p.admin1_code in mentioned_admin1 and p.id not in mentioned_ids:
        s += W_SAME_ADMIN1
    if p.feature in ("admin1", "country") and p.admin1_code in mentioned_admin1:
        s += W_CONTAINS_MENTIONED
    if cue_feats:
        s += W_CUE_MATCH if p.feature in cue_feats else W_CUE_MISMATCH
    if p.population:
        s += W_POPULATION * math.log10(p.population + 1)
    if p.country in _gazetteer.FOCUS_COUNTRIES:
        s += W_FOCUS
    return round(s, 3)


@dataclass(frozen=True, slots=True)
class PreparedContext:
    """A `PlaceContext` with what every ranking derives from it, computed once: a document
    resolves many names in one context (`prepare_context`, then `rank_places`)."""

    ctx: PlaceContext
    mentioned_admin1: frozenset[str]
    mentioned_ids: frozenset[str]


def prepare_context(context: PlaceContext | None = None) -> PreparedContext:
    ctx = context or PlaceContext()
    countries = {c.upper() for c in ctx.countries}
    ctx = PlaceContext(ctx.country.upper() if ctx.country else None, countries, ctx.places, ctx.cue, ctx.extra)
    return PreparedContext(ctx, frozenset(p.admin1_code for p in ctx.places if p.admin1_code),
                           frozenset(p.id for p in ctx.places))


def rank_places(candidates: Sequence[Place], prepared: PreparedContext, cue_feats: frozenset[str]
                ) -> tuple[Place | None, float, list[tuple[Place, float]]]:
    """`resolve_place` with a prepared context and the cue's features (the context's own cue
    is not read)."""
    if not candidates:
        return None, 0.0, []
    ctx, admin1, ids = prepared.ctx, prepared.mentioned_admin1, prepared.mentioned_ids
    if len(candidates) == 1:
        return candidates[0], _score(candidates[0], ctx, admin1, ids, cue_feats), []
    scored = sorted(((p, _score(p, ctx, admin1, ids, cue_feats)) for p in candidates),
                    key=lambda x: (-x[1], x[0].id))
    best, score = scored[0]
    return best, score, scored[1:]


def resolve_place(candidates: Sequence[Place], context: PlaceContext | None = None
                  ) -> tuple[Place | None, float, list[tuple[Place, float]]]:
    """(best place, its score, [(other candidate, score), ...] best first)."""
    if not candidates:
        return None, 0.0, []
    ctx = context or PlaceContext()
    return rank_places(candidates, prepare_context(ctx), cue_features(ctx.cue))


def geo_precision(place: Place, relative: bool = False) -> int:
    """ACLED geo-precision: 1 = the town/village (or a finer point) itself, 2 = part of a region
    or near a town / a district, 3 = only the province, a large region or the country."""
    if place.precision is not None and not place.is_admin:
        p = place.precision
    elif place.feature in _POINT:
        p = 1
    elif place.feature == "admin2":
        p = 2
    else:
        p = 3
    return min(3, p + 1) if relative and p == 1 else p


def where_prec(place: Place, relative: bool = False) -> int:
    """UCDP where_prec: 1 exact location, 2 within ~25 km of a known point, 3 second-order
    admin unit, 4 first-order admin unit, 5 part of a country / larger region, 6 the country,
    7 international waters or airspace."""
    f = place.feature
    if f == "sea":
        return 7
    if f == "country":
        return 6
    if f == "admin1":
        return 4
    if f == "admin2":
        return 3
    if f in _POINT:
        return 2 if relative else 1
    # curated areas: rivers, banks, regions, lakes, mountains -- their stated precision says
    # whether they are district-sized (2) or province-sized and larger (3)
    if place.precision == 2:
        return 3
    return 5


def resolve_name(name: str, context: PlaceContext | None = None):
    """Convenience: look `name` up in the shared gazetteer and resolve it."""
    return resolve_place(load_gazetteer().lookup(name), context)
