"""Persons found through role nouns and titles (own example sentences)."""

from __future__ import annotations

import pytest

from marsad.document import Document, Sentence
from marsad.kb import persons
from marsad.kb.actors import build_db
from marsad.kb.persons import RolesDataError, find_persons, load_roles, parse_roles
from marsad.text.sentences import split_sentences
from marsad.text.tokens import tokenize


def make_doc(text: str, spans: list[tuple[str, str, dict]] = ()) -> Document:
    doc = Document("t", raw=text, text=text)
    doc.sentences = [Sentence(a, b, text[a:b]) for a, b in split_sentences(text)]
    doc.tokens = tokenize(text)
    for label, surface, attrs in spans:
        start = text.index(surface)
        doc.add_span(label, start, start + len(surface), **attrs)
    return doc


def by_name(doc: Document) -> dict:
    return {s.attrs["name"]: s for s in find_persons(doc)}


def test_spokeswoman_with_org_after_basm():
    text = "وقالت المتحدثة باسم منظمة الصحة العالمية سلمى الحداد في مؤتمر صحفي إن الوضع صعب."
    doc = make_doc(text, [("ORG", "منظمة الصحة العالمية", {"kb_id": "WHO", "name": "World Health Organization"})])
    span = by_name(doc)["سلمى الحداد"]
    assert span.attrs["role"] == "spokesperson"
    assert span.attrs["org_id"] == "WHO"
    assert span.attrs["role_text"].startswith("المتحدثة باسم")
    assert doc.text[span.start:span.end] == "سلمى الحداد"


def test_commander_of_named_military_council():
    text = "وأكد قائد مجلس منبج العسكري شرفان كوباني أن الهجوم فشل."
    span = by_name(make_doc(text))["شرفان كوباني"]
    assert span.attrs["role"] == "commander"
    assert "مجلس منبج العسكري" in span.attrs["role_text"]


def test_genitive_complement_and_chained_roles():
    text = "وأعلن المتحدث باسم الحكومة وزير الإعلام والاتصال ماهر سليم في بيان أن الطريق مفتوح."
    span = by_name(make_doc(text))["ماهر سليم"]
    assert span.attrs["role"] == "spokesperson"


def test_title_before_name_and_article_family_name():
    text = "وصرح العميد يوسف المصري للصحفيين بأن القوات تقدمت."
    span = by_name(make_doc(text))["يوسف المصري"]
    assert span.attrs["role"] == "brigadier general"


def test_article_word_that_is_not_a_family_name_is_left_out():
    text = "أدى اللواء كريم ناصر القسم قائدا للقوات."
    assert "كريم ناصر" in by_name(make_doc(text))


def test_apposition_name_before_role():
    text = "وقال رامي يوسف، المتحدث باسم الدفاع المدني، إن فرق الإنقاذ وصلت."
    span = by_name(make_doc(text))["رامي يوسف"]
    assert span.attrs["role"] == "spokesperson"


def test_role_comma_name():
    text = "ونقلت الوكالة عن المتحدث باسم الشرطة، سامي عبد الرحمن، قوله إن التحقيق بدأ."
    assert by_name(make_doc(text))["سامي عبد الرحمن"].attrs["role"] == "spokesperson"


def test_unnamed_source_is_role_only():
    text = "وقال مصدر أمني إن الانفجار وقع قرب السوق."
    found = find_persons(make_doc(text))
    assert [(s.attrs["name"], s.attrs["role"], s.text) for s in found] == [(None, "security source", "مصدر أمني")]


def test_name_does_not_run_into_a_kb_span_or_line():
    text = "قال الرئيس نبيل كامل\nالجيش يتقدم"
    doc = make_doc(text, [("ACTOR", "الجيش", {"kb_id": "X-ARMY"})])
    assert list(by_name(doc)) == ["نبيل كامل"]


def test_english_title_and_apposition():
    text = ("Spokeswoman Maria Lopez said the road was closed. "
            "John Carter, a spokesman for the agency, said two people died. President Abd-Rabbu Smith left.")
    names = by_name(make_doc(text))
    assert names["Maria Lopez"].attrs["role"] == "spokesperson"
    assert names["John Carter"].attrs["role"] == "spokesperson"
    assert "Abd-Rabbu Smith" in names


