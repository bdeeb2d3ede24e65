import datetime as dt

import pytest

from marsad.extraction import dates
from marsad.extraction.dates import find_dates, is_history, load_months, load_time_expressions
from marsad.text.normalize import normalize

PUB = dt.date(2018, 9, 11)  # a Tuesday


def one(text, pub=PUB, kind=None):
    found = [m for m in find_dates(text, pub) if kind is None or m.kind == kind]
    assert len(found) == 1, found
    m = found[0]
    assert text[m.start : m.end] == m.text
    return m


@pytest.mark.parametrize(
    "text,expected",
    [
        ("قصفت الطائرات البلدة يوم الثلاثاء", dt.date(2018, 9, 11)),
        ("اندلعت الاشتباكات الأحد في ريف المدينة", dt.date(2018, 9, 9)),
        ("وصل الوفد مساء الثلاثاء إلى العاصمة", dt.date(2018, 9, 11)),
        ("وقع الهجوم فجر الأربعاء", dt.date(2018, 9, 5)),
        ("سُمعت انفجارات ليل الخميس", dt.date(2018, 9, 6)),
        ("جرت المواجهات الثلاثاء الماضي", dt.date(2018, 9, 4)),
        ("The convoy was hit on Tuesday", dt.date(2018, 9, 11)),
        ("Talks collapsed last Tuesday", dt.date(2018, 9, 4)),
    ],
)
def test_weekdays(text, expected):
    m = one(text)
    assert m.kind == "weekday" and m.date == expected and m.precision == 1 and m.relative_to_publication


@pytest.mark.parametrize(
    "text,expected,part",
    [
        ("سقطت قذيفة على السوق أمس", dt.date(2018, 9, 10), None),
        ("قال المتحدث البارحة إن القوات تقدمت", dt.date(2018, 9, 10), None),
        ("أعلن الجيش اليوم سيطرته على التلة", dt.date(2018, 9, 11), None),
        ("جرت الاعتقالات أول أمس", dt.date(2018, 9, 9), None),
        ("داهمت الدورية المنزل مساء أمس الأول", dt.date(2018, 9, 9), "evening"),
        ("بدأ القصف فجر اليوم", dt.date(2018, 9, 11), "dawn"),
        ("انتشرت الدوريات صباح اليوم", dt.date(2018, 9, 11), "morning"),
        ("هاجم المسلحون الحاجز مساء أمس", dt.date(2018, 9, 10), "evening"),
        ("دوّت الانفجارات الليلة الماضية", dt.date(2018, 9, 10), "night"),
        ("حلقت الطائرات ليلة أمس", dt.date(2018, 9, 10), "night"),
        ("Clashes erupted overnight near the border", dt.date(2018, 9, 10), "night"),
        ("The minister spoke yesterday", dt.date(2018, 9, 10), None),
        ("أكد المصدر أمس الاثنين مقتل عنصرين", dt.date(2018, 9, 10), None),
        ("قالت الشرطة اليوم (الثلاثاء) إن الطريق مغلق", dt.date(2018, 9, 11), None),
        ("تنطلق المسيرة مساء غد من أمام الجامعة", dt.date(2018, 9, 12), "evening"),
        ("يعتصم العمال بعد غد أمام المصنع", dt.date(2018, 9, 13), None),
    ],
)
def test_relative_days(text, expected, part):
    m = one(text)
    assert m.kind == "relative" and m.date == expected and m.part_of_day == part


def test_periods():
    week = one("تصاعد القتال الأسبوع الماضي")
    assert (week.date, week.date_end, week.precision) == (dt.date(2018, 9, 4), dt.date(2018, 9, 10), 2)
    month = one("تضاعفت الهجمات الشهر الماضي")
    assert (month.date, month.date_end, month.precision) == (dt.date(2018, 8, 1), dt.date(2018, 8, 31), 3)
    assert one("The army withdrew last week").date == dt.date(2018, 9, 4)


def test_today_is_not_a_day_count():
    assert find_dates("يواصل المعتصمون إضرابهم لليوم الثالث واليوم الثالث على التوالي", PUB) == []


