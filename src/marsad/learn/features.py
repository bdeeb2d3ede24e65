"""Sparse hashed features of one sentence for the learned event scorer.

Arabic attaches conjunctions, prepositions and the article to the word, so the same word
shows up as هجوم, والهجوم, بالهجوم.  Features are therefore built from the clitic-aware
tokens of `marsad.text.tokens`: every segmentation variant of a word is a unigram, and
bigrams and character n-grams use the word's *stem* (its most stripped proclitic-free
variant), so a prefix never creates a new feature.  Rule features come from the trigger
and status-cue matchers of `marsad.extraction.triggers`, which carry the project's lexicons.

Feature names are hashed with CRC-32 (stable across processes, unlike `hash`) into
`2**hash_bits` buckets.  Each block (words, chars, rules) is scaled to unit L2 norm, so a
long sentence does not outvote a short one and the char block does not drown the words.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import asdict, dataclass

from ..text.tokens import Token, tokenize

__all__ = ["FeatureConfig", "featurize", "feature_names", "stem"]

# Tokens whose surface is a digit string all map to one word, so the count itself is no feature.
NUMBER = "<num>"
_CACHE_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    hash_bits: int = 18
    char_min: int = 3
    char_max: int = 5
    bigrams: bool = True
    rules: bool = True
    kb: bool = False
    # Relative weight of each block after its unit-norm scaling.
    word_weight: float = 1.0
    char_weight: float = 1.0
    rule_weight: float = 1.0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> FeatureConfig:
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown feature config key(s): {', '.join(sorted(unknown))}")
        return cls(**data)


def stem(token: Token) -> str:
    """The token's last proclitic-only variant (whole-word end kept): والهجوم → هجوم."""
    if token.kind == "number":
        return NUMBER
    best = token.variants[0]
    for form, start, end in token.variants[1:]:
        if end == token.end and start > best[1]:
            best = (form, start, end)
    return best[0]


# mask -> feature name -> bucket: the same words, n-grams and rules come back sentence after sentence.
_buckets: dict[int, dict[str, int]] = {}
_BUCKET_LIMIT = 200_000


def _h(name: str, mask: int) -> int:
    return zlib.crc32(name.encode("utf-8")) & mask


# (surface, config key) -> (unigram names, stem, char n-gram names); tokenisation is
# deterministic per surface, so a word's names are computed once per process.
_token_cache: dict[tuple[str, int, int], tuple[tuple[str, ...], str, tuple[str, ...]]] = {}


def _token_names(token: Token, cmin: int, cmax: int) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    key = (token.text, cmin, cmax)
    hit = _token_cache.get(key)
    if hit is not None:
        return hit
    s = stem(token)
    if token.kind == "number":
        uni: tuple[str, ...] = ("w:" + NUMBER,)
        chars: tuple[str, ...] = ()
    else:
        uni = tuple(dict.fromkeys("w:" + form for form, _s, _e in token.variants))
        padded = f"<{s}>"
        chars = tuple(dict.fromkeys(
            "c:" + padded[i:i + n] for n in range(cmin, cmax + 1) for i in range(len(padded) - n + 1)))
    if len(_token_cache) > _CACHE_LIMIT:
        _token_cache.clear()
    _token_cache[key] = (uni, s, chars)
    return uni, s, chars


def _rule_names(tokens: list[Token], text: str, config: FeatureConfig) -> list[str]:
    from ..extraction.triggers import event_types, find_triggers, load_status_cues

    names: list[str] = []
    types = event_types()
    per_plover: dict[str, int] = {}
    for m in find_triggers(tokens, text):
        d = m.definition
        plover = types[d.type].plover_type
        names += [f"r:t:{d.type}", f"r:t:{d.type}:{d.strength}", f"r:p:{plover}", f"r:p:{plover}:{d.strength}"]
        per_plover[plover] = per_plover.get(plover, 0) + 1
    for plover, n in per_plover.items():
        names.append(f"r:p:{plover}:n{min(n, 3)}")
    if not per_plover:
        names.append("r:none")
    for m in load_status_cues().find(tokens, text):
        names.append(f"r:cue:{m.payloads[0].kind}")
    if text.rstrip().endswith(("?", "؟")):
        names.append("r:question")
    if config.kb:
        from ..kb.entities import load_kb

        for m in load_kb().matcher.find(tokens, text):
            names += [f"r:kb:{kind}" for kind, _ref in m.payloads[:1]]
    return list(dict.fromkeys(names))


def feature_names(text: str, config: FeatureConfig = FeatureConfig()) -> dict[str, list[str]]:
    """The unhashed feature names of `text` by block ("word", "char", "rule")."""
    tokens = tokenize(text)
    words: list[str] = []
    chars: list[str] = []
    prev: str | None = None
    for tok in tokens:
        if tok.kind == "punct":
            prev = None  # a bigram does not run across punctuation
            continue
        uni, s, ch = _token_names(tok, config.char_min, config.char_max)
        words.extend(uni)
        chars.extend(ch)
        if config.bigrams and prev is not None:
            words.append(f"b:{prev} {s}")
        prev = s
    rules = _rule_names(tokens, text, config) if config.rules else []
    return {"word": list(dict.fromkeys(words)), "char": list(dict.fromkeys(chars)), "rule": rules}


def featurize(text: str, config: FeatureConfig = FeatureConfig()) -> dict[int, float]:
    """Hashed, block-normalised feature vector of `text` as {bucket: value}."""
    mask = (1 << config.hash_bits) - 1
    out: dict[int, float] = {}
    blocks = feature_names(text, config)
    for block, weight in (("word", config.word_weight), ("char", config.char_weight), ("rule", config.rule_weight)):
        names = blocks[block]
        if not names or not weight:
            continue
        value = weight / math.sqrt(len(names))
        buckets = _buckets.setdefault(mask, {})
        if len(buckets) > _BUCKET_LIMIT:
            buckets.clear()
        for name in names:
            idx = buckets.get(name)
            if idx is None:
                idx = buckets[name] = _h(name, mask)
            out[idx] = out.get(idx, 0.0) + value
    return out
