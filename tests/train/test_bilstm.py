"""The experimental BiLSTM-CRF NER tagger: the CRF layer against brute force, the inputs, and a
small end-to-end training run on sentences written for this test."""

from __future__ import annotations

import itertools
import json
import math
import random

import pytest

torch = pytest.importorskip("torch")

from rasd.doc import Doc
from rasd.text.sentences import split_sentences
from rasd.text.tokens import tokenize
from rasd.train import bilstm
from rasd.train.ner import sentence_tokens
from rasd.train.nn_crf import CRF


def _random_crf(k: int, seed: int) -> CRF:
    torch.manual_seed(seed)
    crf = CRF(k)
    with torch.no_grad():
        crf.trans.normal_()
        crf.start.normal_()
        crf.end.normal_()
    return crf.requires_grad_(False)


def _brute(crf: CRF, em: torch.Tensor, n: int) -> tuple[float, list[int], dict[tuple[int, ...], float]]:
    """log Z, the best path and every path's score of one sequence of length n, by enumeration."""
    k = em.shape[1]
    scores = {}
    for path in itertools.product(range(k), repeat=n):
        s = crf.start[path[0]] + em[0, path[0]] + crf.end[path[-1]]
        for t in range(1, n):
            s = s + crf.trans[path[t - 1], path[t]] + em[t, path[t]]
        scores[path] = float(s)
    log_z = math.log(sum(math.exp(v) for v in scores.values()))
    best = max(scores, key=scores.get)
    return log_z, list(best), scores


def test_crf_forward_and_viterbi_match_enumeration_with_padding():
    crf = _random_crf(3, 0)
    torch.manual_seed(1)
    em = torch.randn(2, 4, 3)
    mask = torch.tensor([[True, True, True, True], [True, True, False, False]])
    tags = torch.tensor([[0, 2, 1, 1], [2, 0, 0, 0]])
    log_z = crf.log_partition(em, mask)
    paths = crf.viterbi(em, mask)
    for b, n in ((0, 4), (1, 2)):
        z, best, scores = _brute(crf, em[b, :n], n)
        assert float(log_z[b]) == pytest.approx(z, abs=1e-4)
        assert paths[b] == best
        gold = tuple(tags[b, :n].tolist())
        assert float(crf.score(em, tags, mask)[b]) == pytest.approx(scores[gold], abs=1e-4)
    nll = float(crf.nll(em, tags, mask))
    expect = sum(_brute(crf, em[b, :n], n)[0] - _brute(crf, em[b, :n], n)[2][tuple(tags[b, :n].tolist())]
                 for b, n in ((0, 4), (1, 2)))
    assert nll == pytest.approx(expect, abs=1e-3)
    assert nll > 0


def test_crf_single_token_sequences():
    crf = _random_crf(4, 2)
    em = torch.randn(3, 1, 4)
    mask = torch.ones(3, 1, dtype=torch.bool)
    paths = crf.viterbi(em, mask)
    for b in range(3):
        assert paths[b] == [int((crf.start + em[b, 0] + crf.end).argmax())]


# -- inputs ---------------------------------------------------------------------------------
def test_encoder_flags_unknown_words_and_title_window():
    feats = bilstm._featurizer()
    sents = [sentence_tokens(["قال", "الرئيس", "محمد", "إن", "الحكومة", "ستجتمع"])[1]] * 2
    vocabs = bilstm.Encoder.build_vocabs(sents, feats, min_count=2)
    enc = bilstm.Encoder(vocabs, feats)
    x = enc.sentence(sents[0])
    assert len(x["word"]) == len(sents[0]) == 6
    assert all(w > bilstm.UNK for w in x["word"])  # seen twice: in the vocabulary
    new = enc.sentence(sentence_tokens(["وصل", "الرئيس", "كمالوفيتش"])[1])
    assert new["word"][2] == bilstm.UNK  # never seen: UNK, but its characters are known or UNK
    assert len(new["char"][2]) == len("كمالوفيتش")
    title = bilstm.FLAGS.index("c=T")
    win = bilstm.FLAGS.index("wT")
    assert title in x["flags"][1]  # الرئيس is a title word in the shipped lexicon
    assert win in x["flags"][2] and win not in x["flags"][0]
    det = bilstm.FLAGS.index("det")
    assert det in x["flags"][1] and det not in x["flags"][2]


