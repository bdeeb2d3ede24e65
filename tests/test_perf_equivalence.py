"""The speed-ups keep results identical: each fast path is checked against the plain way it
replaced, on sentences written for these tests."""

import re
from pathlib import Path

import pytest

from marsad.clean import boilerplate
from marsad.document import Document
from marsad.extraction import dates, numbers
from marsad.extraction.quotes import _Doc
from marsad.text.intervals import Intervals
from marsad.text.normalize import normalize, normalize_with_map
from marsad.text.tokens import tokenize

TEXTS = [
    "قصفت الطائرات البلدة يوم الثلاثاء 12 آذار 2024 وقتل 5 مدنيين بينهم طفلان",
    "وقع الانفجار فجر الأربعاء الماضي الساعة 04:30 بالتوقيت المحلي في ريف المدينة",
    "أعلن الجيش في 3/11/2019 مقتل عشرات المسلحين وإصابة نحو 20 آخرين",
    "وصل الوفد في الخامس من شهر رمضان 1445 هـ إلى العاصمة",
    "منذ عام 2014 والمنطقة تشهد اشتباكات متقطعة، آخرها قبل ثلاثة أيام",
    "The convoy was hit on Tuesday, March 5, 2024 at 10 pm; three soldiers were killed",
    "Clashes erupted last week, two days ago and earlier this month",
    "تظاهر المئات مساء أمس للمطالبة بالإفراج عن 12 معتقلا، وخمسة وعشرين آخرين",
    "لا أرقام ولا تواريخ في هذه الجملة القصيرة",
    "",
]



def _indexed(text: str):
    """A tokenised document of `text` and its event-coding index."""
    from marsad.extraction.docindex import DocIndex

    doc = Document(id="t", raw="", text=text)
    doc.tokens = tokenize(text)
    return doc, DocIndex(doc)

def _plain_scan(norm):
    g = dates._grammar()
    return [(m.re.pattern, m.span()) for p, _h in g.patterns for m in p.finditer(norm)]


@pytest.mark.parametrize("text", TEXTS)
def test_date_prefilter_drops_no_match(text):
    g = dates._grammar()
    norm = normalize(text)
    assert [(m.re.pattern, m.span()) for m, _h in g.scan(norm)] == _plain_scan(norm)


def test_parts_of_a_scanned_text_scan_like_fresh_text():
    g = dates._grammar()
    whole = normalize("\n".join(TEXTS * 4))
    assert len(whole) >= 1000  # long enough to be remembered
    g.scan(whole)
    for piece in whole.split("\n") + [whole[5:400], whole[-300:]]:
        assert [(m.re.pattern, m.span()) for m, _h in g.scan(piece)] == _plain_scan(piece)


@pytest.mark.parametrize("text", TEXTS + ["", "am", "في الشهر الماضي", "12:30 pm", "1445 هـ"])
def test_date_needs_hold_where_their_pattern_finds_something(text):
    """A need looked for word by word answers as the regex of its words and patterns."""
    g = dates._grammar()
    norm = normalize(text)
    for need in {n for needs in g.needs for n in needs}:
        assert (need.search(norm) is not None) == (re.search(need.pattern, norm) is not None), need.pattern


def test_repeated_find_dates_gives_the_same_answer():
    text = TEXTS[0]
    first = dates.find_dates(text, None)
    assert first  # the sentence has dates
    assert dates.find_dates(text, None) == first
    assert [(m.start, m.end) for m in dates.find_dates(text, None)] == [(m.start, m.end) for m in first]


def _inverse_loop(offsets, n):
    """The inverse map the plain way: each original index takes the first normalised char at
    or after it."""
    inv = [n] * (offsets[-1] + 1)
    for i in range(n - 1, -1, -1):
        inv[offsets[i]] = i
    for k in range(len(inv) - 2, -1, -1):
        if inv[k] == n and offsets[-1] != k:
            inv[k] = inv[k + 1]
    return inv


def _inverse_plain(text):
    norm, offsets = normalize_with_map(text)
    return norm, offsets, _inverse_loop(offsets, len(norm))


def _listed(maps):
    """`numbers._maps` as lists: (norm, offsets, the inverse at every index)."""
    norm, offsets, inv = maps
    return norm, list(offsets), [inv[k] for k in range(offsets[-1] + 1)]


@pytest.mark.parametrize("text", ["قُتل ٥ جنود", "مـقـتل خمسة‏", "Straße 5 ß", "ـًـ", "", "ً a"])
def test_inverse_by_search_matches_the_loop(text):
    norm, offsets = normalize_with_map(text)
    inv = numbers._Inverse(offsets)
    assert [inv[k] for k in range(offsets[-1] + 1)] == _inverse_loop(offsets, len(norm))


@pytest.mark.parametrize("text", ["قُتل ٥ جنود", "قتل 5 جنود", "مـقـتل خمسة", "Straße 5", "x"])
def test_number_maps_match_the_general_inverse(text):
    assert _listed(numbers._maps(text)) == _inverse_plain(text)


def test_number_starters_cover_every_parsable_word():
    ctx = numbers._ctx()
    w = ctx.words
    words = set(w.units) | set(w.teen_units) | set(w.tens) | set(w.hundreds) | set(w.thousands) | set(w.millions)
    words |= set(w.duals) | set(w.en_small) | set(w.en_tens) | set(w.en_hundred) | set(w.en_thousand)
    words |= {"جنود", "قتلى", "the", "and", "و"}
    for word in words:
        text = f"{word} عشر"
        if ctx.parser.parse(numbers._Run(text, 0)) is not None:
            # The number is looked for at this word: it is one whole match of the word regex.
            found = ctx.number_words.match(text)
            assert found and found.end() == len(word), word


