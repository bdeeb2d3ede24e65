"""`marsad extract` over a batch with one good and one bad input."""

from __future__ import annotations

import json

from click.testing import CliRunner

from marsad.cli import main

TEXT = "قالت مصادر محلية إن انفجارا وقع قرب محطة الوقود عند الساعة العاشرة صباحا دون وقوع إصابات."


def test_extract_batch_with_one_bad_file(tmp_path, monkeypatch):
    # Relative paths: ids are the paths as given (and rich wraps stderr lines at 80 columns).
    monkeypatch.chdir(tmp_path)
    good, bad = "good.txt", "bad.txt"
    (tmp_path / good).write_text(TEXT, encoding="utf-8")
    (tmp_path / bad).write_bytes(bytes(range(256)) * 4)
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 always keeps stderr apart
        runner = CliRunner()
    result = runner.invoke(main, ["extract", "-q", "--date", "2024-04-01", good, bad])
    assert result.exit_code == 1, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])["doc"]
    assert doc["id"] == good
    assert doc["publication_date"] == "2024-04-01"
    errors = [line for line in result.stderr.splitlines() if bad in line]
    assert len(errors) == 1 and "binary file, not text" in errors[0]
    assert good not in result.stderr
