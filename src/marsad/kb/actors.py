"""The actor dictionary: who can act in a conflict report, under which names.

Every ``*.yaml`` file in ``data/actors/`` is a list of actor mappings (see the contract in
the file headers); ``ambiguous.yaml`` instead holds the rules for names that several actors
share ("الجيش", "قوات الأمن": the army / security forces of the story's country).  Everything
is validated when loaded, so a bad entry fails at import time with the file and the actor id
instead of silently producing wrong event records later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from marsad import settings
from marsad.kb.gazetteer import is_country_code
from marsad.text.normalize import normalize

__all__ = [
    "Actor",
    "ActorDB",
    "KBError",
    "Rule",
    "KINDS",
    "ROLES",
    "RULES_FILE",
    "DATA_DIR",
    "load_actors",
]

DATA_DIR = Path(__file__).parent / "data" / "actors"
RULES_FILE = "ambiguous.yaml"

KINDS = frozenset(
    {
        "state_military",
        "police_security",
        "government",
        "official",
        "rebel_group",
        "jihadist_group",
        "militia",
        "political_party",
        "igo_mission",
        "ngo_monitor",
        "media_outlet",
        "generic",
    }
)

# The institution an actor is inside its state, so that "سلاح الجو" in a Yemen story can be
# resolved to Yemen's air force and not to its army.  Optional on actors.
ROLES = frozenset(
    {
        "armed_forces",
        "army",
        "air_force",
        "navy",
        "police",
        "security_forces",
        "interior_ministry",
        "defence_ministry",
        "foreign_ministry",
        "health_ministry",
        "presidency",
        "prime_minister_office",
        "government",
        "parliament",
        "intelligence",
        "national_guard",
        "republican_guard",
        "border_guard",
        "coast_guard",
        "counter_terrorism",
        "gendarmerie",
        "riot_police",
        "special_forces",
        "military_spokesman",
        "judiciary",
        "prisons",
    }
)

RULE_TYPES = frozenset({"country_kind", "prefer", "by_country"})
# Bump when what the cache holds changes shape without a change to this file.
CACHE_VERSION = 1
# (name, country) answers `ActorDB.resolve` keeps before it starts over.
RESOLVE_MEMO_LIMIT = 65_536

# When a country_kind rule names no role, these are tried in order.
DEFAULT_ROLES: dict[str, tuple[str, ...]] = {
    "state_military": ("armed_forces", "army"),
    "police_security": ("security_forces", "police"),
    "government": ("government",),
}

_REQUIRED = ("id", "name", "name_ar", "kind", "inter", "code")
_OPTIONAL = (
    "aliases_ar",
    "aliases_en",
    "country",
    "parent",
    "wikidata",
    "valid_from",
    "valid_to",
    "note",
    "role",
    "international",
    "abroad",
)
_KNOWN_KEYS = frozenset(_REQUIRED + _OPTIONAL)

ID_RE = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
# Three-letter country/region code followed by one to three three-letter sectors.
CODE_RE = re.compile(r"^[A-Z]{3}(?:[A-Z]{3}){1,3}$")
WIKIDATA_RE = re.compile(r"^Q[1-9][0-9]*$")
DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_LATIN_RE = re.compile(r"[A-Za-z]")
_ARABIC_RE = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")


class KBError(ValueError):
    """A knowledge-base entry is invalid: names the file, the actor (or rule) and why."""

    def __init__(self, file: str | Path, actor_id: str | None, reason: str):
        self.file = str(file)
        self.actor_id = actor_id
        self.reason = reason
        where = f"{self.file}: {actor_id}" if actor_id else self.file
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    name_ar: str
    kind: str
    inter: int
    code: str
    aliases_ar: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()
    country: str | None = None
    parent: str | None = None
    wikidata: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    note: str | None = None
    role: str | None = None
    # Reports from everywhere (an international news outlet): its country does not place a story.
    international: bool = False
    # Fights abroad far more than at home (US, Russian, French, British forces): its country does
    # not place a story either ("القوات الأمريكية تعرضت لهجوم في الرمادي" is told in Iraq).
    abroad: bool = False
    source: str = field(default="", compare=False)  # file name the entry came from


@dataclass(frozen=True, slots=True)
class Rule:
    """How to resolve one shared name.

    * ``country_kind``: the actor of ``kind`` (and first matching ``roles``) of the story's country;
    * ``prefer``: ``actor`` unless context picks one of ``others``;
    * ``by_country``: ``actors[iso2]`` for the story's country.
    """

    alias: str
    rule: str
    kind: str | None = None
    roles: tuple[str, ...] = ()
    actor: str | None = None
    others: tuple[str, ...] = ()
    actors: tuple[tuple[str, str], ...] = ()  # (iso2, actor id) pairs, for by_country
    note: str | None = None
    # The name is a party only after its country's English possessive ("Myanmar's military");
    # alone it is an adjective ("a military base").
    possessed_only: bool = False

    @property
    def normalized(self) -> str:
        return normalize(self.alias)


class ActorDB:
    """All actors, indexed by id and by normalised name."""

    def __init__(self, actors: Iterable[Actor], rules: Iterable[Rule] = ()):
        self.by_id: dict[str, Actor] = {a.id: a for a in actors}
        self.rules: tuple[Rule, ...] = tuple(rules)
        self._rule_by_norm: dict[str, Rule] = {r.normalized: r for r in self.rules}
        index: dict[str, list[Actor]] = defaultdict(list)
        for alias, actor_id, _lang in self.aliases():
            bucket = index[normalize(alias)]
            actor = self.by_id[actor_id]
            if actor not in bucket:
                bucket.append(actor)
        self._index = dict(index)
        by_ck: dict[tuple[str, str], list[Actor]] = defaultdict(list)
        for a in self.by_id.values():
            if a.country:
                by_ck[(a.country, a.kind)].append(a)
        self._by_country_kind = dict(by_ck)
        self._country_kind_memo: dict[tuple[str, str, Any], Actor | None] = {}
        self._resolve_memo: dict[tuple[str, str | None], Actor | None] = {}

    def __len__(self) -> int:
        return len(self.by_id)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.by_id

    def __getitem__(self, actor_id: str) -> Actor:
        return self.by_id[actor_id]

    def aliases(self) -> Iterator[tuple[str, str, str]]:
        """``(alias, actor_id, lang)`` for every name of every actor, canonical names included;
        lang is ``"ar"`` or ``"en"``.  Each normalised name is given once per actor."""
        for a in self.by_id.values():
            seen: set[str] = set()
            for lang, names in (("ar", (a.name_ar, *a.aliases_ar)), ("en", (a.name, *a.aliases_en))):
                for n in names:
                    key = normalize(n)
                    if key not in seen:
                        seen.add(key)
                        yield n, a.id, lang

    def lookup(self, name: str) -> list[Actor]:
        """Actors having exactly this name (after normalisation); [] if none."""
        return list(self._index.get(normalize(name.strip()), ()))

    def rule_for(self, name: str) -> Rule | None:
        return self._rule_by_norm.get(normalize(name.strip()))

    def for_country_kind(
        self, iso2: str | None, kind: str, role: str | Iterable[str] | None = None
    ) -> Actor | None:
        """The actor of `kind` in country `iso2`, e.g. ("SY", "state_military") -> the Syrian
        army.  `role` (or a list of roles, first found wins) narrows it down ("air_force");
        without one the kind's default roles are tried, then any top-level actor of the kind."""
        if not iso2:
            return None
        if not (role is None or isinstance(role, str)):
            role = tuple(role)
        memo_key = (iso2, kind, role)
        if memo_key not in self._country_kind_memo:  # the answer is fixed: every mention asks
            self._country_kind_memo[memo_key] = self._for_country_kind(iso2, kind, role)
        return self._country_kind_memo[memo_key]

    def _for_country_kind(self, iso2: str, kind: str, role: str | Iterable[str] | None) -> Actor | None:
        iso2 = iso2.upper()
        candidates = self._by_country_kind.get((iso2, kind), [])
        roles = (role,) if isinstance(role, str) else tuple(role or ())
        for r in roles or DEFAULT_ROLES.get(kind, ()):
            for a in candidates:
                if a.role == r:
                    return a
            if roles:
                # Iraq's security forces are coded as military: a role can cross kinds.
                for a in self.by_id.values():
                    if a.country == iso2 and a.role == r:
                        return a
        if roles or not candidates:
            return None
        # A specialised branch (a coast guard) never stands in for the armed forces as a whole.
        candidates = [a for a in candidates if a.role is None or a.role in DEFAULT_ROLES.get(kind, ())]
        if not candidates:
            return None
        top = [a for a in candidates if a.parent is None or self.by_id[a.parent].country != iso2]
        return (top or candidates)[0]

    def root(self, actor_id: str) -> Actor:
        """The highest ancestor of the same kind: the air force or a division -> the army, which
        is the actor name event coders compare (ACLED codes "Military Forces of X")."""
        actor = self.by_id[actor_id]
        while actor.parent is not None and self.by_id[actor.parent].kind == actor.kind:
            actor = self.by_id[actor.parent]
        return actor

    def resolve(self, name: str, country: str | None = None) -> Actor | None:
        """The one actor `name` stands for in a story about `country` (ISO2), applying the
        rules of ambiguous.yaml; None if it cannot be decided."""
        memo_key = (name, country)
        try:
            return self._resolve_memo[memo_key]  # the answer is fixed: every mention asks
        except KeyError:
            pass
        if len(self._resolve_memo) > RESOLVE_MEMO_LIMIT:
            self._resolve_memo.clear()
        actor = self._resolve_memo[memo_key] = self._resolve(name, country)
        return actor

    def _resolve(self, name: str, country: str | None) -> Actor | None:
        rule = self.rule_for(name)
        if rule is not None:
            if rule.rule == "country_kind":
                return self.for_country_kind(country, rule.kind or "", rule.roles or None)
            if rule.rule == "by_country":
                target = dict(rule.actors).get((country or "").upper())
                return self.by_id.get(target) if target else None
            if rule.rule == "prefer":
                found = self.lookup(name)
                if country:
                    local = [a for a in found if a.country == country.upper()]
                    if len(local) == 1:
                        return local[0]
                return self.by_id.get(rule.actor or "")
        found = self.lookup(name)
        return found[0] if len(found) == 1 else None

    def stats(self) -> dict[str, Any]:
        ar = sum(1 for _a, _i, lang in self.aliases() if lang == "ar")
        en = sum(1 for _a, _i, lang in self.aliases() if lang == "en")
        return {
            "actors": len(self.by_id),
            "arabic_aliases": ar,
            "english_aliases": en,
            "rules": len(self.rules),
            "by_kind": dict(sorted(Counter(a.kind for a in self.by_id.values()).items())),
            "by_file": dict(sorted(Counter(a.source for a in self.by_id.values()).items())),
        }


