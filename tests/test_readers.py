"""Readers: encodings, file types, directories, stdin and every kind of bad input."""

from __future__ import annotations

import io
import json

import pytest

from marsad import settings
from marsad.readers import InputError, ReadFailure, Record, read_inputs
from marsad.readers.encoding import decode_bytes, is_binary

# Our own sentences; between them they use ق ه و ى ي غ ف ك, the letters that tell the
# Arabic code pages apart.
ARABIC = "أفاد مراسلنا بأن قوات الأمن فرّقت تجمعا غاضبا قرب مبنى البلدية مساء الخميس، ولم تُسجّل إصابات."
ARABIC_SHORT = "قصف مدفعي على قرية في الريف الغربي."


def items(paths, stdin=None):
    return list(read_inputs([str(p) for p in paths], stdin=stdin))


def only_record(paths, stdin=None) -> Record:
    got = items(paths, stdin)
    assert len(got) == 1 and isinstance(got[0], Record), got
    return got[0]


@pytest.mark.parametrize("text", [ARABIC, ARABIC_SHORT, "Clashes near the border crossing; 3 killed."])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256",
                                      "iso-8859-6"])
def test_decode_bytes_round_trip(text, encoding):
    if encoding == "iso-8859-6" and "ّ" in text:
        text = text.replace("ّ", "")  # the shadda is in ISO-8859-6, but keep the case simple and explicit
    assert decode_bytes(text.encode(encoding), "t") == text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1256", "iso-8859-6"])
def test_txt_files_decode_exactly(tmp_path, encoding):
    text = ARABIC_SHORT + "\n" + "وقال شهود إن الحريق امتد إلى ثلاثة منازل."
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    record = only_record([path])
    assert record.text == text
    assert record.html is None
    assert record.id == str(path) and record.source == str(path)


def test_declared_charset_is_honoured_unless_an_arabic_codepage_reads_better():
    french = "Le cortège a traversé la place à midi.".encode("latin-1")
    assert decode_bytes(french, "f", declared="iso-8859-1") == "Le cortège a traversé la place à midi."
    # A cp1256 page mislabelled latin-1 (common on older Arabic sites) still decodes as Arabic.
    assert decode_bytes(ARABIC_SHORT.encode("cp1256"), "a", declared="iso-8859-1") == ARABIC_SHORT
    html = '<html><head><meta charset="iso-8859-6"></head><body>{}</body></html>'.format(ARABIC_SHORT)
    assert decode_bytes(html.encode("iso-8859-6"), "h") == html


def test_binary_content_is_refused():
    with pytest.raises(InputError, match="binary file, not text"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "img")
    assert is_binary(bytes(range(256)) * 4)
    assert not is_binary(ARABIC.encode("utf-16-le"))


def test_html_file_keeps_markup_for_later(tmp_path):
    path = tmp_path / "page.htm"
    page = f"<html><head><meta charset='windows-1256'></head><body><p>{ARABIC}</p></body></html>"
    path.write_bytes(page.encode("cp1256"))
    record = only_record([path])
    assert record.html == page and record.text is None


def test_json_object_and_list(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"id": "a1", "text": ARABIC, "url": "https://example.org/a1",
                               "date": "2024-05-01", "title": "عنوان", "outlet": "مثال", "section": "محليات"},
                              ensure_ascii=False), encoding="utf-8")
    record = only_record([one])
    assert (record.id, record.text, record.url, record.date, record.title, record.outlet) == (
        "a1", ARABIC, "https://example.org/a1", "2024-05-01", "عنوان", "مثال")
    assert record.meta == {"section": "محليات"} and record.source == str(one)

    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"id": 7, "html": "<p>نص</p>"}, {"text": ARABIC_SHORT}, {"id": "no-body"}]),
                    encoding="utf-8")
    first, second, third = items([many])
    assert first.id == "7" and first.html == "<p>نص</p>" and first.source == f"{many}:record 1"
    assert second.id == f"{many}#2" and second.text == ARABIC_SHORT
    assert isinstance(third, ReadFailure) and third.source == f"{many}:record 3"
    assert "'no-body'" in third.reason and "no 'text' or 'html'" in third.reason


