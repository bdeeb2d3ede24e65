"""The example articles in examples/ clean as documented in examples/README.md."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from marsad.clean import clean_text

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _read(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def test_idlib_page_with_chrome_and_update():
    result = clean_text(_read("idlib_airstrike.txt"))
    assert result.title == "المرصد: مقتل سبعة مدنيين بغارات جوية على ريف إدلب الجنوبي"
    assert [(s.kind, s.time, s.timezone) for s in result.segments] == [
        ("body", None, None),
        ("update", "14:20", "GMT"),
    ]
    reasons = {r.reason for r in result.removed}
    assert reasons == {"navigation", "caption", "share", "related_links", "font_size"}
    for chrome in ("Accessibility links", "واتساب", "اقرأ أيضا", "XS", "LG"):
        assert chrome not in result.text.split("\n")
    assert result.text.split("\n")[-1].startswith("وقال المتطوع في الدفاع المدني")


def test_mali_page_keeps_dateline_drops_form():
    result = clean_text(_read("mali_clashes.txt"))
    lines = result.text.split("\n")
    assert "باماكو - (وكالات):" in lines
    assert [r.reason for r in result.removed] == ["page_date", "byline"] + ["comments"] * 4 + ["copyright"]


def test_non_conflict_item_related_links_and_newsletter():
    result = clean_text(_read("siwa_dates_festival.txt"))
    assert result.title == "انطلاق مهرجان التمور في واحة سيوة بمشاركة 40 مزارعاً"
    assert result.text.endswith("ومكافحة آفات النخيل.")
    assert [r.reason for r in result.removed] == [
        "pre_headline",
        "page_date",
        "related_links",
        "related_links",
        "related_links",
        "newsletter",
    ]


def test_jsonl_records():
    records = [json.loads(line) for line in _read("news_records.jsonl").splitlines() if line.strip()]
    assert len(records) == 2
    for record in records:
        assert {"id", "text", "url", "date", "outlet"} <= set(record)
        dt.date.fromisoformat(record["date"])
    diyala = clean_text(records[0]["text"])
    assert [(s.kind, s.time, s.timezone) for s in diyala.segments][-1] == ("update", "18:05", "GMT")
    truce = clean_text(records[1]["text"])
    assert [r.reason for r in truce.removed] == ["related_links"]


def test_html_example_through_reader_and_clean():
    html_reader = pytest.importorskip("marsad.readers.html")
    from marsad.api import record_to_document
    from marsad.pipeline import Pipeline
    from marsad.readers.types import Record

    assert hasattr(html_reader, "html_to_text")
    doc = record_to_document(Record(id="sudan", html=_read("sudan_protest.html")))
    doc = Pipeline.from_names(["clean"])(doc)
    assert doc.title == "قوات الأمن تفرق احتجاجاً على انقطاع المياه في الأبيض"
    assert doc.publication_date == dt.date(2024, 2, 8)
    assert "الغاز المسيل للدموع" in doc.text
    assert "جميع الحقوق محفوظة" not in doc.text
    assert [s.kind for s in doc.segments] == ["body"]
