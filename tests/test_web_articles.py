"""The "add articles" page and `POST /api/articles`: paste or upload, extract with the real
pipeline, store like `marsad ingest`, show the incidents; every bad input is a failure naming
the file and the reason; writes follow the app's token and JSON rules."""

from __future__ import annotations

import base64
import json
import warnings

import pytest

warnings.filterwarnings("ignore", message=".*httpx2.*")
from fastapi.testclient import TestClient  # noqa: E402

from marsad.web import create_app  # noqa: E402

# Our own sentences.
SHELLING = "قتل ثلاثة مدنيين في قصف مدفعي على بلدة سراقب في ريف إدلب يوم الثلاثاء."
CLASH = "اندلعت اشتباكات عنيفة بين الجيش ومسلحين قرب مدينة المقدادية في محافظة ديالى، ما أدى إلى مقتل جنديين."


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@pytest.fixture
def app(tmp_path, store_pipeline):
    app = create_app(f"sqlite:///{tmp_path / 'add.db'}", assets_dir=tmp_path / "none", pipeline=store_pipeline)
    yield app
    app.state.store.engine.dispose()


@pytest.fixture
def client(app):
    with TestClient(app) as c:
        yield c


def post(client, **body):
    return client.post("/api/articles", json=body)


def test_paste_extracts_stores_and_shows_incidents(client):
    page = client.get("/articles/new")
    assert page.status_code == 200 and 'id="add-form"' in page.text and "/static/add.js" in page.text
    r = post(client, text=SHELLING, date="2024-03-05", outlet="وكالة اختبار", store=True)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["failures"] == [] and data["saved"] is True
    [doc] = data["documents"]
    assert doc["status"] == "new" and doc["outlet"] == "وكالة اختبار" and doc["publication_date"] == "2024-03-05"
    assert doc["incidents"], doc
    listed = {i["id"] for i in client.get("/api/incidents").json()["items"]}
    assert {i["id"] for i in doc["incidents"]} <= listed
    assert client.get(f"/api/documents/{doc['document_id']}").json()["text"].startswith("قتل ثلاثة")
    assert "2024-03-05" in {i["date"] for i in doc["incidents"]}
    again = post(client, text=SHELLING, date="2024-03-05", outlet="وكالة اختبار").json()
    assert again["documents"][0]["status"] == "unchanged"
    assert client.get("/api/incidents").json()["total"] == len(listed)


def test_preview_does_not_store(client):
    r = post(client, text=CLASH, store=False)
    assert r.status_code == 200, r.text
    [doc] = r.json()["documents"]
    assert doc["status"] == "preview" and doc["document_id"] is None and doc["incidents"] == []
    assert doc["events"] and all(ev["evidence"] for ev in doc["events"])
    assert client.get("/api/incidents").json()["total"] == 0


def test_uploads_good_and_bad_files(client):
    html = f"<html><head><title>تقرير</title></head><body><article><p>{CLASH}</p></article></body></html>"
    jsonl = (json.dumps({"id": "r1", "url": "https://x.example.org/1", "date": "2024-02-01", "text": SHELLING},
                        ensure_ascii=False) + "\n{broken\n")
    files = [
        {"name": "C:\\Users\\a\\report.txt", "content_base64": b64(SHELLING.encode("cp1256"))},  # Windows Arabic
        {"name": "page.html", "content_base64": b64(html.encode("utf-8"))},
        {"name": "feed.jsonl", "content_base64": b64(jsonl.encode("utf-8"))},
        {"name": "bad.json", "content_base64": b64(b'{"text": ')},
        {"name": "scan.pdf", "content_base64": b64(b"%PDF-1.4")},
        {"name": "empty.txt", "content_base64": b64(b"  \n")},
        {"name": "garbled.txt", "content_base64": "not base64!"},
        {"name": "record.json", "content_base64": b64(b'{"title": "no body"}')},
    ]
    r = post(client, files=files, date="2024-03-01")
    assert r.status_code == 200, r.text
    data = r.json()
    got = {d["source"]: d for d in data["documents"]}
    assert set(got) == {"report.txt", "page.html", "feed.jsonl:1"}
    assert got["report.txt"]["incidents"] and got["report.txt"]["publication_date"] == "2024-03-01"
    assert got["feed.jsonl:1"]["url"] == "https://x.example.org/1"
    assert got["feed.jsonl:1"]["publication_date"] == "2024-02-01"  # the record's own date wins
    failures = {f["source"]: f["reason"] for f in data["failures"]}
    assert set(failures) == {"feed.jsonl:2", "bad.json", "scan.pdf", "empty.txt", "garbled.txt", "record.json"}
    assert "invalid JSON" in failures["feed.jsonl:2"] and "invalid JSON" in failures["bad.json"]
    assert "unsupported file type" in failures["scan.pdf"] and "empty file" in failures["empty.txt"]
    assert "base64" in failures["garbled.txt"] and "no 'text' or 'html'" in failures["record.json"]


def test_limits_and_bad_requests(client, monkeypatch):
    from marsad.web import articles

    assert post(client).status_code == 422 and "nothing to add" in post(client).text
    assert "date" in post(client, text=SHELLING, date="yesterday").text
    monkeypatch.setattr(articles, "MAX_FILE_BYTES", 10)
    r = post(client, files=[{"name": "big.txt", "content_base64": b64(SHELLING.encode())}])
    assert r.status_code == 200 and "big.txt" in r.json()["failures"][0]["source"]
    assert "too large" in r.json()["failures"][0]["reason"]
    monkeypatch.setattr(articles, "MAX_BODY_BYTES", 100)
    r = post(client, text=SHELLING * 3)
    assert r.status_code == 413 and "too large" in r.json()["detail"]


def test_writes_need_json_and_the_token(tmp_path, store_pipeline):
    app = create_app(f"sqlite:///{tmp_path / 't.db'}", assets_dir=tmp_path / "none", token="s3cret",
                     pipeline=store_pipeline)
    try:
        with TestClient(app) as c:
            assert c.post("/api/articles", json={"text": SHELLING}).status_code == 401
            assert c.post("/api/articles", content=json.dumps({"text": SHELLING}),
                          headers={"X-Marsad-Token": "s3cret", "Content-Type": "text/plain"}).status_code == 415
            ok = c.post("/api/articles", json={"text": SHELLING, "store": False}, headers={"X-Marsad-Token": "s3cret"})
            assert ok.status_code == 200 and ok.json()["documents"][0]["status"] == "preview"
            assert 'id="token"' in c.get("/articles/new").text
    finally:
        app.state.store.engine.dispose()


def test_pasted_markup_is_stored_as_text_and_never_runs(client):
    page = "<html><body><article><p>" + SHELLING + "</p><script>alert(1)</script>" \
           "<img src=x onerror=alert(2)></article></body></html>"
    doc = post(client, text=page, url="https://evil.example.org/p").json()["documents"][0]
    assert doc["status"] == "new" and doc["url"] == "https://evil.example.org/p"
    html = client.get(f"/documents/{doc['document_id']}").text
    assert "<script>alert" not in html and "<img" not in html
