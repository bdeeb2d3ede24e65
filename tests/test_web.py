"""The analyst web app (`marsad.web`) through its HTTP interface, on a store ingested from our
own short Arabic reports: filters, Arabic-normalised search, paging, evidence offsets, review
(corrections, confirm/reject, merge/split) persisting in the database, downloads, the article
view's escaping and highlights, the OpenAPI document."""

from __future__ import annotations

import csv
import datetime as dt
import html as html_lib
import io
import json
import re
import shutil
import warnings

import pytest

# Starlette nudges towards `httpx2`; plain httpx is what we depend on and it works.
warnings.filterwarnings("ignore", message=".*httpx2.*")
from fastapi.testclient import TestClient  # noqa: E402

from marsad.store import Store, ingest  # noqa: E402
from marsad.web import create_app  # noqa: E402

# Our own reports, stored with hand-coded events (the extractor is exercised separately at the
# end): the first and fourth tell one shelling (two outlets) and the fourth carries markup that
# must never run; the second is a protest, the third an IED attack.
KAFRANBEL = {"name": "Kafranbel", "name_ar": "كفرنبل", "admin1": "Idlib", "admin2": "Maarrat al-Nu'man District",
             "country": "Syria", "iso2": "SY", "lat": 35.6138, "lon": 36.5645, "geonameid": 168661,
             "geo_precision": 1, "where_prec": 1}
EL_OBEID = {"name": "El Obeid", "name_ar": "الأبيض", "admin1": "North Kordofan", "admin2": None, "country": "Sudan",
            "iso2": "SD", "lat": 13.1843, "lon": 30.2167, "geonameid": 379252, "geo_precision": 1, "where_prec": 1}
MUQDADIYAH = {"name": "Al Miqdadiyah", "name_ar": "المقدادية", "admin1": "Diyala", "admin2": None, "country": "Iraq",
              "iso2": "IQ", "lat": 33.9786, "lon": 44.9369, "geonameid": 94787, "geo_precision": 1, "where_prec": 1}
CIVILIANS = {"id": "CIVILIANS", "name": "Civilians", "name_ar": "مدنيون", "inter": 7, "code": "CVLCVL"}
PROTESTERS = {"id": None, "name": "Protesters (Sudan)", "name_ar": "محتجون", "inter": 6, "code": "SDNPRO"}
POLICE = {"id": "SDN-POLICE", "name": "Police Forces of Sudan", "name_ar": "الشرطة السودانية", "inter": 1,
          "code": "SDNCOP"}
IRAQ_ARMY = {"id": "IRQ-ARMY", "name": "Military Forces of Iraq", "name_ar": "الجيش العراقي", "inter": 1,
             "code": "IRQMIL"}

REPORTS = [
    ("https://a.example.org/1", "وكالة ألف", "2024-03-05", "مقتل خمسة مدنيين بقصف على كفرنبل",
     "قتل خمسة مدنيين في قصف مدفعي استهدف بلدة كفرنبل في ريف إدلب الجنوبي صباح الثلاثاء، "
     "بحسب المرصد السوري لحقوق الإنسان.",
     dict(type="shelling_artillery_missile", trigger="قصف مدفعي", place="كفرنبل", location=KAFRANBEL,
          actor2=CIVILIANS, fatalities=5, source="Syrian Observatory for Human Rights")),
    ("https://b.example.org/2", "صحيفة باء", "2024-03-06", "الشرطة تفرق محتجين في الأبيض",
     "خرج مئات المحتجين يوم الأربعاء في مدينة الأبيض بولاية شمال كردفان للمطالبة بعودة الكهرباء، "
     "وأطلقت الشرطة الغاز المسيل للدموع لتفريقهم.",
     dict(type="protest", trigger="خرج", place="الأبيض", location=EL_OBEID, actor1=PROTESTERS, actor2=POLICE)),
    ("https://c.example.org/3", "وكالة ألف", "2023-05-15", "مقتل جنديين بعبوة في ديالى",
     "قتل جنديان عراقيان وأصيب ثالث بانفجار عبوة ناسفة استهدفت دورية للجيش قرب المقدادية في محافظة ديالى، "
     "يوم الإثنين.",
     dict(type="remote_explosive_ied", trigger="عبوة ناسفة", place="المقدادية", location=MUQDADIYAH,
          actor2=IRAQ_ARMY, fatalities=2)),
    ("https://d.example.org/4", "قناة جيم", "2024-03-05", "<script>alert(1)</script>",
     "<img src=x onerror=alert(1)> قتل سبعة مدنيين في قصف مدفعي على بلدة كفرنبل في ريف إدلب، "
     "وفق الدفاع المدني السوري.",
     dict(type="shelling_artillery_missile", trigger="قصف مدفعي", place="كفرنبل", location=KAFRANBEL,
          actor2=CIVILIANS, fatalities=7, source="Syria Civil Defence")),
]