# -- a small training run on invented sentences ---------------------------------------------
_PEOPLE = ["سامي الحداد", "ليلى العمري", "خالد النعيمي", "رنا الشامي", "وليد القاسم", "هدى البزاز"]
_PLACES = ["بغداد", "عمان", "تونس", "الخرطوم", "طرابلس", "صنعاء"]
_ORGS = ["وزارة الصحة", "جامعة القاهرة", "الهلال الأحمر", "منظمة الصحة العالمية"]


def _sentence(rng: random.Random) -> list[tuple[str, str]]:
    per = rng.choice(_PEOPLE).split()
    loc = rng.choice(_PLACES)
    org = rng.choice(_ORGS).split()
    out = [("وقال", "O"), ("المتحدث", "O"), ("باسم", "O")]
    out += [(w, ("B-" if i == 0 else "I-") + "ORG") for i, w in enumerate(org)]
    out += [(w, ("B-" if i == 0 else "I-") + "PERS") for i, w in enumerate(per)]
    out += [("إن", "O"), ("الوفد", "O"), ("وصل", "O"), ("إلى", "O"), (loc, "B-LOC"), ("صباح", "O"), ("اليوم", "O")]
    return out


@pytest.fixture(scope="module")
def small_model(tmp_path_factory):
    rng = random.Random(5)
    folder = tmp_path_factory.mktemp("bilstm")
    data = folder / "train.txt"
    data.write_text("\n\n".join("\n".join(f"{w} {t}" for w, t in _sentence(rng)) for _ in range(120)) + "\n",
                    encoding="utf-8")
    cfg = bilstm.Config(word_dim=16, stem_dim=16, char_dim=8, char_filters=16, hidden=24, max_epochs=12,
                        patience=12, lr=0.01, dropout=0.2, max_minutes=2)
    meta = bilstm.train(data, folder / "model", config=cfg, log=lambda m: None)
    return folder / "model", meta


def test_training_learns_the_pattern_and_saves_a_loadable_model(small_model):
    model_dir, meta = small_model
    assert meta["model"] == "bilstm-crf" and meta["dev_sentences"] > 0
    assert meta["dev_scores"]["micro"]["f1"] >= 0.9
    assert meta["history"][0]["loss"] > meta["history"][meta["best_epoch"] - 1]["loss"]
    saved = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    assert saved["best_epoch"] == meta["best_epoch"]
    assert (model_dir / "model.pt").stat().st_size == meta["size_bytes"] > 0


def test_loaded_tagger_tags_a_document_with_exact_offsets(small_model):
    model_dir, _ = small_model
    tagger = bilstm.BiLSTMTagger.load(model_dir)
    text = "وقال المتحدث باسم وزارة الصحة خالد النعيمي إن الوفد وصل إلى الخرطوم صباح اليوم."
    doc = Doc(text)
    doc.sentences = split_sentences(text)
    doc.tokens = tokenize(text, doc.sentences)
    tagger(doc)
    doc.check_spans()
    got = {(e.text, e.label) for e in doc.entities}
    assert ("خالد النعيمي", "PER") in got
    assert ("الخرطوم", "LOC") in got
    assert all(e.text == text[e.start:e.end] for e in doc.entities)


