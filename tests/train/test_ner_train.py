"""Training, scoring and evaluation of the NER tagger (own toy data; shared data when present)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rasd.resources import shared_data


def need_shared(*parts: str):
    """Path of a shared data file, or skip (same as tests/conftest.need_shared)."""
    p = shared_data(*parts)
    if p is None:
        pytest.skip(f"shared data {'/'.join(parts)} is absent (../shared/data)")
    return p
from rasd.train.ner import Scores, char_spans_to_words, sentence_tokens, token_labels

# Own toy corpus: templates filled with names, so that a tiny CRF can learn them.
PEOPLE = ["سالم الكعبي", "هدى المنصوري", "كريم الدباغ", "ليلى حداد", "ياسر العلي", "منى الشريف"]
PLACES = ["الدوحة", "تونس", "عمّان", "بنغازي", "الخرطوم", "مسقط"]
ORGS = ["شركة الريان", "جامعة النيلين", "حركة البناء"]


def _corpus() -> str:
    lines = []
    for i, per in enumerate(PEOPLE):
        place = PLACES[i % len(PLACES)]
        org = ORGS[i % len(ORGS)]
        words = ["وقال", *per.split(), "في", place, "إن", *org.split(), "ستفتتح", "فرعا", "جديدا", "."]
        tags = ["O"]
        tags += ["B-PERS"] + ["I-PERS"] * (len(per.split()) - 1)
        tags += ["O", "B-LOC", "O", "B-ORG"] + ["I-ORG"] * (len(org.split()) - 1)
        tags += ["O", "O", "O", "O"]
        lines += [f"{w} {t}" for w, t in zip(words, tags)] + [""]
    return "\n".join(lines * 4)


def test_sentence_tokens_follow_the_text_layer():
    text, toks, widx = sentence_tokens(["قال", "(أ", "ف", "ب)", "."])
    assert text == "قال (أ ف ب) ."
    assert [t.text for t in toks] == ["قال", "(", "أ", "ف", "ب", ")", "."]
    assert widx == [0, 1, 1, 2, 3, 3, 4]
    assert token_labels(["O", "B-ORG", "I-ORG", "I-ORG", "O"], widx) == [
        "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O"]


def test_char_spans_map_to_words():
    words = ["زار", "والعراق", "وفد", "من", "لبنان"]
    # "العراق" inside "والعراق" (chars 5..11) is word 1; "لبنان" is word 4
    assert char_spans_to_words(words, [(5, 11, "LOC"), (19, 24, "LOC")]) == [(1, 2, "LOC"), (4, 5, "LOC")]


def test_scores_exact_span_match():
    s = Scores()
    s.add([(0, 2, "PER"), (3, 4, "LOC")], [(0, 2, "PER"), (3, 5, "LOC"), (6, 7, "ORG")])
    p, r, _f, n = s.prf()
    assert (round(p, 3), r, n) == (0.333, 0.5, 2)
    assert s.prf("PER")[:3] == (1.0, 1.0, 1.0)
    assert s.as_dict()["LOC"]["f1"] == 0.0


def test_train_and_evaluate_toy_model(tmp_path):
    from rasd.components.entities import EntityRecognizer
    from rasd.doc import Doc
    from rasd.text.sentences import split_sentences
    from rasd.text.tokens import tokenize
    from rasd.train.ner import evaluate, train

    data = tmp_path / "toy.txt"
    data.write_text(_corpus(), encoding="utf-8")
    out = tmp_path / "model"
    meta = train(data, out, dev_fraction=0.25, seed=1, params={"max_iterations": 40}, full=False,
                 log=lambda *a: None)
    assert (out / "model.crfsuite").exists() and (out / "lexicon.tsv").exists()
    saved = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert saved["dev_sentences"] == meta["dev_sentences"] == 6
    assert meta["dev_scores"]["micro"]["f1"] > 0.9
    scores = evaluate(data, "conll", out)
    assert scores.prf()[2] > 0.9 and scores.tokens > 0

    text = "وقال كريم الدباغ في بنغازي إن جامعة النيلين ستفتتح فرعا جديدا ."
    doc = Doc(text)
    doc.sentences = split_sentences(text)
    doc.tokens = tokenize(text, doc.sentences)
    EntityRecognizer(model=out)(doc)
    doc.check_spans()
    assert ("كريم الدباغ", "PER") in [(e.text, e.label) for e in doc.entities]


def test_cli_evaluate_and_usage_errors(tmp_path):
    from rasd.cli import app

    data = tmp_path / "toy.txt"
    data.write_text(_corpus(), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["evaluate", "ner", "--data", str(data), "--json"])
    assert res.exit_code == 0, res.output
    scores = json.loads(res.output)
    assert {"PER", "LOC", "ORG", "micro", "tokens_per_s"} <= set(scores)
    assert scores["tokens"] == sum(1 for line in _corpus().splitlines() if line.strip())
    res = runner.invoke(app, ["evaluate", "ner", "--data", str(data), "--format", "iob"])
    assert res.exit_code == 2
    res = runner.invoke(app, ["evaluate", "ner", "--data", str(tmp_path / "nope.txt")])
    assert res.exit_code == 2
    bad = tmp_path / "bad.txt"
    bad.write_text("كلمة\n", encoding="utf-8")
    res = runner.invoke(app, ["evaluate", "ner", "--data", str(bad)])
    assert res.exit_code == 1 and "E202" in res.output


def test_shipped_model_on_anercorp_test():
    """Regression guard for the shipped model (ANERcorp derived split; report-only data)."""
    from rasd.train.ner import evaluate

    path = need_shared("anercorp", "test.txt")
    scores = evaluate(path, "conll")
    assert scores.prf()[2] > 0.68
    assert set(scores.labels()) == {"PER", "ORG", "LOC", "MISC"}


def test_shipped_model_on_wojood_test_maps_types():
    from rasd.train.ner import evaluate

    path = need_shared("wojood_sample", "test.txt")
    scores = evaluate(path, "wojood")
    assert set(scores.labels()) <= {"PER", "ORG", "LOC"}
    assert scores.prf()[2] > 0.70


def test_cli_train_writes_a_model_and_reports_dev(tmp_path):
    from rasd.cli import app

    data = tmp_path / "toy.txt"
    data.write_text(_corpus(), encoding="utf-8")
    out = tmp_path / "m"
    res = CliRunner().invoke(app, ["train", "ner", "--data", str(data), "--out", str(out),
                                   "--max-iterations", "30", "--dev-fraction", "0.25", "--no-full"])
    assert res.exit_code == 0, res.output
    assert "micro" in res.output and (out / "model.crfsuite").stat().st_size > 0
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["params"]["max_iterations"] == 30 and meta["final_on_train_plus_dev"] is False
    res = CliRunner().invoke(app, ["train", "ner", "--data", str(tmp_path / "none.txt"), "--out", str(out)])
    assert res.exit_code == 2


def test_window_groups_sentences_into_documents(tmp_path):
    """With a window, a surname alone in a later sentence is found from the full name before."""
    from rasd.train.ner import evaluate

    data = tmp_path / "toy.txt"
    data.write_text(_corpus(), encoding="utf-8")
    one = evaluate(data, "conll", window=1)
    many = evaluate(data, "conll", window=6)
    assert one.tokens == many.tokens
    assert many.prf()[2] >= one.prf()[2] - 0.02