def coded_document(url, outlet, date, title, text, spec):
    from marsad.document import Document, RemovedLine, Span
    from marsad.extraction.triggers import event_types

    et = event_types()[spec["type"]]
    trig, place = text.index(spec["trigger"]), text.index(spec["place"])
    body = text.index("قتل") if "قتل" in text else 0
    event = {"id": "e1", "type": spec["type"], "plover_type": et.plover_type, "plover_mode": et.plover_mode,
             "acled_event_type": et.acled_event_type, "acled_sub_event_type": et.acled_sub_event_type,
             "actor1": spec.get("actor1"), "actor2": spec.get("actor2"), "assoc_actors": [],
             "location": {**spec["location"], "text": spec["place"]}, "date": date, "date_end": None,
             "time_precision": 1, "date_text": None, "fatalities": spec.get("fatalities"), "injured": None,
             "arrested": None, "source": spec.get("source"), "source_text": None,
             "evidence": {"text": text[body:], "start": body, "end": len(text)},
             "trigger": {"text": spec["trigger"], "start": trig, "end": trig + len(spec["trigger"])},
             "confidence": 0.8, "status": "reported"}
    loc = spec["location"]
    spans = [Span("LOC", place, place + len(spec["place"]), spec["place"],
                  {"kb_id": str(loc["geonameid"]), "name": loc["name"], "lat": loc["lat"], "lon": loc["lon"]})]
    return Document(id=url, raw="شارك على فيسبوك\n" + text, text=text, url=url, title=title, outlet=outlet,
                    publication_date=dt.date.fromisoformat(date), language="ar", spans=spans, events=[event],
                    removed=[RemovedLine("شارك على فيسبوك", "share_buttons", 0, 15, 0)])


def build_store(url):
    from marsad.store import store_document

    store = Store.open(url)
    try:
        for report in REPORTS:
            with store.session() as s, s.begin():
                store_document(s, coded_document(*report))
    finally:
        store.engine.dispose()


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    root = tmp_path_factory.mktemp("webdb")
    build_store(f"sqlite:///{root / 'web.db'}")
    return root / "web.db"


@pytest.fixture
def db_url(template_db, tmp_path):
    for suffix in ("", "-wal", "-shm"):
        src = template_db.with_name(template_db.name + suffix)
        if src.exists():
            shutil.copy(src, tmp_path / ("web.db" + suffix))
    return f"sqlite:///{tmp_path / 'web.db'}"


@pytest.fixture
def client(db_url, tmp_path):
    app = create_app(db_url, assets_dir=tmp_path / "no-assets")
    with TestClient(app) as c:
        yield c
    app.state.store.engine.dispose()


