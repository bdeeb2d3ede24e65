"""`quotes._Doc.starts_in_mention` answers as the scan over every role mention."""

import marsad
from marsad.extraction.quotes import _Doc, _in_mention

# Written for this test: named and unnamed role holders, a quote and a source.
TEXT = ('وقال المتحدث باسم وزارة الداخلية أحمد سالم إن "الوضع تحت السيطرة"، '
        'فيما أكد مصدر أمني أن ثلاثة أشخاص أصيبوا. وأضاف وزير الدفاع خالد العلي أن التحقيق مستمر.')


def test_starts_in_mention_agrees_with_the_scan():
    doc = marsad.extract(TEXT, id="t", date="2024-01-02")
    d = _Doc(doc)
    assert d.mentions  # the text has role mentions
    assert d._in_mention is not None  # tokens in order: the precomputed set is used
    for k, tok in enumerate(d.tokens):
        assert d.starts_in_mention(k) == any(_in_mention(m, tok.start) for m in d.mentions)
