import pytest

from marsad.extraction.numbers import (
    find_casualties,
    find_numbers,
    load_casualty_cues,
    load_number_words,
)
from marsad.text.normalize import normalize


def nums(text):
    found = find_numbers(text)
    for n in found:
        assert text[n.start : n.end] == n.text
    return found


def values(text):
    return [n.value for n in nums(text)]


@pytest.mark.parametrize(
    "text,value",
    [
        ("وصل جندي واحد", 1),
        ("عادت امرأة واحدة", 1),
        ("أصيب اثنان من المارة", 2),
        ("نقل اثنتين إلى المشفى", 2),
        ("اعتقل ثلاثة شبان", 3),
        ("أصيبت ثلاث نساء", 3),
        ("أربعة جنود", 4),
        ("ثماني قذائف", 8),
        ("عشرة مسلحين", 10),
        ("أحد عشر قتيلا", 11),
        ("إحدى عشرة سيدة", 11),
        ("اثنا عشر عنصرا", 12),
        ("خمسة عشر جريحا", 15),
        ("ثلاث عشرة طالبة", 13),
        ("عشرون مدنيا", 20),
        ("تسعين شخصا", 90),
        ("خمسة وعشرون مقاتلا", 25),
        ("واحد وثلاثين منزلا", 31),
        ("مئة عائلة", 100),
        ("مائة عائلة", 100),
        ("مئتين وخمسين أسرة", 250),
        ("ثلاثمئة نازح", 300),
        ("ثلاث مئة نازح", 300),
        ("ألف لاجئ", 1000),
        ("ألفين لاجئ", 2000),
        ("ثلاثة آلاف لاجئ", 3000),
        ("ألف ومئتان وخمسون", 1250),
        ("٢٣ شخصا", 23),
        ("1,200 نازح", 1200),
        ("twenty-five people", 25),
        ("one hundred and fifty people", 150),
        ("three thousand people", 3000),
        ("eleven soldiers", 11),
    ],
)
def test_number_words(text, value):
    found = nums(text)
    assert [n.value for n in found] == [value], found


def test_conjunction_prefix_is_not_part_of_the_number():
    n = nums("قتل جندي وأحد عشر مدنيا")
    assert [(m.text, m.value) for m in n] == [("أحد عشر", 11)]
    n = nums("ثلاثة قتلى وخمسة جرحى")
    assert [(m.text, m.value) for m in n] == [("ثلاثة", 3), ("خمسة", 5)]


@pytest.mark.parametrize(
    "text,qualifier,value",
    [
        ("قتل نحو 30 شخصا", "about", 30),
        ("قتل حوالي عشرين شخصا", "about", 20),
        ("قتل ما لا يقل عن 25 شخصا", "at_least", 25),
        ("قتل لا يقل عن ٢٥ شخصا", "at_least", 25),
        ("قتل 5 أشخاص على الأقل", "at_least", 5),
        ("قتل على الأقل سبعة أشخاص", "at_least", 7),
        ("قتل أكثر من 40 شخصا", "more_than", 40),
        ("نزح ما يصل إلى 500 شخص", "up_to", 500),
        ("at least 14 people were killed", "at_least", 14),
        ("about 30 people", "about", 30),
        ("more than 100 people", "more_than", 100),
    ],
)
def test_qualifiers(text, qualifier, value):
    (n,) = nums(text)
    assert (n.qualifier, n.value, n.approx, n.vague) == (qualifier, value, True, False)


@pytest.mark.parametrize("text", ["سقط عشرات الجرحى", "اعتقل عدد من الشبان", "جرح العديد من المارة",
                                  "dozens were hurt", "several homes"])
def test_vague_amounts(text):
    (n,) = nums(text)
    assert n.vague and n.value is None and n.approx


@pytest.mark.parametrize("text", ["قتل جنديان", "أصيب طفلين", "جرح مدنيان", "نقلت امرأتان",
                                  "اعتقل شقيقين", "قتل جنديين اثنين"])
def test_duals_mean_two(text):
    (n,) = nums(text)
    assert n.value == 2 and n.kind == "dual"


def test_plural_in_yin_is_not_a_dual():
    assert nums("قتل مدنيين في القصف") == []


@pytest.mark.parametrize(
    "text",
    [
        "بلغت نسبة المشاركة 40% و٣٥٪",
        "رصدت الحكومة 5 ملايين دولار",
        "تقدمت قوات اللواء 93 نحو الطريق 5",
        "أسقطت طائرة F-16",
        "تبعد البلدة 10 كيلومترات",
        "يعتصمون لليوم الـ35",
        "في عام 2018 الساعة 16:45",
        "ارتفع المؤشر 2.5 نقطة",
        "صدر القرار 2254 في 11 سبتمبر 2015",
    ],
)
def test_not_counts(text):
    assert nums(text) == []


