"""Line-level boilerplate rules: which lines of a news page are chrome, and why.

The knowledge lives in `data/chrome_patterns.yaml`; this module turns each entry into a
small named rule (`exact`, `tokens`, `regex`, `date_line`, `separator`, `ticker`) through the
`RULE_KINDS` registry, and `classify_lines` applies them to a page one line at a time.
A decision is always a (reason, rule name) pair so the removed text can be shown and argued
about; a line that reads like an article sentence is protected from all but the few rules
written for sentence-shaped boilerplate.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..text.normalize import normal_index, normalize, normalize_with_sparse_map

__all__ = [
    "DATA_FILE",
    "ChromePatternError",
    "ChromePatterns",
    "Line",
    "LineDecision",
    "Rule",
    "RULE_KINDS",
    "classify_lines",
    "fold",
    "load_patterns",
    "split_lines",
    "timezone_key",
]

DATA_FILE = Path(__file__).parent / "data" / "chrome_patterns.yaml"

# Zero-width and direction marks are invisible padding on scraped lines, not content.
_EDGE_SPACE = r"[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
# Punctuation trimmed from both ends before comparing a line with an exact entry.
_EDGE_PUNCT = " \t:：|•·*-–—_.,;!?\"'()[]{}<>»«/\\…►▶◄◀→←"
_LETTER = re.compile(r"[^\W\d_]")


class ChromePatternError(ValueError):
    """A bad entry in a chrome-pattern file; the message names the file, rule and reason."""


def fold(text: str) -> str:
    """Matching form of a line: normalised spelling, single spaces, no edge punctuation."""
    return _fold_normal(normalize(text))


def _fold_normal(norm: str) -> str:
    """`fold` of a text already normalised.  Each run of white space and zero-width spaces
    becomes one space, by a split and a join; no space is left at the edges, where it would
    be stripped as edge punctuation anyway."""
    if "\u200b" in norm or "\ufeff" in norm:  # the zero-width spaces `normalize` keeps
        norm = norm.replace("\u200b", " ").replace("\ufeff", " ")
    return " ".join(norm.split()).strip(_EDGE_PUNCT)


@dataclass(slots=True)
class Line:
    """One raw line: `text` is the line without edge whitespace, `start`/`end` its raw offsets."""

    index: int
    start: int
    end: int
    text: str
    folded: str
    words: int

    @property
    def blank(self) -> bool:
        return not self.text


def split_lines(raw: str) -> list[Line]:
    """Split on \\r\\n, \\r or \\n; offsets point at each line's content without edge spaces."""
    lines: list[Line] = []
    pos = 0
    bounds = [(m.start(), m.end()) for m in re.finditer(r"\r\n|\r|\n", raw)]
    bounds.append((len(raw), len(raw)))
    # The page is normalised once: normalising is character by character, so a line's normal
    # form is the stretch of the page's that its characters became.
    norm, offsets = normalize_with_sparse_map(raw, copy=False)  # only read
    edge = _edge_chars()
    for i, (stop, nxt) in enumerate(bounds):
        seg = raw[pos:stop]
        text = seg.strip(edge)
        a = pos + len(seg) - len(seg.lstrip(edge)) if text else stop
        b = a + len(text)
        line_norm = norm[a:b] if offsets is None else norm[normal_index(offsets, a):normal_index(offsets, b)]
        lines.append(Line(i, a, b, text, _fold_normal(line_norm), len(text.split())))
        pos = nxt
    return lines


@lru_cache(maxsize=1)
def _edge_chars() -> str:
    """The characters of the class `_EDGE_SPACE`, for str.strip (all of them in the Basic
    Multilingual Plane, as every white space character is)."""
    return "".join(re.findall(_EDGE_SPACE, "".join(map(chr, range(0x10000)))))


