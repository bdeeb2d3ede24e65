"""The matcher's walk stops at a word no key continues with, finding the same names."""

from marsad.kb.matcher import Matcher
from marsad.text.tokens import tokenize


def test_later_words_and_the_same_matches():
    m = Matcher()
    m.add("دير الزور", "place")
    m.add("دير", "word")
    m.add("مجلس دير الزور العسكري", "council")
    assert m._later_words == {"الزور", "دير", "العسكري"}
    text = "قصف في وبدير الزور ودير حافظ ومجلس دير الزور العسكري"
    found = [(text[x.start:x.end], x.payloads) for x in m.find(tokenize(text), text)]
    assert found == [("دير الزور", ("place",)), ("دير", ("word",)), ("مجلس دير الزور العسكري", ("council",))]
