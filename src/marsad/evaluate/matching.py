"""How a prediction is compared with a gold annotation: text location, type families, actor /
place / source / entity / quote equivalence, and one-to-one pairing.

Each rule is stated in the docstring of the function that applies it (and summarised in the
`marsad.evaluate` package docstring); every knowledge list lives in ``data/*.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from marsad.text.skeleton import same_name

DATA_DIR = Path(__file__).parent / "data"
FAMILIES_FILE = DATA_DIR / "type_families.yaml"
ALIASES_FILE = DATA_DIR / "actor_aliases.yaml"

# Predicted events with another status (denied, threatened, planned) describe things that did
# not happen; the gold sets annotate only what happened, so those are left out of scoring.
COUNTED_STATUSES = frozenset({"reported", "claimed", None})

T = TypeVar("T")
U = TypeVar("U")


class EvalDataError(ValueError):
    """A bad evaluator data file; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")


# --------------------------------------------------------------------------- data files


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise EvalDataError(path, f"cannot read: {exc}") from exc
    if not isinstance(data, dict) or data.get("version") != 1:
        raise EvalDataError(path, "expected a mapping with 'version: 1'")
    return data


def load_families(path: Path | str = FAMILIES_FILE) -> dict[str, str]:
    """type -> family name; every schema event type must be in exactly one family."""
    from marsad.schema import event_types

    path = Path(path)
    data = _read_yaml(path)
    families = data.get("families")
    if not isinstance(families, dict) or not families:
        raise EvalDataError(path, "'families' must be a non-empty mapping family -> [types]")
    known = set(event_types())
    out: dict[str, str] = {}
    for family, types in families.items():
        if not isinstance(types, list) or not types:
            raise EvalDataError(path, f"family {family!r}: expected a non-empty list of types")
        for t in types:
            if t not in known:
                raise EvalDataError(path, f"family {family!r}: {t!r} is not an event type of the output schema")
            if t in out:
                raise EvalDataError(path, f"type {t!r} is in two families ({out[t]!r}, {family!r})")
            out[t] = str(family)
    missing = known - set(out)
    if missing:
        raise EvalDataError(path, f"types in no family: {', '.join(sorted(missing))}")
    return out


@lru_cache(maxsize=1)
def type_families() -> dict[str, str]:
    return load_families()


def family_of(event_type: str | None) -> str | None:
    return type_families().get(event_type or "")


def load_aliases(path: Path | str = ALIASES_FILE) -> dict[str, list[str]]:
    """gold actor name -> English aliases (validated: strings, no alias shared by two names)."""
    path = Path(path)
    data = _read_yaml(path)
    aliases = data.get("aliases")
    if not isinstance(aliases, dict):
        raise EvalDataError(path, "'aliases' must be a mapping gold name -> [aliases]")
    owner: dict[str, str] = {}
    out: dict[str, list[str]] = {}
    for name, names in aliases.items():
        if not isinstance(name, str) or not name.strip():
            raise EvalDataError(path, f"bad gold name {name!r}")
        if not isinstance(names, list) or not all(isinstance(a, str) and a.strip() for a in names):
            raise EvalDataError(path, f"{name!r}: aliases must be a list of non-empty strings")
        for a in [name, *names]:
            key = norm_name(a)
            if key in owner and owner[key] != name:
                raise EvalDataError(path, f"alias {a!r} of {name!r} already belongs to {owner[key]!r}")
            owner[key] = name
        out[name] = list(names)
    return out


@lru_cache(maxsize=1)
def actor_aliases() -> dict[str, list[str]]:
    return load_aliases()


# --------------------------------------------------------------------------- normalisation

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"))
_PAREN = re.compile(r"\s*\([^)]*\)\s*$")
_ADMIN_WORDS = re.compile(
    r"\b(governorate|province|district|subdistrict|sub-district|state|region|wilaya|muhafazat|city|village|town|camp)\b")
_ARTICLE = re.compile(r"\b(al|el|ad|ar|as|ash|at|az|an)[- ]")