@dataclass(slots=True)
class Rule:
    name: str
    reason: str
    matches: Callable[[Line], bool]
    max_words: int | None = None
    match_sentences: bool = False
    # After a header line (e.g. "اقرأ أيضا") the short lines it introduces go with it.
    follow_lines: int = 0
    follow_max_words: int = 0


@dataclass(slots=True)
class LineDecision:
    line: Line
    reason: str | None = None  # None: the line is kept
    rule: str | None = None
    marker: tuple[str, str | None] | None = None  # (time, timezone) of an update marker


@dataclass
class ChromePatterns:
    path: Path
    version: int
    reasons: dict[str, str]
    rules: list[Rule]
    sentence_min_words: int
    sentence_punctuation: str
    headline: dict[str, Any]
    update_markers: list[re.Pattern[str]]
    timezones: dict[str, str]

    def is_sentence(self, line: Line) -> bool:
        """Reads like article prose: long enough and punctuated."""
        return line.words >= self.sentence_min_words and any(c in line.folded for c in self.sentence_punctuation)

    def is_substantial(self, line: Line) -> bool:
        return line.words >= self.headline["min_words"] and len(line.text) >= self.headline["min_chars"]

    def is_headline(self, line: Line) -> bool:
        if not self.is_substantial(line):
            return False
        last = line.text.rstrip()[-1:]
        if last and last in self.headline.get("never_final", ""):
            return False
        final = last in self.headline["final_punctuation"]
        limit = self.headline["max_words_with_period"] if final else self.headline["max_words"]
        return line.words <= limit


# --- rule kinds ------------------------------------------------------------------------------

RuleBuilder = Callable[[dict[str, Any], "_Ctx"], Callable[[Line], bool]]
RULE_KINDS: dict[str, RuleBuilder] = {}


def rule_kind(name: str) -> Callable[[RuleBuilder], RuleBuilder]:
    def register(fn: RuleBuilder) -> RuleBuilder:
        RULE_KINDS[name] = fn
        return fn

    return register


@dataclass
class _Ctx:
    path: Path
    name: str

    def error(self, reason: str) -> ChromePatternError:
        return ChromePatternError(f"{self.path}: rule {self.name!r}: {reason}")

    def str_list(self, spec: dict[str, Any], key: str) -> list[str]:
        values = spec.get(key)
        if not isinstance(values, list) or not values:
            raise self.error(f"{key!r} must be a non-empty list")
        out: list[str] = []
        seen: set[str] = set()
        for v in values:
            if not isinstance(v, str | int) or not str(v).strip():
                raise self.error(f"{key!r} has an empty or non-text entry: {v!r}")
            f = fold(str(v))
            if not f:
                raise self.error(f"{key!r} entry {v!r} is only punctuation")
            if f in seen:
                raise self.error(f"{key!r} entry {v!r} duplicates another entry once folded ({f!r})")
            seen.add(f)
            out.append(f)
        return out


@rule_kind("exact")
def _exact(spec: dict[str, Any], ctx: _Ctx) -> Callable[[Line], bool]:
    lines = frozenset(ctx.str_list(spec, "lines"))
    return lambda line: line.folded in lines


@rule_kind("tokens")
def _tokens(spec: dict[str, Any], ctx: _Ctx) -> Callable[[Line], bool]:
    """The line is made only of these tokens (in any order, with separators between)."""
    tokens = sorted(ctx.str_list(spec, "tokens"), key=len, reverse=True)
    alt = "|".join(re.escape(t) for t in tokens)
    sep = r"[\s|•·/,\-–—:()]+"
    pattern = re.compile(rf"(?:{alt})(?:{sep}(?:{alt}))*")
    return lambda line: pattern.fullmatch(line.folded) is not None


# Spelling folds that are safe inside a regex (no metacharacters involved), so patterns can be
# written in ordinary Arabic spelling and still match folded lines.
_PATTERN_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "\u0640": None})
_PATTERN_FOLD.update({c: None for c in range(0x064B, 0x0660)})
_PATTERN_FOLD[0x0670] = None