@pytest.mark.parametrize("text", ["12خمسة 1,250 و3", "x5 _5 5_ 1..2 1.2.3 ٫5 ৩5 5৩", "", "ثلاثة وخمسة ووخمسة"])
def test_number_begins_are_the_tokens_a_number_can_start_at(text):
    tokens = [(m.start(), m[0]) for m in numbers._TOKEN.finditer(text)]
    starters = numbers._ctx().parser.starters
    expected = [(a, t) for a, t in tokens if t[0].isdecimal() or t in starters
                or t[0] == "و" and len(t) > 2 and t[1:] in starters]
    found = sorted([(m.start(), m[0]) for m in numbers._DIGIT_TOKEN.finditer(text)]
                   + [(m.start(), m[0]) for m in numbers._ctx().number_words.finditer(text)])
    assert found == expected


def test_joined_chrome_regexes_decide_like_each_one():
    spec = {"patterns": [
        {"pattern": "تابع(وا)? اخبارنا.*", "examples": ["تابعوا اخبارنا على تويتر"]},
        {"pattern": r"(\d+ )?تعليقات?", "examples": ["3 تعليقات"]},
        {"pattern": "share (this|on) .{0,10}", "examples": ["share on x"]},
    ]}
    ctx = boilerplate._Ctx(Path("test.yaml"), "test")
    joined = boilerplate.RULE_KINDS["regex"](spec, ctx)
    singles = [boilerplate.RULE_KINDS["regex"]({"patterns": [p]}, ctx) for p in spec["patterns"]]
    for text in ["تابعوا اخبارنا على تويتر", "3 تعليقات", "تعليق", "share on x", "share this story now please",
                 "خبر عادي", "تابع اخبارنا", "SHARE ON X"]:
        line = boilerplate.Line(0, 0, len(text), text, boilerplate.fold(text), len(text.split()))
        assert joined(line) == any(s(line) for s in singles), text


def test_self_referencing_chrome_regexes_stay_apart():
    assert boilerplate._SELF_REFERENCE.search(r"(ا)\1")
    assert boilerplate._SELF_REFERENCE.search("(?P<x>ا)(?P=x)")
    assert not boilerplate._SELF_REFERENCE.search("(?i:abc) (ا|ب)+")


def test_quote_offsets_by_binary_search_match_the_scan():
    text = "قال المتحدث: «سنواصل العمليات». وأضاف أن الوضع هادئ.\n\nوقالت مصادر إن 3 قتلوا."
    doc = Document(id="t", raw=text, text=text)
    doc.tokens = tokenize(text)
    d = _Doc(doc)
    assert d._ends is not None and d._starts is not None
    for offset in range(-1, len(text) + 2):
        scan_tok = next((k for k, t in enumerate(d.tokens) if t.end > offset), len(d.tokens))
        assert d.token_index(offset) == scan_tok
        best = 0
        for k, (s, _e) in enumerate(d.sentences):
            if s > offset:
                break
            best = k
        assert d.sentence_index(offset) == best


def test_short_normalisation_is_cached_and_long_is_not_different():
    word = "أُسْرَى"
    assert normalize(word) == normalize(word) == "اسري"
    long = word * 40
    assert normalize(long) == "اسري" * 40
    assert re.fullmatch(r"(اسري)+", normalize(long))


# --- per-document memos: a second pass over the same text answers like a fresh one ---------

LONG = ("قُتل خمسة مدنيين وأُصيب 12 آخرون في قصف استهدف سوق البلدة صباح الخميس، "
        "فيما اعتقلت القوات ثلاثة أشخاص بينهم طفلان.\n\n") * 6


def test_numbers_of_a_text_are_remembered_without_sharing_the_list():
    numbers._RECENT.clear()
    first = numbers.find_numbers(LONG)
    assert first and first == numbers._find_numbers(LONG)
    first.clear()  # the caller's list is its own
    again = numbers.find_numbers(LONG)
    assert again == numbers._find_numbers(LONG)
    assert numbers.find_casualties(LONG, keep_all=True) == numbers._find_casualties(
        LONG, LONG, 0, True, numbers.load_casualty_cues())


def test_number_maps_of_a_long_text_are_remembered():
    numbers._RECENT_MAPS.clear()
    assert len(LONG) >= 256
    assert _listed(numbers._maps(LONG)) == _inverse_plain(LONG)
    assert _listed(numbers._maps(LONG)) == _inverse_plain(LONG)  # from the memo


def test_long_text_normal_form_is_remembered_and_its_map_not_shared():
    import importlib

    nz = importlib.import_module("marsad.text.normalize")
    nz._RECENT.clear()
    text = LONG + "ـــ"  # tatweel: the map is not the identity
    norm, offsets = nz.normalize_with_sparse_map(text)
    assert (norm, offsets) == nz._sparse_map(text) and offsets is not None
    offsets.clear()
    assert nz.normalize_with_sparse_map(text) == nz._sparse_map(text)
    assert normalize_with_map(text) == (normalize(text), nz._sparse_map(text)[1])


