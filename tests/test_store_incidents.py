"""Incident merging on hand-built event mentions (no extractor involved), on SQLite and
PostgreSQL: one airstrike told by three outlets with different tolls and place precision, and
three distinct incidents in one town on the same day."""

from __future__ import annotations

import datetime as dt

import pytest

from marsad.document import Document
from marsad.store import store_document
from marsad.kb.gazetteer import haversine_km
from marsad.store.incidents import fatality_estimate

KAFRANBEL = {"name": "Kafranbel", "name_ar": "كفرنبل", "admin1": "Idlib", "admin2": "Maarrat al-Nu'man District",
             "country": "Syria", "iso2": "SY", "lat": 35.6138, "lon": 36.5645, "geonameid": 168661,
             "geo_precision": 1, "where_prec": 1, "text": "كفرنبل"}
MAARRAT_DISTRICT = {"name": "Maarrat al-Nu'man District", "name_ar": "منطقة معرة النعمان", "admin1": "Idlib",
                    "admin2": "Maarrat al-Nu'man District", "country": "Syria", "iso2": "SY", "lat": 35.64,
                    "lon": 36.67, "geonameid": None, "geo_precision": 2, "where_prec": 3, "text": "ريف إدلب الجنوبي"}
ARIHA = {"name": "Ariha", "name_ar": "أريحا", "admin1": "Idlib", "admin2": "Ariha District", "country": "Syria",
         "iso2": "SY", "lat": 35.8137, "lon": 36.6095, "geonameid": 173193, "geo_precision": 1, "where_prec": 1,
         "text": "أريحا"}
GOV = {"id": "SYR-GOV", "name": "Government of Syria", "name_ar": "الحكومة السورية", "inter": 1, "code": "SYRGOV"}
ARMY = {"id": "SYR-ARMY", "name": "Syrian Arab Army", "name_ar": "الجيش السوري", "inter": 1, "code": "SYRMIL"}
HTS = {"id": "HTS", "name": "Hayat Tahrir al-Sham", "name_ar": "هيئة تحرير الشام", "inter": 2, "code": "SYRREB"}
NFL = {"id": "NFL", "name": "National Front for Liberation", "name_ar": "الجبهة الوطنية للتحرير", "inter": 2,
       "code": "SYRREB"}
CIVILIANS = {"id": "CIVILIANS", "name": "Civilians", "name_ar": "مدنيون", "inter": 7, "code": "CVLCVL"}
PROTESTERS = {"id": None, "name": "Protesters (Syria)", "name_ar": "متظاهرون", "inter": 6, "code": "SYRPRO"}

TYPES = {
    "airstrike": ("ASSAULT", "aerial", "Explosions/Remote violence", "Air/drone strike"),
    "armed_clash": ("ASSAULT", "firearms", "Battles", "Armed clash"),
    "protest": ("PROTEST", "demo", "Protests", "Peaceful protest"),
}


def event(eid, etype, *, actor1=None, actor2=None, location, date="2024-03-05", fatalities=None, source=None,
          status="reported", text="نص الحدث."):
    plover_type, mode, acled, sub = TYPES[etype]
    return {"id": eid, "type": etype, "plover_type": plover_type, "plover_mode": mode, "acled_event_type": acled,
            "acled_sub_event_type": sub, "actor1": actor1, "actor2": actor2, "assoc_actors": [],
            "location": location, "date": date, "date_end": None, "time_precision": 1, "date_text": None,
            "fatalities": fatalities, "injured": None, "arrested": None, "source": source, "source_text": None,
            "evidence": {"text": text, "start": 0, "end": len(text)}, "confidence": 0.8, "status": status}


def doc(url, outlet, pub, text, events):
    return Document(id=url, raw=text, text=text, url=url, outlet=outlet, publication_date=dt.date.fromisoformat(pub),
                    language="ar", events=events)