def _compile(pattern: str, ctx: _Ctx, flags: int = 0, fold_letters: bool = True) -> re.Pattern[str]:
    if fold_letters:
        pattern = pattern.translate(_PATTERN_FOLD)
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise ctx.error(f"bad regex {pattern!r}: {exc}") from exc


@rule_kind("regex")
def _regex(spec: dict[str, Any], ctx: _Ctx) -> Callable[[Line], bool]:
    entries = spec.get("patterns")
    if not isinstance(entries, list) or not entries:
        raise ctx.error("'patterns' must be a non-empty list")
    compiled = []
    for entry in entries:
        if not isinstance(entry, dict) or not str(entry.get("pattern", "")).strip():
            raise ctx.error(f"each pattern needs a non-empty 'pattern': {entry!r}")
        rx = _compile(entry["pattern"], ctx, re.IGNORECASE)
        examples = entry.get("examples")
        if not isinstance(examples, list) or not examples:
            raise ctx.error(f"pattern {entry['pattern']!r} needs a non-empty 'examples' list")
        for ex in examples:
            if rx.fullmatch(fold(str(ex))) is None:
                raise ctx.error(f"pattern {entry['pattern']!r} does not match its example {ex!r}")
        compiled.append(rx)
    # One alternation full-matches exactly when one of its members does, and is tried in one
    # call; kept apart only when a member refers to its own groups by number or name.  A member
    # ".*R" is searched for as "R" at the end of the line instead: the same lines, without
    # trying R again after every character ".*" gives back.
    if not any(_SELF_REFERENCE.search(rx.pattern) for rx in compiled):
        tails = [_tail_form(rx) for rx in compiled]
        whole = [f"(?:{rx.pattern})" for rx, tail in zip(compiled, tails) if tail is None]
        try:
            joined = re.compile("|".join(whole), re.IGNORECASE) if whole else None
            ending = re.compile("|".join(t for t in tails if t is not None), re.IGNORECASE) if len(whole) < len(tails) else None
        except re.error:
            pass
        else:
            return lambda line: ((joined is not None and joined.fullmatch(line.folded) is not None)
                                 or (ending is not None and ending.search(line.folded) is not None))
    return lambda line: any(rx.fullmatch(line.folded) for rx in compiled)


def _tail_form(rx: re.Pattern[str]) -> str | None:
    """For a pattern ".*R" (the whole pattern: no alternation around it), "(?:R)\\Z", which
    some position of a line matches exactly when the line full-matches ".*R": "." takes any
    character but the newline, and a folded line has none.  None for any other pattern."""
    from re import _constants as C, _parser

    if not rx.pattern.startswith(".*") or rx.pattern[2:3] in ("?", "+", "*", "{"):
        return None
    try:
        first = _parser.parse(rx.pattern, rx.flags)[0]
    except Exception:  # the private parser moved: keep the pattern as it is
        return None
    if first[0] is not C.MAX_REPEAT or first[1][:2] != (0, C.MAXREPEAT) or list(first[1][2]) != [(C.ANY, None)]:
        return None
    return f"(?:{rx.pattern[2:]})\\Z"


_SELF_REFERENCE = re.compile(r"\\[1-9g]|\(\?P=|\(\?\(|\(\?[a-zA-Z]+\)")


_DATE_SHAPE = re.compile(r"\d\s*[:./\-]\s*\d")
_NUMBER = re.compile(r"\d+(?:[:./\-]\d+)*(?:[مهء]|هـ|th|st|nd|rd)?")