def incidents(client, **params):
    r = client.get("/api/incidents", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def by_country(client, country):
    items = incidents(client, country=country)["items"]
    assert len(items) == 1, items
    return items[0]


WHO = {"reviewer": "Amal"}


def test_filters(client):
    assert incidents(client)["total"] == 3
    assert by_country(client, "SY")["admin1"] == "Idlib"
    assert by_country(client, "sudan")["type"] == "protest"
    assert incidents(client, since="2024-01-01")["total"] == 2
    assert [i["country"] for i in incidents(client, until="2023-12-31")["items"]] == ["Iraq"]
    assert [i["country"] for i in incidents(client, admin1="Diyala")["items"]] == ["Iraq"]
    assert [i["country"] for i in incidents(client, type="Protests")["items"]] == ["Sudan"]  # ACLED type
    assert [i["country"] for i in incidents(client, type="protest")["items"]] == ["Sudan"]  # Marsad type
    assert [i["country"] for i in incidents(client, outlet="جيم")["items"]] == ["Syria"]
    assert [i["country"] for i in incidents(client, actor="police")["items"]] == ["Sudan"]
    assert incidents(client, country="SY", type="protest")["total"] == 0
    assert client.get("/api/incidents", params={"since": "5 March"}).status_code == 422


@pytest.mark.parametrize("q, country", [
    ("مدينه الابيض", "Sudan"),  # ة→ه and أ→ا in the query, the stored text has مدينة الأبيض
    ("الانسان", "Syria"),  # stored: الإنسان
    ("ادلب", "Syria"),  # stored: إدلب
    ("الشُّرطة", "Sudan"),  # diacritics in the query
    ("المقداديه", "Iraq"),
])
def test_arabic_search_normalises_both_sides(client, q, country):
    assert [i["country"] for i in incidents(client, q=q)["items"]] == [country]


def test_search_without_match_and_paging_and_sorting(client):
    assert incidents(client, q="طائرة مسيرة")["total"] == 0
    pages = [incidents(client, limit=1, offset=k, sort="date", order="asc") for k in range(3)]
    assert {p["total"] for p in pages} == {3}
    assert [p["items"][0]["country"] for p in pages] == ["Iraq", "Syria", "Sudan"]
    assert incidents(client, limit=1, offset=3)["items"] == []
    assert incidents(client, sort="date", order="desc")["items"][0]["country"] == "Sudan"
    assert client.get("/api/incidents", params={"sort": "nonsense"}).status_code == 422
    assert client.get("/api/incidents", params={"limit": 0}).status_code == 422


def test_incident_detail_offsets_match_the_stored_text(client):
    inc = by_country(client, "SY")
    detail = client.get(f"/api/incidents/{inc['id']}").json()
    assert len(detail["mentions"]) == 2
    assert {m["document"]["outlet"] for m in detail["mentions"]} == {"وكالة ألف", "قناة جيم"}
    for m in detail["mentions"]:
        doc = client.get(f"/api/documents/{m['document']['id']}").json()
        ev = m["event"]["evidence"]
        assert ev["text"] and doc["text"][ev["start"]:ev["end"]] == ev["text"]
        trigger = m["event"].get("trigger")
        if trigger:
            assert doc["text"][trigger["start"]:trigger["end"]] == trigger["text"]
        for e in doc["entities"]:
            assert doc["text"][e["start"]:e["end"]] == e["text"]
    assert client.get("/api/incidents/INC-NOPE").status_code == 404
    assert client.get("/api/documents/nope").status_code == 404


def test_correction_persists_keeps_machine_value_and_feeds_downloads(client, db_url, tmp_path):
    inc = by_country(client, "SY")
    machine_best = inc["fatalities_best"]
    r = client.post(f"/api/incidents/{inc['id']}/corrections",
                    json={"field": "fatalities", "value": 12, **WHO, "note": "hospital list"})
    assert r.status_code == 200, r.text
    assert r.json()["previous"] == machine_best
    r = client.post(f"/api/incidents/{inc['id']}/corrections", json={"field": "type", "value": "armed_clash", **WHO})
    assert r.status_code == 200, r.text
    loc = {"name": "Kafr Nabl", "admin1": "Idlib", "iso2": "SY", "lat": 35.6, "lon": 36.55}
    assert client.post(f"/api/incidents/{inc['id']}/corrections",
                       json={"field": "location", "value": loc, **WHO}).status_code == 200

    # A fresh app over the same database (the review lives in the store, not in memory).
    again = create_app(db_url, assets_dir=tmp_path / "none")
    with TestClient(again) as c2:
        detail = c2.get(f"/api/incidents/{inc['id']}").json()
        assert detail["fatalities_best"] == detail["fatalities_low"] == 12
        assert detail["machine"]["fatalities"]["fatalities_best"] == machine_best
        assert detail["type"] == "armed_clash" and detail["acled_event_type"] == "Battles"
        assert detail["country"] == "Syria" and detail["location"]["name"] == "Kafr Nabl"
        assert sorted(detail["review"]["corrected"]) == ["fatalities", "location", "type"]
        history = detail["history"]
        assert [(h["action"], h["field"], h["reviewer"]) for h in history] == [
            ("correct", "fatalities", "Amal"), ("correct", "type", "Amal"), ("correct", "location", "Amal")]
        assert history[0]["note"] == "hospital list" and history[0]["created_at"]
        # Filters see the corrected values.
        assert [i["id"] for i in incidents(c2, type="Battles")["items"]] == [inc["id"]]
        assert incidents(c2, type="shelling_artillery_missile")["total"] == 0
        assert [i["id"] for i in incidents(c2, review="corrected")["items"]] == [inc["id"]]
        rows = list(csv.DictReader(io.StringIO(c2.get("/api/incidents.csv", params={"country": "SY"}).text)))
        assert len(rows) == 1 and rows[0]["fatalities"] == "12" and rows[0]["event_type"] == "Battles"
        assert rows[0]["location"] == "Kafr Nabl"
        geo = c2.get("/api/incidents.geojson", params={"country": "SY"}).json()
        assert geo["features"][0]["geometry"]["coordinates"] == [36.55, 35.6]
    again.state.store.engine.dispose()

    # Machine output is untouched, and storing a new version of one article (its mention is
    # re-extracted and re-merged) leaves the review in place.
    from marsad.store import store_document

    store = Store.open(db_url)
    try:
        machine = [r for r in store.incident_rows(country="SY")]
        assert machine[0]["type"] == "shelling_artillery_missile" and machine[0]["fatalities_best"] == machine_best
        url, outlet, date, title, text, spec = REPORTS[3]
        with store.session() as s, s.begin():
            status, _ = store_document(s, coded_document(url, outlet, date, title, text + " تحديث.", spec))
        assert status == "updated"
    finally:
        store.engine.dispose()
    assert len(client.get(f"/api/incidents/{inc['id']}").json()["mentions"]) == 2
    assert client.get(f"/api/incidents/{inc['id']}").json()["fatalities_best"] == 12

    # Revert returns the machine value, and the history keeps both.
    assert client.post(f"/api/incidents/{inc['id']}/revert", json={"field": "fatalities", **WHO}).status_code == 200
    detail = client.get(f"/api/incidents/{inc['id']}").json()
    assert detail["fatalities_best"] == machine_best and len(detail["history"]) == 4


@pytest.mark.parametrize("body, message", [
    ({"field": "date", "value": "yesterday"}, "date: not an ISO date"),
    ({"field": "type", "value": "picnic"}, "unknown event type"),
    ({"field": "fatalities", "value": -3}, "fatalities"),
    ({"field": "location", "value": {"name": "X", "lat": 95, "lon": 1}}, "lat out of range"),
    ({"field": "actor1", "value": {"nom": "x"}}, "actor1"),
])
def test_bad_corrections_are_clear_errors(client, body, message):
    inc = by_country(client, "SY")
    r = client.post(f"/api/incidents/{inc['id']}/corrections", json={**body, **WHO})
    assert r.status_code == 422 and message in r.text
    assert client.get(f"/api/incidents/{inc['id']}/history").json() == []


def test_write_guards(client, db_url, tmp_path):
    inc = by_country(client, "SY")
    url = f"/api/incidents/{inc['id']}/confirm"
    assert client.post(url, json={}).status_code == 422  # no reviewer
    assert client.post(url, content=json.dumps(WHO), headers={"Content-Type": "text/plain"}).status_code == 415
    assert client.post("/api/incidents/INC-NOPE/confirm", json=WHO).status_code == 404
    locked = create_app(db_url, token="s3cret", assets_dir=tmp_path / "none")
    with TestClient(locked) as c2:
        assert c2.post(url, json=WHO).status_code == 401
        assert c2.post(url, json=WHO, headers={"X-Marsad-Token": "wrong"}).status_code == 401
        assert c2.post(url, json=WHO, headers={"X-Marsad-Token": "s3cret"}).status_code == 200
    locked.state.store.engine.dispose()


def test_confirm_reject_and_downloads(client):
    sy, sd = by_country(client, "SY"), by_country(client, "Sudan")
    assert client.post(f"/api/incidents/{sy['id']}/confirm", json=WHO).status_code == 200
    assert client.post(f"/api/incidents/{sd['id']}/reject", json=WHO).status_code == 200
    assert [i["id"] for i in incidents(client, review="confirmed")["items"]] == [sy["id"]]
    assert [i["id"] for i in incidents(client, review="rejected")["items"]] == [sd["id"]]
    assert incidents(client, review="unreviewed")["total"] == 1
    r = client.get("/api/incidents.csv")
    assert r.headers["content-type"].startswith("text/csv") and "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    from marsad.export.acled_csv import COLUMNS

    assert list(rows[0]) == COLUMNS
    assert {row["country"] for row in rows} == {"Syria", "Iraq"}  # the rejected one is left out
    assert {row["tags"] for row in rows} >= {f"marsad_id={sy['id']}"}
    geo = client.get("/api/incidents.geojson", params={"since": "2024-01-01"}).json()
    assert geo["type"] == "FeatureCollection" and [f["id"] for f in geo["features"]] == [sy["id"]]
    assert geo["features"][0]["properties"]["urls"] == ["https://a.example.org/1", "https://d.example.org/4"]


def test_merge_and_split_through_the_api(client):
    iraq, sudan = by_country(client, "Iraq"), by_country(client, "Sudan")
    r = client.post(f"/api/incidents/{iraq['id']}/merge", json={"other": sudan["id"], **WHO, "note": "test"})
    assert r.status_code == 200, r.text
    assert incidents(client)["total"] == 2
    merged = client.get(f"/api/incidents/{iraq['id']}").json()
    assert len(merged["mentions"]) == 2 and merged["history"][-1]["action"] == "merge"
    assert client.get(f"/api/incidents/{sudan['id']}").status_code == 404
    mention = next(m["id"] for m in merged["mentions"] if m["document"]["url"] == "https://b.example.org/2")
    r = client.post(f"/api/mentions/{mention}/split", json=WHO)
    assert r.status_code == 200, r.text
    new_id = r.json()["incident"]
    assert incidents(client)["total"] == 3
    assert [m["id"] for m in client.get(f"/api/incidents/{new_id}").json()["mentions"]] == [mention]
    assert client.post("/api/incidents/INC-NOPE/merge", json={"other": iraq["id"], **WHO}).status_code == 404
    assert client.post("/api/mentions/nope/split", json=WHO).status_code == 404


def test_timeline(client):
    days = client.get("/api/timeline").json()
    assert sum(d["count"] for d in days) == 3
    assert [d["date"] for d in client.get("/api/timeline", params={"country": "SY"}).json()] == ["2024-03-05"]
    page = client.get("/timeline", params={"country": "SY"})
    assert page.status_code == 200 and "<svg" in page.text and "2024-03-05" in page.text


def test_article_view_is_rtl_highlighted_and_escaped(client):
    inc = by_country(client, "SY")
    detail = client.get(f"/api/incidents/{inc['id']}").json()
    m = next(m for m in detail["mentions"] if m["document"]["url"] == "https://d.example.org/4")
    r = client.get(f"/documents/{m['document']['id']}", params={"mention": m["id"]})
    assert r.status_code == 200
    html = r.text
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    article = html.split('<article class="article"', 1)[1].split("</article>", 1)[0]
    focused = "".join(re.sub(r"<[^>]+>", "", body) for cls, body in
                      re.findall(r'<mark class="([^"]*)"[^>]*>(.*?)</mark>', article) if "focus" in cls.split())
    evidence = next(x for x in client.get(f"/api/documents/{m['document']['id']}").json()["mentions"]
                    if x["id"] == m["id"])["evidence"]["text"]
    assert html_lib.unescape(focused) == evidence and "قصف" in evidence  # the evidence, highlighted
    assert 'class="ent ent-loc"' in article or "ent-loc" in article  # entities carry their own class
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert 'id="removed-toggle"' in html


def test_removed_text_toggle(client):
    inc = by_country(client, "Iraq")
    doc_id = client.get(f"/api/incidents/{inc['id']}").json()["mentions"][0]["document"]["id"]
    assert client.get(f"/api/documents/{doc_id}").json()["removed"][0]["text"] == "شارك على فيسبوك"
    hidden = client.get(f"/documents/{doc_id}").text
    shown = client.get(f"/documents/{doc_id}", params={"removed": 1}).text
    line = 'class="removed" data-reason="share_buttons" title="removed: share_buttons"'
    assert line + " hidden>شارك على فيسبوك" in hidden
    assert line + ">شارك على فيسبوك" in shown


def test_pages_render(client):
    page = client.get("/incidents", params={"country": "SY"})
    assert page.status_code == 200 and "Skip to content" in page.text
    assert "/api/incidents.csv?country=SY" in page.text and "/map?country=SY" in page.text
    inc = by_country(client, "SY")
    assert inc["id"] in client.get(f"/incidents/{inc['id']}").text
    assert client.get("/incidents/INC-NOPE").status_code == 404


def test_map_without_and_with_front_end_files(client, db_url, tmp_path):
    page = client.get("/map", params={"country": "SY"})
    assert page.status_code == 200 and "marsad web build-assets" in page.text and 'id="map"' not in page.text
    from marsad.web import assets

    root = tmp_path / "assets"
    for rel in assets.FILES.values():
        (root / "node_modules" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "node_modules" / rel).write_text("/* stub */")
    app = create_app(db_url, assets_dir=root)
    with TestClient(app) as c2:
        page = c2.get("/map", params={"country": "SY"})
        assert 'id="map"' in page.text and 'data-geojson="/api/incidents.geojson?country=SY"' in page.text
        assert c2.get("/vendor/leaflet.js").text == "/* stub */"
        for bad in ("/vendor/../../app.py", "/vendor/leaflet/dist/leaflet.js", "/vendor/%2e%2e/%2e%2e/etc/passwd"):
            assert c2.get(bad).status_code == 404
    app.state.store.engine.dispose()


def test_openapi_document_validates(client):
    from openapi_spec_validator import validate

    spec = client.get("/openapi.json").json()
    validate(spec)
    for path in ("/api/incidents", "/api/incidents/{incident_id}", "/api/documents/{document_id}",
                 "/api/incidents.csv", "/api/incidents.geojson", "/api/incidents/{incident_id}/corrections",
                 "/api/incidents/{incident_id}/merge", "/api/mentions/{mention_id}/split"):
        assert path in spec["paths"], path


def test_articles_ingested_by_the_pipeline_are_served(tmp_path, store_pipeline):
    """End to end with the real extractor: whatever it found is listed, its offsets hold, and the
    article carrying markup is shown escaped."""
    feed = tmp_path / "feed.jsonl"
    with open(feed, "w", encoding="utf-8") as fh:
        for url, outlet, date, title, text, _ in REPORTS:
            fh.write(json.dumps({"id": url[-1], "url": url, "outlet": outlet, "date": date, "title": title,
                                 "text": text}, ensure_ascii=False) + "\n")
    url = f"sqlite:///{tmp_path / 'pipe.db'}"
    summary = ingest([str(feed)], url, pipeline=store_pipeline)
    assert summary.failed == 0
    app = create_app(url, assets_dir=tmp_path / "none")
    with TestClient(app) as c:
        page = incidents(c, limit=500)
        assert page["total"] == summary.incidents
        for item in page["items"]:
            for m in c.get(f"/api/incidents/{item['id']}").json()["mentions"]:
                ev = m["event"].get("evidence") or {}
                if ev.get("text"):
                    doc = c.get(f"/api/documents/{m['document']['id']}").json()
                    assert doc["text"][ev["start"]:ev["end"]] == ev["text"]
        with app.state.store.session() as s:
            from marsad.store.models import StoredDocument

            bad = s.query(StoredDocument).filter_by(url="https://d.example.org/4").one().id
        html = c.get(f"/documents/{bad}").text
        assert "<img" not in html and "<script>alert" not in html and "onerror=alert" in html
    app.state.store.engine.dispose()


def test_search_filters_and_review_on_both_backends(store_db_url, tmp_path):
    """The SQL behind the API (normalised search through translate() on PostgreSQL, JSON text
    matching for actors, overrides) on SQLite and PostgreSQL alike."""
    build_store(store_db_url)
    app = create_app(store_db_url, assets_dir=tmp_path / "none")
    try:
        with TestClient(app) as c:
            assert [i["country"] for i in incidents(c, q="مدينه الابيض")["items"]] == ["Sudan"]
            assert [i["country"] for i in incidents(c, q="الشُّرطة")["items"]] == ["Sudan"]
            assert [i["country"] for i in incidents(c, actor="الشرطة السودانية")["items"]] == ["Sudan"]
            assert [i["country"] for i in incidents(c, actor="sdn-police")["items"]] == ["Sudan"]
            assert [i["country"] for i in incidents(c, sort="date", order="asc")["items"]] == ["Iraq", "Syria", "Sudan"]
            inc = by_country(c, "IQ")
            assert c.post(f"/api/incidents/{inc['id']}/corrections",
                          json={"field": "date", "value": "2023-05-14", **WHO}).status_code == 200
            assert c.post(f"/api/incidents/{inc['id']}/corrections",
                          json={"field": "actor1", "value": "Islamic State", **WHO}).status_code == 200
            assert [i["id"] for i in incidents(c, until="2023-05-14")["items"]] == [inc["id"]]
            assert [i["id"] for i in incidents(c, actor="islamic state")["items"]] == [inc["id"]]
            assert [d["date"] for d in c.get("/api/timeline", params={"country": "IQ"}).json()] == ["2023-05-14"]
            rows = list(csv.DictReader(io.StringIO(c.get("/api/incidents.csv", params={"country": "IQ"}).text)))
            assert rows[0]["event_date"] == "2023-05-14" and rows[0]["actor1"] == "Islamic State"
    finally:
        app.state.store.engine.dispose()


def test_timeline_buckets_long_ranges_by_week():
    from marsad.web.views import timeline_svg, timeline_unit

    days = [{"date": dt.date(2024, 1, 3), "type": "protest", "count": 2},
            {"date": dt.date(2024, 1, 5), "type": "armed_clash", "count": 1},
            {"date": dt.date(2024, 9, 30), "type": "protest", "count": 4}]
    assert timeline_unit(days) == "week"
    svg = str(timeline_svg(days))
    assert "<title>2024-01-01: 2 × protest</title>" in svg and "<title>2024-01-01: 1 × armed_clash</title>" in svg
    assert "<title>2024-09-30: 4 × protest</title>" in svg
    assert timeline_unit(days[:2]) == "day" and "<title>2024-01-03: 2 × protest</title>" in str(timeline_svg(days[:2]))


def test_serve_needs_a_token_beyond_loopback(db_url, monkeypatch):
    import uvicorn
    from click.testing import CliRunner

    from marsad.cli import main

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **kw: seen.update(app=app, host=host, port=port))
    result = CliRunner().invoke(main, ["serve", "--db", db_url, "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123 and seen["app"].state.token is None
    seen["app"].state.store.engine.dispose()
    result = CliRunner().invoke(main, ["serve", "--db", db_url, "--host", "0.0.0.0"])
    assert result.exit_code == 0 and "X-Marsad-Token" in result.output
    assert seen["host"] == "0.0.0.0" and len(seen["app"].state.token) >= 24
    seen["app"].state.store.engine.dispose()


def test_security_headers_on_pages_and_api(client):
    for path in ("/incidents", "/api/incidents", "/api/facets"):
        r = client.get(path)
        assert r.status_code == 200
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
    # The interactive API docs load their own scripts: no policy there, the other headers stay.
    docs = client.get("/docs")
    assert "content-security-policy" not in docs.headers and docs.headers["x-content-type-options"] == "nosniff"