STRIKE_1 = doc("https://a.example.org/1", "وكالة ألف", "2024-03-05",
               "قتل سبعة مدنيين في غارة جوية على كفرنبل.",
               [event("s1", "airstrike", actor1=GOV, actor2=CIVILIANS, location=KAFRANBEL, fatalities=7,
                      source="Syrian Observatory for Human Rights")])
STRIKE_2 = doc("https://b.example.org/2", "صحيفة باء", "2024-03-05",
               "مقتل تسعة أشخاص بغارة في ريف إدلب الجنوبي.",
               [event("s2", "airstrike", actor2=CIVILIANS, location=MAARRAT_DISTRICT, fatalities=9,
                      source="Syria Civil Defence")])
STRIKE_3 = doc("https://c.example.org/3", "قناة جيم", "2024-03-06",
               "ارتفعت حصيلة غارة كفرنبل أمس إلى سبعة قتلى.",
               [event("s3", "airstrike", actor1=GOV, location=KAFRANBEL, fatalities=7,
                      source="Syrian Observatory for Human Rights")])
CLASH_1 = doc("https://a.example.org/4", "وكالة ألف", "2024-03-05", "اشتباكات بين الجيش والهيئة في أريحا.",
              [event("c1", "armed_clash", actor1=ARMY, actor2=HTS, location=ARIHA, fatalities=3)])
CLASH_2 = doc("https://b.example.org/5", "صحيفة باء", "2024-03-05", "اشتبكت الهيئة مع الجيش قرب أريحا.",
              [event("c2", "armed_clash", actor1=HTS, actor2=ARMY, location=ARIHA, fatalities=4)])
FEUD = doc("https://c.example.org/6", "قناة جيم", "2024-03-05", "اقتتال بين الهيئة والجبهة الوطنية في أريحا.",
           [event("f1", "armed_clash", actor1=NFL, actor2=HTS, location=ARIHA, fatalities=1)])
PROTEST = doc("https://a.example.org/7", "وكالة ألف", "2024-03-05", "تظاهر العشرات في أريحا.",
              [event("p1", "protest", actor1=PROTESTERS, location=ARIHA)])
ALL = [STRIKE_1, STRIKE_2, STRIKE_3, CLASH_1, CLASH_2, FEUD, PROTEST]


def put(store, docs):
    for d in docs:
        with store.session() as s, s.begin():
            store_document(s, d)


def groups(store):
    frame = store.incidents()
    return {frozenset(m["url"] for m in row.mentions): row for row in frame.itertuples()}


def test_one_airstrike_three_outlets_and_three_distinct_incidents(store_open):
    store = store_open()
    put(store, ALL)
    found = groups(store)
    strike_urls = frozenset(d.url for d in (STRIKE_1, STRIKE_2, STRIKE_3))
    assert set(found) == {strike_urls, frozenset({CLASH_1.url, CLASH_2.url}), frozenset({FEUD.url}),
                          frozenset({PROTEST.url})}
    strike = found[strike_urls]
    assert (strike.fatalities_low, strike.fatalities_best, strike.fatalities_high) == (7, 7, 9)
    assert "cited by 2 of 3" in strike.fatalities_note
    assert strike.location["name"] == "Kafranbel"  # the most precise place wins over the district
    assert strike.actor1["id"] == "SYR-GOV"
    assert strike.outlets == sorted(["وكالة ألف", "صحيفة باء", "قناة جيم"])
    assert strike.sources == ["Syria Civil Defence", "Syrian Observatory for Human Rights"]
    assert strike.n_documents == 3
    assert (strike.first_reported, strike.last_reported) == (dt.date(2024, 3, 5), dt.date(2024, 3, 6))
    reasons = " | ".join(r["reason"] for r in strike.merge_reasons)
    assert "same admin2" in reasons and "same place (Kafranbel)" in reasons
    clash = found[frozenset({CLASH_1.url, CLASH_2.url})]
    assert "sides swapped" in " ".join(r["reason"] for r in clash.merge_reasons)
    assert (clash.fatalities_low, clash.fatalities_best, clash.fatalities_high) == (3, 3, 4)  # tie, same day: the smaller


