"""Event dates end to end, resolved against the publication date: weekdays, relative days,
month names of every family (Levantine, Egyptian/Gulf, Maghrebi), Hijri dates, and no date
invented without a publication date.  Sentences are our own."""

from __future__ import annotations

from functools import lru_cache

import pytest

import marsad

PUB = "2024-03-14"  # a Thursday


@lru_cache(maxsize=None)
def _events(text: str, date: str | None) -> tuple:
    return tuple(marsad.extract(text, date=date).events)


def _one(text: str, date: str | None = PUB) -> dict:
    events = _events(text, date)
    assert len(events) == 1, [(e["type"], e["date_text"]) for e in events]
    return events[0]


def _when(ev: dict) -> tuple:
    return ev["date"], ev["time_precision"], ev["date_text"]


@pytest.mark.parametrize("phrase, expected", [
    ("يوم الاثنين", "2024-03-11"),
    ("يوم الخميس", "2024-03-14"),  # the publication weekday itself
    ("يوم الجمعة", "2024-03-08"),  # the latest Friday on or before publication
    ("أمس", "2024-03-13"),
    ("أمس الأربعاء", "2024-03-13"),
    ("صباح اليوم", "2024-03-14"),
])
def test_relative_days_resolve_against_the_publication_date(phrase, expected):
    ev = _one(f"قصفت قوات النظام بلدة كفرنبل {phrase}.")
    assert _when(ev) == (expected, 1, phrase)


def test_dawn_today():
    ev = _one("اندلعت اشتباكات بين الجيش السوداني وقوات الدعم السريع في الفاشر فجر اليوم.")
    assert ev["type"] == "armed_clash"
    assert _when(ev) == ("2024-03-14", 1, "فجر اليوم")


def test_last_night_is_the_day_before():
    ev = _one("اندلعت اشتباكات بين الجيش السوداني وقوات الدعم السريع في الفاشر الليلة الماضية.")
    assert _when(ev) == ("2024-03-13", 1, "الليلة الماضية")


def test_last_week_has_week_precision():
    ev = _one("قصفت قوات النظام بلدة كفرنبل الأسبوع الماضي.")
    assert ev["time_precision"] == 2
    assert ev["date_text"] == "الأسبوع الماضي"
    assert "2024-03-04" <= ev["date"] <= "2024-03-10"


def test_english_weekday():
    ev = _one("Clashes broke out between the Sudanese army and the Rapid Support Forces in Omdurman on Tuesday.")
    assert ev["date"] == "2024-03-12" and ev["time_precision"] == 1


@pytest.mark.parametrize("text, pub, expected", [
    # Levantine month names
    ("قصفت قوات النظام بلدة كفرنبل في 5 تشرين الأول 2023.", "2023-10-20", "2023-10-05"),
    ("شنت طائرات التحالف غارات على هجين في 3 كانون الثاني 2019.", "2019-01-10", "2019-01-03"),
    ("سيطرت قوات سوريا الديمقراطية على بلدة هجين في 14 آذار.", PUB, "2024-03-14"),
    # Egyptian / Gulf month names
    ("قصفت قوات النظام بلدة كفرنبل في 5 أكتوبر 2023.", "2023-10-20", "2023-10-05"),
    ("اعتقلت الشرطة المصرية عشرة أشخاص في الإسكندرية يوم 2 مارس.", PUB, "2024-03-02"),
    # Maghrebi month names
    ("اعتقلت الشرطة الجزائرية عشرة أشخاص في مدينة وهران يوم 12 جويلية 2023.", "2023-07-20", "2023-07-12"),
    ("اعتقلت الشرطة الجزائرية عشرة أشخاص في وهران يوم 3 أوت 2023.", "2023-08-10", "2023-08-03"),
    ("اعتقلت الشرطة التونسية خمسة أشخاص في صفاقس يوم 9 فيفري 2024.", "2024-02-15", "2024-02-09"),
])
def test_explicit_dates_in_every_month_family(text, pub, expected):
    ev = _one(text, pub)
    assert ev["date"] == expected
    assert ev["time_precision"] == 1
    assert ev["date_text"] in text


def test_hijri_date():
    # 1 Ramadan 1445 AH was 11 March 2024 (Umm al-Qura), so 15 Ramadan is 25 March
    ev = _one("قصفت قوات النظام بلدة كفرنبل في 15 رمضان 1445 هـ.", "2024-03-30")
    assert ev["date"] == "2024-03-25"
    assert "رمضان" in ev["date_text"]


def test_no_publication_date_keeps_the_text_but_no_date():
    ev = _one("قصفت قوات النظام بلدة كفرنبل أمس الاثنين.", None)
    assert _when(ev) == (None, None, "أمس الاثنين")


def test_no_publication_date_no_weekday_guess_in_english():
    ev = _one("Clashes broke out between the Sudanese army and the Rapid Support Forces in Omdurman on Tuesday.",
              None)
    assert ev["date"] is None and ev["date_text"] is not None and "Tuesday" in ev["date_text"]


def test_full_explicit_date_needs_no_publication_date():
    ev = _one("قصفت قوات النظام بلدة كفرنبل في 5 تشرين الأول 2023.", None)
    assert ev["date"] == "2023-10-05"


def test_date_carries_over_from_the_lead_sentence():
    events = _events("قصفت قوات النظام بلدة كفرنبل أمس. واندلعت اشتباكات بين الجيش السوداني وقوات الدعم "
                     "السريع في مدينة الفاشر.", PUB)
    assert [e["date"] for e in events] == ["2024-03-13", "2024-03-13"]


def test_no_date_in_text_gives_null_not_the_publication_date():
    ev = _one("سيطرت قوات سوريا الديمقراطية على بلدة هجين.")
    assert _when(ev) == (None, None, None)


def test_a_happening_in_the_pluperfect_keeps_no_date_of_the_news_before_it():
    events = _events("غارات على ريف إدلب\n\nقتل خمسة مدنيين في غارة على مدينة سراقب صباح اليوم.\n\n"
                     "وكانت الطائرات الحربية قد قصفت مدينة أريحا بعشرات الصواريخ.", PUB)
    assert [(e["location"]["name"], e["date"], e["background"]) for e in events] == [
        ("Saraqib", PUB, False), ("Arīḩā", None, True)]


def test_a_statement_in_the_pluperfect_leaves_the_happening_it_reports_current():
    events = _events("وكان المتحدث باسم الجيش قد أفاد صباح اليوم بأن قواته صدت هجوما على معسكر في مدينة الأبيض.", PUB)
    assert [e["background"] for e in events] == [False]


def test_a_deal_told_with_the_day_it_takes_effect_keeps_no_future_date():
    import marsad

    doc = marsad.extract("وقعت إسرائيل وحركة حماس على اتفاق لوقف إطلاق النار في غزة، يدخل حيز التنفيذ صباح الأحد.",
                         date="2025-01-18")
    assert [(e["type"], e["date"]) for e in doc.events] == [("ceasefire_or_agreement", None)]
