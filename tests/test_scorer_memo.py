"""The sentence scorer's memos give what a plain computation gives.  Sentences invented for these tests."""

from __future__ import annotations

import pytest

from marsad.learn import features
from marsad.learn.features import FeatureConfig, stem
from marsad.text.tokens import tokenize

SENTENCES = [
    "قصفت الطائرات الحربية بلدة الهجوم والهجوم، وقتل ثلاثة مدنيين في 12 غارة.",
    "تظاهر المئات أمام مبنى المحافظة، فيما فرقت الشرطة المتظاهرين بالقوة.",
    "Gunmen attacked a checkpoint, killing 4 soldiers near the town.",
    "هجوم هجوم هجوم",
]


def _plain_words_and_chars(text: str, config: FeatureConfig) -> tuple[list[str], list[str]]:
    words, chars, prev = [], [], None
    for tok in tokenize(text):
        if tok.kind == "punct":
            prev = None
            continue
        s = stem(tok)
        if tok.kind == "number":
            words.append("w:<num>")
        else:
            words += ["w:" + form for form, _s, _e in tok.variants]
            padded = f"<{s}>"
            chars += ["c:" + padded[i:i + n] for n in range(config.char_min, config.char_max + 1)
                      for i in range(len(padded) - n + 1)]
        if config.bigrams and prev is not None:
            words.append(f"b:{prev} {s}")
        prev = s
    return list(dict.fromkeys(words)), list(dict.fromkeys(chars))


@pytest.mark.parametrize("config", [FeatureConfig(), FeatureConfig(hash_bits=6, bigrams=False, char_max=4)])
def test_word_and_char_buckets_are_the_plain_names_hashed(config):
    mask = (1 << config.hash_bits) - 1
    for fresh in (True, False):  # names hashed now, then names from the memos
        if fresh:
            features._buckets.clear()
            features._token_caches.clear()
        for text in SENTENCES:
            words, chars = features._word_and_char_buckets(tokenize(text), config)
            plain_words, plain_chars = _plain_words_and_chars(text, config)
            assert list(words) == plain_words and list(chars) == plain_chars
            assert all(bucket == features._h(name, mask) for name, bucket in (words | chars).items())


def test_bucket_ids_hash_new_and_known_names_alike():
    features._buckets.clear()
    mask = (1 << 10) - 1
    assert features._bucket_ids(["w:a", "w:b"], 10) == [features._h("w:a", mask), features._h("w:b", mask)]
    names = ["w:b", "w:c", "w:a", "w:c"]  # known and new, one twice
    assert features._bucket_ids(names, 10) == [features._h(n, mask) for n in names]


def test_one_type_score_is_that_type_of_all_scores():
    from marsad.learn.scorer import default_model

    model = default_model()
    for text in SENTENCES:
        for etype in model.types:
            features._FEATURE_BLOCKS.clear()
            alone = model.score(text, etype)
            assert alone == model.scores(text)[etype]
            features._FEATURE_BLOCKS.clear()
            assert model.scores(text)[etype] == model.score(text, etype)