def test_merging_does_not_depend_on_ingest_order(store_open):
    store = store_open()
    put(store, list(reversed(ALL)))
    assert len(groups(store)) == 4
    assert {len(k) for k in groups(store)} == {3, 2, 1, 1}


def test_incident_ids_are_stable_and_reingest_changes_nothing(store_open):
    store = store_open()
    put(store, ALL)
    before = store.incidents()[["id", "n_documents", "fatalities_best"]].to_dict("records")
    put(store, ALL)
    assert store.incidents()[["id", "n_documents", "fatalities_best"]].to_dict("records") == before
    assert store.counts()["events"] == 7


def test_far_apart_and_different_days_do_not_merge(store_open):
    store = store_open()
    far = dict(KAFRANBEL, name="Jisr al-Shughur", geonameid=170017, lat=35.8126, lon=36.3176,
               admin2="Jisr al-Shughur District")
    assert haversine_km(KAFRANBEL["lat"], KAFRANBEL["lon"], far["lat"], far["lon"]) > 25
    put(store, [STRIKE_1,
                doc("https://d.example.org/8", "د", "2024-03-05", "غارة على جسر الشغور.",
                    [event("x", "airstrike", actor1=GOV, location=far, fatalities=2)]),
                doc("https://d.example.org/9", "د", "2024-03-09", "غارة على كفرنبل.",
                    [event("y", "airstrike", actor1=GOV, location=KAFRANBEL, date="2024-03-09")])])
    assert store.counts()["incidents"] == 3


def test_manual_split_and_merge_persist_across_reingest(store_open):
    store = store_open()
    put(store, ALL)
    found = groups(store)
    strike = found[frozenset(d.url for d in (STRIKE_1, STRIKE_2, STRIKE_3))]
    s3 = next(m["id"] for m in strike.mentions if m["url"] == STRIKE_3.url)
    new_id = store.split(s3, note="a different raid")
    assert new_id != strike.id
    # a new version of the split article must stay apart from the airstrike incident
    changed = doc(STRIKE_3.url, "قناة جيم", "2024-03-06", STRIKE_3.text + " وأصيب آخرون.", STRIKE_3.events)
    put(store, [changed])
    found = groups(store)
    assert frozenset({STRIKE_3.url}) in found and frozenset({STRIKE_1.url, STRIKE_2.url}) in found
    feud = found[frozenset({FEUD.url})].id
    clash = found[frozenset({CLASH_1.url, CLASH_2.url})].id
    assert store.merge(clash, feud) == clash
    found = groups(store)
    assert frozenset({CLASH_1.url, CLASH_2.url, FEUD.url}) in found
    assert found[frozenset({CLASH_1.url, CLASH_2.url, FEUD.url})].id == clash
    with pytest.raises(KeyError):
        store.merge(clash, "INC-NOPE")


def test_changed_version_replaces_mentions_and_keeps_history(store_open):
    from marsad.store.models import DocumentVersion

    store = store_open()
    put(store, [STRIKE_1, STRIKE_2])
    revised = doc(STRIKE_2.url, "صحيفة باء", "2024-03-05", STRIKE_2.text + " تحديث.",
                  [event("s2b", "airstrike", actor2=CIVILIANS, location=MAARRAT_DISTRICT, fatalities=11)])
    with store.session() as s, s.begin():
        assert store_document(s, revised)[0] == "updated"
    with store.session() as s:
        versions = s.query(DocumentVersion).all()
        assert len(versions) == 1 and versions[0].version == 1
        assert versions[0].record["events"][0]["fatalities"] == 9
    found = groups(store)
    (row,) = found.values()
    assert (row.fatalities_low, row.fatalities_high) == (7, 11)
    assert store.counts() == {"documents": 2, "versions": 1, "events": 2, "incidents": 1}


