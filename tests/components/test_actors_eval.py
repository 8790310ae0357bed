"""The actor-linking gold set and ``rasd evaluate actors`` (rasd.train.actors_eval)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.components.actors import get_dictionary
from rasd.doc import Doc, Entity
from rasd.errors import RasdError
from rasd.train.actors_eval import ActorScores, GoldDoc, evaluate, load_gold, score_doc

GOLD = Path(__file__).resolve().parents[1] / "resources" / "actors"
runner = CliRunner()


@pytest.fixture(scope="module")
def dev() -> list[GoldDoc]:
    return load_gold(GOLD / "dev")


@pytest.fixture(scope="module")
def heldout() -> list[GoldDoc]:
    return load_gold(GOLD / "heldout")


def test_gold_set_size_variety_and_ids(dev, heldout):
    assert len(dev) >= 17 and len(heldout) >= 8 and len(dev) + len(heldout) >= 25
    countries = {g.country for g in dev + heldout}
    assert {"IQ", "SY", "LB", "YE", "PS", "LY", "SD", "EG"} <= countries
    assert countries & {"SA", "AE", "KW", "QA", "OM", "BH"}
    actors = get_dictionary().actors
    n_nil_per = n_nil_org = n_refs = n_roles = 0
    for g in dev + heldout:
        assert g.split in ("dev", "heldout")
        for e in g.entities:
            assert g.text[e["start"]:e["end"]] == e["text"]
            assert e["label"] in ("PER", "ORG", "LOC")
            assert e["actor_id"] is None or e["actor_id"] in actors, e
            n_nil_per += e["label"] == "PER" and e["actor_id"] is None
            n_nil_org += e["label"] == "ORG" and e["actor_id"] is None
            n_refs += e["ref"] is not None
            n_roles += e["role"] is not None
    # persons and organisations not in the dictionary, short back-references, appositions
    assert n_nil_per >= 20 and n_nil_org >= 5 and n_refs >= 15 and n_roles >= 50


def test_gold_files_are_built_from_the_marked_up_articles():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_gold", GOLD / "build_gold.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for split in ("dev", "heldout"):
        for doc in mod.parse(GOLD / f"articles_{split}.txt"):
            on_disk = json.loads((GOLD / split / f"{doc['id']}.json").read_text(encoding="utf-8"))
            assert on_disk["text"] == doc["text"] and on_disk["entities"] == doc["entities"], doc["id"]


def _doc(text: str, ents: list[Entity]) -> Doc:
    doc = Doc(text)
    doc.entities = ents
    return doc


def test_score_doc_counts():
    text = "قال علي الحميداوي إن العراق يرفض. وأكد الحميداوي ذلك في بغداد."
    def at(s: str, n: int = 0) -> tuple[int, int]:
        k = -1
        for _ in range(n + 1):
            k = text.index(s, k + 1)
        return k, k + len(s)
    g = GoldDoc("t", text, [
        {"start": at("علي الحميداوي")[0], "end": at("علي الحميداوي")[1], "text": "علي الحميداوي", "label": "PER",
         "actor_id": None, "role": "spokesperson", "affiliation": "IQ_GOV", "ref": None},
        {"start": at("العراق")[0], "end": at("العراق")[1], "text": "العراق", "label": "LOC", "actor_id": "IQ_GOV",
         "role": None, "affiliation": None, "ref": None},
        {"start": at("الحميداوي", 1)[0], "end": at("الحميداوي", 1)[1], "text": "الحميداوي", "label": "PER",
         "actor_id": None, "role": "spokesperson", "affiliation": "IQ_GOV", "ref": "علي الحميداوي"},
        {"start": at("بغداد")[0], "end": at("بغداد")[1], "text": "بغداد", "label": "LOC", "actor_id": None,
         "role": None, "affiliation": None, "ref": None},
    ])
    s, e = at("علي الحميداوي")
    full = Entity(s, e, text[s:e], label="PER", canonical="علي الحميداوي", role="spokesperson", latin="Ali")
    s, e = at("العراق")
    iraq = Entity(s, e, text[s:e], label="LOC", actor_id="IQ_GOV", latin="Iraq")
    s, e = at("الحميداوي", 1)
    short = Entity(s, e, text[s:e], label="PER", canonical="علي الحميداوي", role="spokesperson",
                   affiliation="IQ_GOV")
    s, e = at("بغداد")
    baghdad = Entity(s, e, text[s:e], label="LOC", actor_id="IQ_GOV")  # a capital linked: wrong
    scores = ActorScores()
    score_doc(g, _doc(text, [full, iraq, short, baghdad]), scores)
    d = scores.to_dict()
    assert d["linking"]["tp"] == 1 and d["linking"]["pred"] == 2 and d["linking"]["gold"] == 1
    assert d["linking"]["p"] == 0.5 and d["linking"]["r"] == 1.0
    assert d["spans"]["tp"] == 4
    assert d["actor_id_accuracy"] == 1.0 and d["nil_found"] == 3 and d["nil_accuracy"] == pytest.approx(2 / 3)
    assert d["coref_total"] == 1 and d["coref_accuracy"] == 1.0
    assert d["persons_found"] == 2 and d["role_accuracy"] == 1.0 and d["affiliation_accuracy"] == 0.5
    assert d["latin_coverage"] == 0.5
    kinds = sorted(e["error"] for e in scores.errors)
    assert kinds == ["affiliation", "linked a NIL"]


def test_missed_and_spurious_mentions_are_reported():
    text = "وصل الوفد إلى دمشق أمس."
    s = text.index("دمشق")
    g = GoldDoc("t", text, [{"start": s, "end": s + 4, "text": "دمشق", "label": "LOC", "actor_id": None,
                             "role": None, "affiliation": None, "ref": None}])
    scores = ActorScores()
    score_doc(g, _doc(text, [Entity(0, 3, text[0:3], label="ORG", actor_id="UN")]), scores)
    assert sorted(e["error"] for e in scores.errors) == ["missed", "spurious"]
    assert scores.to_dict()["spans"]["f1"] == 0.0 and scores.to_dict()["linking"]["p"] == 0.0


def test_load_gold_rejects_misplaced_offsets(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"text": "قال العراق", "entities": [
        {"start": 0, "end": 3, "text": "العراق"}]}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(RasdError) as exc:
        load_gold(tmp_path)
    assert "E230" in str(exc.value)
    with pytest.raises(RasdError):
        load_gold(tmp_path / "absent")


def test_dev_scores_after_the_fixes(dev):
    d = evaluate(dev).to_dict()
    # figures measured on the dev part (docs/actors.md); a drop means a regression
    assert d["linking"]["f1"] >= 0.95
    assert d["actor_id_accuracy"] >= 0.98 and d["nil_accuracy"] >= 0.98
    assert d["coref_accuracy"] >= 0.9
    assert d["role_accuracy"] >= 0.95 and d["affiliation_accuracy"] >= 0.93
    assert d["latin_coverage"] >= 0.98


def test_cli_evaluate_actors(tmp_path):
    one = tmp_path / "gold"
    one.mkdir()
    src = min((GOLD / "dev").glob("*.json"))
    (one / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    res = runner.invoke(app, ["evaluate", "actors", "--data", str(one), "--json", "--errors", "3"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["docs"] == 1 and set(d["linking"]) >= {"p", "r", "f1"} and len(d["errors"]) <= 3
    for key in ("actor_id_accuracy", "nil_accuracy", "coref_accuracy", "role_accuracy",
                "affiliation_accuracy", "latin_coverage"):
        assert 0.0 <= d[key] <= 1.0
    res = runner.invoke(app, ["evaluate", "actors", "--data", str(one)])
    assert res.exit_code == 0 and "mention linking" in res.output and "latin coverage" in res.output


def test_cli_usage_and_input_errors(tmp_path):
    assert runner.invoke(app, ["evaluate", "actors", "--data", str(tmp_path / "nope")]).exit_code == 2
    assert runner.invoke(app, ["evaluate", "actors", "--data", str(tmp_path),
                               "--components", "sentences,tokens"]).exit_code == 2
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    assert runner.invoke(app, ["evaluate", "actors", "--data", str(tmp_path)]).exit_code == 1
