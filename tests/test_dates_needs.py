"""The date grammar's digit needs, searched separator first, find a match exactly when their
plain forms do."""

import random
import re

from marsad.extraction.dates import _grammar


def test_digit_needs_agree_with_their_plain_forms():
    needs = {need.pattern: need for needs in _grammar().needs for need in needs}
    pairs = [(re.compile(r"\d[/.\-]\d"), needs[r"/(?<=\d/)\d|\.(?<=\d\.)\d|\-(?<=\d\-)\d"]),
             (re.compile(r"\d[:.][0-5]\d"), needs[r":(?<=\d:)[0-5]\d|\.(?<=\d\.)[0-5]\d"]),
             (re.compile(r"(?:1[89]|20)\d\d"), needs[r"1[89]\d\d|20\d\d"])]
    rnd = random.Random(2)
    texts = ["12/3", "1.5", "16:45", "٣/٤", "a-1", "1-a", ".5", "5.", "", "1999", "2020", "1299", "3020"]
    texts += ["".join(rnd.choice("0123456789٣٤/.-: ab\nاب1289") for _ in range(rnd.randint(0, 12)))
              for _ in range(5000)]
    for plain, need in pairs:
        for text in texts:
            assert (plain.search(text) is None) == (need.search(text) is None), (need.pattern, text)
