"""Reporting sources and the source governing a stretch of text (own example sentences)."""

from __future__ import annotations

import importlib.resources

import pytest
import yaml

import marsad
from marsad.document import Document, Sentence
from marsad.extraction.sources import SourcesDataError, find_sources, load_source_cues, parse_source_cues, source_for
from marsad.text.sentences import split_sentences
from marsad.text.tokens import tokenize

SOHR = {"kb_id": "SOHR", "name": "Syrian Observatory for Human Rights", "name_ar": "المرصد السوري لحقوق الإنسان"}


def make_doc(text: str, spans=()) -> Document:
    doc = Document("t", raw=text, text=text)
    doc.sentences = [Sentence(a, b, text[a:b]) for a, b in split_sentences(text)]
    doc.tokens = tokenize(text)
    for label, surface, attrs in spans:
        start = text.index(surface)
        doc.add_span(label, start, start + len(surface), **attrs)
    return doc


def test_observatory_after_afad():
    text = "أفاد المرصد السوري لحقوق الإنسان بمقتل ثلاثة مدنيين في قصف على قرية جبلية."
    doc = make_doc(text, [("ORG", "المرصد السوري لحقوق الإنسان", SOHR)])
    [src] = find_sources(doc)
    assert src.label == "SOURCE"
    assert src.attrs["name"] == "Syrian Observatory for Human Rights"
    assert src.attrs["kb_id"] == "SOHR"
    assert src.attrs["cue"] == "أفاد"
    assert text[src.start:src.end] == "المرصد السوري لحقوق الإنسان"


def test_unnamed_security_source():
    text = "وقال مصدر أمني إن دورية تعرضت لكمين."
    [src] = find_sources(make_doc(text))
    assert src.attrs["name"] == "security source"
    assert src.text == "مصدر أمني"


def test_outlet_not_in_the_dictionary_after_bahasab():
    text = 'وبحسب ما أفادت وكالة الأنباء المحلية "نبأ"، سقطت قذيفتان على الحي.'
    [src] = find_sources(make_doc(text))
    assert src.text == 'وكالة الأنباء المحلية "نبأ"'
    assert src.attrs["kb_id"] is None


def test_english_told_and_said():
    text = "Two soldiers died, an army officer told Reuters. The ministry said the attack was repelled."
    doc = make_doc(text, [("ORG", "The ministry", {"kb_id": "XX-MOD", "name": "Defence Ministry"})])
    names = [s.attrs["name"] for s in find_sources(doc)]
    assert names == ["Reuters", "Defence Ministry"]


def test_no_cue_no_source():
    assert find_sources(make_doc("سقطت أمطار غزيرة على المدينة أمس.")) == []


def test_source_for_prefers_sentence_then_paragraph_then_first():
    text = ("أفاد المرصد السوري لحقوق الإنسان بمقتل شخصين. وتضررت منازل عدة.\n"
            "وقال مصدر أمني إن الطريق أغلق. وانقطعت الكهرباء.\n"
            "وعادت الحركة إلى طبيعتها.")
    doc = make_doc(text, [("ORG", "المرصد السوري لحقوق الإنسان", SOHR)])
    doc.spans.extend(find_sources(doc))
    at = lambda s: text.index(s)  # noqa: E731
    assert source_for(doc, at("بمقتل"), at("بمقتل") + 5).attrs["kb_id"] == "SOHR"
    assert source_for(doc, at("وتضررت"), at("وتضررت") + 6).attrs["kb_id"] == "SOHR"
    assert source_for(doc, at("الطريق"), at("الطريق") + 6).attrs["name"] == "security source"
    assert source_for(doc, at("وانقطعت"), at("وانقطعت") + 7).attrs["name"] == "security source"
    assert source_for(doc, at("وعادت"), at("وعادت") + 5).attrs["kb_id"] == "SOHR"
    assert source_for(make_doc("لا مصدر هنا."), 0, 3) is None


def _cue_forms():
    raw = yaml.safe_load(importlib.resources.files("marsad.extraction.data")
                         .joinpath("source_cues.yaml").read_text("utf-8"))
    return [(g["direction"], f) for g in raw["cues"] for f in g["forms"]]


@pytest.mark.parametrize("direction, form", _cue_forms())
def test_every_cue_finds_an_organisation(direction, form):
    arabic = any("\u0600" <= c <= "\u06ff" for c in form)
    org = "منظمة الرصد" if arabic else "Monitor Group"
    text = f"{form} {org} شيئا." if direction == "after" else f"The {org} {form} something."
    doc = make_doc(text, [("ORG", org, {"kb_id": "X-ORG", "name": "Monitor"})])
    found = find_sources(doc)
    assert [s.attrs["kb_id"] for s in found] == ["X-ORG"], form


def test_every_skip_and_outlet_word_is_loaded():
    data = load_source_cues()
    assert data.skip and data.outlet_heads


@pytest.mark.parametrize("bad, reason", [
    ({"cues": [{"direction": "sideways", "forms": ["قال"]}]}, "direction"),
    ({"cues": [{"direction": "after", "forms": ["قال", "قال"]}]}, "twice"),
    ({"cues": [{"direction": "after"}]}, "exactly"),
    ({"cues": []}, "non-empty"),
    ({"other": 1}, "unknown key"),
])
def test_bad_cue_data_names_file_and_reason(bad, reason):
    base = {"cues": [{"direction": "after", "forms": ["قال"]}], "skip": ["ما"], "outlet_heads": ["وكالة"]}
    with pytest.raises(SourcesDataError, match=reason) as err:
        parse_source_cues({**base, **bad}, "source_cues.yaml")
    assert "source_cues.yaml" in str(err.value)


def test_a_hospital_giving_the_toll_is_the_source_not_the_place():
    ev = marsad.extract("قتل أربعة أشخاص بغارة على منزل غربي خان يونس، بحسب مستشفى ناصر.", date="2024-03-14").events
    assert [(e["source"], e["location"]["name"]) for e in ev] == [("مستشفى ناصر", "Khān Yūnis")]


def test_the_hospital_town_a_source_speaks_from_is_no_second_event():
    import marsad

    doc = marsad.extract("قال مصدر طبي في مستشفى الجمهورية بعدن إن ثلاثة جنود قتلوا في هجوم بطائرة مسيرة على "
                         "نقطة تفتيش في مديرية المحفد بمحافظة أبين.", id="t", date="2025-03-14")
    assert [e["location"]["name"] for e in doc.events] == ["Al Maḩfid"]
