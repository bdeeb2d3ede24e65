"""What makes the incidents list fast must not make it wrong: the list caches follow every
committed write (from any process), the search text table follows article updates, the
undecoded-JSON response equals the decoded one, and migration 0003 fills the search text of
articles stored before it."""

from __future__ import annotations

import datetime as dt
import json
import warnings

import pytest
from sqlalchemy import update

warnings.filterwarnings("ignore", message=".*httpx2.*")
from fastapi.testclient import TestClient  # noqa: E402

from marsad.store import Store  # noqa: E402
from marsad.store import review as R  # noqa: E402
from marsad.store.models import Incident  # noqa: E402
from marsad.web import create_app  # noqa: E402

from test_web import (REPORTS, WHO, build_store, client, coded_document, db_url, incidents,  # noqa: E402,F401
                      template_db)


def _version(store) -> int:
    with store.session() as s:
        return R.list_version(s.connection())


def test_writes_from_another_connection_reach_cached_lists(store_db_url, tmp_path):
    """A list cached by the app is not served after another program changes an incident in place
    (same number of incidents, no review): the trigger-bumped list version moves."""
    build_store(store_db_url)
    app = create_app(store_db_url, assets_dir=tmp_path / "none")
    other = Store.open(store_db_url)
    try:
        with TestClient(app) as c:
            before = _version(other)
            first = incidents(c, country="IQ")
            assert first["items"][0]["type"] == "remote_explosive_ied"
            assert incidents(c, type="protest")["total"] == 1
            with other.engine.begin() as conn:  # not through the app: its caches are not told
                conn.execute(update(Incident).where(Incident.iso2 == "IQ").values(type="protest"))
            assert _version(other) > before
            assert incidents(c, country="IQ")["items"][0]["type"] == "protest"
            assert incidents(c, type="protest")["total"] == 2
            # A review through the app moves it too, and the reviewer sees the change at once.
            inc = first["items"][0]
            v = _version(other)
            assert c.post(f"/api/incidents/{inc['id']}/confirm", json=WHO).status_code == 200
            assert _version(other) > v
            assert [i["id"] for i in incidents(c, review="confirmed")["items"]] == [inc["id"]]
    finally:
        other.engine.dispose()
        app.state.store.engine.dispose()


def test_search_text_follows_article_updates(store_db_url, tmp_path):
    """The normalised copy of an article is replaced with the article: old words stop matching,
    new ones match, spelling variants on both sides still meet (short and long needles)."""
    from marsad.store import store_document

    build_store(store_db_url)
    store = Store.open(store_db_url)
    app = create_app(store_db_url, assets_dir=tmp_path / "none")
    try:
        with TestClient(app) as c:
            assert incidents(c, q="المقدادية")["total"] == 1
            assert incidents(c, q="إنفجار")["total"] == 1  # hamza folded: stored "بانفجار"
            assert incidents(c, q="زلزال")["total"] == 0
            url, outlet, date, title, text, spec = REPORTS[2]
            changed = text.replace("دورية للجيش", "دورية للجيش بعد زلزال خفيف")
            with store.session() as s, s.begin():
                assert store_document(s, coded_document(url, outlet, date, title, changed, spec))[0] == "updated"
            assert incidents(c, q="زلزال")["total"] == 1
            assert incidents(c, q="زلزال خفيف")["total"] == 1
            assert incidents(c, q="زلزال ثقيل")["total"] == 0
            assert incidents(c, q="ز")["total"] >= 1  # under three letters: no trigram index, same answer
    finally:
        store.engine.dispose()
        app.state.store.engine.dispose()


def test_raw_json_page_equals_decoded_page(db_url):
    """The API's undecoded JSON columns give the same document as decoding and encoding them,
    for reviewed (decoded) and unreviewed (raw) rows alike."""
    store = Store.open(db_url)
    R.prepare_engine(store.engine)
    try:
        _, rows = R.query_incidents(store, R.IncidentQuery())
        R.correct(store, rows[0]["id"], "actor1", "Islamic State", reviewer="Amal")
        R.clear_cache()
        for q in (R.IncidentQuery(), R.IncidentQuery(q="كفرنبل"), R.IncidentQuery(sort="fatalities", order="asc")):
            total, plain = R.query_incidents(store, q)
            total2, raw = R.query_incidents(store, q, raw_json=True)
            assert any(isinstance(v, R.RawJSON) for row in raw for v in row.values())
            expected = json.loads(json.dumps({"total": total, "limit": q.limit, "offset": q.offset, "items": plain},
                                             default=lambda v: v.isoformat()))
            assert json.loads(R.dumps_page({"total": total2, "limit": q.limit, "offset": q.offset, "items": raw})) \
                == expected
            assert json.loads(R.incidents_page_json(store, q)) == expected
    finally:
        store.engine.dispose()