@pytest.mark.parametrize("text", [
    "ـ" + LONG, LONG + "ً", "مـــقتل" * 80, LONG.replace("ت", "تّ"), "ab\u200c" * 200, LONG])
def test_kept_offsets_answer_as_the_list(text):
    from bisect import bisect_left

    from marsad.text.normalize import KeptOffsets, normal_index, normalize_with_sparse_map

    assert len(text) >= 512  # read a whole text at a time
    norm, kept = normalize_with_sparse_map(text, copy=False)
    plain_norm, plain = normalize_with_map(text)
    assert norm == plain_norm
    if kept is None:
        assert plain == list(range(len(text) + 1))
        return
    assert isinstance(kept, KeptOffsets)
    assert len(kept) == len(plain) and [kept[i] for i in range(len(kept))] == plain == kept.tolist()
    assert kept[-1] == plain[-1] and kept[-len(plain)] == plain[0]
    with pytest.raises(IndexError):
        kept[len(plain)]
    assert [normal_index(kept, k) for k in range(len(text) + 1)] == \
        [bisect_left(plain, k) for k in range(len(text) + 1)]


def test_role_matches_follow_the_tokens_they_were_found_in():
    from marsad.kb import persons

    a = Document(id="a", raw="", text="وقال المتحدث باسم الجيش إن القصف مستمر")
    b = Document(id="b", raw="", text="وأعلن وزير الداخلية أن الطريق مغلق")
    for doc in (a, b, a):
        doc.tokens = tokenize(doc.text)  # a fresh token list each time: never a stale answer
        data = persons.load_roles()
        got = persons._role_matches(data, doc.tokens, doc.text)
        assert [(m.start, m.end) for m in got] == [(m.start, m.end) for m in data.matcher.find(doc.tokens, doc.text)]
        assert persons._role_matches(data, doc.tokens, doc.text) is got


def test_doc_index_token_sets_match_a_plain_scan():
    from marsad.extraction.docindex import DocIndex, forms_of
    from marsad.extraction.events import CLAUSE_JOINERS

    text = "قصفت الطائرات البلدة فيما اندلعت اشتباكات في المدينة، بينما تظاهر السكان وفيما بعد هدأ الوضع"
    doc, ix = _indexed(text)
    plain = [i for i, t in enumerate(doc.tokens) if {f for f, _s, _e in t.variants} & CLAUSE_JOINERS]
    assert ix.tokens_with(CLAUSE_JOINERS) == plain and len(plain) >= 2
    assert ix.tokens_with(CLAUSE_JOINERS) is ix.tokens_with(CLAUSE_JOINERS)
    lo, hi = ix.token_range(5, 40)
    forms = ix.forms_in(5, 40)
    assert forms == {f for t in doc.tokens[lo:hi] for f, _s, _e in t.variants}
    assert isinstance(forms, frozenset) and ix.forms_in(5, 40) is forms  # kept, and nobody can change it
    for tok in doc.tokens:
        assert forms_of(tok) == {f for f, _s, _e in tok.variants}
    again = tokenize("وبينما " + text)  # the same surfaces at other offsets: the same forms
    assert [forms_of(t) for t in again[1:]] == [forms_of(t) for t in doc.tokens]
    for offset in range(0, len(text) + 1, 7):
        for n in (1, 2, 4):
            words = [t for t in doc.tokens if t.end <= offset and t.kind != "punct"][-n:]
            assert list(ix.words_before(offset, n)) == words
            assert ix.prev_keys(offset, n) == {f for t in words for f, _s, _e in t.variants}
            assert ix.words_before(offset, n) is ix.words_before(offset, n)


