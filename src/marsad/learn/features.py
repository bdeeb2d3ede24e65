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
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from itertools import chain
from typing import Any

import numpy as np

from ..datafiles import DataFileError, read_yaml
from ..extraction.triggers import event_types, find_triggers, load_status_cues
from ..kb.matcher import Matcher
from ..text.recent import RecentTexts
from ..text.tokens import Token, per_surface, tokenize

__all__ = ["FeatureConfig", "featurize", "feature_arrays", "KnownMatches", "feature_names", "stem",
           "load_sentence_cues", "CueDataError"]

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
    # Groups of `data/sentence_cues.yaml` (and their listed pairs) as a block of their own.
    cues: bool = False
    # Relative weight of each block after its unit-norm scaling.
    word_weight: float = 1.0
    char_weight: float = 1.0
    rule_weight: float = 1.0
    cue_weight: float = 1.0

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


# hash bits -> feature name -> bucket: the same words, n-grams and rules come back sentence after sentence.
_buckets: dict[int, dict[str, int]] = {}
_BUCKET_LIMIT = 200_000


def _h(name: str, mask: int) -> int:
    return zlib.crc32(name.encode("utf-8")) & mask


# (char_min, char_max, hash bits) -> surface -> (unigram buckets, stem, char n-gram buckets),
# each {name: bucket} in first-seen order, or _PUNCT: tokenisation is deterministic per
# surface, so a word's names and their buckets are computed once per process.
_token_caches: dict[tuple[int, int, int], dict[str, Any]] = {}
_PUNCT = ("punct",)


def _token_names(token: Token, cmin: int, cmax: int) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """(unigram names, stem, char n-gram names) of one token, each without repeats."""
    s = stem(token)
    if token.kind == "number":
        return ("w:" + NUMBER,), s, ()
    uni = tuple(dict.fromkeys("w:" + form for form, _s, _e in token.variants))
    padded = f"<{s}>"
    chars = tuple(dict.fromkeys(
        "c:" + padded[i:i + n] for n in range(cmin, cmax + 1) for i in range(len(padded) - n + 1)))
    return uni, s, chars


def _token_buckets(tokens: Sequence[Token], cmin: int, cmax: int, hash_bits: int) -> list[Any]:
    """Per token, (unigram buckets, stem, char n-gram buckets) or _PUNCT."""
    def compute(token: Token) -> Any:
        if token.kind == "punct":
            return _PUNCT
        uni, s, chars = _token_names(token, cmin, cmax)
        return (dict(zip(uni, _bucket_ids(list(uni), hash_bits))), s,
                dict(zip(chars, _bucket_ids(list(chars), hash_bits))))

    return per_surface(tokens, _token_caches.setdefault((cmin, cmax, hash_bits), {}), compute, _CACHE_LIMIT)


def _rule_names(tokens: Sequence[Token], text: str, config: FeatureConfig, match_text: str | None = None,
                known: KnownMatches | None = None) -> list[str]:
    """Rule names of the sentence `text`; `match_text` is the text the tokens' offsets index
    (the sentence itself unless the tokens are its document's); `known`, when given, holds
    what the trigger and status-cue matchers find in the tokens."""
    names: list[str] = []
    types = event_types()
    per_plover: dict[str, int] = {}
    match_text = text if match_text is None else match_text
    for m in find_triggers(tokens, match_text) if known is None else known.triggers:
        d = m.definition
        plover = types[d.type].plover_type
        names += [f"r:t:{d.type}", f"r:t:{d.type}:{d.strength}", f"r:p:{plover}", f"r:p:{plover}:{d.strength}"]
        per_plover[plover] = per_plover.get(plover, 0) + 1
    for plover, n in per_plover.items():
        names.append(f"r:p:{plover}:n{min(n, 3)}")
    if not per_plover:
        names.append("r:none")
    for m in load_status_cues().find(tokens, match_text) if known is None else known.status_cues:
        names.append(f"r:cue:{m.payloads[0].kind}")
    if text.rstrip().endswith(("?", "؟")):
        names.append("r:question")
    if config.kb:
        from ..kb.entities import load_kb

        for m in load_kb().matcher.find(tokens, match_text):
            names += [f"r:kb:{kind}" for kind, _ref in m.payloads[:1]]
    return list(dict.fromkeys(names))


class CueDataError(DataFileError):
    """`learn/data/sentence_cues.yaml` is malformed (the message names the file and the reason)."""