@pytest.mark.parametrize(
    "text",
    [
        "وقّع الاتفاق في 11 أيلول 2018 في العاصمة",
        "وقّع الاتفاق في 11 سبتمبر/أيلول 2018",
        "وقّع الاتفاق في 11 شتنبر 2018",
        "وقّع الاتفاق في 2018/9/11",
        "وقّع الاتفاق في 11-9-2018",
        "وقّع الاتفاق في 11.09.2018",
        "وقّع الاتفاق في ١١ أيلول ٢٠١٨",
        "The deal was signed on 11 September 2018",
        "The deal was signed on September 11, 2018",
    ],
)
def test_explicit_full_dates(text):
    m = one(text, pub=None)
    assert m.kind == "explicit" and m.date == dt.date(2018, 9, 11) and not m.relative_to_publication


@pytest.mark.parametrize(
    "text,expected",
    [
        ("جرى التبادل في الحادي عشر من سبتمبر", dt.date(2018, 9, 11)),
        ("أفرج عنه في 5 من الشهر الجاري", dt.date(2018, 9, 5)),
        ("تم نقلهم في 3 جوان", dt.date(2018, 6, 3)),
        ("اعتقل في 20 ديسمبر", dt.date(2017, 12, 20)),  # later than publication -> previous year
        ("عاد في 4 أوت", dt.date(2018, 8, 4)),
        ("سقطت القذائف في 2 شباط", dt.date(2018, 2, 2)),
        ("أُغلق المعبر في 15 كانون الثاني", dt.date(2018, 1, 15)),
        ("جرت الانتخابات في 7 أيار", dt.date(2018, 5, 7)),
        ("فُتح الطريق في 9 يونيه", dt.date(2018, 6, 9)),
        ("وقعت الحادثة في 23 تشرين الأول", dt.date(2017, 10, 23)),
        # The month's qualifier after a day belongs to the day's reading, not to a whole month.
        ("قتلوا في 4 أيلول/سبتمبر الجاري", dt.date(2018, 9, 4)),
        ("هوجمت القرية في 6 سبتمبر الحالي", dt.date(2018, 9, 6)),
    ],
)
def test_dates_without_year_take_the_publication_year(text, expected):
    m = one(text)
    assert m.date == expected and m.relative_to_publication


def test_every_month_family_resolves_all_twelve_months():
    months = load_months()
    for family, table in months.families.items():
        for number, forms in table.items():
            for form in forms:
                text = f"وقع ذلك في 10 {form} 2016"
                m = one(text, pub=None)
                assert m.date == dt.date(2016, number, 10), (family, form)


def test_month_references():
    m = one("تصاعدت المعارك منذ تموز/ يوليو الماضي")
    assert (m.date, m.date_end, m.precision, m.marker) == (dt.date(2018, 7, 1), dt.date(2018, 7, 31), 3, "since")
    m = one("جرى ذلك في سبتمبر 2015", pub=None)
    assert (m.date, m.precision) == (dt.date(2015, 9, 1), 3)
    # "مارس" is also a verb: no month without a day, a year or a modifier.
    assert [d for d in find_dates("مارس الضغط على الحكومة", PUB) if d.kind == "explicit"] == []


def test_hijri_dates():
    m = one("الموافق 15 رمضان 1445 هـ")
    assert m.kind == "hijri" and m.date == dt.date(2024, 3, 25) and m.precision == 1
    m = one("في عام ١٤٤٥هـ")
    assert m.kind == "hijri" and m.precision == 3 and m.date.year == 2023 and m.date_end.year == 2024
    m = one("أول أيام محرم 1440 هجرية")
    assert m.date == dt.date(2018, 9, 11) and m.precision == 3


def test_no_publication_date_never_invents_a_date():
    for text in ["قُصفت البلدة أمس", "وقع الهجوم الثلاثاء الماضي", "اعتُقل في 11 سبتمبر", "الأسبوع الماضي"]:
        found = find_dates(text, None)
        assert found and all(m.date is None for m in found), text


def test_years_and_history():
    for text, marker in [("يسيطر التنظيم على المدينة منذ عام 2014", "since"), ("اندلعت الحرب في عام 2011", "in"),
                         ("غزو عام 2003", "in"), ("recaptured in late 2015", "late")]:
        m = one(text, kind="year")
        assert m.precision == 3 and m.marker == marker and m.date.month == 1 and m.date_end.month == 12
        assert is_history(m, PUB)
    assert not is_history(one("قتل أمس"), PUB)
    assert not is_history(one("منذ عام 2014", kind="year"), None)


