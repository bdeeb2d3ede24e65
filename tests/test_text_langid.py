import pytest

from marsad.text.langid import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أعلنت وزارة الدفاع أن طائرات مسيرة استهدفت مستودعا للذخيرة قرب المطار.", "ar"),
        ("قصف مدفعي على بلدة في ريف حماة (AFP) وسط تصعيد متواصل", "ar"),
        ("The ministry said two drones struck an ammunition depot near the airport on Sunday.", "en"),
        ("Syria: 3 killed", "en"),
        ("Le ministère a annoncé que deux drones ont frappé un dépôt de munitions près de l'aéroport.", "other"),
        ("وزارت دفاع اعلام کرد که دو پهپاد یک انبار مهمات را در نزدیکی فرودگاه هدف قرار دادند", "other"),
        ("Министерство обороны сообщило об ударе беспилотников по складу", "other"),
        ("", "other"),
        ("2024-05-01 12:00 !!", "other"),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_english_article_with_an_arabic_quote_is_english():
    text = (
        "Residents told reporters that the shelling lasted for three hours and that several houses "
        "were destroyed. One banner read «لا للحرب» in Arabic. Rescue teams were still searching."
    )
    assert detect_language(text) == "en"


def test_arabic_article_with_latin_names_is_arabic():
    text = "نقلت وكالة Reuters عن مصدر في UNICEF أن المساعدات وصلت إلى المدينة صباح اليوم بعد تأخير طويل."
    assert detect_language(text) == "ar"