def kinds(text, **kw):
    return [(c.kind, c.value) for c in find_casualties(text, **kw)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("أسفر القصف عن مقتل 5 مدنيين", [("killed", 5)]),
        ("سقط 5 قتلى في الغارة", [("killed", 5)]),
        ("قتل خمسة جنود في الكمين", [("killed", 5)]),
        ("أسفر الانفجار عن مقتل ثلاثة وإصابة سبعة", [("killed", 3), ("injured", 7)]),
        ("أعلنت الشرطة مقتل وإصابة 12 شخصا", [("killed_or_injured", 12)]),
        ("ارتفعت حصيلة القتلى إلى 14", [("killed", 14)]),
        ("ذكر المصدر أن 4 عناصر لقوا حتفهم فيما أصيب 9 آخرون", [("killed", 4), ("injured", 9)]),
        ("لقي جنديان مصرعهما", [("killed", 2)]),
        ("سقوط قتيلين وثلاثة جرحى", [("killed", 2), ("injured", 3)]),
        ("اعتقلت القوات 40 شابا", [("arrested", 40)]),
        ("اختطف مسلحون ثلاثة صيادين", [("abducted", 3)]),
        ("قتل 6 أشخاص بينهم طفلان", [("killed", 6)]),
        ("مقتل 4 جنود و3 مدنيين", [("killed", 7)]),
        ("Gunmen killed at least 11 people and wounded dozens", [("killed", 11), ("injured", None)]),
        ("Seven rebels and two soldiers were killed", [("killed", 9)]),
        ("سقط عشرات الجرحى", [("injured", None)]),
        ("خلفت المعارك عشرات القتلى في ثلاثة مواقع", [("killed", None)]),
        ("قطعوا رؤوس 8 حراس", [("killed", 8)]),
    ],
)
def test_casualties(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # one person named without a number, right next to the cue
        ("أسفر القصف عن مقتل رجل مسن", [("killed", 1)]),
        ("أصيب طفل برصاص قناص", [("injured", 1)]),
        ("اعتقلت القوات الإسرائيلية شابا من البلدة", [("arrested", 1)]),
        ("A man was killed when the shell hit the market", [("killed", 1)]),
        # ... and joined to other counts
        ("قتل ثلاثة جنود ومدني في الهجوم", [("killed", 4)]),
        ("قتلت امرأة وطفلان في الغارة", [("killed", 3)]),
        ("The raid killed a woman, two boys and an old man", [("killed", 4)]),
        ("Two girls and their mother were killed", [("killed", 3)]),
        ("The strike killed a woman and her two sons", [("killed", 3)]),
        # a noun counted by the number before it, or far from any cue, is not one more person
        ("قتل 12 مدنيا في القصف", [("killed", 12)]),
        ("وصل رجل إلى المستشفى بعد مقتل 3 جنود", [("killed", 3)]),
        ("Two men carried a dead body to the ambulance", []),
        # an Arabic list after a bare comma details the figure; an English list adds up
        ("أسفر الانفجار عن مقتل ستة من سكان القرية، أربعة رجال وامرأتان", [("killed", 6)]),
        ("The strike killed three soldiers, two civilians and a child", [("killed", 6)]),
        # an injured count of "others" sets the figure before it apart as the dead
        ("قال المستشفى إن 9 مدنيين بينهم طفلان وأصيب 20 آخرون", [("killed", 9), ("injured", 20)]),
        # a cue joined by و opens its own clause
        ("قتل 5 جنود بينهم ضابطان وأصيب 9 آخرون", [("killed", 5), ("injured", 9)]),
        # subsets told after the number
        ("At least 15 people, six of them women, were killed in the raid", [("killed", 15)]),
        ("At least 15 people – six of them women – were killed", [("killed", 15)]),
        ("قتل 10 أشخاص أربعة منهم أطفال", [("killed", 10)]),
        ("قتل 10 أشخاص منهم 4 أطفال", [("killed", 10)]),
        ("قتل 10 أشخاص منهم أربعة أطفال", [("killed", 10)]),
    ],
)
def test_casualties_without_digits(text, expected):
    assert kinds(text) == expected


def test_singular_is_a_part_of_the_sum():
    (c,) = find_casualties("قتلت امرأة وطفلان في الغارة")
    assert [p.kind for p in c.parts] == ["singular", "dual"]