# --------------------------------------------------------------------------- loading


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            # libyaml's loader when present: several times faster on the big actor files.
            return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise KBError(path, None, f"invalid YAML: {exc}") from exc


def _as_date(value: Any, path: Path, aid: str, key: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and 1000 <= value <= 9999:
        return str(value)
    if isinstance(value, str) and DATE_RE.match(value):
        return value
    raise KBError(path, aid, f"{key} must be a date YYYY[-MM[-DD]], got {value!r}")


def _str_list(value: Any, path: Path, aid: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise KBError(path, aid, f"{key} must be a list, got {type(value).__name__}")
    out: list[str] = []
    seen: set[str] = set()
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise KBError(path, aid, f"empty or non-text alias in {key}: {item!r}")
        item = item.strip()
        key_n = normalize(item)
        if key_n not in seen:
            seen.add(key_n)
            out.append(item)
    return tuple(out)


def _check_country(value: Any, path: Path, aid: str) -> str | None:
    if value is None:
        return None
    if not is_country_code(value):
        raise KBError(path, aid, f"country must be an ISO 3166-1 alpha-2 code or null, got {value!r}")
    return value


def _parse_actor(entry: Any, path: Path, pos: int) -> Actor:
    if not isinstance(entry, dict):
        raise KBError(path, f"entry #{pos}", "each entry must be a mapping")
    aid = entry.get("id")
    label = aid if isinstance(aid, str) and aid else f"entry #{pos}"
    for key in _REQUIRED:
        if entry.get(key) in (None, ""):
            raise KBError(path, label, f"missing required field {key!r}")
    unknown = set(entry) - _KNOWN_KEYS
    if unknown:
        raise KBError(path, label, f"unknown field(s): {', '.join(sorted(unknown))}")
    if not isinstance(aid, str) or not ID_RE.match(aid):
        raise KBError(path, label, f"bad id {aid!r}: use UPPER-CASE ASCII letters, digits and '-'")
    kind = entry["kind"]
    if kind not in KINDS:
        raise KBError(path, aid, f"unknown kind {kind!r} (known: {', '.join(sorted(KINDS))})")
    inter = entry["inter"]
    if isinstance(inter, bool) or not isinstance(inter, int) or not 0 <= inter <= 8:
        raise KBError(path, aid, f"inter must be an integer 0-8, got {inter!r}")
    code = entry["code"]
    if not isinstance(code, str) or not CODE_RE.match(code):
        raise KBError(path, aid, f"bad code {code!r}: expected e.g. SYRMIL (3-letter prefix + sector(s))")
    wikidata = entry.get("wikidata")
    if wikidata is not None and (not isinstance(wikidata, str) or not WIKIDATA_RE.match(wikidata)):
        raise KBError(path, aid, f"bad wikidata id {wikidata!r}")
    role = entry.get("role")
    if role is not None and role not in ROLES:
        raise KBError(path, aid, f"unknown role {role!r}")
    parent = entry.get("parent")
    if parent is not None and (not isinstance(parent, str) or not ID_RE.match(parent)):
        raise KBError(path, aid, f"bad parent id {parent!r}")
    if parent == aid:
        raise KBError(path, aid, "an actor cannot be its own parent")

    name, name_ar = entry["name"], entry["name_ar"]
    if not isinstance(name, str) or not isinstance(name_ar, str):
        raise KBError(path, aid, "name and name_ar must be text")
    aliases_ar = _str_list(entry.get("aliases_ar"), path, aid, "aliases_ar")
    aliases_en = _str_list(entry.get("aliases_en"), path, aid, "aliases_en")
    for a in (name_ar.strip(), *aliases_ar):
        if _LATIN_RE.search(a):
            raise KBError(path, aid, f"Arabic alias contains Latin letters: {a!r}")
        if not _ARABIC_RE.search(a):
            raise KBError(path, aid, f"Arabic alias has no Arabic letters: {a!r}")
    for a in (name.strip(), *aliases_en):
        if _ARABIC_RE.search(a):
            raise KBError(path, aid, f"English alias contains Arabic letters: {a!r}")
    valid_from = _as_date(entry.get("valid_from"), path, aid, "valid_from")
    valid_to = _as_date(entry.get("valid_to"), path, aid, "valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        raise KBError(path, aid, f"valid_to {valid_to} is before valid_from {valid_from}")
    note = entry.get("note")
    international = entry.get("international", False)
    if not isinstance(international, bool):
        raise KBError(path, aid, f"international must be true or false, got {international!r}")
    abroad = entry.get("abroad", False)
    if not isinstance(abroad, bool):
        raise KBError(path, aid, f"abroad must be true or false, got {abroad!r}")
    return Actor(
        id=aid,
        name=name.strip(),
        name_ar=name_ar.strip(),
        kind=kind,
        inter=inter,
        code=code,
        aliases_ar=aliases_ar,
        aliases_en=aliases_en,
        country=_check_country(entry.get("country"), path, aid),
        parent=parent,
        wikidata=wikidata,
        valid_from=valid_from,
        valid_to=valid_to,
        note=str(note) if note is not None else None,
        role=role,
        international=international,
        abroad=abroad,
        source=path.name,
    )


def _parse_rule(entry: Any, path: Path, pos: int) -> Rule:
    label = f"rule #{pos}"
    if not isinstance(entry, dict):
        raise KBError(path, label, "each rule must be a mapping")
    alias = entry.get("alias")
    if not isinstance(alias, str) or not alias.strip():
        raise KBError(path, label, "rule needs a non-empty 'alias'")
    label = f"rule {alias!r}"
    kind_of_rule = entry.get("rule")
    if kind_of_rule not in RULE_TYPES:
        raise KBError(path, label, f"unknown rule {kind_of_rule!r} (known: {', '.join(sorted(RULE_TYPES))})")
    allowed = {"alias", "rule", "note"} | {
        "country_kind": {"kind", "role", "possessed_only"},
        "prefer": {"actor", "others"},
        "by_country": {"actors"},
    }[kind_of_rule]
    unknown = set(entry) - allowed
    if unknown:
        raise KBError(path, label, f"unknown field(s) for {kind_of_rule}: {', '.join(sorted(unknown))}")
    kind = entry.get("kind")
    roles: tuple[str, ...] = ()
    actor = entry.get("actor")
    others: tuple[str, ...] = ()
    actors: tuple[tuple[str, str], ...] = ()
    if kind_of_rule == "country_kind":
        if kind not in KINDS:
            raise KBError(path, label, f"country_kind rule needs a known kind, got {kind!r}")
        role = entry.get("role")
        roles = (role,) if isinstance(role, str) else tuple(role or ())
        for r in roles:
            if r not in ROLES:
                raise KBError(path, label, f"unknown role {r!r}")
    elif kind_of_rule == "prefer":
        if not isinstance(actor, str) or not actor:
            raise KBError(path, label, "prefer rule needs 'actor'")
        raw = entry.get("others") or []
        if not isinstance(raw, list) or not all(isinstance(o, str) for o in raw):
            raise KBError(path, label, "'others' must be a list of actor ids")
        others = tuple(raw)
    else:
        raw = entry.get("actors")
        if not isinstance(raw, dict) or not raw:
            raise KBError(path, label, "by_country rule needs 'actors': {ISO2: actor id}")
        for iso, target in raw.items():
            _check_country(iso, path, label)
            if not isinstance(target, str):
                raise KBError(path, label, f"actor for {iso} must be an id")
        actors = tuple(sorted(raw.items()))
    return Rule(
        alias=alias.strip(),
        rule=kind_of_rule,
        kind=kind,
        roles=roles,
        actor=actor,
        others=others,
        actors=actors,
        note=entry.get("note"),
        possessed_only=entry.get("possessed_only") is True,
    )


def _load_list(path: Path) -> list[Any]:
    data = _read_yaml(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise KBError(path, None, "top level must be a YAML list")
    return data


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.glob("*.yaml") if p.is_file())
    if path.is_file():
        return [path]
    raise KBError(path, None, "no such actor file or folder")


def build_db(path: str | Path | None = None) -> ActorDB:
    """Load and validate (uncached); see `load_actors`."""
    root = Path(path) if path is not None else DATA_DIR
    actors: dict[str, Actor] = {}
    rules: list[Rule] = []
    rules_path = root / RULES_FILE if root.is_dir() else root
    for f in _files(root):
        if f.name == RULES_FILE:
            rules.extend(_parse_rule(e, f, i) for i, e in enumerate(_load_list(f), 1))
            continue
        for i, entry in enumerate(_load_list(f), 1):
            actor = _parse_actor(entry, f, i)
            if actor.id in actors:
                raise KBError(f, actor.id, f"duplicate id, also defined in {actors[actor.id].source}")
            actors[actor.id] = actor

    for a in actors.values():
        if a.parent is not None and a.parent not in actors:
            raise KBError(a.source, a.id, f"parent {a.parent!r} is not a known actor id")
    _check_parent_cycles(actors)

    rule_by_norm: dict[str, Rule] = {}
    for r in rules:
        if r.normalized in rule_by_norm:
            raise KBError(rules_path, f"rule {r.alias!r}", "duplicate rule for this alias")
        rule_by_norm[r.normalized] = r
        for ref in (r.actor, *r.others, *(t for _c, t in r.actors)):
            if ref is not None and ref not in actors:
                raise KBError(rules_path, f"rule {r.alias!r}", f"refers to unknown actor {ref!r}")

    db = ActorDB(actors.values(), rules)
    for norm, owners in db._index.items():
        if len(owners) < 2:
            continue
        rule = rule_by_norm.get(norm)
        ids = [o.id for o in owners]
        if rule is None:
            first, second = owners[0], owners[1]
            raise KBError(
                second.source,
                second.id,
                f"alias {norm!r} also belongs to {first.id} ({first.source}); "
                f"add a rule for it to {RULES_FILE} or drop one of them",
            )
        if rule.rule == "prefer":
            covered = {rule.actor, *rule.others}
            stray = [i for i in ids if i not in covered]
            if stray:
                raise KBError(rules_path, f"rule {rule.alias!r}", f"alias also belongs to {stray}, not in the rule")
    return db


def _check_parent_cycles(actors: dict[str, Actor]) -> None:
    for a in actors.values():
        seen = {a.id}
        cur = a.parent
        while cur is not None:
            if cur in seen:
                raise KBError(a.source, a.id, f"parent chain loops back to {cur}")
            seen.add(cur)
            cur = actors[cur].parent


def _cache_file(root: Path) -> Path:
    """Where the validated dictionary of `root` is kept: named by a hash of the data files and of
    the code that reads and indexes them, so any edit to either is a new file."""
    h = hashlib.sha1(f"v{CACHE_VERSION}".encode())
    for p in [Path(__file__), Path(normalize.__code__.co_filename), *_files(root)]:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return Path(settings.CACHE_DIR) / f"actors-{h.hexdigest()[:16]}.pickle"


def _build_cached(root: Path) -> ActorDB:
    """`build_db(root)` through the on-disk cache: parsing the YAML is most of the load time."""
    path = _cache_file(root)
    try:
        db = pickle.loads(path.read_bytes())
        if isinstance(db, ActorDB):
            return db
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ValueError):
        pass
    db = build_db(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(pickle.dumps(db, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
        for old in path.parent.glob("actors-*.pickle"):  # stale builds
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:  # a read-only cache dir: the dictionary is built each time
        pass
    return db


@lru_cache(maxsize=8)
def _cached(path: str) -> ActorDB:
    root = Path(path)
    return _build_cached(root) if root == DATA_DIR.resolve() else build_db(root)


def load_actors(path: str | Path | None = None) -> ActorDB:
    """The validated actor dictionary from `path` (a folder of YAML files or one file;
    default: the packaged ``data/actors``).  Cached per path; raises `KBError`."""
    return _cached(str(Path(path).resolve() if path is not None else DATA_DIR))