def test_clause_cuts_match_the_plain_rule():
    from marsad.document import Sentence
    from marsad.extraction.events import CLAUSE_JOINERS, _clauses

    text = "فيما قصفت الطائرات البلدة، اندلعت اشتباكات فيما تظاهر السكان بينما هدأ الوضع"
    doc, ix = _indexed(text)
    for start, end in ((0, len(text)), (5, len(text)), (0, 30)):
        sentence = Sentence(start, end, text[start:end])
        lo, hi = ix.token_range(start, end)
        cuts = [doc.tokens[i].start for i in range(lo + 1, hi)
                if {f for f, _s, _e in doc.tokens[i].variants} & CLAUSE_JOINERS]
        bounds = [start, *cuts, end]
        assert [(c.start, c.end) for c in _clauses(ix, sentence)] == [
            (a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def test_sentence_casualties_by_bisection_are_the_plain_filter():
    from marsad.document import Sentence
    from marsad.extraction import arguments

    text = ("قتل ثلاثة مدنيين وأصيب خمسة آخرون في قصف على البلدة. واعتقلت القوات 12 شخصا بينهم طفلان. "
            "وقالت مصادر إن جنديين قتلا، فيما جرح 4 من عناصر الأمن في هجوم آخر. ولم تسجل إصابات.")
    doc, ix = _indexed(text)
    everything = arguments._document_casualties(ix)
    assert len(everything) >= 3
    bounds = [0, *[i + 1 for i, ch in enumerate(text) if ch == "."], len(text)]
    spans = list(zip(bounds, bounds[1:])) + [(0, len(text)), (5, 60), (40, 41)]
    for start, end in spans:
        sentence = Sentence(start, end, text[start:end])
        plain = [c for c in everything if start <= c.number.start < end]
        assert arguments._casualties_in(ix, sentence) == plain


def test_remembered_feature_buckets_hash_like_crc():
    import math

    from marsad.learn import features

    features._buckets.clear()
    config = features.FeatureConfig()
    mask = (1 << config.hash_bits) - 1
    text = "شنت طائرات حربية غارات على مواقع المسلحين وقتل ثلاثة منهم"
    expected: dict[int, float] = {}
    for block, names in features.feature_names(text, config).items():
        for name in names:
            idx = features._h(name, mask)
            expected[idx] = expected.get(idx, 0.0) + 1.0 / math.sqrt(len(names))
    assert features.featurize(text, config) == expected
    assert features.featurize(text, config) == expected  # buckets from the memo


def _plain_grammar(monkeypatch):
    monkeypatch.setattr(dates, "_alt", dates._alt_plain)
    plain = dates._Grammar()
    monkeypatch.undo()
    return plain


def test_trie_alternations_match_like_plain_ones(monkeypatch):
    plain, trie = _plain_grammar(monkeypatch), dates._grammar()
    assert [p.pattern for p, _h in plain.patterns] != [p.pattern for p, _h in trie.patterns]
    extra = ["يوم الاحد الماضي وليلة الاثنين وفجر اليوم", "منذ يومين وقبل ثلاثة ايام والاسبوع الماضي",
             "in early March, last Sunday night and the day before yesterday", "الاحدث والاثنينات"]
    for text in TEXTS + extra:
        norm = normalize(text)
        for (p, _h), (q, _h2) in zip(plain.patterns, trie.patterns):
            assert [(m.span(), m.groupdict()) for m in p.finditer(norm)] == [
                (m.span(), m.groupdict()) for m in q.finditer(norm)], (p.pattern[:80], text)


@pytest.mark.parametrize("forms", [["الاحد", "الاثنين", "احد"], ["يوم الاحد", "يوم", "يوم الاثنين", ""],
                                   ["a b", "a bc", "ab", "a"], ["x"]])
def test_trie_alternation_prefers_the_longest_phrase(forms):
    plain, trie = re.compile(dates._alt_plain(forms)), re.compile(dates._alt(forms))
    for text in ["يوم الاحد", "يوم  الاثنين", "الاحد", "احدث", "a bc", "a  b", "ab", "a", "x", "", "يوم"]:
        assert [m.span() for m in plain.finditer(text)] == [m.span() for m in trie.finditer(text)]


@pytest.mark.parametrize("text", TEXTS + ["وأمس قصفت الطائرات", "ف٣ آذار 2020 وفي يوم ١٢ مارس", "\nأمس", "و", "ووأمس"])
def test_word_start_scan_finds_what_finditer_finds(text):
    g = dates._grammar()
    assert any(g.starts)  # most date patterns are tried at word starts only
    for piece in (text, text[1:], text[2:]):
        norm = normalize(piece)
        g._absent.clear()
        got = [(m.re.pattern, m.span(), m.groupdict()) for m, _h in g.scan(norm)]
        want = [(p.pattern, m.span(), m.groupdict()) for p, _h in g.patterns for m in p.finditer(norm)]
        assert got == want


def test_first_characters_of_a_pattern():
    assert dates._first_chars(r"(?<!\w)(?:ab|c)d", 32) == frozenset("ac")
    assert dates._first_chars(r"(?:x\s+)?y", 32) == frozenset("xy")
    assert dates._first_chars(r"\w+", 32) is None  # any word character: not known
    assert dates._first_chars(r"a?", 32) is None  # can match nothing
    assert dates._first_chars(r"abc", re.IGNORECASE) is None


def test_since_window_agrees_with_the_whole_prefix_search():
    texts = ["منذ 12 مارس", "ومنذ  شهر \n مارس 2020", "xمنذ مارس", "since March", "منذ\nشهر\n", "قبل منذشهر مارس",
             "  منذ   ", "شهر مارس", "وقع منذ عام 2014 هجوم", "since  \n"]
    for text in texts:
        for a in range(len(text) + 1):
            assert dates._since_before(text, a) == bool(dates._SINCE_BEFORE.search(text, 0, a)), (text, a)


def test_feature_blocks_kept_for_the_last_text_equal_fresh_ones():
    from marsad.learn import features
    from marsad.learn.features import FeatureConfig, feature_names

    plain, with_cues = FeatureConfig(), FeatureConfig(cues=True, char_weight=0.5)
    texts = ["تظاهر مئات الطلاب أمام مبنى الجامعة مطالبين بإطلاق سراح زملائهم",
             "قصفت طائرات حربية مواقع للمسلحين شرقي المدينة فجر اليوم"]
    seen = [(t, c, feature_names(t, c)) for t in texts for c in (plain, with_cues, plain)]
    for text, config, names in seen:
        features._FEATURE_BLOCKS.clear()
        assert feature_names(text, config) == names
    names = feature_names(texts[0], plain)
    names["word"].append("changed")
    assert "changed" not in feature_names(texts[0], plain)["word"]


def _fresh_features(sentence, config):
    from marsad.learn import features

    features._FEATURE_BLOCKS.clear()
    return features.featurize(sentence, config)


def test_scorer_features_from_document_tokens_match_a_fresh_tokenisation():
    from marsad.learn import features
    from marsad.learn.scorer import default_model
    from marsad.text.sentences import split_sentences

    text = "\n".join(TEXTS) + "\nهل قصفت المدفعية الحي؟ تظاهر العشرات أمام المبنى. قتل جندي وأصيب آخر."
    tokens = tokenize(text)
    configs = {default_model().features, *default_model().type_features.values()}
    assert len(configs) >= 1
    checked = 0
    for start, end in split_sentences(text):
        sentence = text[start:end]
        inside = [t for t in tokens if start <= t.start and t.end <= end]
        for config in configs:
            plain = _fresh_features(sentence, config)
            features.know_tokens(sentence, inside, text)
            try:
                lent = _fresh_features(sentence, config)
            finally:
                features.forget_tokens()
            assert list(lent.items()) == list(plain.items())  # same buckets, values and order
            checked += 1
    assert checked >= 10


def test_leading_strings_read_from_the_parsed_pattern():
    assert dates._leading_strings(r"(?<!\w)(?:abc|de)f", 32) == frozenset({"abc", "def"})
    assert dates._leading_strings(r"(?:x\s+)?\d\dh", 32) == frozenset({"x\x01\x01", "x\x01\x00", "\x00\x00h"})
    assert dates._leading_strings(r"ab", 32) is None  # a match can be shorter than three
    assert dates._leading_strings(r"a.cd", 32) is None  # any character: not known
    assert dates._leading_strings(r"abc", re.IGNORECASE) is None


@pytest.mark.parametrize("text", TEXTS + [LONG])
def test_word_start_matches_are_finditer(text):
    norm = normalize(text)
    ctx, pats = numbers._ctx(), numbers._casualty_patterns()
    for pattern in (ctx.vague, pats.singular, pats.cumulative, numbers._cue_pattern()):
        fast = [(m.span(), m.groupdict()) for m in dates.word_start_matches(pattern, norm)]
        assert fast == [(m.span(), m.groupdict()) for m in pattern.finditer(norm)]


@pytest.mark.parametrize("idxs", [[], [3], [1, 2, 3], [2, 2], [5, 1, 5, 5, 5, 7, 1], [9, 4, 9]])
@pytest.mark.parametrize("start", [{}, {4: 0.1, 9: 0.7}, {1: 1e-17}])
def test_feature_accumulation_matches_the_loop(idxs, start):
    from marsad.learn import features

    value = 0.1 / 3 ** 0.5  # not a power of two: sums round
    plain = dict(start)
    for i in idxs:
        plain[i] = plain.get(i, 0.0) + value
    fast = dict(start)
    features._accumulate(fast, idxs, value)
    assert list(fast.items()) == list(plain.items())


def _kb_style_matcher(fold_article=False):
    from marsad.kb.matcher import Matcher

    m = Matcher(fold_article=fold_article)
    for name, payload in [("دير", "village"), ("دير الزور", "city"), ("ريف دير الزور", "countryside"),
                          ("الزور", "other"), ("حلب", "aleppo"), ("ريف حلب الشمالي", "north"), ("ريف", "word"),
                          ("جيش", "army-word"), ("الجيش", "army-def"), ("الجيش السوري", "army"), ("جيش الإسلام", "jaish"),
                          ("Deir ez-Zor", "city-en"), ("ez", "short"), ("إطلاق عملية", "op"), ("عملية", "op-word")]:
        m.add(name, payload)
    return m


MATCHER_TEXTS = [
    "وصل الجيش السوري إلى ريف دير الزور الشرقي بعد معارك مع جيش الإسلام قرب دير حافر",
    "وبدير الزور وفي ريف حلب الشمالي، دير\nالزور ليست اسماً واحداً هنا",
    "Fighting near Deir ez-Zor and Deir ez - Zor; ez alone",
    "أعلن الجيش إطلاق العملية العسكرية وإطلاق عملية ثانية في حلب حلب ريف",
    "",
]


def _plain_find(m, tokens, text):
    """The selection `Matcher.find` replaced: sort every candidate, longest then earliest."""
    candidates = sorted(m.find_all(tokens, text), key=lambda c: (c.first_token - c.last_token, c.start - c.end, c.start))
    taken, chosen = set(), []
    for c in candidates:
        span = set(range(c.first_token, c.last_token))
        if not span & taken:
            taken |= span
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


@pytest.mark.parametrize("fold", [False, True])
@pytest.mark.parametrize("text", MATCHER_TEXTS)
def test_matcher_find_agrees_with_sorting_every_candidate(text, fold):
    m = _kb_style_matcher(fold)
    tokens = tokenize(text)
    assert m.find(tokens, text) == _plain_find(m, tokens, text)


def test_matcher_memo_answers_like_a_fresh_matcher_and_forgets_on_add():
    text = MATCHER_TEXTS[0]
    tokens = tokenize(text)
    warm = _kb_style_matcher()
    for t in MATCHER_TEXTS:
        warm.find(tokenize(t), t)
    assert warm.find(tokens, text) == _kb_style_matcher().find(tokens, text)
    warm.add("حافر", "hafir")
    warm.add("دير حافر", "deir-hafir")
    fresh = _kb_style_matcher()
    fresh.add("حافر", "hafir")
    fresh.add("دير حافر", "deir-hafir")
    found = warm.find(tokens, text)
    assert found == fresh.find(tokens, text)
    assert "دير حافر" in [text[x.start:x.end] for x in found]


def _found(base, matches):
    return [(m.start, m.end, base + m.first_token, base + m.last_token, m.key, m.payloads) for m in matches]


@pytest.mark.parametrize("fold", [False, True])
def test_matches_of_a_sealed_slice_are_the_documents_inside_it(fold):

    text = ("وصل الجيش السوري إلى ريف دير الزور. ثم جيش الإسلام قرب دير حافر، ريف حلب الشمالي\n"
            "دير الزور - حلب؛ وإطلاق عملية في ريف دير الزور الشرقي")
    doc, ix = _indexed(text)
    m = _kb_style_matcher(fold)
    sealed = unsealed = 0
    for lo in range(len(doc.tokens)):
        for hi in range(lo + 1, len(doc.tokens) + 1):
            plain = _found(lo, m.find(doc.tokens[lo:hi], text))
            assert _found(*ix.matches(m, lo, hi)) == plain, (lo, hi)
            sealed += ix.sealed(lo, hi)
            unsealed += not ix.sealed(lo, hi)
    assert sealed >= 20 and unsealed >= 20
    # A slice cut inside a name ("ريف دير | الزور") is not sealed: its own matches differ.
    cut = next(i for i, t in enumerate(doc.tokens) if t.text == "الزور")
    assert not ix.sealed(0, cut)


def test_feature_arrays_are_featurize_in_order():
    from marsad.learn import features
    from marsad.learn.features import FeatureConfig, feature_arrays, featurize

    texts = ["تظاهر مئات الطلاب أمام مبنى الجامعة مطالبين بإطلاق سراح زملائهم",
             "قصفت طائرات حربية مواقع للمسلحين شرقي المدينة فجر اليوم", "المتظاهرون"]
    # 6 bits: cue buckets often land on word ones, the dict's own order then decides.
    configs = [FeatureConfig(), FeatureConfig(cues=True), FeatureConfig(cues=True, hash_bits=6, cue_weight=0.5)]
    for text in texts:
        for config in configs * 2:
            features._FEATURE_BLOCKS.clear()
            row = featurize(text, config)
            idx, val = feature_arrays(text, config)
            assert list(zip(idx.tolist(), val.tolist())) == list(row.items())
            idx, val = feature_arrays(text, config)  # from the kept arrays
            assert list(zip(idx.tolist(), val.tolist())) == list(row.items())


def test_scorer_rules_from_the_documents_matches_match_fresh_ones():
    from marsad.document import Sentence
    from marsad.extraction.events import _lend_tokens
    from marsad.extraction.triggers import find_triggers
    from marsad.learn import features
    from marsad.learn.scorer import default_model
    from marsad.text.sentences import split_sentences

    text = ("قصفت الطائرات الحربية بلدة في الريف الشرقي وقتل ثلاثة مدنيين. نفى الجيش تنفيذ الغارة على البلدة.\n"
            "تظاهر المئات أمام مبنى المحافظة احتجاجا على اعتقال ناشطين، فيما هددت الشرطة بتفريق الاعتصام بالقوة.\n"
            "لو قصفت المدفعية الحي لقتل العشرات؟ وأعلنت الحركة مسؤوليتها عن الهجوم المسلح على الحاجز.")
    doc, ix = _indexed(text)
    triggers = find_triggers(doc.tokens, text)
    configs = {default_model().features, *default_model().type_features.values()}
    lent = 0
    for start, end in split_sentences(text):
        sentence = Sentence(start, end, text[start:end])
        plain = {config: list(_fresh_features(sentence.text, config).items()) for config in configs}
        _lend_tokens(ix, sentence, [t for t in triggers if start <= t.start < end])
        try:
            lent += features._KNOWN_TOKENS[sentence.text][2] is not None
            for config in configs:
                assert list(_fresh_features(sentence.text, config).items()) == plain[config]
        finally:
            features.forget_tokens()
    assert lent >= 4


def test_words_after_force_nouns_match_the_plain_scan():
    from marsad.extraction.arguments import _after_force_nouns, _agent_force_noun

    text = ("قصفت طائرات روسية وطائرة مسيرة تركية مواقع على القوات الأمريكية، ثم دبابات الجيش "
            "ومدفعية ثقيلة وقوات القوات الخاصة طيران")
    doc, ix = _indexed(text)
    n = len(doc.tokens)
    for lo, hi in ((0, n), (2, n), (0, n - 1), (3, 9), (5, 6)):
        toks = doc.tokens[lo:hi]
        plain = [t for i, t in enumerate(toks) if i and (
            _agent_force_noun(ix, toks[i - 1]) or i > 1 and _agent_force_noun(ix, toks[i - 2]))]
        assert _after_force_nouns(ix, lo, hi) == plain
    assert len(_after_force_nouns(ix, 0, n)) >= 5


def test_interval_questions_by_bisection_match_the_plain_scan():
    import random

    rng = random.Random(5)
    for _ in range(300):
        spans = [(s, s + rng.randint(0, 8)) for s in (rng.randint(0, 60) for _ in range(rng.randint(0, 8)))]
        index = Intervals((s, e, i) for i, (s, e) in enumerate(spans))
        for a in range(0, 70, 3):
            b = a + rng.randint(0, 6)
            plain = [i for i, (s, e) in enumerate(spans) if a < e and b > s]
            assert sorted(index.overlapping(a, b)) == plain, (spans, a, b)
            assert index.overlaps(a, b) == bool(plain)
            ends = [e for _s, e in spans if e <= a]
            assert index.last_end_by(a) == (max(ends) if ends else None)


def test_doc_index_spans_in_matches_a_plain_filter():
    from marsad.document import Span
    from marsad.extraction.docindex import DocIndex

    doc = Document(id="t", raw="")
    doc.text = "x" * 200
    doc.spans = [Span("LOC", s, s + n, "x" * n, {}) for s, n in ((5, 3), (5, 9), (20, 4), (22, 30), (90, 2), (150, 10))]
    index = DocIndex(doc)
    for start in range(0, 200, 7):
        for end in range(start, 200, 11):
            plain = [s for s in sorted(doc.spans, key=lambda s: (s.start, s.end)) if start <= s.start and s.end <= end]
            assert index.spans_in("LOC", start, end) == plain


@pytest.mark.parametrize("text", TEXTS + ["", "و", "ف ب", "a\x00b\x01 ٣\u2003c", "x😀 وفي 𝟏𝟐 يوم", "\u00a0\u0661٢ فل"])
def test_packed_word_starts_are_the_plain_ones(text):
    """Word starts and their leads from the code-point tables, against the regex reading."""
    norm = normalize(text)
    folded = dates._class_fold(norm)
    plain = [0] + [m.end() for m in re.finditer(r"\W", norm)]
    plain = [p for p in plain if p < len(norm)]
    plain += [p + 1 for p in plain if norm[p] in dates._PROCLITIC_STARTS and p + 1 < len(norm)]
    starts = dates._WordStarts(norm)
    assert starts.positions.tolist() == sorted(plain)
    assert starts.keys.tolist() == [dates._pack(folded[p:p + dates._LEAD]) for p in sorted(plain)]
    leads = frozenset(folded[p:p + dates._LEAD] for p in plain[::2] if len(norm) - p >= dates._LEAD)
    want = sorted(p for p in plain if folded[p:p + dates._LEAD] in leads)
    assert starts.leading(dates._packed(leads)) == want
    first = frozenset("وي5 ")
    assert set(starts.beginning(dates._first_codes(first))) == {
        p for p in plain if folded[p] in first or folded[p] in "\x00\x02" or folded[p] == "\x01"}


def test_leads_of_a_pattern_met_later_are_found_in_a_text_read_before():
    """A text's word starts are looked up once in the leads of every pattern seen so far; a
    pattern whose leads come in afterwards is answered all the same."""
    norm = normalize(TEXTS[0] + " " + TEXTS[7])
    folded = dates._class_fold(norm)
    starts = dates._WordStarts(norm)
    plain = starts.positions.tolist()

    def want(leads):
        return [p for p in plain if folded[p:p + dates._LEAD] in leads]

    first = frozenset(folded[p:p + dates._LEAD] for p in plain[:4] if len(norm) - p >= dates._LEAD)
    assert starts.leading(dates._packed(first)) == want(first)
    # leads no pattern had: the union grows after the text was read
    later = frozenset(folded[p:p + dates._LEAD] for p in plain[-5:] if len(norm) - p >= dates._LEAD) | {"zzq"}
    assert starts.leading(dates._packed(later)) == want(later)
    assert starts.leading(dates._packed(first)) == want(first)
    assert starts.leading(dates._packed(frozenset({"qqq"}))) == []


def _plain_split_lines(raw):
    """`split_lines` as it was: edge spaces by regex, every line normalised and its spaces
    substituted on its own."""
    edge = re.compile(r"^[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+|[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+$")
    spaces = re.compile(r"[\s\u200b-\u200f\ufeff]+")
    lines, pos = [], 0
    bounds = [(m.start(), m.end()) for m in re.finditer(r"\r\n|\r|\n", raw)] + [(len(raw), len(raw))]
    for i, (stop, nxt) in enumerate(bounds):
        seg = raw[pos:stop]
        lead = edge.match(seg)
        a = pos + (lead.end() if lead else 0)
        trail = edge.search(raw[a:stop]) if a < stop else None
        b = max(a, a + trail.start() if trail else stop)
        text = raw[a:b]
        folded = spaces.sub(" ", normalize(text)).strip(boilerplate._EDGE_PUNCT)
        lines.append((i, a, b, text, folded, len(text.split())))
        pos = nxt
    return lines


@pytest.mark.parametrize("raw", [
    "", "\n", "  \r\n\t", "عنوان الخبر\n\n  قال المتحدثُ إنّ الوضعَ هادئ.  \r\nآخر تحديث: 10:30",
    "\u200b\u200fسطر بعلامات خفية\u200e \ufeff\n« اقرأ أيضاً » :\n\u00a0\u2003Straße GROSS  ﬁne\u3000",
    "x\u200bـy  \u202a\u2066مرحبا\u2069\u202c\x0b\x0cz\r\rend 𝟏𝟐 😀 ٣٤",
    "كلمة" * 40 + " ، " + "ًٌٍ" * 30 + "\n" + "-" * 80 + "\n" + "سطر " * 30,
])
def test_lines_normalised_with_the_page_match_each_line_normalised(raw):
    got = [(ln.index, ln.start, ln.end, ln.text, ln.folded, ln.words) for ln in boilerplate.split_lines(raw)]
    assert got == _plain_split_lines(raw)
    for text in ("  ،« Straße\u200b  x »  ", "\ufeff", "أ\u200b\u200bب", ""):
        assert boilerplate.fold(text) == re.sub(r"[\s\u200b-\u200f\ufeff]+", " ", normalize(text)).strip(
            boilerplate._EDGE_PUNCT)


def _plain_sparse_map(s):
    """Normal form and map one character at a time: every character's normal form in turn."""
    from marsad.text.normalize import _TABLE

    norm, offsets = [], []
    for i, c in enumerate(s):
        t = c.translate(_TABLE)
        piece = t if t.isascii() else t.casefold()
        norm.append(piece)
        offsets += [i] * len(piece)
    norm = "".join(norm)
    return norm, (None if offsets == list(range(len(s))) else offsets + [len(s)])


@pytest.mark.parametrize("seed", range(6))
def test_array_normalisation_matches_the_character_by_character_one(seed):
    import importlib
    import random

    nz = importlib.import_module("marsad.text.normalize")
    rnd = random.Random(seed)
    pool = list("قال المتحدث إنّ أُسرى ـ «٣» ABC abc ی ک ؟،") + ["\u200c", "\u064b", "\u0670", "\u00df", "\u0130",
                                                                 "\ufb01", "\U0001d7cf", "\ud800", "\x00", "Σ"]
    for n in (nz._ARRAY_FROM - 1, nz._ARRAY_FROM, 3 * nz._ARRAY_FROM):
        for rare in (0.0, 0.01, 0.2):
            common = [c for c in pool if ord(c) < 0x600 or "\u0600" <= c <= "\u06ff"]
            s = "".join(rnd.choice(pool) if rnd.random() < rare else rnd.choice(common) for _ in range(n))
            assert nz._sparse_map(s) == _plain_sparse_map(s)
            assert nz._fold(s) == _plain_sparse_map(s)[0]


def test_chrome_patterns_led_by_any_text_are_searched_at_the_line_end_alike():
    spec = {"patterns": [
        {"pattern": ".*(حقوق محفوظه|كوكيز).*", "examples": ["جميع الحقوق محفوظة"]},
        {"pattern": r".*\bcookies?\b.*\b(use|agree)\b.*", "examples": ["cookies we use"]},
        {"pattern": ".*a|b", "examples": ["xa", "b"]},
        {"pattern": ".*?x", "examples": ["yx"]},
        {"pattern": "(©|copyright).*", "examples": ["© 2024"]},
    ]}
    ctx = boilerplate._Ctx(Path("test.yaml"), "test")
    fast = boilerplate.RULE_KINDS["regex"](spec, ctx)
    plain = [re.compile(e["pattern"].translate(boilerplate._PATTERN_FOLD), re.IGNORECASE) for e in spec["patterns"]]
    assert boilerplate._tail_form(plain[0]) and boilerplate._tail_form(plain[1])
    assert boilerplate._tail_form(plain[2]) is None and boilerplate._tail_form(plain[3]) is None
    for text in ["جميع الحقوق محفوظة 2024", "الحقوق", "We use cookies here", "cookies we agree", "cookie-free",
                 "xa", "xab", "b", "bb", "yx", "yxz", "© 2024", "Copyright", "a", "", "COOKIES? We AGREE."]:
        folded = boilerplate.fold(text)
        line = boilerplate.Line(0, 0, len(text), text, folded, len(text.split()))
        assert fast(line) == any(rx.fullmatch(folded) for rx in plain), text


def test_article_and_hyphen_before_a_number_read_off_the_end_as_the_regexes_find_them():
    import random

    rnd = random.Random(11)
    pieces = ["ال", "ا", "ل", "-", " ", "\n", "\t", "\u00a0", "x", "_", "3", "²", "ـ", "\u064b", "\U00010400", "وال", "F-"]
    windows = ["ال", "ال ", "xال", "_ال", "3ال", " ال\n", "a-", "a- \n", "-", "²-", "_-", "\U00010400-", ""]
    windows += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) for _ in range(20000)]
    for w in windows:
        assert numbers._article_before(w) == bool(numbers._ARTICLE_BEFORE.search(w)), w
        assert numbers._hyphen_before(w) == bool(numbers._HYPHEN_BEFORE.search(w)), w