def test_actor_and_outlet_filters_match_like_the_json_text(client):
    """Actors and outlets are matched on the distinct stored values (case-insensitive substring
    of any name, Arabic name, id or code); a corrected actor is matched on the correction."""
    assert {i["country"] for i in incidents(client, actor="POLICE FORCES")["items"]} == {"Sudan"}
    assert {i["country"] for i in incidents(client, actor="مدنيون")["items"]} == {"Syria"}
    assert incidents(client, actor="cvlcvl")["total"] == 1
    assert incidents(client, actor="nobody at all")["total"] == 0
    assert {i["country"] for i in incidents(client, outlet="وكالة ألف")["items"]} == {"Syria", "Iraq"}
    assert {i["country"] for i in incidents(client, outlet="civil defence")["items"]} == {"Syria"}
    iraq = incidents(client, country="IQ")["items"][0]
    assert client.post(f"/api/incidents/{iraq['id']}/corrections",
                       json={"field": "actor2", "value": "Border Guards", **WHO}).status_code == 200
    assert [i["id"] for i in incidents(client, actor="border guards")["items"]] == [iraq["id"]]
    assert incidents(client, actor="الجيش العراقي")["total"] == 0  # the machine value no longer stands


def test_admin1_filter_is_case_insensitive_through_the_index(client):
    assert {i["country"] for i in incidents(client, admin1="IDLIB")["items"]} == {"Syria"}
    assert incidents(client, admin1="north kordofan", country="Sudan")["total"] == 1
    assert incidents(client, admin1="Nowhere")["total"] == 0


def test_migration_0003_fills_search_text_of_stored_articles(tmp_path):
    """A store at 0002 with articles gains their search text on upgrade; nothing else changes."""
    from sqlalchemy import func, select

    from marsad.store import make_engine, upgrade
    from marsad.store.models import DocumentSearch, StoredDocument

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    upgrade(engine, "0002")
    now = dt.datetime.now(dt.timezone.utc)
    with engine.begin() as conn:
        conn.execute(StoredDocument.__table__.insert(), [
            dict(id="d1", key="k1", record_id="r1", title="قصفٌ على القرية", text="أُصيب ثلاثة", segments=[], meta={},
                 content_hash="h", version=1, ingested_at=now)])
    assert upgrade(engine, "0003") == "0003"
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(StoredDocument)).scalar_one() == 1
        body = conn.execute(select(DocumentSearch.body)).scalar_one()
    assert "قصف علي القريه" in body and "اصيب" in body  # diacritics dropped, variants folded
    engine.dispose()


def test_facets_follow_new_articles_and_corrections(store_db_url, tmp_path):
    """The drop-down values are cached per list version: a new outlet's article and a corrected
    place show up at once."""
    from marsad.store import store_document

    build_store(store_db_url)
    store = Store.open(store_db_url)
    app = create_app(store_db_url, assets_dir=tmp_path / "none")
    try:
        with TestClient(app) as c:
            before = c.get("/api/facets").json()
            assert "نشرة جيم" not in before["outlet"] and "Lebanon" not in before["country"]
            url, _, date, title, text, spec = REPORTS[0]
            with store.session() as s, s.begin():
                store_document(s, coded_document(url + "?v=2", "نشرة جيم", date, title, text, spec))
            assert "نشرة جيم" in c.get("/api/facets").json()["outlet"]
            inc = incidents(c, country="IQ")["items"][0]
            place = {"name": "Tyre", "country": "Lebanon", "iso2": "LB", "admin1": "South", "lat": 33.27,
                     "lon": 35.2}
            r = c.post(f"/api/incidents/{inc['id']}/corrections", json={**WHO, "field": "location", "value": place})
            assert r.status_code == 200
            after = c.get("/api/facets").json()
            assert "Lebanon" in after["country"] and "South" in after["admin1"]
    finally:
        store.engine.dispose()
        app.state.store.engine.dispose()
