"""Arabic adjectives of nationality (nisba): who owns an institution, and which country a
text refers to.

"وزارة الخارجية" alone is the story country's ministry, but "وزارة الخارجية النمساوية" is
Austria's wherever the story is: the adjective written just after a generic name settles the
owner.  The table is data/nisbas_ar.tsv (definite masculine and feminine forms per country).

An adjective also names its country as an entity ("العاصمة الليبية" refers to Libya, "برعاية
روسية" to Russia): `find_nationalities` marks every one, definite or not, singular or in the
sound plurals ("سوريون", "السوريات"), as a NORP span resolved to the country.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..datafiles import DataFileError, read_text, read_yaml
from ..document import Document, Span
from ..text.intervals import Intervals
from ..text.normalize import normalize
from ..text.tokens import Token, per_surface
from .gazetteer import is_country_code, load_gazetteer
from .matcher import name_key

__all__ = ["Nisba", "NisbaTable", "load_nisbas", "parse_nisbas", "nationality_forms", "nationality_of",
           "accusative_forms", "accusative_nationality", "accusative_adverbs", "find_nationalities"]

NISBAS_FILE = "nisbas_ar.tsv"
_COLUMNS = ("iso2", "masculine", "feminine", "word", "contested")


@dataclass(frozen=True, slots=True)
class Nisba:
    countries: frozenset[str]  # more than one: the form is shared and names no one country
    word: bool  # also an everyday word ("المالية": "financial"), so it says nothing about the owner
    contested: frozenset[str]  # normalised generic names it does not settle ("القوات المسلحة" + "اليمنية")

    def owner(self, generic_name: str) -> str | None:
        """The one country this adjective gives `generic_name` (a rule alias), or None."""
        if len(self.countries) != 1 or normalize(generic_name) in self.contested:
            return None
        return next(iter(self.countries))


@dataclass(frozen=True, slots=True)
class NisbaTable:
    forms: dict[str, Nisba]  # name key (normalised words joined by spaces) -> its reading
    max_words: int

    def after(self, tokens: Sequence[Token], text: str, i: int) -> tuple[int, Nisba] | None:
        """The adjective of nationality that begins at token `i` (longest form first), as
        (one past its last token, its reading); None when there is none or it is only a word.
        The words must follow each other within the sentence."""
        for n in range(min(self.max_words, len(tokens) - i), 0, -1):
            words = tokens[i:i + n]
            if any(t.kind == "punct" or "\n" in text[tokens[k - 1].end:t.start] for k, t in enumerate(words, i)):
                continue
            found = self.forms.get(" ".join(t.norm for t in words))
            if found is not None:
                return None if found.word else (i + n, found)
        return None


def parse_nisbas(text: str, path: str = NISBAS_FILE) -> NisbaTable:
    rows = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    if not rows or tuple(rows[0][1].split("\t")) != _COLUMNS:
        raise DataFileError(f"{path}: the header must be {' '.join(_COLUMNS)} (tab-separated)")
    countries: dict[str, set[str]] = {}
    word: dict[str, bool] = {}
    contested: dict[str, set[str]] = {}
    seen: set[str] = set()
    for n, line in rows[1:]:
        cells = line.split("\t")
        if len(cells) != len(_COLUMNS):
            raise DataFileError(f"{path}: line {n}: expected {len(_COLUMNS)} columns, got {len(cells)}")
        iso2, masc, fem, is_word, nouns = (c.strip() for c in cells)
        if not is_country_code(iso2) or iso2 in seen:
            raise DataFileError(f"{path}: line {n}: unknown or repeated country code {iso2!r}")
        seen.add(iso2)
        if is_word not in ("", "yes"):
            raise DataFileError(f"{path}: line {n}: word must be 'yes' or empty, got {is_word!r}")
        forms = [f.strip() for f in f"{masc}|{fem}".split("|")]
        if not masc or not fem or any(not f.startswith("ال") for f in forms):
            raise DataFileError(f"{path}: line {n}: needs masculine and feminine forms, each with the article")
        keys = [name_key(f) for f in forms]
        if len(set(keys)) != len(keys):
            raise DataFileError(f"{path}: line {n}: a form is listed twice (after normalisation)")
        for key in keys:
            countries.setdefault(key, set()).add(iso2)
            word[key] = word.get(key, False) or is_word == "yes"
            contested.setdefault(key, set()).update(normalize(x.strip()) for x in nouns.split("|") if x.strip())
    forms = {k: Nisba(frozenset(c), word[k], frozenset(contested[k])) for k, c in countries.items()}
    return NisbaTable(forms, max(k.count(" ") + 1 for k in forms))


@lru_cache(maxsize=1)
def load_nisbas() -> NisbaTable:
    return parse_nisbas(read_text("marsad.kb.data", NISBAS_FILE))


def nationality_forms(table: NisbaTable) -> dict[str, str]:
    """Normalised one-word form -> country of every adjective that names one country and is
    no everyday word: the table's definite forms, the same without the article, and their
    sound plurals and duals (masculine ون / ين / ان, feminine ات / تان / تين)."""
    out: dict[str, str] = {}
    for key, nisba in table.forms.items():
        if nisba.word or len(nisba.countries) != 1 or " " in key:
            continue
        country = next(iter(nisba.countries))
        stem = key[2:]
        if key.endswith("ي"):
            inflected = [stem + "ون", stem + "ين", stem + "ان"]  # plural; ين and ان also the dual
        else:
            inflected = [stem[:-1] + "ات", stem[:-1] + "تان", stem[:-1] + "تين"]
        for form in (stem, *inflected):
            out.setdefault(form, country)
            out.setdefault("ال" + form, country)
    return out


@lru_cache(maxsize=1)
def packaged_nationality_forms() -> dict[str, str]:
    return nationality_forms(load_nisbas())


# A nationality adjective inside these is part of a name ("أحمد المصري") or of the country's
# own name ("الجمهورية العربية السورية"); inside an actor's name it still refers to the country.
_NAME_LABELS = frozenset({"PERSON", "LOC", "GPE"})


def nationality_of(token: Token) -> str | None:
    """The country a word names as an adjective of nationality, any clitics before it."""
    (reading,) = per_surface([token], _READINGS, _adjective_reading)
    return packaged_nationality_forms()[reading[0]] if reading else None


# token surface -> (adjective form, its offset in the word), or () for no adjective
_READINGS: dict[str, tuple[str, int] | tuple[()]] = {}


def _adjective_reading(token: Token) -> tuple[str, int] | tuple[()]:
    forms = packaged_nationality_forms()
    # Conjunction, preposition and article may be attached, a pronoun never is; "للسوريين" is
    # read as "ال" + "سوريين" restored, so the span takes a form written as it is.
    found = [(f, s - token.start) for f, s, e in token.variants if e == token.end and f in forms]
    return next(((f, k) for f, k in found if normalize(token.text[k:]) == f), found[-1]) if found else ()


@lru_cache(maxsize=1)
def accusative_adverbs() -> frozenset[str]:
    """data/accusative_adverbs.yaml, validated: one-word adverbs ending in alif, normalised."""
    path = "accusative_adverbs.yaml"
    data = read_yaml("marsad.kb.data", path)
    words = data.get("adverbs") if isinstance(data, dict) else None
    if not isinstance(words, list) or not words:
        raise DataFileError(f"{path}: 'adverbs' must be a non-empty list of words")
    for w in words:
        if not isinstance(w, str) or len(w.split()) != 1 or not normalize(w).endswith("ا"):
            raise DataFileError(f"{path}: {w!r} must be one word ending in alif")
    return frozenset(normalize(w.strip()) for w in words)


@lru_cache(maxsize=1)
def accusative_forms() -> frozenset[str]:
    """Masculine nationality adjectives with the accusative alif ("تركيا", "سوريا", "إسرائيليا")."""
    return frozenset(form + "ا" for form in packaged_nationality_forms() if form.endswith("ي"))


def accusative_nationality(tokens: Sequence[Token], text: str, i: int) -> str | None:
    """The country of token `i` read as a nationality adjective in the indefinite accusative:
    a country's name that is also its nisba with the accusative alif ("تركيا", "سوريا"), right
    after another indefinite accusative word of the same phrase ("رتلا عسكريا تركيا", "مواطنا
    سوريا").  None for the country itself ("أعلنت تركيا", "رسميا تركيا")."""
    if not i or tokens[i].norm not in accusative_forms():
        return None
    tok, prev = tokens[i], tokens[i - 1]
    country = packaged_nationality_forms()[tok.norm[:-1]]
    if prev.kind != "word" or text[prev.end:tok.start] != " ":
        return None
    word = prev.norm
    # (three letters ending in alif are verbs or particles: "دعا تركيا", "كما تركيا")
    # (nor a verb with its object pronoun: "التي تشهدها ليبيا")
    if len(word) < 4 or not word.endswith("ا") or word.endswith(("وا", "اا", "ها")) or word in accusative_adverbs():
        return None
    return country


def find_nationalities(doc: Document) -> list[Span]:
    """NORP spans for the nationality adjectives of `doc` (see the module docstring); attrs:
    iso2, kb_id ("ctry:XX", as a country's LOC span), name, name_ar (the country's)."""
    forms = packaged_nationality_forms()
    acc_forms = accusative_forms()
    named = Intervals((s.start, s.end, s) for s in doc.spans if s.label in _NAME_LABELS)
    actors = Intervals((s.start, s.end, s) for s in doc.spans if s.label == "ACTOR")
    gazetteer = None
    out: list[Span] = []
    tokens = doc.tokens or []
    for k, (tok, reading) in enumerate(zip(tokens, per_surface(tokens, _READINGS, _adjective_reading))):
        if not reading:
            # ("رتلا عسكريا تركيا": a country's name read as the accusative adjective)
            if tok.norm in acc_forms and accusative_nationality(tokens, doc.text, k):
                reading = (tok.norm[:-1], 0)
            else:
                continue
        if named.overlaps(tok.start, tok.end):
            continue
        form, start = reading[0], tok.start + reading[1]
        gazetteer = gazetteer or load_gazetteer()
        iso2 = forms[form]
        country = gazetteer.country_place(iso2)
        if country is not None and any(a.attrs.get("name") == country.name
                                       for a in actors.overlapping(tok.start, tok.end)):
            continue  # the state itself ("الجمهورية العربية السورية"), already an entity
        out.append(Span("NORP", start, tok.end, doc.text[start:tok.end], {
            "kind": "nationality", "iso2": iso2, "kb_id": f"ctry:{iso2}",
            "name": country.name if country else iso2, "name_ar": country.name_ar if country else None}))
    return out