@dataclass(frozen=True)
class SentenceCues:
    matcher: Matcher
    pairs: tuple[tuple[str, str], ...]
    # group -> its quantifier group: whether the group's words come with the article
    definite: dict[str, str]


@lru_cache(maxsize=1)
def load_sentence_cues() -> SentenceCues:
    """The cue groups of `data/sentence_cues.yaml` as one matcher (payload: group name)."""
    name = "sentence_cues.yaml"
    data = read_yaml("marsad.learn.data", name, CueDataError)
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("groups"), dict):
        raise CueDataError(f"{name}: expected 'version: 1' and a mapping 'groups: {{name: [forms]}}'")
    matcher = Matcher(fold_article=True)
    for group, forms in data["groups"].items():
        if not isinstance(forms, list) or not forms or not all(isinstance(f, str) and f.strip() for f in forms):
            raise CueDataError(f"{name}: group {group!r}: expected a non-empty list of forms")
        for form in forms:
            matcher.add(form, group)
    pairs = []
    for pair in data.get("pairs") or []:
        if not (isinstance(pair, list) and len(pair) == 2 and all(g in data["groups"] for g in pair)):
            raise CueDataError(f"{name}: pair {pair!r}: expected two known group names")
        pairs.append((pair[0], pair[1]))
    definite = data.get("definiteness") or {}
    if not isinstance(definite, dict) or not all(g in data["groups"] and q in data["groups"] for g, q in definite.items()):
        raise CueDataError(f"{name}: definiteness: expected a mapping of known group names (group: quantifier group)")
    return SentenceCues(matcher, tuple(pairs), dict(definite))


def _has_article(token: Token) -> bool:
    s = stem(token)
    return any(form == "ال" + s for form, _s, _e in token.variants)


def _cue_names(tokens: Sequence[Token], text: str) -> list[str]:
    """Cue group names of a sentence; `text` is the text the tokens' offsets index."""
    cues = load_sentence_cues()
    groups: set[str] = set()
    article: dict[str, set[bool]] = {}
    for m in cues.matcher.find_all(tokens, text):
        groups.update(m.payloads)
        for g in m.payloads:
            if g in cues.definite and m.last_token - m.first_token == 1:
                article.setdefault(g, set()).add(_has_article(tokens[m.first_token]))
    names = [f"r:c:{g}" for g in sorted(groups)]
    names += [f"r:c:{a}+{b}" for a, b in cues.pairs if a in groups and b in groups]
    # "المتظاهرون" alone refers back to a crowd told before; "متظاهرون", "مئات المتظاهرين"
    # introduce one: a sentence that first reports a protest names who and how many.
    for g, seen in sorted(article.items()):
        names += [f"r:c:{g}:{'def' if a else 'bare'}" for a in sorted(seen)]
        if seen == {True} and cues.definite[g] not in groups:
            names.append(f"r:c:{g}:def_only")
    return names


# The scorer featurises each sentence once per label configuration: the tokens and the blocks
# that two configurations share are kept for the last text, not recomputed.
_FEATURE_BLOCKS: RecentTexts[dict] = RecentTexts(size=1)

@dataclass(frozen=True, slots=True)
class KnownMatches:
    """What `find_triggers` and the status-cue matcher find in a sentence's tokens."""
    triggers: Sequence[Any]
    status_cues: Sequence[Any]


# Sentence text -> (its tokens, the text their offsets index, their known matches or None),
# given by a caller that has tokenised the whole document (event coding): the tokens of a
# sentence are the document's tokens inside it when no token runs across its ends, so it
# need not be tokenised again.  Matching reads token forms and the text between tokens, so
# document offsets serve as well; so do the document's matches inside the sentence when no
# name can run across its ends.
_KNOWN_TOKENS: dict[str, tuple[Sequence[Token], str, KnownMatches | None]] = {}


def know_tokens(sentence: str, tokens: Sequence[Token], text: str, matches: KnownMatches | None = None) -> None:
    """Record that `sentence` tokenises to `tokens` (offsets into `text`) and, when given, what
    the rule matchers find in them: the caller vouches that `tokenize(sentence)` gives the
    same tokens, shifted, and that the matchers would find the same."""
    _KNOWN_TOKENS[sentence] = (tokens, text, matches)


def forget_tokens() -> None:
    _KNOWN_TOKENS.clear()