def test_entity_spans_drop_proclitics_and_punctuation():
    text = "وصل وفد لـ«حزب الله» والعراق"
    toks = tokenize(text, split_sentences(text))
    labels = ["O"] * len(toks)
    for i, t in enumerate(toks):
        if t.text in ("«", "حزب"):
            labels[i] = "B-ORG" if t.text == "«" else "I-ORG"
        elif t.text in ("الله", "»"):
            labels[i] = "I-ORG"
        elif t.text == "والعراق":
            labels[i] = "B-LOC"
    keys = [t.stem for t in toks]
    spans = bilstm.entity_spans(toks, labels, keys, propagate=False)
    assert {(text[s:e], lab) for s, e, lab in spans} == {("حزب الله", "ORG"), ("العراق", "LOC")}


def test_missing_model_is_a_rasd_error(tmp_path):
    from rasd.errors import RasdError

    with pytest.raises(RasdError) as err:
        bilstm.BiLSTMTagger.load(tmp_path)
    assert err.value.code == "E205"


def test_numpy_port_gives_the_torch_labels(small_model):
    from rasd.train.nn_infer import NumpyBiLSTM

    tagger = bilstm.BiLSTMTagger.load(small_model[0])
    port = NumpyBiLSTM.from_torch(tagger)
    text = ("وقال المتحدث باسم جامعة القاهرة رنا الشامي إن الوفد وصل إلى تونس صباح اليوم. "
            "وأعلنت وزارة الصحة في بغداد، الثلاثاء الماضي، وصول ٢٣ طبيباً. وقال وليد القاسم «لن نتأخر»")
    doc = Doc(text)
    doc.sentences = split_sentences(text)
    toks = tokenize(text, doc.sentences)
    sents = [[t for t in toks if t.sent == k] for k in range(len(doc.sentences))]
    assert len(sents) >= 3 and len({len(s) for s in sents}) > 1  # sentences of different lengths
    want = tagger.labels(sents)
    assert port.labels(sents) == want
    assert port.labels(sents) == want  # the per-word cache gives the same
    assert any(lab != "O" for s in want for lab in s)
    assert port.labels([[], sents[0]]) == [[], want[0]]


def test_full_retrains_on_train_plus_dev_for_the_best_epoch_count(tmp_path):
    rng = random.Random(9)
    data = tmp_path / "train.txt"
    data.write_text("\n\n".join("\n".join(f"{w} {t}" for w, t in _sentence(rng)) for _ in range(40)) + "\n",
                    encoding="utf-8")
    cfg = bilstm.Config(word_dim=8, stem_dim=8, char_dim=4, char_filters=8, hidden=8, max_epochs=2, patience=5)
    logs = []
    meta = bilstm.train(data, tmp_path / "m", config=cfg, full=True, log=logs.append)
    assert meta["final_on_train_plus_dev"] is True
    assert sum("final model, epoch" in m for m in logs) == meta["best_epoch"] >= 1
    tagger = bilstm.BiLSTMTagger.load(tmp_path / "m")
    assert len(tagger.labels([sentence_tokens(["وصل", "سامي", "الحداد", "إلى", "عمان"])[1]])[0]) == 5


def test_cli_train_and_evaluate_ner_bilstm(tmp_path):
    from typer.testing import CliRunner

    from rasd.cli import app

    rng = random.Random(3)
    data = tmp_path / "train.txt"
    data.write_text("\n\n".join("\n".join(f"{w} {t}" for w, t in _sentence(rng)) for _ in range(40)) + "\n",
                    encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["train", "ner-bilstm", "--data", str(data), "--out", str(tmp_path / "m"),
                              "--epochs", "1", "--hidden", "8"])
    assert res.exit_code == 0, res.output
    assert "dev split" in res.output and (tmp_path / "m" / "model.pt").exists()
    res = runner.invoke(app, ["evaluate", "ner-bilstm", "--model", str(tmp_path / "m"), "--data", str(data), "--json"])
    assert res.exit_code == 0, res.output
    scores = json.loads(res.output.strip().splitlines()[-1])
    assert scores["tokens"] > 0 and 0.0 <= scores["micro"]["f1"] <= 1.0
    res = runner.invoke(app, ["train", "ner-bilstm", "--data", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "x")])
    assert res.exit_code == 2
