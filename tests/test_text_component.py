from marsad.document import Document, Sentence
from marsad.pipeline import Pipeline, registered_components
from marsad.text.tokens import Token


def run(text, **fields):
    doc = Document(id="t", raw=text, text=text, **fields)
    return Pipeline.from_names(["language", "sentences", "tokens"])(doc)


def test_components_are_registered():
    assert {"language", "sentences", "tokens"} <= set(registered_components())


def test_text_layer_fills_the_document():
    doc = run("قال الدفاع المدني إن القصف توقف. وعاد الهدوء إلى وبدير الزور")
    assert doc.language == "ar"
    assert doc.sentences == [
        Sentence(0, 32, "قال الدفاع المدني إن القصف توقف."),
        Sentence(33, 60, "وعاد الهدوء إلى وبدير الزور"),
    ]
    assert all(isinstance(t, Token) for t in doc.tokens)
    assert [t.text for t in doc.tokens][-2:] == ["وبدير", "الزور"]
    assert ("دير", doc.tokens[-2].start + 2, doc.tokens[-2].end) in doc.tokens[-2].variants
    for token in doc.tokens:
        assert doc.text[token.start : token.end] == token.text
        assert doc.sentence_at(token.start) is not None


def test_language_given_by_the_reader_is_kept():
    assert run("قال الدفاع المدني إن القصف توقف.", language="en").language == "en"
    assert run("The shelling stopped on Monday, officials said.").language == "en"
