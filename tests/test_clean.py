"""Behaviour of marsad.clean on pages written for these tests."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.clean import clean_text, parse_update_marker
from marsad.document import Document
from marsad.pipeline import Pipeline

HEADLINE = "الجيش يعلن استعادة السيطرة على قرية الشيخ مسكين بعد معارك عنيفة"
CAPTION = "جانب من آثار المعارك في القرية"
PARA1 = (
    "أعلن الجيش، الأحد، أن وحداته استعادت السيطرة على قرية الشيخ مسكين بعد معارك استمرت "
    "يومين مع مسلحين، مؤكداً مقتل خمسة من عناصره وإصابة نحو عشرين آخرين."
)
PARA2 = "وقال المتحدث باسم الجيش، العميد ناصر الراشد، إن «العملية انتهت وبدأت فرق الهندسة تمشيط الطرق»."
MARKER = "تحديث 16:45 ت.غ"
PARA3 = "وأفاد سكان بعودة عشرات العائلات إلى منازلها مساء الأحد، بعد إعلان الجيش فتح الطريق الرئيسي."
CHROME = ["Accessibility links", "XS", "SM", "MD", "LG"]

SEED_SHAPED = (
    "Accessibility links\r\n\r\n"
    f"{HEADLINE}\r\n\r\n\r\n"
    f"{CAPTION}\r\n\r\n"
    f"{PARA1}   \r\n\r\n"
    f"{PARA2}\r\n\r\n"
    f"{MARKER}\r\n\r\n"
    f"{PARA3}\r\n\r\n"
    "XS\r\nSM\r\nMD\r\nLG"
)


@pytest.fixture(scope="module")
def seed_result():
    return clean_text(SEED_SHAPED)


def test_chrome_lines_leave_the_text(seed_result):
    lines = seed_result.text.split("\n")
    for chrome in CHROME:
        assert chrome not in lines
    assert {r.text for r in seed_result.removed} >= set(CHROME)
    assert {r.reason for r in seed_result.removed if r.text in {"XS", "LG"}} == {"font_size"}


def test_headline_is_title_and_first_line(seed_result):
    assert seed_result.title == HEADLINE
    assert seed_result.text.split("\n")[0] == HEADLINE


def test_caption_after_headline_is_removed_as_caption(seed_result):
    (caption,) = [r for r in seed_result.removed if r.text == CAPTION]
    assert caption.reason == "caption"


def test_paragraphs_keep_one_blank_line_and_no_trailing_space(seed_result):
    assert seed_result.text == "\n\n".join([HEADLINE, PARA1, PARA2, MARKER, PARA3])
    assert "\r" not in seed_result.text


def test_update_marker_makes_segments(seed_result):
    text = seed_result.text
    body, update = seed_result.segments
    assert (body.kind, update.kind) == ("body", "update")
    assert body.start == 0 and text[body.start : body.end].endswith(PARA2)
    assert (update.time, update.timezone) == ("16:45", "GMT")
    assert text[update.marker_start : update.marker_end] == MARKER
    assert update.start == update.marker_start and update.end == len(text)
    assert text[update.start : update.end].endswith(PARA3)


def assert_recoverable(raw: str, result) -> None:
    """Walk the raw lines: each non-blank one is the next kept line or a removed line."""
    removed = {r.raw_start: r for r in result.removed}
    kept = iter(line for line in result.text.split("\n") if line)
    used = 0
    for m in re.finditer(r"[^\r\n]+", raw):
        line = m.group()
        if not line.strip():
            continue
        start = m.start() + len(line) - len(line.lstrip())
        if start in removed:
            r = removed[start]
            assert raw[r.raw_start : r.raw_end] == r.text == line.strip()
            assert 0 <= r.clean_offset <= len(result.text)
            used += 1
        else:
            assert next(kept) == line.strip()
    assert next(kept, None) is None
    assert used == len(result.removed)


def test_removed_lines_are_recoverable(seed_result):
    assert_recoverable(SEED_SHAPED, seed_result)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(CHROME + ["شارك", "اقرأ أيضا", "", " ", HEADLINE, PARA1, PARA2, MARKER, "١٢:٣٠"]), max_size=14),
       st.sampled_from(["\n", "\r\n", "\r"]))
def test_any_mix_of_lines_is_recoverable(lines, newline):
    raw = newline.join(lines)
    result = clean_text(raw)
    assert_recoverable(raw, result)
    assert "\n\n\n" not in result.text and result.text == result.text.strip()
    for seg in result.segments:
        assert 0 <= seg.start <= seg.end <= len(result.text)


def test_clean_offset_points_where_the_line_stood(seed_result):
    (caption,) = [r for r in seed_result.removed if r.text == CAPTION]
    assert seed_result.text[caption.clean_offset :].startswith(PARA1)
    trailing = [r for r in seed_result.removed if r.text == "LG"]
    assert trailing[0].clean_offset == len(seed_result.text)


def test_related_links_list_is_dropped_but_article_continues():
    page = "\n".join(
        [
            HEADLINE,
            "",
            PARA1,
            "",
            "اقرأ أيضا",
            "",
            "مقتل ثلاثة جنود في هجوم على حاجز عسكري",
            "المعارضة تعلن إسقاط طائرة مسيرة قرب الحدود",
            "",
            PARA2,
            "",
            "اقرأ ايضاً: اشتباكات متقطعة في محيط المطار",
        ]
    )
    result = clean_text(page)
    assert result.text == "\n\n".join([HEADLINE, PARA1, PARA2])
    related = [r.text for r in result.removed if r.reason == "related_links"]
    assert related == [
        "اقرأ أيضا",
        "مقتل ثلاثة جنود في هجوم على حاجز عسكري",
        "المعارضة تعلن إسقاط طائرة مسيرة قرب الحدود",
        "اقرأ ايضاً: اشتباكات متقطعة في محيط المطار",
    ]


def test_comment_form_and_cookie_banner_are_dropped():
    page = "\n".join(
        [
            HEADLINE,
            PARA1,
            "نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا. بمواصلة التصفح فإنك توافق على سياستنا.",
            "We use cookies to personalise content. By continuing you accept our cookie policy.",
            "أضف تعليقك",
            "الاسم *",
            "البريد الإلكتروني",
            "لن يتم نشر عنوان بريدك الإلكتروني، والحقول المطلوبة مشار إليها.",
            "إرسال",
            "جميع الحقوق محفوظة © 2024",
        ]
    )
    result = clean_text(page)
    assert result.text == "\n".join([HEADLINE, PARA1])
    reasons = [r.reason for r in result.removed]
    assert reasons == ["cookies", "cookies", "comments", "comments", "comments", "comments", "comments", "copyright"]


def test_long_article_line_with_chrome_word_stays():
    line = (
        "شارك مئات المحتجين، السبت، في مسيرة جابت شوارع المدينة للمطالبة بالإفراج عن المعتقلين، "
        "ونشر ناشطون صوراً لها على فيسبوك وتويتر."
    )
    result = clean_text(f"{HEADLINE}\n\n{line}\n\nشارك\nطباعة")
    assert line in result.text.split("\n")
    assert [r.text for r in result.removed] == ["شارك", "طباعة"]
    assert all(r.reason == "share" for r in result.removed)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Updated 16:45 GMT", ("16:45", "GMT")),
        ("UPDATE 14:05 UTC", ("14:05", "UTC")),
        ("تحديث: 16:45 بتوقيت غرينتش", ("16:45", "GMT")),
        ("آخر تحديث 09:05 GMT", ("09:05", "GMT")),
        ("تحديث ١٦:٤٥", ("16:45", None)),
        ("Updated at 9:30 pm local time", ("21:30", "local")),
        ("تحديث 10:00 بتوقيت مكة المكرمة", ("10:00", "بتوقيت مكة المكرمة")),
        ("تحديث تطبيق الهاتف", None),
        ("Updated 25:99 GMT", None),
    ],
)
def test_parse_update_marker(line, expected):
    assert parse_update_marker(line) == expected


def test_english_update_marker_segments():
    page = (
        "Gunmen attack checkpoint in northern town\n\n"
        "Gunmen attacked an army checkpoint on Tuesday, killing two soldiers, officials said.\n\n"
        "Updated 16:45 GMT\n\n"
        "A third soldier later died of his wounds, a hospital source said.\n\n"
        "UPDATE 18:10 UTC\n\n"
        "The army said it had arrested four suspects, according to a statement."
    )
    result = clean_text(page)
    assert result.title == "Gunmen attack checkpoint in northern town"
    kinds = [(s.kind, s.time, s.timezone) for s in result.segments]
    assert kinds == [("body", None, None), ("update", "16:45", "GMT"), ("update", "18:10", "UTC")]
    second = result.segments[1]
    assert result.text[second.start : second.end] == (
        "Updated 16:45 GMT\n\nA third soldier later died of his wounds, a hospital source said."
    )


def test_update_stamp_above_the_article_is_a_page_date():
    page = f"{HEADLINE}\nآخر تحديث 16:45 GMT\n{PARA1}"
    result = clean_text(page)
    assert [s.kind for s in result.segments] == ["body"]
    assert [(r.text, r.reason) for r in result.removed] == [("آخر تحديث 16:45 GMT", "page_date")]


def test_no_marker_means_one_body_segment():
    result = clean_text(f"{HEADLINE}\n\n{PARA1}")
    (seg,) = result.segments
    assert (seg.kind, seg.start, seg.end) == ("body", 0, len(result.text))


def test_header_dates_bylines_and_duplicates():
    page = "\n".join(
        [
            "سياسة",
            "الثلاثاء 14 مايو 2024 | 09:30 ص",
            HEADLINE,
            "كتب: سامي الحداد",
            HEADLINE,
            PARA1,
            "1234",
            "..........",
        ]
    )
    result = clean_text(page)
    assert result.text == "\n".join([HEADLINE, PARA1])
    assert [r.reason for r in result.removed] == [
        "pre_headline",
        "page_date",
        "byline",
        "duplicate",
        "separator",
        "separator",
    ]


def test_lead_sentence_is_not_a_title():
    result = clean_text(PARA1)
    assert result.title is None
    assert result.text == PARA1


def test_empty_and_blank_input():
    for raw in ("", "\n\n  \n"):
        result = clean_text(raw)
        assert result.text == "" and result.title is None and result.removed == []
        assert [s.kind for s in result.segments] == ["body"]


def test_rejects_non_text():
    with pytest.raises(TypeError, match="expects str"):
        clean_text(b"bytes")  # type: ignore[arg-type]


def test_pipeline_component_sets_document_fields():
    nlp = Pipeline.from_names(["clean"])
    doc = nlp(Document(id="t1", raw=SEED_SHAPED))
    assert doc.title == HEADLINE
    assert doc.text.startswith(HEADLINE) and "Accessibility links" not in doc.text
    assert [s.kind for s in doc.segments] == ["body", "update"]
    assert {r.text for r in doc.removed} >= set(CHROME)


def test_pipeline_component_keeps_an_existing_title_for_html_docs():
    raw = f"{HEADLINE}\nشارك\n{PARA1}\nجميع الحقوق محفوظة"
    doc = Document(id="t2", raw=raw, title="عنوان من البيانات الوصفية", meta={"html_metadata": {"title": "x"}})
    doc = Pipeline.from_names(["clean"])(doc)
    assert doc.title == "عنوان من البيانات الوصفية"
    assert doc.text == f"{HEADLINE}\n{PARA1}"
    assert [r.reason for r in doc.removed] == ["share", "copyright"]