def test_claimed_figures_are_set_aside_when_reported_ones_exist():
    d = dt.date(2024, 1, 1)
    assert fatality_estimate([(5, "reported", d), (40, "claimed", d)]) [:3] == (5, 5, 5)
    assert fatality_estimate([(40, "claimed", d)])[:3] == (40, 40, 40)
    # a tie goes to the later report (tolls are revised upwards)
    assert fatality_estimate([(5, "reported", d), (8, "reported", d + dt.timedelta(days=1))])[1] == 8
    assert fatality_estimate([]) == (None, None, None, None)


def test_most_precise_place_wins_even_when_outnumbered(store_open):
    store = store_open()
    coarse_again = doc("https://d.example.org/10", "د", "2024-03-05", "غارة على ريف إدلب الجنوبي.",
                       [event("s4", "airstrike", location=MAARRAT_DISTRICT, fatalities=9)])
    put(store, [STRIKE_2, coarse_again, STRIKE_1])
    (row,) = groups(store).values()
    assert row.location["name"] == "Kafranbel" and row.geo_precision == 1
    assert row.lat == pytest.approx(KAFRANBEL["lat"])


# A fictitious village in the same district as Kafranbel but ~35 km from it: a district-level
# report matches both, the two precise ones do not match each other.
FAR_VILLAGE = dict(KAFRANBEL, name="Test Village", name_ar="قرية الاختبار", geonameid=None, lat=35.40, lon=36.85,
                   text="قرية الاختبار")


def test_removing_the_linking_mention_splits_the_incident(store_open):
    assert haversine_km(KAFRANBEL["lat"], KAFRANBEL["lon"], FAR_VILLAGE["lat"], FAR_VILLAGE["lon"]) > 25
    store = store_open()
    near = doc("https://e.example.org/1", "هاء", "2024-03-05", "غارة على كفرنبل.",
               [event("n1", "airstrike", location=KAFRANBEL, fatalities=2)])
    link = doc("https://e.example.org/2", "واو", "2024-03-05", "غارة في ريف إدلب الجنوبي.",
               [event("l1", "airstrike", location=MAARRAT_DISTRICT, fatalities=2)])
    far = doc("https://e.example.org/3", "زاي", "2024-03-05", "غارة على قرية الاختبار.",
              [event("f1", "airstrike", location=FAR_VILLAGE, fatalities=2)])
    put(store, [near, link, far])
    (chained,) = groups(store).values()
    assert chained.n_documents == 3  # far joined through the district-level report
    corrected = doc(link.url, "واو", "2024-03-05", "تظاهر العشرات في ريف إدلب الجنوبي.",
                    [event("l2", "protest", actor1=PROTESTERS, location=MAARRAT_DISTRICT)])
    put(store, [corrected])
    found = groups(store)
    assert set(found) == {frozenset({near.url}), frozenset({far.url}), frozenset({link.url})}
    assert chained.id in {row.id for row in found.values()}  # the first group keeps the old id
    assert found[frozenset({link.url})].type == "protest"


def test_incident_fields_come_from_members_after_an_update(store_open):
    store = store_open()
    put(store, [STRIKE_1, STRIKE_3])
    revised = doc(STRIKE_3.url, "قناة جيم", "2024-03-06", STRIKE_3.text + " تحديث.",
                  [event("s3", "airstrike", actor1=GOV, location=KAFRANBEL, fatalities=12,
                         source="Syrian Observatory for Human Rights")])
    put(store, [revised])
    (row,) = groups(store).values()
    assert (row.fatalities_low, row.fatalities_best, row.fatalities_high) == (7, 12, 12)
    assert len(row.merge_reasons) == 2 and store.counts()["versions"] == 1