def test_works_without_tokens_or_spans():
    doc = Document("t", raw="", text="وقال النقيب علي حسن إن الدورية عادت.")
    assert by_name(doc)["علي حسن"].attrs["role"] == "captain"


def test_official_gets_kb_id(tmp_path, monkeypatch):
    (tmp_path / "officials.yaml").write_text(
        "- id: TEST-OFFICIAL\n  name: Karim Haddad\n  name_ar: كريم حداد\n  kind: official\n"
        "  inter: 1\n  code: SYRGOV\n  country: SY\n", encoding="utf-8")
    db = build_db(tmp_path)
    monkeypatch.setattr(persons, "_officials", lambda: db)
    span = by_name(make_doc("وقال وزير الدفاع كريم حداد إن الجيش مستعد."))["كريم حداد"]
    assert span.attrs["kb_id"] == "TEST-OFFICIAL"
    assert span.attrs["name_en"] == "Karim Haddad"


@pytest.mark.parametrize("text, office", [
    ("وقال وزير الخارجية نادر الزين إن المحادثات انتهت.", "وزير الخارجية"),
    ("وتحدث رئيس الوزراء الليبي نادر الزين عن الميزانية.", "رئيس الوزراء الليبي"),
])
def test_office_that_is_an_actor_span_still_names_its_holder(text, office):
    doc = make_doc(text, [("ACTOR", office, {"kb_id": "GOV-X", "name": "Some office"})])
    span = by_name(doc)["نادر الزين"]
    assert span.attrs["org_id"] == "GOV-X"
    assert span.attrs["role_text"].startswith(office.split()[0])


def test_office_actor_span_without_a_name_adds_no_person():
    text = "وقال وزير الخارجية إن المحادثات انتهت."
    doc = make_doc(text, [("ACTOR", "وزير الخارجية", {"kb_id": "GOV-X", "name": "Some office"})])
    assert find_persons(doc) == []


def test_actor_span_that_only_contains_an_office_is_not_its_head():
    # The role noun sits inside the actor's name, not at its head.
    text = "وأعلنت قوات حماية رئيس الجمهورية نادر الزين قائدا جديدا."
    doc = make_doc(text, [("ACTOR", "قوات حماية رئيس الجمهورية", {"kb_id": "GUARD", "name": "Guard"})])
    assert "نادر الزين" not in by_name(doc)


@pytest.mark.parametrize("text", [
    "وقال الرئيس السابق نادر الزين إن البلاد بخير.",
    "وقال وزير الدفاع الأسبق نادر الزين إن البلاد بخير.",
    "وقال رئيس الحكومة المنتهية ولايته نادر الزين إن البلاد بخير.",
])
def test_qualifier_of_the_office_stands_between_role_and_name(text):
    assert "نادر الزين" in by_name(make_doc(text))


@pytest.mark.parametrize("text", [
    "وأصدر الرئيس بيانا أمر فيه الشرطة بحماية السوق.",
    "وكتب العميد عليها أن المعبر مغلق.",
])
def test_noun_in_the_accusative_or_preposition_with_pronoun_is_no_name(text):
    assert [s.attrs["name"] for s in find_persons(make_doc(text)) if s.attrs["name"]] == []


@pytest.mark.parametrize("text", [
    "قتل ثلاثة من مقاتلي الحركة في الغارة، وهم: سامر يوسف، خالد منصور، وعادل حمدان.",
    "وأعلنت الحركة مقتل ثلاثة من عناصرها وهم: سامر يوسف، خالد منصور وعادل حمدان.",
])
def test_names_listed_after_wahum(text):
    assert sorted(by_name(make_doc(text))) == ["خالد منصور", "سامر يوسف", "عادل حمدان"]


def test_one_name_is_no_list():
    assert find_persons(make_doc("قتل خمسة أشخاص وهم: سامر يوسف.")) == []


def test_a_list_of_victims_described_not_named_gives_no_persons():
    from marsad.api import extract

    doc = extract("أصيب عشرة أشخاص بينهم: أطفال صغار، نساء مسنات.")
    assert [s.text for s in doc.spans if s.label == "PERSON"] == []


