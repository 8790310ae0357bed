"""The NER feature list built from the places gazetteer, and the word
features for rare words, cluster granularities, stem skeletons and adjectives (own prose)."""

from __future__ import annotations

from rasd.text.tokens import tokenize
from rasd.train.features import Featurizer, Lexicon
from rasd.train.ner import build_gazetteer_places


def _entries(path):
    return {tuple(line.split("\t")) for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")}


def test_gazetteer_places_keep_only_keys_without_context_marks(tmp_path):
    gaz = tmp_path / "gazetteer.tsv"
    gaz.write_text(
        "#feature\tname\tcountry\tadmin1\tlat\tlon\tprecision\tgeonameid\tpopulation\tsource\tkeys\n"
        "country\tOman\tOM\t\t21.0\t57.0\t3\t1\t1\tc\tعمان|سلطنه عمان\n"
        "city\tSohar\tOM\t\t24.3\t56.7\t2\t2\t1\tg\tصحار|الصحار*\n"
        "city\tNizwa\tOM\t\t22.9\t57.5\t2\t3\t1\tg\tنزوي!\n", encoding="utf-8")
    out = tmp_path / "gazplaces.tsv"
    assert build_gazetteer_places(out, gaz) == 3
    assert _entries(out) == {("gloc", "عمان"), ("gloc", "سلطنه عمان"), ("gplace", "صحار")}


def test_lexicon_reads_the_built_lists_with_their_own_codes(tmp_path):
    (tmp_path / "gazplaces.tsv").write_text("# note\ngloc\tبحر العرب\ngplace\tصحار\n", encoding="utf-8")
    lex = Lexicon.load(tmp_path)
    keys = [Featurizer(lex, {}).build(t)[5] for t in tokenize("وصل الوفد إلى صحار على بحر العرب")]
    got = lex.matches_at(keys)
    assert got == {3: ["gYB"], 5: ["gVB"], 6: ["gVI"]}
    assert lex.single["صحار"] == "Y"


def test_word_features_rare_words_clusters_skeleton_and_adjectives():
    feats = Featurizer(Lexicon([]), {"عراق": "011010101100"})
    toks = tokenize("التقى بالاسيوس في العراق بالوفد الليبي")
    rows = feats.sentence(toks)
    by = {t.text: r for t, r in zip(toks, rows)}
    # a word without a cluster: "nocl" on itself and on its neighbours
    assert "nocl" in by["بالاسيوس"] and "-1:nocl" in by["في"] and "+1:nocl" in by["التقى"]
    # a clustered word: its path at several lengths, coarse at +-2, finer at +-1
    assert {"b4=0110", "b6=011010", "b8=01101010", "b10=0110101011", "b12=011010101100",
            "bf=011010101100"} <= set(by["العراق"])
    assert "nocl" not in by["العراق"]
    assert {"-1:b6=011010", "-1:b10=0110101011"} <= set(by["بالوفد"])
    assert "+2:b6=011010" in by["بالاسيوس"] and "+2:b10=0110101011" not in by["بالاسيوس"]
    # consonant / long-vowel skeleton of the stem (after the clitic ب): الاسيوس -> cvc~cvc
    bal = by["بالاسيوس"]
    skel = [x for x in bal if x.startswith(("sk=", "nv="))]
    assert len(skel) == 2 and skel[0].startswith("sk=") and skel[1] in {f"nv={k}" for k in range(5)}
    assert set(skel[0][3:]) <= {"c", "v", "~"}
    assert "sk=ccvc" in by["العراق"] and "nv=1" in by["العراق"]
    # an adjective ending (nisba) marks the word before it
    assert "+1:nis" in by["بالوفد"] and "+1:nis" not in by["التقى"]
