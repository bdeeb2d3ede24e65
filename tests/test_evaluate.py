"""The devset evaluator on tests/fixtures/evalset with hand-made predictions."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from marsad.document import Document
from marsad.evaluate import DevsetError, evaluate_devset, load_devset
from marsad.evaluate import matching as m
from marsad.pipeline import Pipeline

EVALSET = Path(__file__).parent / "fixtures" / "evalset"


class FakeKB:
    """Stands in for marsad.kb (actors and gazetteer): fast, and independent of its contents."""

    def __init__(self, table):
        self.table = table

    def lookup(self, name):
        return [SimpleNamespace(**row) for row in self.table.get(name, [])]


@pytest.fixture(autouse=True)
def fake_kb(monkeypatch):
    actors = FakeKB({"Syrian Arab Army": [{"id": "SYR-ARMY"}], "Eyewitnesses": [{"id": "WITNESSES"}],
                     "witnesses": [{"id": "WITNESSES"}]})
    places = FakeKB({"Beledweyne": [{"name": "Beledweyne", "admin1": "Hiiraan", "geonameid": 57000}],
                     "Kafr Nabl": [{"name": "Kafr Nabl", "admin1": "Idlib", "geonameid": 170000}]})
    monkeypatch.setattr(m, "_actor_db", lambda: actors)
    monkeypatch.setattr(m, "_gazetteer", lambda: places)
    # Every memo built from the fake KB must go with it, or later tests read the fake.
    memos = [f for f in vars(m).values() if hasattr(f, "cache_clear")]
    for cached in memos:
        cached.cache_clear()
    yield
    for cached in memos:
        cached.cache_clear()


def gold_events(doc_id: str) -> list[dict]:
    return json.loads((EVALSET / "gold" / f"{doc_id}.json").read_text(encoding="utf-8"))["events"]


def doc_text(doc_id: str) -> str:
    return (EVALSET / "docs" / f"{doc_id}.txt").read_text(encoding="utf-8")


def actor(name, id=None):
    return {"id": id, "name": name, "name_ar": None, "inter": None, "code": None}


def place(name, admin1=None):
    return {"name": name, "name_ar": None, "admin1": admin1, "admin2": None, "country": None, "iso2": None,
            "lat": None, "lon": None, "geonameid": None, "geo_precision": None, "where_prec": None, "text": None}


def event(doc_id: str, sentence: str, type: str, **fields) -> dict:
    """A predicted event whose evidence is `sentence`, located in the fixture text."""
    text = doc_text(doc_id)
    start = text.index(sentence)
    out = {"id": f"{doc_id}-e", "type": type, "actor1": None, "actor2": None, "location": None, "date": None,
           "date_end": None, "fatalities": None, "source": None, "status": "reported", "confidence": 0.9,
           "evidence": {"text": sentence, "start": start, "end": start + len(sentence)}}
    out.update(fields)
    return out


def perfect(doc_id: str, g: dict) -> dict:
    return event(doc_id, g["evidence"], g["type"], actor1=actor(g["actor1"]) if g["actor1"] else None,
                 actor2=actor(g["actor2"]) if g["actor2"] else None,
                 location=place(g["location"], g["admin1"]) if g["location"] else None,
                 date=g["date"], fatalities=g["fatalities"], source=g["source"])


def fake(predictions: dict[str, list[dict]], quotes=None, spans=None) -> Pipeline:
    """A pipeline that keeps the raw text and attaches the given predictions per document id."""

    def run(doc: Document) -> Document:
        doc.text = doc.raw
        doc.events = predictions.get(doc.id, [])
        doc.quotes = (quotes or {}).get(doc.id, [])
        for label, start, end, attrs in (spans or {}).get(doc.id, []):
            doc.add_span(label, start, end, **attrs)
        return doc

    return Pipeline([("fake", run)])


def test_loads_fixture_set():
    docs = load_devset(EVALSET)
    assert [d.id for d in docs] == ["001", "002", "003", "004"]
    assert docs[0].publication_date == "2024-03-10" and docs[2].publication_date is None
    assert docs[3].kind == "non-conflict"


def test_perfect_predictions_score_one():
    preds = {i: [perfect(i, g) for g in gold_events(i)] for i in ("001", "002", "003")}
    report = evaluate_devset(EVALSET, fake(preds))
    assert report.details["event"] == {"tp": 5, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    for name in ("type", "actor1", "actor2", "location", "date", "fatalities", "source"):
        assert report.metrics[f"{name}_accuracy"] == 1.0, name
    # date is scored only where gold has one (001 airstrike, 002 protest)
    assert report.details["date"]["total"] == 2
    assert report.metrics["negative_docs_clean_accuracy"] == 1.0
    assert not report.errors


def test_precision_recall_arithmetic_and_negatives():
    g1 = gold_events("001")[0]
    protest_sentence = gold_events("002")[0]["evidence"]
    preds = {
        "001": [perfect("001", g1)],
        # right sentence, wrong family: no match, a false positive and a cross-family confusion
        "002": [event("002", protest_sentence, "attack")],
        "004": [event("004", doc_text("004"), "airstrike")],
    }
    report = evaluate_devset(EVALSET, fake(preds))
    assert (report.details["event"]["tp"], report.details["event"]["fp"], report.details["event"]["fn"]) == (1, 2, 4)
    assert report.metrics["event_precision"] == pytest.approx(1 / 3, abs=1e-4)
    assert report.metrics["event_recall"] == pytest.approx(1 / 5, abs=1e-4)
    assert report.metrics["event_f1"] == pytest.approx(0.25, abs=1e-4)
    assert report.metrics["negative_docs_clean_accuracy"] == 0.0
    confusion = report.tables["type confusion (matched sentence, other type)"]
    assert {"gold": "protest", "predicted": "attack", "kind": "other family", "n": 1} in confusion
    doc2 = next(d for d in report.documents if d["id"] == "002")
    assert len(doc2["missed"]) == 2 and doc2["extra"][0]["type"] == "attack"


def test_same_family_matches_with_type_error_other_family_does_not():
    g = gold_events("001")[0]  # airstrike
    shelling = evaluate_devset(EVALSET, fake({"001": [event("001", g["evidence"], "shelling_artillery_missile")]}))
    assert shelling.details["event"]["tp"] == 1
    assert shelling.metrics["type_accuracy"] == 0.0
    rows = {r["type"]: r for r in shelling.tables["event types"]}
    assert rows["airstrike"]["found"] == 1 and rows["airstrike"]["exact_type"] == 0
    arrest = evaluate_devset(EVALSET, fake({"001": [event("001", g["evidence"], "arrest")]}))
    assert arrest.details["event"]["tp"] == 0 and arrest.details["event"]["fp"] == 1


def test_one_to_one_and_status_filter():
    g = gold_events("003")[0]
    preds = {"003": [event("003", g["evidence"], "remote_explosive_ied"),
                     event("003", g["evidence"], "suicide_bomb"),
                     event("003", g["evidence"], "airstrike", status="denied")]}
    report = evaluate_devset(EVALSET, fake(preds))
    ev = report.details["event"]
    assert (ev["tp"], ev["fp"], ev["fn"]) == (1, 1, 4)  # the denied one is not counted; 4 gold elsewhere
    assert report.metrics["type_accuracy"] == 1.0  # greedy picks the exact type


def test_field_rules_alias_containing_unit_and_wrong_count():
    g = gold_events("003")[0]
    pred = event("003", g["evidence"], g["type"], actor1=actor("Al-Shabab"), actor2=actor("Military Forces of Somalia"),
                 location=place("Beledweyne"), fatalities=6, source="al-Shabaab")
    a = gold_events("001")[0]
    pred_a = event("001", a["evidence"], a["type"], location=place("Idlib Governorate"), date="2024-03-09",
                   date_end="2024-03-11")
    report = evaluate_devset(EVALSET, fake({"003": [pred], "001": [pred_a]}))
    assert report.details["actor1"] == {"correct": 1, "total": 1, "accuracy": 1.0}  # gold 001 airstrike has none
    # alias "Military Forces of Somalia" is right; 001's gold "Civilians" was not predicted
    assert report.details["actor2"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    assert report.details["location"] == {"correct": 2, "total": 2, "accuracy": 1.0}
    assert report.details["fatalities"] == {"correct": 0, "total": 2, "accuracy": 0.0}
    assert report.details["date"] == {"correct": 1, "total": 1, "accuracy": 1.0}
    assert report.details["source"] == {"correct": 1, "total": 2, "accuracy": 0.5}


@pytest.mark.parametrize("kind, correct", [("armed_clash", 1), ("attack", 0)])
def test_clash_sides_are_one_pair_in_either_order(kind, correct):
    g = gold_events("001")[1]  # a clash between the army and opposition factions
    pred = event("001", g["evidence"], kind, actor1=actor(g["actor2"]), actor2=actor(g["actor1"]))
    report = evaluate_devset(EVALSET, fake({"001": [pred]}))
    assert report.details["actor1"]["correct"] == correct
    assert report.details["actor2"]["correct"] == correct


def test_quotes_entities_and_speaker():
    text = doc_text("003")
    q_start = text.index("سنواصل")
    quote = {"speaker": {"name": "al-Shabaab", "name_ar": None, "role": "spokesman", "org_id": None},
             "text": "سنواصل  عملياتنا ضد القوات الحكومية في كل مكان", "start": q_start, "end": q_start + 20,
             "verb": "قال"}
    wrong = {"speaker": None, "text": "عملياتنا ضد القوات", "start": 0, "end": 5, "verb": None}
    s = text.index("حركة الشباب")
    b = text.index("بلدوين")
    spans = {"003": [("ORG", s, s + 11, {"name": "al-Shabaab", "kb_id": "x1"}),
                     ("ORG", s + 5, s + 11, {"name": "Al-Shabaab", "kb_id": "x1"}),  # same entity twice
                     ("LOC", b, b + 6, {"name": "Beledweyne"}),
                     ("PERSON", 0, 5, {"name": "Nobody Known"})]}
    report = evaluate_devset(EVALSET, fake({}, quotes={"003": [quote, wrong]}, spans=spans))
    assert report.details["quote"]["tp"] == 1 and report.details["quote"]["fp"] == 1
    assert report.details["quote"]["fn"] == 1  # 001's quote
    assert report.metrics["quote_speaker_accuracy"] == 1.0
    orgs = report.details["entity_organizations"]
    assert (orgs["tp"], orgs["fp"]) == (1, 0)
    assert report.details["entity_locations"]["tp"] == 1
    assert report.details["entity_persons"]["fp"] == 1


def test_reliability_bins():
    g = gold_events("003")[0]
    preds = {"003": [event("003", g["evidence"], g["type"], confidence=0.95)],
             "004": [event("004", doc_text("004"), "attack", confidence=0.1),
                     event("004", doc_text("004"), "riot", confidence=None)]}
    rows = evaluate_devset(EVALSET, fake(preds)).tables["confidence reliability"]
    by_bin = {r["confidence"]: r for r in rows}
    assert by_bin["0.8–1.0"]["matched"] == 1.0 and by_bin["0.8–1.0"]["events"] == 1
    assert by_bin["0.0–0.2"]["matched"] == 0.0
    assert by_bin["none"]["events"] == 1


def test_extraction_failure_is_reported_not_fatal():
    def boom(doc):
        if doc.id == "002":
            raise RuntimeError("kaput")
        doc.text = doc.raw
        return doc

    report = evaluate_devset(EVALSET, Pipeline([("boom", boom)]))
    assert len(report.errors) == 1 and "002" in report.errors[0] and "kaput" in report.errors[0]
    assert report.details["event"]["fn"] == 5


def test_bad_gold_sets_name_the_file(tmp_path):
    with pytest.raises(DevsetError, match="not a directory"):
        load_devset(tmp_path / "nope")
    with pytest.raises(DevsetError, match="index.tsv"):
        load_devset(tmp_path)
    (tmp_path / "index.tsv").write_text("id\turl\n", encoding="utf-8")
    with pytest.raises(DevsetError, match="header"):
        load_devset(tmp_path)
    (tmp_path / "index.tsv").write_text((EVALSET / "index.tsv").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DevsetError, match=r"docs[/\\]001\.txt"):
        load_devset(tmp_path)


def test_locate_survives_cleaning_differences():
    haystack = "مقدمة.  قتل   ثلاثة مدنيين في الهجوم.\nنهاية"
    spans = m.locate("قتل ثلاثة مدنيين في الهجوم.", haystack)
    assert len(spans) == 1
    s, e = spans[0]
    assert haystack[s:e].startswith("قتل") and haystack[s:e].endswith("الهجوم.")
    assert m.locate("إصابة", "اصابة واصابة") == [(0, 5), (7, 12)]  # hamza folded, every occurrence
    assert m.locate("غير موجود", haystack) == []


def test_greedy_pairs_is_one_to_one_by_score():
    pairs = m.greedy_pairs(["a", "b"], ["x", "y"], lambda p, g: {("a", "x"): 2, ("a", "y"): 3, ("b", "y"): 1}.get((p, g)))
    assert pairs == [(0, 1, 3)]  # a takes y; b's only candidate is gone


def test_place_and_name_normalisation():
    assert m.norm_place("Idlib Governorate") == m.norm_place("idlib") == "idlib"
    assert m.norm_place("al-Dhayra") == m.norm_place("Dhayra")
    assert m.location_matches(place("Daraa"), "al-Dahiya, Daraa", "Daraa")
    assert m.location_matches(place("Hajin"), "East bank of the Euphrates (Hajin area)", "Deir ez-Zor")
    assert not m.location_matches(place("Aleppo"), "Saraqib", "Idlib")
    assert m.actor_matches(actor("Civilians (Syria)"), "Civilians")
    assert not m.actor_matches(actor("Hamas"), "Fatah")
    assert m.source_matches("Hezbollah", "Israeli army; Hezbollah statement")
    assert not m.source_matches("Reuters", "Israeli army; Hezbollah statement")


def test_kb_bridges_actor_id_source_id_and_gazetteer():
    g = gold_events("001")[1]  # armed clash, actor1 Syrian Arab Army, Kafr Nabl
    pred = event("001", g["evidence"], g["type"], actor1=actor("Regime forces", id="SYR-ARMY"),
                 location=dict(place("Kafr Nabl District"), geonameid=170000))
    arrest = gold_events("002")[1]  # source "Eyewitnesses"
    pred2 = event("002", arrest["evidence"], "arrest", source="witnesses")
    report = evaluate_devset(EVALSET, fake({"001": [pred], "002": [pred2]}))
    assert report.details["actor1"]["correct"] == 1  # by KB id, the name alone would not match
    assert report.details["location"]["correct"] == 1
    assert report.details["source"] == {"correct": 1, "total": 1, "accuracy": 1.0}
    # gazetteer admin1 of the gold place: a predicted "Hiiraan" is the containing unit of Beledweyne
    assert m.location_matches(place("Hiiraan"), "Beledweyne", None)
    assert m.location_matches(dict(place("Somewhere"), geonameid=57000), "Beledweyne", None)
    assert not m.actor_matches(actor("Regime forces", id="OTHER"), "Syrian Arab Army")


def test_wrong_speakers_are_listed_per_document():
    text = doc_text("003")
    q_start = text.index("سنواصل")
    quote = {"speaker": {"name": "Somebody Else", "name_ar": None, "role": None, "org_id": None},
             "text": "سنواصل  عملياتنا ضد القوات الحكومية في كل مكان", "start": q_start, "end": q_start + 20,
             "verb": "قال"}
    report = evaluate_devset(EVALSET, fake({}, quotes={"003": [quote]}))
    assert report.metrics["quote_speaker_accuracy"] == 0.0
    (doc,) = [d for d in report.documents if d["id"] == "003"]
    (error,) = doc["quotes"]["speaker_errors"]
    assert error["predicted"] == "Somebody Else" and error["gold"]