def test_a_name_with_a_future_like_first_letter_is_no_role():
    # "سامر" is not س + آمر (commander): roles are nouns and never take the future marker.
    text = "وقال سامر يوسف إن الطريق مفتوح."
    # (the speaker is found by name, with no role)
    assert [(p.text, p.attrs["role"]) for p in find_persons(make_doc(text))] == [("سامر يوسف", None)]


def test_every_role_form_is_found_in_context():
    data = load_roles()
    for d in data.roles:
        arabic = any("\u0600" <= c <= "\u06ff" for c in d.form)
        text = f"وقال {d.form} إن" if arabic else f"Then {d.form} said"
        matches = data.matcher.find(tokenize(text), text)
        assert matches, d.form
        assert matches[0].payloads[0].role == d.role, d.form


def test_every_word_list_entry_is_in_matching_form_and_nonempty():
    data = load_roles()
    for words in (data.org_heads, data.stopwords, data.introducers, data.connectors, data.modifiers,
                  data.list_introducers):
        assert words and all(w and w == w.strip() for w in words)


@pytest.mark.parametrize("bad, reason", [
    ({"roles": [{"role": "x", "kind": "boss", "ar": ["مدير"], "en": ["x"]}]}, "kind"),
    ({"roles": [{"role": "x", "kind": "title", "ar": ["boss"], "en": ["x"]}]}, "no Arabic"),
    ({"roles": [{"role": "x", "kind": "title", "ar": ["مدير"], "en": ["x"]},
                {"role": "y", "kind": "title", "ar": ["مدير"], "en": ["y"]}]}, "also belongs"),
    ({"roles": []}, "non-empty"),
    ({"roles": [{"role": "x", "kind": "title", "ar": ["مدير"], "en": ["x"], "colour": 1}]}, "unknown field"),
])
def test_bad_roles_data_names_file_and_reason(bad, reason):
    base = {"org_heads": ["وزارة"], "name_stopwords": ["في"], "name_introducers": ["يدعى"],
            "name_connectors": ["عبد"], "en_stopwords": ["The"], "role_modifiers": ["السابق"],
            "list_introducers": ["وهم"]}
    with pytest.raises(RolesDataError, match=reason) as err:
        parse_roles({**base, **bad}, "roles.yaml")
    assert "roles.yaml" in str(err.value)


def test_an_adjective_with_the_article_is_no_official_s_name():
    import marsad

    doc = marsad.extract("أغلق محتجون الطريق الرئيسي. والتقى الرئيس الإيراني إبراهيم رئيسي بالوفد.", date="2023-05-01")
    assert [s.text for s in doc.spans if s.attrs.get("kb_id") == "P-RAISI"] == ["الرئيس الإيراني إبراهيم رئيسي"]


@pytest.mark.parametrize("text, person", [
    ("تصاعدت الفوضى بعد الإطاحة بمعمر القذافي عام 2011.", "P-GADDAFI"),
    ("أعدم الرئيس العراقي السابق صدام حسين عام 2006.", "P-SADDAM-HUSSEIN"),
    ("قتل زعيم تنظيم القاعدة أسامة بن لادن في باكستان.", "P-BIN-LADEN"),
])
def test_former_rulers_and_leaders_named_in_history(text, person):
    import marsad

    doc = marsad.extract(text, date="2024-03-14")
    assert person in [s.attrs.get("kb_id") for s in doc.spans if s.label in ("PERSON", "ACTOR")]


@pytest.mark.parametrize("text, name", [
    ("استهدف الاحتلال منزلا لعائلة أبي يوسف الديراوي في مخيم النصيرات.", "أبي يوسف الديراوي"),
    ("قصفت الطائرات منزل عائلة محمد الشريف في خان يونس.", "محمد الشريف"),
])
def test_the_head_of_a_family_named_after_aila_is_a_person(text, name):
    import marsad

    doc = marsad.extract(text, date="2024-03-14")
    assert [s.text for s in doc.spans if s.label == "PERSON"] == [name]


def test_the_family_alone_names_no_person():
    import marsad

    doc = marsad.extract("نزحت العائلة إلى رفح بعد القصف.", date="2024-03-14")
    assert [s.text for s in doc.spans if s.label == "PERSON"] == []