def test_clock_times_are_not_dates():
    m = one("انفجرت العبوة الساعة 16:45 بالتوقيت المحلي")
    assert m.kind == "time" and m.date is None
    m = one("في الساعة ١١.١٥ صباحاً")
    assert m.kind == "time"
    assert find_dates("ارتفع السعر إلى 2.25 دولار", PUB) == []


def test_ranges_and_days_ago():
    m = one("استمر القصف ليل الأربعاء - الخميس")
    assert m.kind == "range" and (m.date, m.date_end) == (dt.date(2018, 9, 5), dt.date(2018, 9, 6))
    assert one("اختفى قبل يومين").date == dt.date(2018, 9, 9)
    assert one("two days ago, the army said").date == dt.date(2018, 9, 9)


def test_offsets_survive_diacritics_and_tatweel():
    text = "قُتِلَ ثلاثةٌ مساءَ أمسِ الإثنيــن في ١١ أيلول ٢٠١٨ م."
    for m in find_dates(text, PUB):
        assert text[m.start : m.end] == m.text
    kinds = [m.kind for m in find_dates(text, PUB)]
    assert kinds == ["relative", "explicit"]


def test_word_lists_are_valid_and_folded():
    tw = load_time_expressions()
    assert set(tw.weekdays.values()) == set(range(7))
    assert len(set(tw.ordinal_days.values())) == 31
    for table in (tw.weekdays, tw.relative_days, tw.periods, tw.parts_of_day, tw.year_markers):
        for form in table:
            assert form == normalize(form) and form.strip() == form and form
    for form in load_months().gregorian:
        assert form == normalize(form)


def test_bad_word_list_names_the_file(monkeypatch):
    def fake(name, package=dates._DATA):
        return "months.yaml", {"version": 1, "gregorian": {"x": {1: ["a"]}}}

    monkeypatch.setattr(dates, "read_yaml", fake)
    dates.load_months.cache_clear()
    try:
        with pytest.raises(dates.WordListError, match="months.yaml: gregorian.x must have keys 1-12"):
            dates.load_months()
    finally:
        dates.load_months.cache_clear()


def test_class_fold_of_a_document_is_the_tables():
    # Digits of several scripts, spaces of several kinds, the stand-ins themselves, letters.
    text = "قصف 12 موقعا\tفي ٣ قرى\u00a0و\u2003\n۴ abc\x00\x01\x02 \u0966\u0967 x\u3000y" * 5
    assert dates._class_fold(text) == text.translate(dates._CLASS_FOLD)
    plain = text.replace("\x00", "").replace("\x01", "")  # without stand-ins in the text
    assert dates._class_fold(plain) == plain.translate(dates._CLASS_FOLD)


@pytest.mark.parametrize("text, expected, part", [
    ("تظاهر الآلاف يوم الجمعة 12 جويلية في العاصمة.", dt.date(2018, 7, 12), None),  # (Thursday in 2018: the date wins)
    ("تظاهر الآلاف الجمعة، 6 تموز في العاصمة.", dt.date(2018, 7, 6), None),
    ("قصفت الطائرات البلدة فجر الأحد 2 أيلول 2018.", dt.date(2018, 9, 2), "dawn"),
    ("Protesters marched on Friday, July 6 in the capital.", dt.date(2018, 7, 6), None),
])
def test_a_weekday_written_before_a_date_is_one_mention_of_that_date(text, expected, part):
    found = find_dates(text, PUB)
    assert [(m.date, m.precision) for m in found] == [(expected, 1)]
    assert found[0].text.split()[0] in ("يوم", "الجمعة،", "فجر", "on") and found[0].part_of_day == part


@pytest.mark.parametrize("text, expected", [
    ("قصفت الطائرات البلدة الليلة قبل الماضية.", dt.date(2018, 9, 9)),
    ("قصفت الطائرات البلدة ليلة أول أمس.", dt.date(2018, 9, 9)),
    ("Jets struck the town the night before last.", dt.date(2018, 9, 9)),
])
def test_the_night_before_last(text, expected):
    [m] = find_dates(text, PUB)
    assert (m.date, m.part_of_day) == (expected, "night")


@pytest.mark.parametrize("text", ["وقعت الأطراف اتفاقا يدخل حيز التنفيذ صباح الأحد.", "The truce takes effect on Sunday morning."])
def test_a_weekday_after_what_is_still_to_come_is_the_coming_one(text):
    [m] = find_dates(text, PUB)  # a Tuesday: the coming Sunday
    assert m.date == dt.date(2018, 9, 16)