def _sentence_tokens(text: str) -> dict:
    known = _KNOWN_TOKENS.get(text)
    if known is None:
        return {"tokens": tokenize(text), "match_text": text, "matches": None}
    return {"tokens": known[0], "match_text": known[1], "matches": known[2]}


def feature_names(text: str, config: FeatureConfig = FeatureConfig()) -> dict[str, list[str]]:
    """The unhashed feature names of `text` by block ("word", "char", "rule", "cue")."""
    _memo, blocks = _name_blocks(text, config)
    # Copies: a caller may change what it is given without changing the kept blocks.
    return {name: list(names) for name, names in blocks.items()}


def _name_blocks(text: str, config: FeatureConfig) -> tuple[dict, dict[str, list[str]]]:
    """(the text's memo, its feature names by block)."""
    memo, words, chars, rules, cues = _blocks(text, config)
    return memo, {"word": list(words), "char": list(chars), "rule": rules, "cue": cues}


def _blocks(text: str, config: FeatureConfig) -> tuple[dict, dict[str, int], dict[str, int], list[str], list[str]]:
    """(the text's memo, its word and char names each with its bucket, its rule and cue names):
    the kept blocks themselves, not copies."""
    memo = _FEATURE_BLOCKS.get(text, _sentence_tokens)
    tokens, match_text = memo["tokens"], memo["match_text"]
    key = ("word", config.char_min, config.char_max, config.bigrams, config.hash_bits)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _word_and_char_buckets(tokens, config)
    words, chars = found
    rules = memo.get(("rule", config.kb)) if config.rules else []
    if rules is None:
        rules = memo[("rule", config.kb)] = _rule_names(tokens, text, config, match_text, memo["matches"])
    cues = memo.get("cue") if config.cues else []
    if cues is None:
        cues = memo["cue"] = _cue_names(tokens, match_text)
    return memo, words, chars, rules, cues


def _word_and_char_buckets(tokens: Sequence[Token], config: FeatureConfig) -> tuple[dict[str, int], dict[str, int]]:
    """The word names (unigrams, bigrams) and char n-gram names of `tokens`, each with its
    bucket, in first-seen order without repeats."""
    words: dict[str, int] = {}
    chars: dict[str, int] = {}
    buckets, mask = _bucket_memo(config.hash_bits), (1 << config.hash_bits) - 1
    bigrams = config.bigrams
    prev: str | None = None
    for entry in _token_buckets(tokens, config.char_min, config.char_max, config.hash_bits):
        if entry is _PUNCT:
            prev = None  # a bigram does not run across punctuation
            continue
        uni, s, ch = entry
        words.update(uni)
        chars.update(ch)
        if bigrams and prev is not None:
            name = f"b:{prev} {s}"
            if name not in words:
                bucket = buckets.get(name)
                words[name] = buckets[name] = _h(name, mask) if bucket is None else bucket
        prev = s
    return words, chars


def featurize(text: str, config: FeatureConfig = FeatureConfig()) -> dict[int, float]:
    """Hashed, block-normalised feature vector of `text` as {bucket: value}."""
    _memo, blocks, shared = _shared_features(text, config)
    out = dict(shared)
    _add_block(out, blocks["cue"], config.cue_weight, config.hash_bits)
    return out


def _shared_features(text: str, config: FeatureConfig) -> tuple[dict, dict[str, list[str]], dict[int, float]]:
    """(the text's memo, its names by block, the hashed word, char and rule blocks).

    Those three blocks come first and do not depend on the cue settings: two configurations
    that differ only there (the scorer's two labels) hash them once per text."""
    memo, blocks = _name_blocks(text, config)
    shared_key = _shared_key(config)
    shared = memo.get(shared_key)
    if shared is None:
        shared = memo[shared_key] = {}
        for block, weight in (("word", config.word_weight), ("char", config.char_weight),
                              ("rule", config.rule_weight)):
            _add_block(shared, blocks[block], weight, config.hash_bits)
    return memo, blocks, shared


def _shared_key(config: FeatureConfig) -> tuple:
    return ("hashed", config.hash_bits, config.char_min, config.char_max, config.bigrams, config.rules,
            config.kb, config.word_weight, config.char_weight, config.rule_weight)


