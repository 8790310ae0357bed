"""The entities component with the shipped model, on own news prose."""

from __future__ import annotations

import pickle

import pytest
from conftest import sentence_bounds

from rasd import Pipeline
from rasd.components.entities import EntityRecognizer, _spans
from rasd.errors import RasdError

TEXT = (
    "بيروت - أعلن المتحدث باسم الجيش اللبناني العميد سامر حداد فجر أمس أن وحدة هندسة فككت عبوة "
    "ناسفة قرب مدينة صيدا. وقال وزير الداخلية بسام المولوي لـ«حزب الله» إن التحقيق مستمر، فيما "
    "وصل الرئيس الفرنسي إيمانويل ماكرون إلى بغداد والتقى رئيس الوزراء العراقي في القصر الحكومي. "
    "وأكدت وزارة الخارجية السعودية أن الرياض تدعم والعراق في حربه على الإرهاب."
)


@pytest.fixture(scope="module")
def doc():
    nlp = Pipeline(["sentences", "tokens", "entities"])
    d = nlp(TEXT)
    d.check_spans()
    return d


def _found(doc):
    return {(e.text, e.label) for e in doc.entities}


def test_entities_spans_are_exact_and_labelled(doc):
    assert doc.entities, "no entities found"
    for e in doc.entities:
        assert e.text == TEXT[e.start:e.end]
        assert e.label in ("PER", "ORG", "LOC", "MISC")
    found = _found(doc)
    assert ("بيروت", "LOC") in found
    assert ("بغداد", "LOC") in found
    assert ("إيمانويل ماكرون", "PER") in found


def test_entities_do_not_swallow_clitics(doc):
    found = _found(doc)
    assert ("حزب الله", "ORG") in found  # not "لـ«حزب الله»"
    assert ("العراق", "LOC") in found  # not "والعراق"
    for e in doc.entities:
        assert not e.text.startswith(("«", "لـ", "و" + "ال")), e.text
        assert not e.text.endswith(("»", "،", ".")), e.text


def test_entities_do_not_cross_sentences(doc):
    for e in doc.entities:
        assert doc.sentence_of(e.start) == doc.sentence_of(e.end - 1)


def test_empty_and_non_arabic_documents():
    nlp = Pipeline(["sentences", "tokens", "entities"])
    assert nlp("").entities == []
    assert nlp("... 12 - 2025 !").entities == []


def test_missing_model_raises_e201(tmp_path):
    with pytest.raises(RasdError) as err:
        EntityRecognizer(model=tmp_path)._load()
    assert err.value.code == "E201"


def test_component_pickles_before_and_after_loading(doc):
    rec = EntityRecognizer()
    rec._load()
    clone = pickle.loads(pickle.dumps(rec))
    assert clone._tagger is None and clone.model is None
    nlp = Pipeline(["sentences", "tokens", clone])
    assert _found(nlp(TEXT)) == _found(doc)


def test_bio_decoding():
    assert _spans(["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "I-LOC"]) == [
        (0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 6, "LOC")]


def test_propagation_tags_a_later_surname_alone():
    text = ("القاهرة - قال وزير الخارجية المصري سامح شكري أمس إن المفاوضات مستمرة. "
            "وأضاف شكري أن بلاده تتابع الوضع عن كثب.")
    nlp = Pipeline(["sentences", "tokens", "entities"])
    with_prop = nlp(text)
    with_prop.check_spans()
    full = [e for e in with_prop.entities if e.text == "سامح شكري"]
    if not full:
        pytest.skip("the model did not tag the full name; propagation has nothing to start from")
    assert any(e.text == "شكري" and e.label == "PER" and e.start > full[0].end for e in with_prop.entities)
    rec = EntityRecognizer(propagate=False)
    plain = Pipeline(["sentences", "tokens", rec])(text)
    assert len(plain.entities) <= len(with_prop.entities)


def test_scores_are_marginal_probabilities_and_fast_decoder_matches_crfsuite():
    from rasd.text.sentences import split_sentences
    from rasd.text.tokens import tokenize

    rec = EntityRecognizer(scores=True)
    doc = Pipeline(["sentences", "tokens", rec])(TEXT)
    assert doc.entities and all(0.0 < e.score <= 1.0 for e in doc.entities)
    assert {(e.text, e.label) for e in doc.entities} == _found(
        Pipeline(["sentences", "tokens", "entities"])(TEXT))
    # the numpy decoder gives crfsuite's labels and marginals
    sents = split_sentences(TEXT)
    toks = tokenize(TEXT, sents)
    bounds = sentence_bounds(toks)
    labels, probs = rec._fast.decode(rec._fast.emissions(toks, bounds), bounds, marginals=True)
    for a, b in bounds:
        ref = rec._tagger.tag(rec._feats.sentence(toks[a:b]))
        assert labels[a:b] == ref
        for k in range(a, b):
            assert abs(rec._tagger.marginal(ref[k - a], k - a) - probs[k]) < 1e-4


def test_word_caches_are_bounded_and_a_fresh_table_gives_the_same_scores(monkeypatch):
    from rasd.components.entities import load_model
    from rasd.text.sentences import split_sentences
    from rasd.text.tokens import tokenize

    _tagger, feats, fast = load_model()
    toks = tokenize(TEXT, split_sentences(TEXT))
    bounds = [(0, len(toks))]
    before = fast.emissions(toks, bounds)
    n_words = len({t.text for t in toks})  # (the tables are keyed by the written form)
    monkeypatch.setattr(fast, "max_words", 5)  # already over: the next document starts a fresh table
    old = fast._state
    again = fast.emissions(toks, bounds)
    assert fast._state is not old
    assert len(fast._state.cache) == n_words  # one document is never cut short
    assert (again == before).all()
    # the featurizer's own cache empties itself at its cap
    from rasd.train import features

    monkeypatch.setattr(features, "MAX_CACHED_WORDS", 3)
    feats._cache = {}
    for t in toks:
        assert feats.word(t)[5] == feats.build(t)[5]
    assert 0 < len(feats._cache) <= 3


def test_word_features_follow_the_written_form_not_the_first_form_seen():
    # أليكسيس (a name: no article) and اليكسيس (read as ال + يكسيس) share one normalised word;
    # each must keep its own features and scores whichever the process met first
    from rasd.components.entities import load_model
    from rasd.text.tokens import tokenize

    _tagger, feats, fast = load_model()
    bare, hamza = tokenize("اليكسيس")[0], tokenize("أليكسيس")[0]
    assert bare.norm == hamza.norm and (bare.det, hamza.det) == (True, False)
    for first, second in ((bare, hamza), (hamza, bare)):
        feats._cache = {}
        feats.word(first)
        assert feats.word(second) == feats.word(second.__class__(**{
            f: getattr(second, f) for f in second.__dataclass_fields__}))
        fresh = feats.build(second)
        assert feats.word(second)[0] == [x for x in fresh[0] if x in feats.known]
    # the decoder's table: one row per written form, scored as in a fresh table
    toks = [bare, hamza]
    e1 = fast.emissions(toks, [(0, 1), (1, 2)])
    e2 = fast.emissions(toks[::-1], [(0, 1), (1, 2)])
    assert (e1[0] == e2[1]).all() and (e1[1] == e2[0]).all()
    assert not (e1[0] == e1[1]).all()