@rule_kind("date_line")
def _date_line(spec: dict[str, Any], ctx: _Ctx) -> Callable[[Line], bool]:
    """Only a date/time stamp: numbers, weekday and month names, stamp words."""
    known = set(ctx.str_list(spec, "words")) | set(ctx.str_list(spec, "weekdays")) | set(ctx.str_list(spec, "months"))
    max_unknown = int(spec.get("max_unknown", 0))
    max_words = int(spec.get("max_words", 14))
    splitter = re.compile(r"[\s|•·,()\[\]\-–—/]+")

    def matches(line: Line) -> bool:
        tokens = [t.strip(":.") for t in splitter.split(line.folded)]
        tokens = [t for t in tokens if t]
        if not tokens or len(tokens) > max_words:
            return False
        numbers = sum(1 for t in tokens if _NUMBER.fullmatch(t))
        unknown = sum(1 for t in tokens if t not in known and not _NUMBER.fullmatch(t))
        # Bare integers alone ("1234") are counters or ids, not stamps.
        if not any(t in known for t in tokens) and not _DATE_SHAPE.search(line.folded):
            return False
        if unknown == 0:
            return True
        return unknown <= max_unknown and numbers >= 2

    return matches


@rule_kind("separator")
def _separator(spec: dict[str, Any], ctx: _Ctx) -> Callable[[Line], bool]:
    """No letters at all: rules of dots, bare counters and ids."""
    return lambda line: _LETTER.search(line.text) is None


