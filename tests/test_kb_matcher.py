"""The one-pass matcher: clitics on the first token, longest match, no overlaps, offsets."""

from marsad.kb.matcher import Matcher, name_key
from marsad.text.tokens import tokenize


def _matcher() -> Matcher:
    m = Matcher()
    m.add("دير الزور", "place:deir")
    m.add("محافظة دير الزور", "place:deir-gov")
    m.add("قسد", "actor:sdf")
    m.add("قوات سوريا الديمقراطية", "actor:sdf")
    m.add("الحشد الشعبي", "actor:pmf")
    m.add("الضفة الغربية", "place:westbank")
    m.add("الضفة الغربية لنهر الفرات", "place:euphrates-west")
    return m


def _find(text: str) -> list[tuple[str, object]]:
    return [(text[x.start:x.end], x.payloads[0]) for x in _matcher().find(tokenize(text), text)]


def test_clitic_prefixed_first_token_matches_and_span_excludes_clitics():
    text = "وصلت التعزيزات وبدير الزور انتشرت قوات تابعة لقسد"
    assert _find(text) == [("دير الزور", "place:deir"), ("قسد", "actor:sdf")]


def test_article_restored_after_lam():
    text = "وجهت الحكومة الشكر للحشد الشعبي على جهوده"
    # The span keeps the article's lam (ل + ال is written لل): "للحشد" → "لحشد".
    assert _find(text) == [("لحشد الشعبي", "actor:pmf")]


def test_spelling_variants_fold_to_one_key():
    assert name_key("قوات سورية الديمقراطية") != name_key("قوات سوريا الديمقراطية")
    assert name_key("قوّات سوريا الدّيمقراطيّة") == name_key("قوات سوريا الديمقراطية")


def test_longest_match_wins_over_prefix():
    text = "تقدمت القوات على الضفة الغربية لنهر الفرات صباحا"
    assert _find(text) == [("الضفة الغربية لنهر الفرات", "place:euphrates-west")]
    text = "اقتحمت القوات مدنا في الضفة الغربية صباحا"
    assert _find(text) == [("الضفة الغربية", "place:westbank")]


def test_longer_name_with_admin_word_and_no_overlap():
    text = "في محافظة دير الزور شرقي البلاد"
    assert _find(text) == [("محافظة دير الزور", "place:deir-gov")]


def test_names_do_not_run_across_line_breaks_or_punctuation():
    m = Matcher()
    m.add("دير الزور", 1)
    text = "وصلنا إلى دير\nالزور"
    assert m.find(tokenize(text), text) == []
    text = "دير، الزور"
    assert m.find(tokenize(text), text) == []


def test_a_name_that_also_begins_longer_names_in_either_order():
    # "الضفة" is added after the longer name begins with it, "دير" before its longer names.
    m = _matcher()
    m.add("الضفة", "region:bank")
    m.add_keys([(name_key("دير"), "place:monastery"), (name_key("دير"), "place:monastery")])
    text = "من الضفة إلى الضفة الغربية ثم دير ودير الزور"
    found = [(text[x.start:x.end], x.payloads) for x in m.find(tokenize(text), text)]
    assert found == [("الضفة", ("region:bank",)), ("الضفة الغربية", ("place:westbank",)),
                     ("دير", ("place:monastery",)), ("دير الزور", ("place:deir",))]
    assert m.lookup("دير") == ["place:monastery"] and m.lookup("محافظة دير") == []  # a bare prefix is no name
    assert len(m) == len(list(m.keys())) == 9 and "محافظة دير" not in set(m.keys())
