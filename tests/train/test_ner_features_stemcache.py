"""New-word features: the per-stem cache and the id lists give exactly the features built afresh
(own prose)."""

from __future__ import annotations

import pytest

from rasd.text import fold
from rasd.text.sentences import split_sentences
from rasd.text.tokens import tokenize
from rasd.train import features as F

# words that share stems (حكومة / الحكومة / وللحكومة / حكومته), with ى / ة, marks, digits, Latin
TEXT = (
    "بيروت ـ أعلنت الحكومةُ اللبنانية فجر أمس أن حكومته لن تستقيل، وقال مصدر حكومي للحكومة السورية "
    "إن «الحكومات» في المنطقة ستجتمع في ٢٣ أيار / مايو 2024. ونفى المستشفى الميداني في الرمادي "
    "ما نشرته وكالة Reuters عن سقوط 12 قتيلاً بالطائرات، فيما أكدت مستشفى الشفاء وقناة «الجزيرة» "
    "والسفارة الأمريكية أن الأمريكيين والسوريين غادروا لـ«حزب الله» مواقعه الثلاثاء الماضي."
)

LEXICON = F.Lexicon([("loc", "بيروت"), ("orgname", "حزب الله"), ("title", "مستشفى"), ("nat", "لبنانية"),
                     ("orghead", "وكالة"), ("orghead", "حكومة")])
CLUSTERS = {"حكومه": "0110101101", "مستشفي": "1110", "بيروت": "01011110001111", "سوريه": "0010"}


def _toks():
    toks = tokenize(TEXT, split_sentences(TEXT))
    assert {"word", "num", "latin", "punct"} <= {t.kind for t in toks}
    return toks


def _lists(got):
    return [list(x) for x in got[:5]], tuple(got[5:])


def test_keys_are_fold_of_the_token_fields():
    feats = F.Featurizer(LEXICON, CLUSTERS)
    for t in _toks():
        got = feats.build(t)
        want = fold(t.stem) if t.kind == "word" else fold(t.norm)
        assert got[5] == got[6] == want
        if t.kind == "word":
            assert ("w=" + fold(t.norm)) in got[0]
    # the folds that matter here were exercised
    stems = {feats.build(t)[6] for t in _toks()}
    assert "حكومه" in stems and "مستشفي" in stems


@pytest.mark.parametrize("with_vocab", [False, True])
def test_cached_stem_parts_equal_fresh_features(with_vocab):
    vocab = ({"الحكومه", "حكومته", "بيروت"}, {"حكومه", "مستشفي"}) if with_vocab else None
    warm = F.Featurizer(LEXICON, CLUSTERS)
    toks = _toks()
    for t in toks:  # fill the stem cache
        warm.build(t, vocab)
    cache = warm._stems if with_vocab else warm._stems0
    assert "حكومه" in cache
    hits = 0
    for t in toks:
        fresh = F.Featurizer(LEXICON, CLUSTERS).build(t, vocab)
        assert _lists(warm.build(t, vocab)) == _lists(fresh)
        hits += t.kind == "word" and fold(t.stem) == "حكومه"
    assert hits >= 3  # الحكومةُ، حكومته، للحكومة share one cached stem


def test_feature_order_of_a_word_with_clitics_and_cluster():
    feats = F.Featurizer(LEXICON, CLUSTERS)
    tok = next(t for t in _toks() if t.text == "حكومته")
    own, m2, m1, p1, p2, key, stem, cls = feats.build(tok)
    assert key == stem == "حكومه" and cls == "H"
    assert own[:5] == ["b", "w=حكومته", "s=حكومه", "k=word", "x=" + tok.suffix]
    assert own[5:7] == ["len=5", "a1=ح"]
    assert own[-9:] == ["c=H", "b4=0110", "b6=011010", "b8=01101011", "b10=0110101101",
                        "b12=0110101101", "bf=0110101101", "sk=ccvcc", "nv=1"]
    assert m1 == ["-1:w=حكومته", "-1:s=حكومه", "-1:b6=011010", "-1:b10=0110101101", "-1:z2=مه", "-1:c=H"]
    assert p2 == ["+2:w=حكومته", "+2:s=حكومه", "+2:c=H", "+2:b6=011010"]
    assert [x[3:] for x in m2] == [x[3:] for x in p2] and [x[3:] for x in m1] == [x[3:] for x in p1]


@pytest.mark.parametrize("with_vocab", [False, True])
def test_build_ids_are_the_ids_of_build(with_vocab):
    feats = F.Featurizer(LEXICON, CLUSTERS)
    toks = _toks()
    vocab = ({"الحكومه", "بيروت"}, {"حكومه", "لبنانيه"}) if with_vocab else None
    # an id map holding a part of the features (others map to the zero row, as in FastCRF)
    names = sorted({x for t in toks for part in feats.build(t, vocab)[:5] for x in part})
    aid = {x: i for i, x in enumerate(names) if i % 3 != 1}
    zero = len(names)
    for _ in range(2):  # cold, then with the stems' ids cached
        for t in toks:
            want = feats.build(t, vocab)
            got = feats.build_ids(t, vocab, aid, zero)
            assert [list(x) for x in got[:5]] == [[aid.get(x, zero) for x in part] for part in want[:5]]
            assert tuple(got[5:]) == tuple(want[5:])
    assert any(i != zero for i in got[0])


def test_stem_caches_stay_bounded(monkeypatch):
    monkeypatch.setattr(F, "MAX_CACHED_WORDS", 4)
    feats = F.Featurizer(LEXICON, CLUSTERS)
    aid = {"b": 0}
    for t in _toks():
        feats.build(t)
        feats.build_ids(t, None, aid, 1)
        assert len(feats._stems0) <= 4 and len(feats._stem_ids) <= 4
