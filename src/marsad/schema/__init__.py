"""The output contract: the JSON Schema of one `Document.to_dict()` record.

    >>> from marsad.schema import validate
    >>> validate(marsad.extract("...").to_dict())   # raises SchemaError naming the bad field
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("output.schema.json")

__all__ = ["SCHEMA_PATH", "SchemaError", "errors", "event_types", "load_schema", "offset_errors", "validate"]


class SchemaError(ValueError):
    """A record does not follow the output contract; the message lists every violation."""


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    with SCHEMA_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(record: Any) -> list[str]:
    """Every violation as one line "path: message" (empty when the record is valid)."""
    out = []
    for err in sorted(_validator().iter_errors(record), key=lambda e: list(map(str, e.absolute_path))):
        where = "/".join(str(p) for p in err.absolute_path) or "(root)"
        out.append(f"{where}: {err.message}")
    return out


def validate(record: Any) -> None:
    """Raise `SchemaError` when `record` breaks the contract."""
    problems = errors(record)
    if problems:
        raise SchemaError(f"{len(problems)} schema violation(s):\n" + "\n".join(problems))


def event_types() -> list[str]:
    """The event `type` vocabulary, read from the schema so it is defined in one place."""
    return list(load_schema()["$defs"]["event_type"]["enum"])


def offset_errors(record: dict[str, Any]) -> list[str]:
    """Violations of the offset contract the schema cannot express: every span's
    ``doc.text[start:end]`` is its ``text`` (sentences, entities, quotes' spans contain their
    text, event evidence)."""
    text = record.get("doc", {}).get("text", "")
    out = []

    def check(where: str, item: dict[str, Any], exact: bool = True) -> None:
        start, end, surface = item.get("start"), item.get("end"), item.get("text")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
            out.append(f"{where}: offsets {start}..{end} outside the text (length {len(text)})")
        elif exact and text[start:end] != surface:
            out.append(f"{where}: text[{start}:{end}] is {text[start:end]!r}, not {surface!r}")
        elif not exact and surface not in text[start:end]:
            out.append(f"{where}: {surface!r} not inside text[{start}:{end}]")

    for i, s in enumerate(record.get("sentences", [])):
        check(f"sentences/{i}", s)
    for i, e in enumerate(record.get("entities", [])):
        check(f"entities/{i}", e)
    for i, q in enumerate(record.get("quotes", [])):
        # a quote's span may include the quotation marks around its text
        check(f"quotes/{i}", q, exact=False)
    for i, ev in enumerate(record.get("events", [])):
        if isinstance(ev.get("evidence"), dict):
            check(f"events/{i}/evidence", ev["evidence"])
    return out
