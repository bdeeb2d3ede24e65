"""WARC archives: response records back as HTML records, and damaged files."""

from __future__ import annotations

import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.readers import ReadFailure, Record, read_inputs

PAGES = [
    ("https://example.org/a", "<html><head><title>أ</title></head><body><p>{}</p></body></html>",
     "وصلت قافلة مساعدات إلى البلدة بعد حصار دام أسابيع، وتضم أدوية وطحينا. " * 40),
    ("https://example.org/b", "<html><head><title>ب</title></head><body><p>{}</p></body></html>",
     "أغلقت السلطات المعبر الحدودي لساعات إثر إطلاق نار قرب البوابة الرئيسية. " * 40),
]


def write_warc(path, *, gzip=True):
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        # A request record and an image response, which are not articles, sit between the pages.
        writer.write_record(writer.create_warc_record("https://example.org/a", "request",
                                                      payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")))
        for number, (url, template, text) in enumerate(PAGES):
            body = template.format(text).encode("cp1256" if number else "utf-8")
            charset = "windows-1256" if number else "utf-8"
            headers = StatusAndHeaders("200 OK", [("Content-Type", f"text/html; charset={charset}"),
                                                  ("Last-Modified", "Tue, 05 Mar 2024 10:00:00 GMT")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
            if number == 0:
                image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    "https://example.org/logo.png", "response", payload=io.BytesIO(b"\x89PNG" + bytes(600)),
                    http_headers=image))
    return path


def test_warc_gz_response_records(tmp_path):
    path = write_warc(tmp_path / "crawl.warc.gz")
    got = list(read_inputs([str(path)]))
    assert all(isinstance(r, Record) for r in got) and len(got) == 2
    for record, (url, template, text) in zip(got, PAGES):
        assert record.url == url
        assert record.html == template.format(text)
        assert record.text is None and record.date is None
        assert record.id.startswith("urn:uuid:")
        assert record.meta["warc_date"][:4].isdigit()
        assert record.meta["http_last_modified"].startswith("2024-03-05T10:00:00")
    assert got[0].source == f"{path}:record 2" and got[1].source == f"{path}:record 4"


def test_uncompressed_warc(tmp_path):
    path = write_warc(tmp_path / "crawl.warc", gzip=False)
    assert [r.url for r in read_inputs([str(path)])] == [url for url, _, _ in PAGES]


def test_truncated_warc_gz_gives_earlier_records_then_one_failure(tmp_path):
    whole = write_warc(tmp_path / "whole.warc.gz").read_bytes()
    cut = tmp_path / "cut.warc.gz"
    # Keep everything but the second half of the last (second page) record.
    last_start = whole.rindex(b"\x1f\x8b\x08")
    cut.write_bytes(whole[: last_start + (len(whole) - last_start) // 2])
    got = list(read_inputs([str(cut), str(tmp_path / "whole.warc.gz")]))
    assert isinstance(got[0], Record) and got[0].url == PAGES[0][0]
    assert isinstance(got[1], ReadFailure) and got[1].source == str(cut)
    assert got[1].reason.startswith("truncated or corrupt WARC after record 3: ")
    assert [r.url for r in got[2:]] == [url for url, _, _ in PAGES]  # the next input is still read


def test_truncated_inside_a_record_header(tmp_path):
    whole = write_warc(tmp_path / "whole.warc", gzip=False).read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole[: whole.rindex(b"WARC/1") + 40])
    got = list(read_inputs([str(cut)]))
    assert [type(x).__name__ for x in got] == ["Record", "ReadFailure"]
    assert got[1].reason.startswith("truncated or corrupt WARC after record 3")


def test_not_a_warc(tmp_path):
    path = tmp_path / "fake.warc"
    path.write_text("just some text, not an archive\n", encoding="utf-8")
    (failure,) = read_inputs([str(path)])
    assert isinstance(failure, ReadFailure) and failure.source == str(path)
    assert "WARC" in failure.reason
