"""Scoring Marsad against gold annotations.

* `evaluate_devset(path)` - a gold set in the devset format (``index.tsv``, ``docs/NNN.txt``,
  ``gold/NNN.json``); CLI ``marsad evaluate DIR``.
* `evaluate_gsr(path)` - the Arabic event GSR sentences (PLOVER ASSAULT / PROTEST detection,
  source/target agreement); CLI ``marsad evaluate gsr DIR``.

How the devset is scored
------------------------
Events.  Predicted events with status denied/threatened/planned are left out (the gold
annotates what happened).  A predicted event can pair with a gold event when (1) its
evidence span overlaps a place where the gold ``evidence`` sentence occurs in ``doc.text``
(the sentence is searched verbatim, then after normalising spaces, case and Arabic letter
forms; when it cannot be found, one normalised evidence text must contain the other) and
(2) both types are in the same family (``data/type_families.yaml``).  Pairs are chosen
one-to-one, greedily by a score that prefers the exact type, then agreeing actor1, place and
actor2.  Event precision/recall/F1 count pairs, unpaired predictions and unpaired gold events.

Fields, on paired events, scored only where the gold gives a value: ``type`` (exact type);
``actor1``/``actor2`` (predicted name equals the gold canonical name or an alias from
``data/actor_aliases.yaml``, ignoring case and a trailing parenthetical, or the predicted KB
id is one `marsad.kb.actors` gives for the gold name; when gold and prediction are both an
armed clash, the two sides also count as one pair in either order, as "fighting between X and
Y" names no first side); ``location`` (predicted name, admin1
or admin2 names the gold place, one of its comma parts, its gazetteer names or the gold
admin1, ignoring case, "Governorate"/"Province"-like words and "al-" articles - right place
or containing unit; a gold place with a note, "Sweida (al-Karama Square)" or "West of Khan
Younis", is also compared through the place it names); ``date`` (same day, or inside the predicted date..date_end);
``fatalities`` (equal); ``source`` (the prediction names one of the gold sources, split on
';' and 'and': whole-word containment either way or the same KB actor, a parenthetical "(via
X)" naming X, "X statement/claim" naming X, plural and singular role nouns alike, a demonym
equal to its country, and an organisation's spokesman as the organisation's voice; see
``matching.source_matches``).

Entities.  Per document, gold names of each list are compared with the distinct predicted
entities (one per KB id, else per name) of the matching labels - persons: PERSON;
organizations: ORG, ACTOR; locations: LOC, GPE and NORP, as the gold lists the country an
adjective of nationality refers to ("العاصمة الليبية": Libya) - by English ``name`` or surface text
(name forms and aliases as for actors) or KB id; places also when the gazetteer reads the
gold name as the predicted place or a predicted region is part of it ("Southern Iraq" for
"Iraq"), never by containment; persons also when an Arabic name and a Latin gold name have
the same consonant skeleton ("يونس كوران" for "Younis Kouran", ``text.skeleton``), never
within one script; one-to-one; micro-averaged P/R/F1.  As the gold lists named
entities with countries among the places, generic actors ("مسلحون", "civilians") are not
scored and a state named by its country ("العراق" as a party) is scored as a place.

Quotes.  A predicted quote matches a gold quote when its text, whitespace- and
letter-normalised, starts with the gold ``text_start``; one-to-one; P/R/F1, and speaker
accuracy on matched quotes (compared like entities).

``negative_docs_clean_accuracy`` is the share of non-conflict documents with no counted event.
"""

from .devset import DevsetError, GoldDoc, evaluate_devset, load_devset
from .gsr import GsrError, evaluate_gsr
from .report import FloorsError, Report, check_floors, load_floors

__all__ = [
    "DevsetError",
    "FloorsError",
    "GoldDoc",
    "GsrError",
    "Report",
    "check_floors",
    "evaluate_devset",
    "evaluate_gsr",
    "load_devset",
    "load_floors",
]
