"""The output contract: the JSON Schema accepts what the pipeline produces and the documented
example, and rejects broken records."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from marsad.api import extract
from marsad.schema import SchemaError, errors, event_types, load_schema, offset_errors, validate

DOCS = Path(__file__).resolve().parent.parent / "docs" / "schema.md"
SENTENCE = "قتل جنديان وأصيب ثلاثة آخرون في هجوم شنه مسلحون على حاجز للجيش قرب مدينة حماة صباح اليوم."


@pytest.fixture(scope="module")
def example() -> dict:
    """The full example record (one event) of docs/schema.md."""
    blocks = re.findall(r"```json\n(.*?)\n```", DOCS.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_schema_is_valid_draft_2020_12():
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert "airstrike" in event_types() and len(event_types()) == 16


def test_pipeline_output_follows_the_contract():
    record = extract(SENTENCE, id="t1", date="2024-02-05").to_dict()
    json.dumps(record, ensure_ascii=False)  # plain JSON types only
    assert errors(record) == []
    assert offset_errors(record) == []
    assert record["doc"]["publication_date"] == "2024-02-05"


def test_documented_example_is_valid(example):
    validate(example)
    assert offset_errors(example) == []
    assert len(example["events"]) == 1 and example["events"][0]["actor1"]["id"]


@pytest.mark.parametrize("path, value, message", [
    (("events", 0, "type"), "bombing", "is not one of"),
    (("events", 0, "status"), "rumoured", "is not one of"),
    (("events", 0, "fatalities"), -1, "less than the minimum"),
    (("events", 0, "date"), "03/06/2024", "does not match"),
    (("events", 0, "confidence"), 1.5, "greater than the maximum"),
    (("events", 0, "actor1", "inter"), "state", "is not of type"),
    (("events", 0, "location", "iso2"), "pse", "does not match"),
    (("entities", 0, "label"), "org", "does not match"),
    (("doc", "publication_date"), "2024-6-4", "does not match"),
])
def test_invalid_records_fail_naming_the_field(example, path, value, message):
    bad = copy.deepcopy(example)
    target = bad
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    problems = errors(bad)
    assert problems and problems[0].startswith("/".join(map(str, path)) + ":")
    assert any(message in p for p in problems), problems
    with pytest.raises(SchemaError):
        validate(bad)


def test_required_keys_cannot_be_dropped(example):
    bad = copy.deepcopy(example)
    del bad["events"][0]["evidence"]
    assert any("'evidence' is a required property" in p for p in errors(bad))
    bad = copy.deepcopy(example)
    del bad["sentences"]
    assert errors(bad) == ["(root): 'sentences' is a required property"]


def test_offset_errors_catch_a_shifted_span(example):
    bad = copy.deepcopy(example)
    bad["entities"][0]["start"] += 1
    assert offset_errors(bad) and offset_errors(bad)[0].startswith("entities/0:")
    bad = copy.deepcopy(example)
    bad["events"][0]["evidence"]["end"] = 10_000
    assert offset_errors(bad) == [f"events/0/evidence: offsets 0..10000 outside the text (length {len(bad['doc']['text'])})"]
