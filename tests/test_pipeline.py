"""`Pipeline.warm`: every index loaded before the first real document, then frozen for the GC."""

from __future__ import annotations

import gc

import marsad
from marsad.pipeline import WARM_UP_TEXT, Pipeline


def test_warm_up_sentence_exercises_the_stages_it_means_to_load():
    doc = marsad.extract(WARM_UP_TEXT, date="2024-01-02")
    labels = {s.label for s in doc.spans}
    assert {"LOC", "DATE", "NUMBER", "SOURCE"} <= labels
    assert doc.events and doc.quotes


def test_warm_freezes_what_is_loaded_and_leaves_results_alone():
    text = "اعتقلت قوات الأمن العراقية خمسة مطلوبين في حي الزهراء بمدينة الموصل صباح اليوم."
    cold = marsad.extract(text, date="2024-05-01", pipeline=Pipeline.default()).events
    try:
        nlp = Pipeline.default().warm()
        assert gc.get_freeze_count() > 0
        warm = marsad.extract(text, date="2024-05-01", pipeline=nlp).events
    finally:
        gc.unfreeze()
    assert [(e["type"], e["date"], e["arrested"]) for e in warm] == [(e["type"], e["date"], e["arrested"])
                                                                     for e in cold]
    assert warm and warm[0]["type"] == "arrest"
