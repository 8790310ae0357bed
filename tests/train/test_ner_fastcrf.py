"""The fast NER decoder's shortcuts give crfsuite's features and labels (own prose)."""

from __future__ import annotations

from conftest import sentence_bounds

from rasd.components.entities import load_model
from rasd.text.sentences import split_sentences
from rasd.text.tokens import tokenize

TEXT = (
    "عمّان - قال وزير الخارجية الأردني أيمن الصفدي مساء الثلاثاء الماضي إن المملكة الأردنية الهاشمية "
    "ترفض أي تهجير، فيما أكد مصدر في الأمم المتحدة لـ«رويترز» أن قافلة إغاثة وصلت إلى مدينة غزة "
    "في ٢٣ أيار / مايو. ونفت وزارة الدفاع الإسرائيلية ما نشرته صحيفة «هآرتس» عن قصف مخيم جباليا، "
    "وأعلن الهلال الأحمر الفلسطيني في رام الله مقتل ثلاثة مسعفين بالطائرات المسيّرة."
)


def _toks():
    return tokenize(TEXT, split_sentences(TEXT))


def test_sparse_lexicon_matches_equal_the_dense_ones():
    _tagger, feats, _fast = load_model()
    keys = [feats.build(t)[5] for t in _toks()]
    dense = feats.lexicon.matches(keys)
    sparse = feats.lexicon.matches_at(keys)
    assert dense is not None and sparse  # the text names places and organisations of the lexicon
    assert sparse == {i: g for i, g in enumerate(dense) if g}
    assert list(sparse) == sorted(sparse)


def test_vocab_pruning_drops_only_features_without_weight():
    _tagger, feats, fast = load_model()
    weighted = fast._aid
    pruned_any = False
    for t in _toks():
        full = feats.build(t)
        pruned = feats.build(t, fast._vocab)
        assert full[5:] == pruned[5:]
        for a, b in zip(full[:5], pruned[:5]):
            assert [x for x in a if x in weighted] == [x for x in b if x in weighted]
            pruned_any |= len(b) < len(a)
    assert pruned_any


def test_fast_decoder_labels_equal_crfsuite_on_a_long_document():
    tagger, feats, fast = load_model()
    toks = []
    for copy in range(3):  # several sentences of different lengths, cache hits and misses
        for t in _toks():
            t.sent += 100 * copy
            toks.append(t)
    bounds = sentence_bounds(toks)
    labels, _ = fast.decode(fast.emissions(toks, bounds), bounds)
    assert any(lab != "O" for lab in labels)
    for a, b in bounds:
        assert labels[a:b] == tagger.tag(feats.sentence(toks[a:b]))


def test_emissions_are_the_summed_weights_of_crfsuite_features():
    import numpy as np

    _tagger, feats, fast = load_model()
    toks = _toks()
    bounds = sentence_bounds(toks)
    E = fast.emissions(toks, bounds)
    for a, b in bounds:
        for k, attrs in enumerate(feats.sentence(toks[a:b])):
            want = sum((fast.W[x] for x in attrs if x in fast.W), np.zeros(len(fast.labels)))
            assert np.allclose(E[a + k], want, atol=1e-9)


def test_grown_word_table_gives_the_same_scores():
    import numpy as np

    from rasd.train.crf import FastCRF

    tagger, feats, _fast = load_model()
    letters = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
    words = [x + y + z for x in letters[:12] for y in letters[:10] for z in letters[:10]]  # 1,200 new words
    filler = " ".join(words) + "."
    fresh = FastCRF(tagger, feats)
    ftoks = tokenize(filler, split_sentences(filler))
    fresh.emissions(ftoks, sentence_bounds(ftoks))
    assert fresh._state.rows > 1024 and len(fresh._state.table) >= fresh._state.rows  # the table grew
    toks = _toks()
    assert np.array_equal(fresh.emissions(toks, sentence_bounds(toks)), FastCRF(tagger, feats).emissions(toks, sentence_bounds(toks)))


# lexicon matches of every shape: a multi-word match ending a sentence, overlapping matches (a
# word inside one match starting another), a name at the very end of the text, and a word that
# starts multi-word entries followed by a word that completes none ("الأمم إن")
LEXICON_TEXT = (
    "رام الله - أعلنت الأمم المتحدة أن الولايات المتحدة الأمريكية والمملكة العربية السعودية تدعمان "
    "خطة الهلال الأحمر. وقال مسؤول في الأمم إن المتحدة شيء آخر، ورحبت بها الأمم. الأمم المتحدة"
)


def _lexicon_entries_one_by_one(fast, keys, bounds):
    """The lexicon (position, attribute id) entries as Featurizer.sentence orders them: sentence
    by sentence, position by position, each position's matches_at features in order."""
    pos, ids = [], []
    for a, b in bounds:
        found = fast.feats.lexicon.matches_at(keys[a:b]) or {}
        for j in sorted(found):
            i = a + j
            for x in found[j]:
                for p, attr in ((i, x), (i - 1, "+1:" + x), (i + 1, "-1:" + x)):
                    if a <= p < b and attr in fast._aid:
                        pos.append(p)
                        ids.append(fast._aid[attr])
    return pos, ids


def test_lexicon_entries_come_in_crfsuite_order():
    import numpy as np

    from rasd.train.crf import _LEX

    _tagger, feats, fast = load_model()
    toks = tokenize(LEXICON_TEXT, split_sentences(LEXICON_TEXT))
    bounds = sentence_bounds(toks)
    keys: list[str] = []
    E = fast.emissions(toks, bounds, keys)
    rows, st = fast._words(toks)
    lx = np.flatnonzero(st.flags[np.array(rows)] & _LEX).tolist()
    got = fast._lexicon_entries(lx, keys, bounds)
    want = _lexicon_entries_one_by_one(fast, keys, bounds)
    assert len(want[0]) > 20 and any(fast._aid.get("gOI") == x for x in want[1])  # multi-word matches
    assert got == want  # the same entries in the same order: the same sums to the bit
    for a, b in bounds:
        for k, attrs in enumerate(feats.sentence(toks[a:b])):
            assert np.allclose(E[a + k], sum((fast.W[x] for x in attrs if x in fast.W), np.zeros(len(fast.labels))),
                               atol=1e-9)