def test_running_total_of_a_war_is_flagged_cumulative():
    text = "قالت الوزارة إن الحصيلة الإجمالية ارتفعت إلى 300 قتيل منذ بدء الحرب. وقتل 5 أشخاص في غارة."
    assert [(c.value, c.cumulative) for c in find_casualties(text, keep_all=True)] == [(300, True), (5, False)]
    text = "قتل 500 شخص منذ بدء الحرب. وقتل أمس 800 في المعارك."
    assert [(c.value, c.cumulative) for c in find_casualties(text)] == [(800, False)]
    (c,) = find_casualties("The ministry says the offensive has killed more than 30,000 people.")
    assert c.cumulative and c.to_dict()["cumulative"]


def test_subset_is_flagged_not_counted():
    every = find_casualties("قتل 6 أشخاص بينهم طفلان", keep_all=True)
    assert [(c.kind, c.value, c.subset) for c in every] == [("killed", 6, False), ("killed", 2, True)]


def test_conflicting_figures_keep_the_lowest():
    assert kinds("قالت الشرطة إن 6 قتلوا بينما قال المسلحون إن 10 قتلوا") == [("killed", 6)]


def test_non_people_counts_are_not_casualties():
    assert kinds("قتل 3 أشخاص في 14 غارة خلال 24 ساعة") == [("killed", 3)]


def test_sentence_window_offsets():
    text = "تقدم الجيش. وأسفر القصف عن مقتل 5 مدنيين. واعتقل 7 آخرون."
    start = text.index("وأسفر")
    end = text.index(".", start) + 1
    (c,) = find_casualties(text, start, end)
    assert (c.kind, c.value) == ("killed", 5)
    assert text[c.number.start : c.number.end] == "5"
    assert text[c.cue_start : c.cue_end] == c.cue_text == "مقتل"


def test_word_lists_are_valid():
    w = load_number_words()
    for table in (w.units, w.tens, w.hundreds, w.thousands, w.en_small, w.en_tens):
        for form, value in table.items():
            assert form == normalize(form) and value > 0
            assert value == 10 or [n.value for n in find_numbers(form)] in ([value], []), form
    for form in w.vague:
        assert [n.vague for n in find_numbers(form)] == [True], form
    cues = load_casualty_cues()
    for form, kind in cues.cues.items():
        assert form == normalize(form)
        if form not in cues.weak:
            got = [c.kind for c in find_casualties(f"{form} 7 أشخاص") + find_casualties(f"7 أشخاص {form}")]
            assert kind in got, form


def test_every_singular_noun_and_cumulative_cue_works():
    cues = load_casualty_cues()
    for noun in cues.singular_ar:
        assert noun == normalize(noun)
        assert kinds(f"أسفر القصف عن مقتل {noun}") == [("killed", 1)], noun
        assert kinds(f"قتل 3 أشخاص و{noun}") == [("killed", 4)], noun
    for noun in cues.singular_en:
        assert kinds(f"The shelling killed a {noun} and injured two others") == [("killed", 1), ("injured", 2)], noun
    for det in cues.singular_determiners:
        assert kinds(f"{det} soldier was killed") == [("killed", 1)], det
    for form in cues.cumulative:
        (c,) = find_casualties(f"قتل 40 شخصا {form}", keep_all=True)
        assert c.cumulative, form
    for form in cues.others:
        assert kinds(f"إن 9 مدنيين وأصيب 20 {form}") == [("killed", 9), ("injured", 20)], form


@pytest.mark.parametrize(
    "text,expected",
    [
        ("وصل 1,250 لاجئا و3 أطفال", [1250, 3]),
        ("أصيب 12خمسة", [12, 5]),  # digits and a number word written together: two tokens
        ("نقل৩ جرحى", [3]),  # a decimal digit of another script, alone
        ("عدد 1..2 و 7", [1, 2, 7]),  # a doubled separator ends the digit run
        ("الرقم7 ثم 8", [7, 8]),
    ],
)
def test_digit_runs_where_tokens_meet(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text", ["قتل ² شخص", "وقع ① انفجار", "قتل و² شخص"])
def test_digit_symbols_that_are_not_decimal_are_not_counts(text):
    assert nums(text) == []


def test_a_cue_past_another_number_is_not_linked():
    # "قتل" is separated from 7 by the count it has already taken.
    assert kinds("قتل 3 جنود في حين نقل 7 أشخاص إلى المشفى") == [("killed", 3)]


def test_the_taliban_are_not_two_students():
    assert [m.value for m in find_numbers("سيطر مسلحو حركة طالبان على المديرية وقتل جنديان")] == [2]
    assert [m.text for m in find_numbers("وقتل جنديان")] == ["جنديان"]