@rule_kind("ticker")
def _ticker(spec: dict[str, Any], ctx: _Ctx) -> Callable[[Line], bool]:
    try:
        min_words = int(spec["min_words"])
        max_commas = int(spec["max_commas"])
        max_quotes = int(spec["max_quotes"])
        stops_per_100 = float(spec["max_full_stops_per_100_words"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ctx.error(
            "needs numeric 'min_words', 'max_commas', 'max_quotes', 'max_full_stops_per_100_words'"
        ) from exc
    full_stop = re.compile(r"[.?!](?:\s|$)")

    def matches(line: Line) -> bool:
        text = line.folded
        return (
            line.words >= min_words
            and text.count(",") <= max_commas
            and text.count('"') <= max_quotes
            and len(full_stop.findall(text)) * 100 / line.words <= stops_per_100
        )

    return matches


# --- loading ---------------------------------------------------------------------------------


def load_patterns(path: str | Path | None = None) -> ChromePatterns:
    """Load and validate a chrome-pattern file (the packaged one by default)."""
    if path is None:
        return _default_patterns()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _default_patterns() -> ChromePatterns:
    return _load(DATA_FILE)


def _load(path: Path) -> ChromePatterns:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ChromePatternError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise ChromePatternError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ChromePatternError(f"{path}: top level must be a mapping")
    for key in ("version", "reasons", "rules", "sentence", "headline", "update_markers", "timezones"):
        if key not in data:
            raise ChromePatternError(f"{path}: missing top-level key {key!r}")
    reasons = data["reasons"]
    if not isinstance(reasons, dict) or not all(isinstance(v, str) and v.strip() for v in reasons.values()):
        raise ChromePatternError(f"{path}: 'reasons' must map each reason to a description")

    rules: list[Rule] = []
    names: set[str] = set()
    for spec in data["rules"]:
        if not isinstance(spec, dict) or not spec.get("name"):
            raise ChromePatternError(f"{path}: every rule needs a 'name': {spec!r}")
        ctx = _Ctx(path, str(spec["name"]))
        if ctx.name in names:
            raise ctx.error("duplicate rule name")
        names.add(ctx.name)
        if spec.get("reason") not in reasons:
            raise ctx.error(f"unknown reason {spec.get('reason')!r}; known: {', '.join(sorted(reasons))}")
        kind = spec.get("kind")
        if kind not in RULE_KINDS:
            raise ctx.error(f"unknown kind {kind!r}; known: {', '.join(sorted(RULE_KINDS))}")
        follow = spec.get("drops_following") or {}
        if follow and not (isinstance(follow, dict) and {"max_lines", "max_words"} <= set(follow)):
            raise ctx.error("'drops_following' needs 'max_lines' and 'max_words'")
        rules.append(
            Rule(
                name=ctx.name,
                reason=spec["reason"],
                matches=RULE_KINDS[kind](spec, ctx),
                max_words=spec.get("max_words"),
                match_sentences=bool(spec.get("match_sentences", False)),
                follow_lines=int(follow.get("max_lines", 0)),
                follow_max_words=int(follow.get("max_words", 0)),
            )
        )

    markers = []
    ctx = _Ctx(path, "update_markers")
    for entry in data["update_markers"]:
        rx = _compile(str(entry.get("pattern", "")), ctx, fold_letters=False)
        if "time" not in rx.groupindex:
            raise ctx.error(f"pattern {rx.pattern!r} lacks the group (?P<time>...)")
        for ex in entry.get("examples") or []:
            if rx.fullmatch(ex) is None:
                raise ctx.error(f"pattern {rx.pattern!r} does not match its example {ex!r}")
        markers.append(rx)

    timezones = {timezone_key(k): str(v) for k, v in (data["timezones"] or {}).items()}
    return ChromePatterns(
        path=path,
        version=int(data["version"]),
        reasons=dict(reasons),
        rules=rules,
        sentence_min_words=int(data["sentence"]["min_words"]),
        sentence_punctuation=str(data["sentence"]["punctuation"]),
        headline=dict(data["headline"]),
        update_markers=markers,
        timezones=timezones,
    )


def timezone_key(label: str) -> str:
    return re.sub(r"[\s.]+", "", normalize(str(label)))


# --- classification --------------------------------------------------------------------------


def _first_rule(line: Line, patterns: ChromePatterns) -> Rule | None:
    sentence = patterns.is_sentence(line)
    for rule in patterns.rules:
        if rule.max_words is not None and line.words > rule.max_words:
            continue
        if sentence and not rule.match_sentences:
            continue
        if rule.matches(line):
            return rule
    return None


def classify_lines(
    lines: list[Line],
    patterns: ChromePatterns,
    parse_marker: Callable[[str], tuple[str, str | None] | None],
) -> list[LineDecision]:
    """Decide keep/drop for every line (blank lines are kept; the caller folds them)."""
    decisions: list[LineDecision] = []
    kept_folded: set[str] = set()
    body_started = False
    follow: Rule | None = None
    follow_left = 0

    for line in lines:
        d = LineDecision(line)
        decisions.append(d)
        if line.blank:
            continue
        marker = parse_marker(line.text)
        rule = _first_rule(line, patterns) if marker is None else None
        if rule is None and follow is not None and follow_left > 0 and marker is None:
            if line.words <= follow.follow_max_words and not patterns.is_sentence(line) and not line.text.endswith("."):
                d.reason, d.rule = follow.reason, follow.name
                follow_left -= 1
                continue
        follow, follow_left = None, 0
        if marker is not None:
            if body_started:
                d.marker = marker
            else:
                # A stamp above the article is the page's date, not an update to the story.
                d.reason, d.rule = "page_date", "update_marker_in_header"
            continue
        if rule is not None:
            d.reason, d.rule = rule.reason, rule.name
            if rule.follow_lines:
                follow, follow_left = rule, rule.follow_lines
            continue
        if line.folded in kept_folded:
            d.reason, d.rule = "duplicate", "duplicate"
            continue
        kept_folded.add(line.folded)
        if patterns.is_sentence(line):
            body_started = True

    _drop_above_headline(decisions, patterns)
    return decisions


def _drop_above_headline(decisions: list[LineDecision], patterns: ChromePatterns) -> None:
    """Short label lines kept above the headline are section names or outlet names."""
    kept = [d for d in decisions if d.reason is None and not d.line.blank and d.marker is None]
    for i, d in enumerate(kept):
        if patterns.is_substantial(d.line):
            if patterns.is_headline(d.line):
                for above in kept[:i]:
                    above.reason, above.rule = "pre_headline", "pre_headline"
            return