def feature_arrays(text: str, config: FeatureConfig = FeatureConfig()) -> tuple[np.ndarray, np.ndarray]:
    """`featurize(text, config)` as (buckets, values) arrays in the dict's order.

    Mostly no two names of a text share a bucket: the dict is then each block's buckets in
    turn, each worth its block's value, and the arrays are built from those lists without it.
    The shared blocks' arrays are kept with the text's memo, so the scorer's two labels build
    them once.  The arrays may be kept ones: callers must not change them."""
    memo, words, chars, rules, cues = _blocks(text, config)
    arrays_key = ("arrays", *_shared_key(config))
    base = memo.get(arrays_key)
    if base is None:
        base = memo[arrays_key] = _shared_arrays(config, words, chars, rules)
    idx, val = base
    if not cues or not config.cue_weight:
        return idx, val
    cue = _bucket_ids(cues, config.hash_bits)
    if len(set(cue)) < len(cue) or not set(cue).isdisjoint(idx.tolist()):  # buckets add up: the dict's own way
        return _as_arrays(featurize(text, config))
    value = config.cue_weight / math.sqrt(len(cue))
    return (np.concatenate((idx, np.fromiter(cue, dtype=np.int64, count=len(cue)))),
            np.concatenate((val, np.full(len(cue), value))))


def _shared_arrays(config: FeatureConfig, words: dict[str, int], chars: dict[str, int],
                   rules: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(buckets, values) of the word, char and rule blocks."""
    parts = [(ids, weight / math.sqrt(len(ids)))
             for ids, weight in ((list(words.values()), config.word_weight),
                                 (list(chars.values()), config.char_weight),
                                 (_bucket_ids(rules, config.hash_bits), config.rule_weight)) if ids and weight]
    idx = np.fromiter(chain.from_iterable(part for part, _value in parts), dtype=np.int64,
                      count=sum(len(part) for part, _value in parts))
    # A bucket met twice sits next to itself once sorted: in numpy, cheaper than a set of Python ints.
    ordered = np.sort(idx)
    if (ordered[1:] == ordered[:-1]).any():  # two names share a bucket: their values add up, as in `featurize`
        row: dict[int, float] = {}
        for part, value in parts:
            _accumulate(row, part, value)
        return _as_arrays(row)
    values = np.repeat(np.array([value for _part, value in parts], dtype=np.float64),
                       [len(part) for part, _value in parts])
    return idx, values


def _as_arrays(row: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
    return (np.fromiter(row.keys(), dtype=np.int64, count=len(row)),
            np.fromiter(row.values(), dtype=np.float64, count=len(row)))


def _add_block(out: dict[int, float], names: list[str], weight: float, hash_bits: int) -> None:
    """Add one block's names to `out`, each worth weight / sqrt(len(names)) in its bucket."""
    if not names or not weight:
        return
    _accumulate(out, _bucket_ids(names, hash_bits), weight / math.sqrt(len(names)))


def _bucket_ids(names: list[str], hash_bits: int) -> list[int]:
    """The bucket of each name (names not seen before are hashed once)."""
    buckets = _bucket_memo(hash_bits)
    try:
        return list(map(buckets.__getitem__, names))  # the usual case, every name seen before
    except KeyError:
        pass
    mask = (1 << hash_bits) - 1
    for name in set(names).difference(buckets):
        buckets[name] = _h(name, mask)
    return list(map(buckets.__getitem__, names))


def _bucket_memo(hash_bits: int) -> dict[str, int]:
    """The kept name -> bucket map for `hash_bits` (emptied when it grows too large)."""
    buckets = _buckets.get(hash_bits)
    if buckets is None or len(buckets) > _BUCKET_LIMIT:
        buckets = _buckets[hash_bits] = {}
    return buckets


def _accumulate(out: dict[int, float], idxs: list[int], value: float) -> None:
    """`for i in idxs: out[i] = out.get(i, 0.0) + value`, with the same values and key order,
    mostly without a Python loop: buckets met once and new to `out` are added in one update;
    the few others (a name colliding with another) add up one by one as the loop would."""
    fresh = dict.fromkeys(idxs, value)
    if len(fresh) == len(idxs) and out.keys().isdisjoint(fresh):
        out.update(fresh)
        return
    before = {i: out[i] for i in fresh.keys() & out.keys()}
    counts = Counter(idxs)
    out.update(fresh)  # keys already in `out` keep their place, new ones come in first-seen order
    for i in before.keys() | {i for i, n in counts.items() if n > 1}:
        total = before.get(i, 0.0)
        for _ in range(counts[i]):
            total += value
        out[i] = total