def test_jsonl_bad_line_in_the_middle(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": "r1", "text": ARABIC}, ensure_ascii=False), '{"id": "r2", "text": ',
             "", json.dumps({"text": ARABIC_SHORT, "date": "2024-02-30"}, ensure_ascii=False),
             json.dumps({"text": ARABIC_SHORT, "date": "2024-02-03"}, ensure_ascii=False)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = items([path])
    assert [type(x).__name__ for x in got] == ["Record", "ReadFailure", "ReadFailure", "Record"]
    assert got[0].id == "r1" and got[0].source == f"{path}:1"
    assert got[1].source == f"{path}:2" and got[1].reason.startswith("invalid JSON")
    assert got[2].source == f"{path}:4" and "not an ISO date" in got[2].reason
    assert got[3].id == f"{path}:5" and got[3].date == "2024-02-03"


def test_directory_is_walked_recursively_in_sorted_order(tmp_path):
    root = tmp_path / "corpus"
    for rel in ["b.txt", "a/z.txt", "a/b/c.txt", "c.txt", ".hidden.txt", ".git/x.txt", "notes"]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{ARABIC_SHORT} {rel}", encoding="utf-8")
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    given = str(root) + "/"
    got = items([given])
    assert all(isinstance(x, Record) for x in got)
    assert [r.id for r in got] == [given + rel for rel in ["a/b/c.txt", "a/z.txt", "b.txt", "c.txt", "notes"]]
    assert got[-1].text.endswith("notes")


def test_stdin_jsonl_and_raw_text():
    feed = "\n".join(json.dumps(o, ensure_ascii=False) for o in
                     [{"id": "s1", "text": ARABIC}, {"html": "<html><body><p>نص</p></body></html>"}])
    first, second = items(["-"], stdin=io.BytesIO(feed.encode("utf-8")))
    assert (first.id, first.text, first.source) == ("s1", ARABIC, "-:1")
    assert second.id == "-:2" and second.html is not None

    raw = only_record(["-"], stdin=io.BytesIO((ARABIC + "\n{not json}\n").encode("cp1256")))
    assert raw.id == "-" and raw.text == ARABIC + "\n{not json}\n"

    page = only_record(["-"], stdin=io.StringIO("<!DOCTYPE html><html><body><p>x</p></body></html>"))
    assert page.id == "-" and page.html.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"  \n\t\n", "empty file (only whitespace)"),
    (b"\x00\x01\x02\x03\xff\xfe\xfd" * 50 + b"\x00", "binary file, not text"),
])
def test_bad_files_give_one_failure_each_and_reading_goes_on(tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(ARABIC, encoding="utf-8")
    failure, record = items([bad, good])
    assert failure == ReadFailure(str(bad), reason)
    assert record.text == ARABIC


def test_missing_and_unreadable_paths(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text(ARABIC, encoding="utf-8")
    locked.chmod(0)
    got = items([tmp_path / "nope.txt", locked])
    assert got[0] == ReadFailure(str(tmp_path / "nope.txt"), "no such file or directory")
    try:
        open(locked, "rb").close()
    except PermissionError:
        assert got[1] == ReadFailure(str(locked), "permission denied")
    else:  # running as root: the file is readable after all
        assert got[1].text == ARABIC


def test_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_INPUT_BYTES", 2 * 2**20)
    path = tmp_path / "big.html"
    path.write_bytes(b"<html><body>" + b"<p>x</p>" * (3 * 2**20 // 8) + b"</body></html>")
    assert items([path]) == [ReadFailure(str(path), "file too large (3 MB > 2 MB limit)")]


def test_unknown_extension_given_explicitly_is_sniffed(tmp_path):
    page = tmp_path / "article.php"
    page.write_text("<html><body><p>مرحبا</p></body></html>", encoding="utf-8")
    blob = tmp_path / "data.bin"
    blob.write_bytes(bytes(range(256)) * 8)
    record, failure = items([page, blob])
    assert record.html is not None
    assert failure == ReadFailure(str(blob), "binary file, not text")