def test_word_start_read_past_the_first_character_finds_what_the_leading_form_finds():
    """`_alt(..., after_first=_B_PAST_FIRST)` against the pattern led by `_B`, searched through
    windows as the qualifier and name-noun look-behinds are."""
    import random

    rnd = random.Random(13)
    words = ["نحو", "حوالي", "ما يقارب", "اكثر من", "about", "more than", "وزير", "طائرة", "ف", "نح"]
    pieces = words + ["ال", "و", "ف", "x", "3", "_", " ", "\n", "\U00010400", "ـ"]
    texts = ["نحو", "ونحو ال ", "فنحو", "xنحو", "3نحو", "ما  يقارب", "more than ال", "ونح", "نحو طفلين ", ""]
    texts += ["".join(rnd.choice(pieces) + rnd.choice(["", " "]) for _ in range(rnd.randint(0, 7))) for _ in range(4000)]
    for tail in (r"(?:\s*ال)?\s*$", r"\s*(?:\w+\s+)?$"):  # (the qualifiers', the subset markers')
        plain = re.compile(rf"{numbers._B}(?P<q>{numbers._alt(words)}){tail}")
        moved = re.compile(rf"(?P<q>{numbers._alt(words, numbers._B_PAST_FIRST)}){tail}")
        for text in texts:
            for pos in range(0, min(len(text), 4) + 1):
                a, b = plain.search(text, pos), moved.search(text, pos)
                assert (a and (a.span(), a.span("q"))) == (b and (b.span(), b.span("q"))), (text, pos)
    with pytest.raises(ValueError):
        numbers._alt(["", "نحو"], numbers._B_PAST_FIRST)