def _fold(text: str) -> str:
    try:
        from marsad.text.normalize import normalize
    except ImportError:  # the shared normaliser is optional here; fall back to NFKC only
        return unicodedata.normalize("NFKC", text)
    return normalize(text)


def norm_text(text: str) -> str:
    """Matching form of running text: Arabic spelling folded, case folded, spaces collapsed."""
    return " ".join(_fold(text.translate(_ZERO_WIDTH)).casefold().split())


def norm_name(name: str) -> str:
    """Matching form of an English name: accents and punctuation dropped, case folded."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = s.replace("\u2019", "'").replace("`", "'")
    s = re.sub(r"['\u02bf\u02be]", "", s)
    s = re.sub(r"[^\w]+", " ", s)
    return " ".join(s.split())


def name_forms(name: str | None) -> set[str]:
    """The name, and the name without a trailing parenthetical ("Civilians (Syria)")."""
    if not name or not name.strip():
        return set()
    forms = {norm_name(name)}
    base = _PAREN.sub("", name)
    if base.strip():
        forms.add(norm_name(base))
    return forms - {""}


def norm_place(name: str) -> str:
    """Matching form of a place: no admin words ("Governorate"), no "al-" articles."""
    s = norm_name(name.replace("-", " - "))
    s = _ADMIN_WORDS.sub(" ", s)
    s = _ARTICLE.sub("", s + " ")
    return " ".join(s.split())


# --------------------------------------------------------------------------- locating gold text


def _norm_with_map(text: str) -> tuple[str, list[int]]:
    """`norm_text(text)` with, for each of its characters, the index in `text` it came from."""
    try:
        from marsad.text.normalize import normalize_with_map
    except ImportError:
        folded, fmap = text, list(range(len(text)))
    else:
        folded, fmap = normalize_with_map(text)
    out: list[str] = []
    omap: list[int] = []
    pending_space = False
    for ch, src in zip(folded, fmap):
        if ord(ch) in _ZERO_WIDTH:
            continue
        if ch.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            omap.append(src)
            pending_space = False
        for c in ch.casefold():
            out.append(c)
            omap.append(src)
    return "".join(out), omap


def locate(needle: str, haystack: str) -> list[tuple[int, int]]:
    """Every place `needle` occurs in `haystack` as (start, end) offsets into `haystack`.

    Exact occurrences first; when there is none (the cleaner rewrote spaces, quotes or
    Arabic letter forms), occurrences of the normalised needle in the normalised haystack,
    mapped back to the original offsets."""
    if not needle or not haystack:
        return []
    found = []
    i = haystack.find(needle)
    while i != -1:
        found.append((i, i + len(needle)))
        i = haystack.find(needle, i + 1)
    if found:
        return found
    n = norm_text(needle)
    if not n:
        return []
    h, hmap = _norm_with_map(haystack)
    i = h.find(n)
    while i != -1:
        found.append((hmap[i], hmap[i + len(n) - 1] + 1))
        i = h.find(n, i + 1)
    return found


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def same_evidence(pred_evidence: dict[str, Any] | None, gold_spans: Sequence[tuple[int, int]],
                  gold_evidence: str) -> bool:
    """A predicted evidence span is the gold evidence sentence when it overlaps one of the gold
    sentence's locations in the document; when the gold sentence could not be located, when
    one normalised text contains the other."""
    if not pred_evidence:
        return False
    start, end = pred_evidence.get("start"), pred_evidence.get("end")
    if gold_spans and isinstance(start, int) and isinstance(end, int):
        return any(overlaps((start, end), g) for g in gold_spans)
    p, g = norm_text(pred_evidence.get("text") or ""), norm_text(gold_evidence)
    return bool(p and g) and (p in g or g in p)


# --------------------------------------------------------------------------- knowledge-base bridges


@lru_cache(maxsize=1)
def _actor_db() -> Any:
    try:
        from marsad.kb.actors import load_actors
    except ImportError:
        return None
    try:
        return load_actors()
    except Exception as exc:  # a broken KB must not stop an evaluation; compare by name then
        warnings.warn(f"actor KB unavailable, comparing actors by name only: {exc}", stacklevel=2)
        return None


def _ids(found: Any) -> set[str]:
    items = found if isinstance(found, list | tuple | set) else [found]
    out = set()
    for item in items:
        if item is None:
            continue
        ident = item if isinstance(item, str) else (
            item.get("id") if isinstance(item, dict) else getattr(item, "id", None))
        if ident:
            out.add(str(ident))
    return out


@lru_cache(maxsize=4096)
def actor_ids(name: str) -> frozenset[str]:
    """KB ids the actor dictionary gives for an English name (and its aliases)."""
    db = _actor_db()
    if db is None or not name:
        return frozenset()
    out: set[str] = set()
    for n in {name, _PAREN.sub("", name), *actor_aliases().get(name, [])}:
        try:
            out |= _ids(db.lookup(n))
        except Exception:  # noqa: BLE001 - an unexpected lookup failure means "unknown"
            continue
    return frozenset(out)


@lru_cache(maxsize=1)
def _gazetteer() -> Any:
    try:
        from marsad.kb import gazetteer
    except ImportError:
        return None
    loader = getattr(gazetteer, "load_gazetteer", None)
    if loader is None:
        return None
    try:
        return loader()
    except Exception as exc:  # as for actors: fall back to names
        warnings.warn(f"gazetteer unavailable, comparing places by name only: {exc}", stacklevel=2)
        return None


def _first_place(name: str) -> Any:
    gaz = _gazetteer()
    if gaz is None or not hasattr(gaz, "lookup"):
        return None
    try:
        found = gaz.lookup(name)
    except Exception:  # noqa: BLE001 - an unexpected lookup failure means "unknown place"
        return None
    # Only the gazetteer's first reading: adding every homonym's admin unit ("Tripoli") would
    # let unrelated predictions match.
    if isinstance(found, list | tuple):
        return found[0] if found else None
    return found


def _attr(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


@lru_cache(maxsize=4096)
def place_names(name: str) -> frozenset[str]:
    """Normalised names of `name` plus, when the gazetteer knows the place, its English name
    and its first-level admin unit (so a gold town matches a predicted governorate)."""
    out = {norm_place(name)}
    place = _first_place(name)
    if place is not None:
        for key in ("name", "admin1"):
            value = _attr(place, key)
            if isinstance(value, str) and value:
                out.add(norm_place(value))
    return frozenset(out - {""})


@lru_cache(maxsize=4096)
def place_geonameid(name: str) -> int | None:
    place = _first_place(name)
    value = _attr(place, "geonameid") if place is not None else None
    return value if isinstance(value, int) else None


# --------------------------------------------------------------------------- field comparisons


def actor_matches(pred: dict[str, Any] | None, gold: str | None) -> bool:
    """Predicted actor {id, name, ...} vs a gold canonical English name.

    Same name (with or without a trailing parenthetical), an alias of ``data/actor_aliases.yaml``
    or a KB id the dictionary gives the gold name; beyond names, three coding conventions of
    ACLED (`_kb_readings`, `state_country`, `group_reading`):

    * a named official stands for the body he or she heads or speaks for (the KB parent: the
      junta's leader for the junta), and a head of state or of government for the government;
    * a gold value that is only a country's name ("Israel") is the state: any of its armed
      forces or government bodies;
    * a gold value that describes people by what they are ("Israeli protesters", "Qusra
      residents", "Foreign oil workers") is the KB's generic actor its last words name
      (Protesters, Civilians), and a nationality or a place in it must agree with the country
      the prediction carries (generic actors carry the story's country); a prediction that
      carries none does not match a qualified gold value.
    """
    if not pred or not gold:
        return False
    gold_forms = name_forms(gold)
    for alias in actor_aliases().get(gold, []):
        gold_forms |= name_forms(alias)
    if name_forms(pred.get("name")) & gold_forms:
        return True
    pred_id = pred.get("id")
    if pred_id and pred_id in actor_ids(gold):
        return True
    readings = _kb_readings(pred_id)
    if not readings:
        return False
    if any(a.id in actor_ids(gold) for a in readings[1:]):
        return True
    if _heads_government(readings, gold):
        return True
    iso2 = state_country(gold)
    if iso2 is not None:
        return any(a.kind in STATE_BODY_KINDS and a.country == iso2 for a in readings)
    group = group_reading(gold)
    if group is not None:
        generic_ids, countries = group
        if pred_id not in generic_ids:
            return False
        return not countries or _pred_country(pred) in countries
    return False


# Kinds of actor that are the state itself when a gold value names only a country.
STATE_BODY_KINDS = frozenset({"state_military", "government"})
# Roles whose holders' acts are the government's (ACLED: "Government of X").
HEAD_ROLES = frozenset({"presidency", "government"})


def _group_of_media_arm(actor_id: str | None) -> str | None:
    by_id = getattr(_actor_db(), "by_id", None)
    actor = by_id.get(actor_id) if isinstance(by_id, dict) and actor_id else None
    return actor.parent if actor is not None and actor.kind == "media_outlet" and actor.parent else None


def _kb_readings(actor_id: str | None) -> list[Any]:
    """The KB actor and what it stands for: for an official, the body it belongs to (its
    parent) and that body's root force; [] when the id is not in the KB."""
    db = _actor_db()
    by_id = getattr(db, "by_id", None)
    if not actor_id or not isinstance(by_id, dict) or actor_id not in by_id:
        return []
    actor = by_id[actor_id]
    out = [actor]
    if actor.kind == "official" and actor.parent in by_id:
        parent = by_id[actor.parent]
        out.append(parent)
        root = db.root(parent.id)
        if root.id != parent.id:
            out.append(root)
    return out


def _heads_government(readings: list[Any], gold: str) -> bool:
    """An official heading a presidency or a government (or that body itself) vs the gold
    government of the same country ("Mohamed Bazoum" for "Government of Niger")."""
    by_id = getattr(_actor_db(), "by_id", {})
    gold_govs = [by_id[i] for i in actor_ids(gold) if i in by_id and by_id[i].role == "government"
                 and by_id[i].kind == "government"]
    if not gold_govs:
        return False
    countries = {g.country for g in gold_govs}
    heads = readings[1:] if readings[0].kind == "official" else readings
    return any(a.kind == "government" and a.role in HEAD_ROLES and a.country in countries for a in heads)


@lru_cache(maxsize=4096)
def state_country(gold: str) -> str | None:
    """ISO2 of the country a gold value names and nothing more ("Israel"), else None."""
    place = _first_place(_PAREN.sub("", gold).strip())
    if place is None or _attr(place, "feature") != "country":
        return None
    names = {norm_name(n) for n in (_attr(place, "name"), _attr(place, "name_en")) if isinstance(n, str)}
    return _attr(place, "country") if norm_name(_PAREN.sub("", gold)) in names else None


@lru_cache(maxsize=4096)
def group_reading(gold: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """(generic KB actor ids, ISO2 countries) of a gold value describing a group of people:
    its last one or two words name a generic actor ("protesters", "residents", "oil workers"),
    the words before qualify it - a nationality ("Israeli") or a place ("Qusra") gives the
    country, other words ("foreign", "oil field") only describe.  None otherwise."""
    db = _actor_db()
    if db is None or not hasattr(db, "lookup"):
        return None
    words = norm_name(_PAREN.sub("", gold)).split()
    for k in (2, 1):
        if len(words) < k:
            continue
        ids = frozenset(a.id for a in db.lookup(" ".join(words[-k:])) if a.kind == "generic")
        if ids:
            qualifiers = words[:-k]
            break
    else:
        return None
    countries: set[str] = set()
    if qualifiers:
        demonyms = _demonyms()
        nationalities = {demonyms[w] for w in qualifiers if w in demonyms}
        if nationalities:
            countries |= nationalities
        else:
            place = _first_place(" ".join(qualifiers))
            iso2 = _attr(place, "country") if place is not None else None
            if isinstance(iso2, str):
                countries.add(iso2)
    return ids, frozenset(countries)


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    try:
        from marsad.kb.entities import demonyms
    except ImportError:
        return {}
    return demonyms()


def _pred_country(pred: dict[str, Any]) -> str | None:
    """The country a predicted actor carries: its ``country`` (ISO2), or a parenthetical
    country name ("Protesters (Israel)")."""
    country = pred.get("country")
    if isinstance(country, str) and len(country) == 2:
        return country.upper()
    name = pred.get("name") or ""
    inner = re.search(r"\(([^)]*)\)\s*$", name)
    return state_country(inner.group(1)) if inner else None


def _place_forms(value: str | None) -> set[str]:
    if not value:
        return set()
    forms = {norm_place(value)}
    # "al-Dahiya, Daraa" / "Green Zone, Baghdad": each comma part names the place or its container.
    forms |= {norm_place(part) for part in value.split(",") if part.strip()}
    return forms - {""}


_RELATION = re.compile(
    r"^(?:(?:north|south|east|west|north-east|north-west|south-east|south-west)(?:ern)?\s+of|"
    r"(?:north|south|east|west)ern|near|outskirts\s+of|downtown|central)\s+", re.I)


def anchor_place(value: str | None) -> str | None:
    """The named place of a gold location: without a trailing parenthetical and without a
    leading relation ("West of Khan Younis" -> "Khan Younis", "Sweida (al-Karama Square)" ->
    "Sweida"); None when nothing is left or nothing was removed."""
    if not value:
        return None
    base = _PAREN.sub("", value).strip()
    base = _RELATION.sub("", base).strip()
    near = re.search(r"\bnear\s+(.+)$", base, re.I)  # "Jardah post near Arab al-Aramshe"
    if near:
        base = near.group(1).strip()
    return base if base and base != value else None



def location_matches(pred: dict[str, Any] | None, gold_location: str | None, gold_admin1: str | None) -> bool:
    """Right place or a containing admin unit: any of the predicted name / admin1 / admin2
    equals the gold place, one of its comma parts, their gazetteer names or the gold admin1, or
    the predicted geonameid is the gazetteer's for the gold place;
    a predicted name also counts when it is a whole word group inside the gold place
    ("Hajin" in "East bank of the Euphrates (Hajin area)")."""
    if not pred or not (gold_location or gold_admin1):
        return False
    gold_forms = _place_forms(gold_location) | _place_forms(gold_admin1)
    if gold_location:
        # Each comma part through the gazetteer too: "Tufah, Gaza City" names the neighbourhood
        # the gazetteer spells "Al-Tuffah".
        for part in {gold_location, *gold_location.split(",")}:
            if part.strip():
                gold_forms |= place_names(part.strip())
    pred_forms = set()
    for key in ("name", "admin1", "admin2"):
        pred_forms |= _place_forms(pred.get(key))
    if pred_forms & gold_forms:
        return True
    if gold_location and isinstance(pred.get("geonameid"), int) and pred["geonameid"] == place_geonameid(gold_location):
        return True
    if gold_location and pred.get("name"):
        p = norm_place(pred["name"])
        g = f" {norm_place(gold_location)} "
        if len(p) >= 3 and f" {p} " in g:
            return True
    # "Sweida (al-Karama Square)", "West of Khan Younis": the named place the note qualifies.
    base = anchor_place(gold_location)
    return base is not None and location_matches(pred, base, gold_admin1)


def date_matches(pred_event: dict[str, Any], gold_date: str | None) -> bool:
    """Same day, or the gold day inside the predicted date..date_end range."""
    if not gold_date:
        return False
    start, end = pred_event.get("date"), pred_event.get("date_end")
    if not start:
        return False
    if start == gold_date:
        return True
    return bool(end) and start <= gold_date <= end


SOURCE_WORDS_FILE = DATA_DIR / "source_words.yaml"


@dataclass(frozen=True)
class SourceWords:
    singular: dict[str, str]
    role_synonyms: dict[str, str]
    form_words: frozenset[str]
    official_voice: frozenset[str]


def load_source_words(path: Path | str = SOURCE_WORDS_FILE) -> SourceWords:
    """The word lists of `source_matches` (validated)."""
    path = Path(path)
    data = _read_yaml(path)
    out: dict[str, Any] = {}
    for key in ("singular", "role_synonyms"):
        value = data.get(key)
        if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip() for k, v in value.items()):
            raise EvalDataError(path, f"{key!r} must be a mapping word -> word")
        out[key] = {norm_name(k): norm_name(v) for k, v in value.items()}
    for key in ("form_words", "official_voice"):
        value = data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(w, str) and w.strip() for w in value):
            raise EvalDataError(path, f"{key!r} must be a non-empty list of words")
        out[key] = frozenset(norm_name(w) for w in value)
    unknown = set(data) - set(out) - {"version"}
    if unknown:
        raise EvalDataError(path, f"unknown key(s): {', '.join(sorted(unknown))}")
    return SourceWords(**out)


@lru_cache(maxsize=1)
def source_words() -> SourceWords:
    return load_source_words()


@lru_cache(maxsize=1)
def _demonym_countries() -> dict[str, str]:
    """English demonym -> English country name ("nigerien" -> "niger"), from the KB's
    demonym list and the gazetteer's country names; empty when either is unavailable."""
    try:
        path = Path(__file__).resolve().parents[1] / "kb" / "data" / "demonyms.tsv"
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    except Exception:  # noqa: BLE001 - no KB: no demonym rule
        return {}
    gaz = _gazetteer()
    out: dict[str, str] = {}
    for row in rows:
        if len(row) < 2 or gaz is None or not hasattr(gaz, "country_place"):
            continue
        try:
            place = gaz.country_place(row[1].strip())
        except Exception:  # noqa: BLE001
            place = None
        name = _attr(place, "name") if place is not None else None
        if isinstance(name, str) and name:
            out[norm_name(row[0])] = norm_name(name)
    return out


_VIA = re.compile(r"^(?:via|through|quoted by|cited by|reported by|from)\s+", re.I)


def _source_words_of(key: str) -> str:
    """A normalised source name in comparison form: plural role nouns made singular, role
    synonyms unified, demonyms replaced by their country's name."""
    sw = source_words()
    demonyms = _demonym_countries()
    out = []
    for w in key.split():
        w = sw.singular.get(w, w)
        w = sw.role_synonyms.get(w, w)
        out.append(demonyms.get(w, w))
    return " ".join(out)


def _source_variants(name: str) -> tuple[set[str], set[str]]:
    """(comparison forms, names to look up in the actor KB) of one source description."""
    sw = source_words()
    base = _PAREN.sub("", name).strip() or name
    names = {base} | {_VIA.sub("", x).strip() for x in re.findall(r"\(([^)]*)\)", name)}
    names |= {name}
    for n in list(names):
        words = n.split()
        if len(words) > 1 and norm_name(words[-1]) in sw.form_words:  # "Hezbollah statement"
            names.add(" ".join(words[:-1]))
    names = {n for n in names if n.strip()}
    forms = {_source_words_of(norm_name(n)) for n in names} - {""}
    return forms, names


def _voice_org(key: str) -> tuple[str, str] | None:
    """"egyptian military spokesman tamer al rifai" -> ("egyptian military", "spokesman"):
    the organisation before an official-voice role word, and the role."""
    words = key.split()
    sw = source_words()
    for i, w in enumerate(words):
        if i > 0 and sw.role_synonyms.get(w, w) in sw.official_voice:
            return " ".join(words[:i]), sw.role_synonyms.get(w, w)
    return None


def _org_same(a: str, b: str) -> bool:
    a_forms, b_forms = _source_words_of(norm_name(a)), _source_words_of(norm_name(b))
    if a_forms == b_forms:
        return True
    ids = actor_ids(a)
    return bool(ids) and bool(ids & actor_ids(b))


def source_matches(pred: str | None, gold: str | None, *, min_words: int = 1) -> bool:
    """Gold sources are free text ("Israeli army; Hezbollah statement"): the prediction is
    right when it names one of the gold sources.  The gold is split on ';' and, within a part,
    on ' and ' ("Witnesses and officials": either one).  A part is compared with the prediction
    by name or by KB id under these rules:

    - the same name, or one name inside the other as whole words ("Al Mayadeen" /
      "Al Mayadeen correspondent"), or the same actor-dictionary id;
    - a parenthetical names a source too, a leading "via" dropped ("Police source (via
      Sputnik)" also names Sputnik; "... (AP)" names AP, by name or KB id);
    - a trailing form word names its author ("JNIM statement", "Hezbollah claim" -> JNIM,
      Hezbollah; list in data/source_words.yaml);
    - plural and singular role nouns are one ("Security sources" / "security source"), and
      a demonym equals its country's name ("Nigerien Ministry of Defence" / "Niger Ministry of
      Defence");
    - an organisation's spokesman is its official voice: "<org> spokesman [Name]" matches a
      prediction of "<org> spokesman" or of the organisation itself, the organisations compared
      by name or KB id ("Egyptian military spokesman X" / "Egyptian Armed Forces Spokesman").
      Unnamed sources, officials or officers of an organisation are not its voice: "military
      sources" never matches the army.
    Nothing else is equivalent: a hospital's casualty list is not the state that struck it."""
    if not pred or not gold:
        return False
    p_forms, p_names = _source_variants(pred)
    p_ids: set[str] = set()
    for n in p_names:
        p_ids |= actor_ids(n)
    p_voice = [v for v in (_voice_org(norm_name(n)) for n in p_names) if v]
    parts = [x.strip() for x in gold.split(";") if x.strip()]
    for part in list(parts):
        pieces = [x.strip() for x in re.split(r"\s+and\s+", _PAREN.sub("", part)) if x.strip()]
        if len(pieces) > 1:
            tail = part[len(_PAREN.sub("", part)):]
            parts.extend(pieces[:-1] + [pieces[-1] + tail])
    for part in parts:
        g_forms, g_names = _source_variants(part)
        for g in g_forms:
            for p in p_forms:
                if p == g:
                    return True
                if (f" {p} " in f" {g} " and len(p.split()) >= min_words) or \
                        (f" {g} " in f" {p} " and len(g.split()) >= min_words):
                    return True
        for n in g_names:
            if p_ids and p_ids & actor_ids(n):
                return True
        for g in {norm_name(n) for n in g_names}:
            voice = _voice_org(g)
            if voice is None:
                continue
            org, role = voice
            if any(r == role and _org_same(o, org) for o, r in p_voice):
                return True
            if any(_org_same(n, org) for n in p_names):
                return True
    return False


_UNNAMED_GOLD = re.compile(r"^\s*unnamed\s+", re.I)


def speaker_matches(pred_names: Iterable[str], pred_id: str | None, gold: str) -> bool:
    """A quote's speaker: the same entity (`entity_matches`), or - speakers are described
    like sources ("Unnamed medical source", "Niger Ministry of Defence", "al-Shabaab
    spokesman") - the same description under the rules of `source_matches`, a leading
    "Unnamed" dropped, or a group for its media arm.  A bare role word does not match a
    longer description by containment ("official" is not "local security official in X")."""
    names = [n for n in pred_names if n]
    if person_entity_matches(names, pred_id, gold):
        return True
    if _group_of_media_arm(pred_id) in actor_ids(gold):
        return True  # a group's media arm (Az-Zallaqa for JNIM) is the group's voice
    g = _UNNAMED_GOLD.sub("", gold)
    return any(source_matches(n, g, min_words=2) for n in names)


def entity_matches(pred_names: Iterable[str], pred_id: str | None, gold: str) -> bool:
    gold_forms = name_forms(gold)
    for alias in actor_aliases().get(gold, []):
        gold_forms |= name_forms(alias)
    for n in pred_names:
        if name_forms(n) & gold_forms:
            return True
    return bool(pred_id) and pred_id in actor_ids(gold)


def person_entity_matches(pred_names: Iterable[str], pred_id: str | None, gold: str) -> bool:
    """A predicted person vs a gold name: `entity_matches`, or - an Arabic name not in the KB
    has no English form, and the gold spells it in Latin - the same consonant skeleton
    ("يونس كوران" is "Younis Kouran").  Within one script the spellings must agree, so the
    looser key never hides a misread name."""
    if entity_matches(pred_names, pred_id, gold):
        return True
    return any(_is_arabic(n) != _is_arabic(gold) and same_name(n, gold) for n in pred_names if n)


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def place_entity_matches(pred_names: Iterable[str], pred_id: str | None, gold: str) -> bool:
    """A predicted place entity vs a gold place name: `entity_matches`, the same name once
    admin words and articles are set aside, or the gazetteer reads the gold name as the
    predicted place ("Jenin" is GeoNames' "Janīn").  Unlike an event's location, a containing
    unit is another entity."""
    if entity_matches(pred_names, pred_id, gold):
        return True
    if pred_id and pred_id in _place_ids(gold):
        return True
    # "Southern Iraq", "Central Gaza Strip": a part named by its whole names the whole.
    pred_forms = {norm_place(anchor_place(n) or n) for n in pred_names if n}
    if pred_forms & place_names(gold) - _admin_units(gold):
        return True
    # GeoNames romanises its own way: "Dayr al Balaḩ" is "Deir al-Balah".
    gold_base = norm_place(_PAREN.sub("", gold))
    return any(same_name(norm_place(_PAREN.sub("", n)), gold_base) for n in pred_names if n)


@lru_cache(maxsize=4096)
def is_country_name(name: str) -> bool:
    """Whether the gazetteer reads `name` first as a country ("Iraq", "Saudi Arabia")."""
    place = _first_place(name) if name else None
    return place is not None and _attr(place, "feature") == "country"


@lru_cache(maxsize=4096)
def _place_ids(name: str) -> frozenset[str]:
    """Ids of every place the gazetteer reads `name` as (an entity is named, not located)."""
    gaz = _gazetteer()
    try:
        return frozenset(str(_attr(p, "id")) for p in gaz.lookup(name)) if gaz is not None else frozenset()
    except Exception:  # noqa: BLE001 - an unexpected lookup failure means "unknown place"
        return frozenset()


def _admin_units(name: str) -> set[str]:
    place = _first_place(name)
    admin1 = _attr(place, "admin1") if place is not None else None
    return {norm_place(admin1)} - {norm_place(name)} if isinstance(admin1, str) and admin1 else set()


_QUOTE_MARKS = "\"'«»“”„‟‘’‹›「」"


def quote_matches(pred_text: str | None, gold_text_start: str) -> bool:
    """The gold `text_start` (first five tokens) begins the predicted quote text."""
    if not pred_text:
        return False
    p = norm_text(pred_text).lstrip(_QUOTE_MARKS + " ")
    g = norm_text(gold_text_start).lstrip(_QUOTE_MARKS + " ")
    return bool(g) and p.startswith(g)


# --------------------------------------------------------------------------- assignment


def greedy_pairs(preds: Sequence[T], golds: Sequence[U],
                 score: Callable[[T, U], float | None]) -> list[tuple[int, int, float]]:
    """One-to-one pairs (pred index, gold index, score) chosen greedily by descending score;
    `score` returns None for pairs that cannot match.  Ties keep document order."""
    candidates = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            s = score(p, g)
            if s is not None:
                candidates.append((-s, i, j))
    candidates.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for neg, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j, -neg))
    return sorted(pairs, key=lambda x: x[1])


@dataclass(frozen=True, slots=True)
class GoldEvent:
    index: int
    data: dict[str, Any]
    spans: tuple[tuple[int, int], ...]  # where the evidence sentence is in the document text


def event_score(pred: dict[str, Any], gold: GoldEvent) -> float | None:
    """None unless same evidence sentence and same type family; otherwise higher for the exact
    type and for agreeing actors / place, so that greedy pairing prefers the closest gold."""
    g = gold.data
    pf, gf = family_of(pred.get("type")), family_of(g.get("type"))
    if pf is None or pf != gf:
        return None
    if not same_evidence(pred.get("evidence"), gold.spans, g.get("evidence") or ""):
        return None
    score = 1.0
    if pred.get("type") == g.get("type"):
        score += 1.0
    if actor_matches(pred.get("actor1"), g.get("actor1")):
        score += 0.5
    if actor_matches(pred.get("actor2"), g.get("actor2")):
        score += 0.25
    if location_matches(pred.get("location"), g.get("location"), g.get("admin1")):
        score += 0.5
    return score