def test_postgresql_and_sqlite_end_with_the_same_rows(store_db_url, tmp_path):
    from marsad.store import Store
    from test_store_ingest import dump

    if store_db_url.startswith("sqlite"):
        pytest.skip("compares PostgreSQL with SQLite; runs as the postgresql case")
    lite = f"sqlite:///{tmp_path / 'twin.db'}"
    for url in (store_db_url, lite):
        store = Store.open(url)
        try:
            put(store, ALL)
            put(store, [doc(STRIKE_2.url, "صحيفة باء", "2024-03-05", STRIKE_2.text + " تحديث.",
                            [event("s2b", "airstrike", actor2=CIVILIANS, location=MAARRAT_DISTRICT, fatalities=11)])])
            clash = next(r for r in store.incidents().itertuples() if r.type == "armed_clash" and r.n_documents == 2)
            store.split(clash.mentions[0]["id"], note="two fights")
        finally:
            store.engine.dispose()
    pg, sqlite = dump(store_db_url), dump(lite)
    assert pg["incidents"] and pg == sqlite


def test_manual_merge_survives_updates_of_either_side(store_open):
    store = store_open()
    put(store, [CLASH_1, CLASH_2, FEUD])
    found = groups(store)
    clash, feud = found[frozenset({CLASH_1.url, CLASH_2.url})].id, found[frozenset({FEUD.url})].id
    store.merge(clash, feud, note="one battle")
    everyone = frozenset({CLASH_1.url, CLASH_2.url, FEUD.url})
    for d in (FEUD, CLASH_1):  # a new version of either side re-merges its incident from scratch
        put(store, [doc(d.url, d.outlet, d.publication_date.isoformat(), d.text + " تحديث.", d.events)])
        found = groups(store)
        assert set(found) == {everyone} and found[everyone].id == clash


def test_a_moved_seed_mention_gets_a_new_incident_id(store_open):
    store = store_open()
    put(store, [STRIKE_1, STRIKE_3])  # STRIKE_1's mention seeded the incident: its id derives from it
    (seeded,) = groups(store).values()
    far = dict(KAFRANBEL, name="Jisr al-Shughur", geonameid=170017, lat=35.8126, lon=36.3176,
               admin2="Jisr al-Shughur District")
    moved = doc(STRIKE_1.url, STRIKE_1.outlet, "2024-03-05", "غارة على جسر الشغور.",
                [event("s1", "airstrike", actor1=GOV, location=far, fatalities=7)])
    put(store, [moved])
    found = groups(store)
    assert set(found) == {frozenset({STRIKE_1.url}), frozenset({STRIKE_3.url})}
    assert found[frozenset({STRIKE_3.url})].id == seeded.id != found[frozenset({STRIKE_1.url})].id


def _region_wide(ev: dict) -> dict:
    return {**ev, "signals": ["region_wide"]}


TOLL_ACROSS = doc("https://d.example.org/8", "وكالة دال", "2024-03-05", "قتل 30 شخصا في غارات على أنحاء ريف إدلب.",
                  [_region_wide(event("r1", "airstrike", actor1=GOV, location=MAARRAT_DISTRICT, fatalities=30))])


def test_a_toll_over_a_whole_region_is_flagged_and_a_single_strike_is_not(store_open):
    store = store_open()
    put(store, [STRIKE_1, TOLL_ACROSS])
    flags = {tuple(m["url"] for m in row.mentions): row.region_wide for row in store.incidents().itertuples()}
    assert flags == {("https://a.example.org/1",): False, ("https://d.example.org/8",): True}


def test_region_wide_flag_is_filled_for_a_store_made_before_it(store_db_url):
    from alembic import command
    from sqlalchemy import text

    from marsad.store import Store
    from marsad.store.db import alembic_config, upgrade

    store = Store.open(store_db_url)
    put(store, [TOLL_ACROSS, STRIKE_1])
    command.downgrade(alembic_config(store.engine), "0004")  # as a store written before the flag existed
    with store.engine.begin() as conn:
        assert "region_wide" not in conn.execute(text("SELECT * FROM incidents")).keys()
    upgrade(store.engine)
    with store.engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT i.id, i.region_wide FROM incidents i")).all())
    assert sorted(map(bool, rows.values())) == [False, True]
    store.engine.dispose()
