"""Admin-1 lines for the map: build-assets splits the Natural Earth file per country, and the
app serves exactly `/vendor/admin1/<ISO2>.json` from that directory and nothing else."""

from __future__ import annotations

import json
import warnings

import pytest

warnings.filterwarnings("ignore", message=".*httpx2.*")
from fastapi.testclient import TestClient  # noqa: E402

from marsad.web import assets, create_app  # noqa: E402

SQUARE = {"type": "Polygon", "coordinates": [[[36, 35], [37, 35], [37, 36], [36, 36], [36, 35]]]}


def fake_install(root):
    src = root / "node_modules" / assets.ADMIN1_SOURCE
    src.parent.mkdir(parents=True)
    feats = [{"type": "Feature", "geometry": SQUARE,
              "properties": {"iso_a2": "SY", "name": "Idlib", "name_ar": "إدلب", "iso_3166_2": "SY-ID", "x": 1}},
             {"type": "Feature", "geometry": SQUARE, "properties": {"iso_a2": "-99", "name": "nowhere"}},
             {"type": "Feature", "geometry": None, "properties": {"iso_a2": "IQ", "name": "no shape"}}]
    src.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")


def test_split_and_serve(tmp_path):
    fake_install(tmp_path)
    assert assets.split_admin1(tmp_path) == 1
    data = json.loads((tmp_path / "admin1" / "SY.json").read_text(encoding="utf-8"))
    assert data["features"][0]["properties"] == {"name": "Idlib", "name_ar": "إدلب", "code": "SY-ID"}
    assert not (tmp_path / "admin1" / "IQ.json").exists()
    app = create_app(f"sqlite:///{tmp_path / 'a.db'}", assets_dir=tmp_path)
    try:
        with TestClient(app) as c:
            assert c.get("/vendor/admin1/SY.json").json()["type"] == "FeatureCollection"
            for bad in ("/vendor/admin1/IQ.json", "/vendor/admin1/sy.json", "/vendor/admin1/../../app.py",
                        "/vendor/admin1/SYR.json", "/vendor/admin1/%2e%2e/SY.json"):
                assert c.get(bad).status_code == 404, bad
    finally:
        app.state.store.engine.dispose()


def test_unreadable_source_is_a_clear_error(tmp_path):
    with pytest.raises(assets.AssetsError, match="admin1.json: not a readable admin-1 GeoJSON"):
        assets.split_admin1(tmp_path)
