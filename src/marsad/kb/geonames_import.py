"""Import a GeoNames country dump into the user's gazetteer overlay.

The packaged gazetteer only has GeoNames places with 500+ people.  A user who needs every
village of a country downloads its dump from https://download.geonames.org/export/dump/
(`SY.zip` or the extracted `SY.txt`: 19 tab-separated columns, see the dump's readme) and
optionally `alternateNamesV2.zip` for Arabic names, then runs

    marsad import-geonames SY.zip --alternate-names alternateNamesV2.zip

The rows are kept in `settings.CACHE_DIR / "geonames" / "<name>.json"`, apart from the packaged
index, so rebuilding the index never loses them; `load_gazetteer()` merges every overlay file.
GeoNames data is CC BY 4.0 (see `gazetteer.py`).
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from marsad import settings

__all__ = ["import_geonames", "read_overlay", "overlay_dir", "GeoNamesFormatError"]

OVERLAY_VERSION = 1
_COLUMNS = 19

# GeoNames feature class.code -> our feature, for the non-settlement codes worth keeping.
_FEATURE_CODES = {
    "S.AIRP": "airport", "S.AIRB": "base", "S.AIRF": "airport", "S.AIRH": "airport",
    "S.MILB": "base", "S.INSM": "base", "S.CMPRF": "camp", "S.DAM": "dam", "H.DAM": "dam",
    "H.STM": "river", "H.WAD": "river", "T.MT": "mountain", "T.MTS": "mountain", "T.HLL": "mountain",
    "L.OILF": "oilfield", "L.GASF": "gasfield", "T.ISL": "island", "S.BDG": "landmark",
    "S.PSTB": "crossing", "S.PRT": "port", "H.LK": "lake", "L.RGN": "region", "T.PLN": "region",
    "P.PPLX": "neighbourhood",
}


class GeoNamesFormatError(ValueError):
    """A GeoNames file is not in the dump format (message names file and line)."""


def overlay_dir() -> Path:
    return Path(settings.CACHE_DIR) / "geonames"


def _open_text(path: Path, member_hint: str | None = None) -> tuple[IO[str], str]:
    """A text stream over `path`, or over the data member of a GeoNames zip."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.suffix.lower() == ".zip":
        zf = zipfile.ZipFile(path)
        names = [n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
        if member_hint:
            names = [n for n in names if n.startswith(member_hint)] or names
        if not names:
            raise GeoNamesFormatError(f"{path}: the zip holds no GeoNames .txt data file")
        return io.TextIOWrapper(zf.open(names[0]), encoding="utf-8"), f"{path}!{names[0]}"
    return open(path, encoding="utf-8"), str(path)


def _int(cell: str, label: str, where: str) -> int:
    try:
        return int(cell) if cell else 0
    except ValueError:
        raise GeoNamesFormatError(f"{where}: {label} {cell!r} is not an integer") from None


def _float(cell: str, label: str, where: str, limit: float) -> float:
    try:
        v = float(cell)
    except ValueError:
        raise GeoNamesFormatError(f"{where}: {label} {cell!r} is not a number") from None
    if not -limit <= v <= limit:
        raise GeoNamesFormatError(f"{where}: {label} {v} out of range")
    return v


def _feature(fclass: str, fcode: str, population: int) -> str | None:
    f = _FEATURE_CODES.get(f"{fclass}.{fcode}")
    if f:
        return f
    if fclass == "P":
        return "city" if population >= 50_000 else "town" if population >= 5_000 else "village"
    return None


def _read_dump(path: Path) -> Iterator[dict[str, Any]]:
    stream, label = _open_text(path)
    with stream:
        for lineno, line in enumerate(stream, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            where = f"{label}:{lineno}"
            if len(cells) != _COLUMNS:
                raise GeoNamesFormatError(
                    f"{where}: expected {_COLUMNS} tab-separated GeoNames columns, found {len(cells)}"
                )
            gid = _int(cells[0], "geonameid", where)
            if gid <= 0:
                raise GeoNamesFormatError(f"{where}: geonameid must be a positive integer")
            lat = _float(cells[4], "latitude", where, 90)
            lon = _float(cells[5], "longitude", where, 180)
            pop = _int(cells[14], "population", where)
            feature = _feature(cells[6], cells[7], pop)
            if feature is None:
                continue
            cc = cells[8].strip().upper()
            if len(cc) != 2:
                raise GeoNamesFormatError(f"{where}: country code {cells[8]!r} is not ISO alpha-2")
            yield {
                "id": f"gnu:{gid}",
                "name": cells[1],
                "aliases": [a for a in {cells[2], *cells[3].split(",")} if a and a != cells[1]],
                "feature": feature,
                "country": cc,
                "admin1_code": f"{cc}.{cells[10]}" if cells[10] else None,
                "lat": round(lat, 5),
                "lon": round(lon, 5),
                "population": pop,
                "geonameid": gid,
            }


def _read_alternate_names(path: Path, wanted: set[int] | None) -> dict[int, list[tuple[str, bool]]]:
    """Arabic alternate names by geonameid: (name, is_preferred).  alternateNamesV2 columns:
    id, geonameid, isolanguage, name, isPreferredName, isShortName, isColloquial, isHistoric, from, to."""
    out: dict[int, list[tuple[str, bool]]] = {}
    stream, label = _open_text(path, member_hint="alternateNames")
    with stream:
        for lineno, line in enumerate(stream, 1):
            cells = line.rstrip("\n").rstrip("\r").split("\t")
            if not cells or not cells[0] or line.startswith("#"):
                continue
            if len(cells) < 4:
                raise GeoNamesFormatError(
                    f"{label}:{lineno}: expected at least 4 tab-separated alternate-name columns, found {len(cells)}"
                )
            if cells[2] != "ar":
                continue
            gid = _int(cells[1], "geonameid", f"{label}:{lineno}")
            historic = len(cells) > 7 and cells[7] == "1"
            if historic or (wanted is not None and gid not in wanted):
                continue
            out.setdefault(gid, []).append((cells[3], len(cells) > 4 and cells[4] == "1"))
    return out


def import_geonames(path: str | os.PathLike[str], alternate_names: str | os.PathLike[str] | None = None) -> int:
    """Import a GeoNames country dump (`XX.zip` / `XX.txt`) into the overlay store, with Arabic
    names from `alternateNamesV2.txt`/`.zip` when given.  Returns the number of places stored.
    Re-importing the same file name replaces the earlier import."""
    from marsad.kb.gazetteer import load_gazetteer, reset_cache

    path = Path(path)
    rows = list(_read_dump(path))
    if alternate_names is not None:
        base_ids = {p for p in (load_gazetteer()._by_geonameid)}  # Arabic names for packaged places too
        wanted = {r["geonameid"] for r in rows} | base_ids
        arabic = _read_alternate_names(Path(alternate_names), wanted)
        for r in rows:
            names = arabic.pop(r["geonameid"], [])
            if names:
                names.sort(key=lambda x: not x[1])
                r["name_ar"] = names[0][0]
                r["aliases"] = r["aliases"] + [n for n, _ in names]
        # names for packaged places not in this dump travel as name-only rows
        for gid, names in arabic.items():
            if gid in base_ids:
                names.sort(key=lambda x: not x[1])
                rows.append({"id": f"gnu:{gid}", "name": names[0][0], "name_ar": names[0][0],
                             "aliases": [n for n, _ in names], "geonameid": gid, "names_only": True})
    out_dir = overlay_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = path.name.split(".")[0] or "import"
    target = out_dir / f"{stem}.json"
    tmp = target.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps({"version": OVERLAY_VERSION, "source": str(path), "rows": rows},
                              ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, target)
    reset_cache()
    return sum(1 for r in rows if not r.get("names_only"))


def read_overlay() -> Iterator[dict[str, Any]]:
    """Every stored overlay row, in file-name order."""
    d = overlay_dir()
    if not d.is_dir():
        return
    for p in sorted(d.glob("*.json")):
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise GeoNamesFormatError(f"{p}: unreadable overlay file ({e}); re-run import-geonames") from e
        if data.get("version") != OVERLAY_VERSION:
            raise GeoNamesFormatError(f"{p}: overlay version {data.get('version')!r}, expected {OVERLAY_VERSION}")
        yield from data["rows"]
