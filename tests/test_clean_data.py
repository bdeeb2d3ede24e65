"""Every entry of the chrome-pattern data file, and the loader's errors on bad files."""

from __future__ import annotations

import re

import pytest
import yaml

from marsad.clean import ChromePatternError, clean_text, load_patterns, parse_update_marker
from marsad.clean.boilerplate import DATA_FILE, RULE_KINDS, split_lines

PATTERNS = load_patterns()
RAW = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
HEADLINE = "قوات الأمن تعتقل خمسة مشتبه بهم في مداهمة ليلية"
PARA = "قالت الشرطة، الاثنين، إن قواتها اعتقلت خمسة مشتبه بهم خلال مداهمة في حي الصناعة، وصادرت أسلحة خفيفة."


def _entries():
    for spec in RAW["rules"]:
        for key in ("lines", "tokens", "words", "weekdays", "months"):
            for value in spec.get(key, []):
                yield spec["name"], str(value)
        for entry in spec.get("patterns", []):
            for example in entry["examples"]:
                yield spec["name"], example


ENTRIES = list(_entries())


def test_every_rule_has_known_reason_kind_and_a_description():
    assert RAW["reasons"] and all(isinstance(v, str) and v.strip() for v in RAW["reasons"].values())
    names = [spec["name"] for spec in RAW["rules"]]
    assert len(names) == len(set(names))
    for spec in RAW["rules"]:
        assert spec["reason"] in RAW["reasons"], spec["name"]
        assert spec["kind"] in RULE_KINDS, spec["name"]
    # Every reason the cleaner can give is documented, including the structural ones.
    used = {spec["reason"] for spec in RAW["rules"]} | {"duplicate", "pre_headline", "page_date"}
    assert used <= set(RAW["reasons"])


def test_every_regex_compiles_and_is_not_empty():
    for spec in RAW["rules"]:
        for entry in spec.get("patterns", []):
            assert entry["pattern"].strip()
            re.compile(entry["pattern"])
            assert entry["examples"], entry["pattern"]
    for entry in RAW["update_markers"]:
        assert "(?P<time>" in re.compile(entry["pattern"]).pattern


@pytest.mark.parametrize(("rule_name", "entry"), ENTRIES)
def test_each_entry_matches_its_rule_and_is_removed(rule_name, entry):
    assert entry.strip()
    (rule,) = [r for r in PATTERNS.rules if r.name == rule_name]
    (line,) = split_lines(entry)
    assert rule.matches(line), (rule_name, entry)
    result = clean_text(f"{HEADLINE}\n\n{PARA}\n\n{entry}")
    assert result.text == f"{HEADLINE}\n\n{PARA}", (rule_name, entry)
    assert [r.text for r in result.removed] == [entry.strip()]


@pytest.mark.parametrize("entry", [e for spec in RAW["update_markers"] for e in spec["examples"]])
def test_update_marker_examples_parse(entry):
    parsed = parse_update_marker(entry)
    assert parsed is not None and re.fullmatch(r"\d\d:\d\d", parsed[0])


def test_timezone_values_are_normalised_labels():
    assert set(RAW["timezones"].values()) <= {"GMT", "UTC", "local"}


def _write(tmp_path, mutate):
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "patterns.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _rule(data, name):
    return next(r for r in data["rules"] if r["name"] == name)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: _rule(d, "copyright").__setitem__("reason", "misc"), "unknown reason 'misc'"),
        (lambda d: _rule(d, "copyright").__setitem__("kind", "fuzzy"), "unknown kind 'fuzzy'"),
        (lambda d: _rule(d, "copyright")["patterns"][0].__setitem__("pattern", "(unclosed"), "bad regex"),
        (lambda d: _rule(d, "copyright")["patterns"][0].__setitem__("examples", ["nothing like it"]), "does not match its example"),
        (lambda d: _rule(d, "navigation_lines")["lines"].append("Home"), "duplicates another entry"),
        (lambda d: _rule(d, "navigation_lines")["lines"].append("  "), "empty or non-text entry"),
        (lambda d: d.pop("reasons"), "missing top-level key 'reasons'"),
        (lambda d: d["update_markers"].append({"pattern": "تحديث", "examples": []}), "lacks the group"),
    ],
)
def test_bad_files_name_the_file_and_the_reason(tmp_path, mutate, message):
    path = _write(tmp_path, mutate)
    with pytest.raises(ChromePatternError, match=re.escape(message)) as info:
        load_patterns(path)
    assert str(path) in str(info.value)


def test_unreadable_and_invalid_files(tmp_path):
    with pytest.raises(ChromePatternError, match="cannot read"):
        load_patterns(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: [unclosed", encoding="utf-8")
    with pytest.raises(ChromePatternError, match="not valid YAML"):
        load_patterns(bad)
