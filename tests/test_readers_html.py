"""HTML pages to main text and metadata."""

from __future__ import annotations

import time

from marsad.readers import Record, read_inputs
from marsad.readers.html import Page, html_to_text

PARAS = [
    "أعلن المتحدث باسم الدفاع المدني صباح الأحد أن فرق الإنقاذ انتشلت جثتين من تحت أنقاض مبنى منهار في الحي القديم.",
    "وأضاف المتحدث أن البحث ما زال جاريا عن مفقودين آخرين، وأن السكان أُخلوا من المباني المجاورة خشية انهيارها.",
    "وقال أحد الجيران إنه سمع دويا قويا قبل منتصف الليل بقليل، ثم رأى سحابة كثيفة من الغبار تغطي الشارع.",
]
CHROME = ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "اتصل بنا", "جميع الحقوق محفوظة لموقع المرصد التجريبي"]


def news_page(date_meta: bool = True) -> str:
    nav = "".join(f'<li><a href="/c/{i}">{name}</a></li>' for i, name in enumerate(CHROME[:5]))
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    published = '<meta property="article:published_time" content="2024-03-10T08:15:00+03:00">' if date_meta else ""
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>انتشال جثتين من تحت الأنقاض | المرصد التجريبي</title>
<meta property="og:title" content="انتشال جثتين من تحت الأنقاض">
<meta property="og:site_name" content="المرصد التجريبي">
<meta name="description" content="خبر تجريبي">
{published}
<script>window.ads = [];</script></head>
<body><header><nav><ul>{nav}</ul></nav></header>
<main><article><h1>انتشال جثتين من تحت الأنقاض</h1>{body}</article></main>
<aside><h3>الأكثر قراءة</h3><ul>{nav}</ul></aside>
<footer><p>{CHROME[5]}</p></footer></body></html>"""


def test_news_page_body_and_metadata():
    page = html_to_text(news_page(), url="https://example.org/news/1")
    assert isinstance(page, Page)
    assert page.text.split("\n") == PARAS
    assert page.title == "انتشال جثتين من تحت الأنقاض"
    assert page.sitename == "المرصد التجريبي"
    assert page.date == "2024-03-10"
    assert page.url == "https://example.org/news/1"
    assert page.meta["lang"] == "ar" and page.meta["extractor"] == "trafilatura"
    for chrome in CHROME:
        assert chrome not in page.text


def test_date_from_json_ld_or_time_element_when_no_meta_tag_has_one():
    bare = news_page(date_meta=False)
    assert html_to_text(bare).date is None
    json_ld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-03-08"}</script>'
    assert html_to_text(bare.replace("</head>", json_ld + "</head>")).date == "2024-03-08"
    timed = bare.replace("<h1>", '<time datetime="2024-03-09T11:00:00Z">9 آذار</time><h1>')
    assert html_to_text(timed).date == "2024-03-09"


def test_malformed_html_still_gives_text():
    broken = "<div><p>اشتباكات عنيفة في محيط المطار <b>استمرت <i>ساعات</p></div><p>ثم توقفت</p><table><tr><td>"
    page = html_to_text(broken)
    assert "اشتباكات عنيفة في محيط المطار" in page.text and "ثم توقفت" in page.text
    assert html_to_text("").text == ""
    assert html_to_text("<<<>>>\x00\x01 < p >").text is not None


def test_page_without_extractable_body_falls_back_to_visible_text():
    html = "<html><body><nav>قائمة</nav><div>سطر قصير</div><script>var a=1;</script></body></html>"
    page = html_to_text(html)
    assert "سطر قصير" in page.text and "var a" not in page.text


def test_html_file_through_read_inputs(tmp_path):
    path = tmp_path / "story.html"
    path.write_text(news_page(), encoding="utf-8")
    (record,) = read_inputs([str(path)])
    assert isinstance(record, Record) and html_to_text(record.html).text.split("\n") == PARAS


def test_fifty_megabyte_page_takes_the_fallback_path(tmp_path):
    para = "<p>" + PARAS[0] + "</p>\n"
    head, tail = news_page().split("<footer>")
    filler = para * (50 * 2**20 // len(para.encode("utf-8")))
    path = tmp_path / "huge.html"
    path.write_text(head + filler + "<footer>" + tail, encoding="utf-8")
    assert path.stat().st_size > 49 * 2**20
    start = time.perf_counter()
    (record,) = read_inputs([str(path)])
    page = html_to_text(record.html)
    elapsed = time.perf_counter() - start
    assert page.text.startswith(PARAS[0]) and page.text.count("\n") > 100_000
    assert page.meta["extractor"].startswith("fallback")
    assert CHROME[5] not in page.text
    # A guard against the quadratic full-extractor path hanging, not a speed target (that is
    # `marsad bench clean`): generous enough for a loaded 2-core machine.
    assert elapsed < 120, elapsed
