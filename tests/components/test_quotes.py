"""Quotes and sources: cues, content, speakers, anonymous sources, outlets, chains, scoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasd.components.quotes import STANCES, QuoteExtractor, lexicon_lemmas, load_lexicon
from rasd.doc import Doc, Entity
from rasd.pipeline import Pipeline
from rasd.train.quotes_eval import QuoteScores, evaluate, load_gold, score_doc

GOLD = Path(__file__).resolve().parents[1] / "resources" / "quotes"


class NoEntities:
    """Sets an empty entities layer: the quotes component must work from the syntax alone."""

    name = "no_entities"
    reads: tuple[str, ...] = ()
    sets: tuple[str, ...] = ("entities",)

    def __call__(self, doc):
        return doc


TEXT = ("sentences", "tokens", NoEntities())


@pytest.fixture(scope="module")
def nlp():
    return Pipeline([*TEXT, QuoteExtractor()])


def quotes(nlp, text):
    doc = nlp(text)
    doc.check_spans()
    return doc, doc.quotes


# --- lexicon ---------------------------------------------------------------------------------
def test_lexicon_has_80_lemmas_with_all_stances():
    lemmas = lexicon_lemmas()
    assert len(lemmas) >= 80
    assert set(lemmas.values()) == set(STANCES)
    assert lemmas["نفى"] == "denial" and lemmas["اتهم"] == "accusation" and lemmas["زعم"] == "hedged"
    assert lemmas["حذّر"] == "warning" and lemmas["طالب"] == "demand" and lemmas["شدّد"] == "assertion"


def test_lexicon_inflections():
    lex = load_lexicon()
    assert lex["قالت"].feat == "f" and lex["قالوا"].feat == "p" and lex["قال"].feat == "m"
    assert lex["يؤكد"].lemma == "أكد" and lex["تؤكد"].feat == "f" and lex["يؤكدون"].feat == "p"
    assert lex["مشيرا"].pos == "part" and lex["لافتا"].pos == "part"
    assert lex["نفت"].stance == "denial" and lex["ادعت"].stance == "hedged"
    assert lex["بحسب"].pos == "frame"
    assert "بين" not in lex  # the preposition is not the verb بيّن


# --- finding quotes --------------------------------------------------------------------------
def test_vso_apposition_person_role_affiliation(nlp):
    text = ("الموصل - قال المتحدث باسم «كتائب سيد الشهداء»، كاظم الفرطوسي، إن الفصيل لن يرد على "
            "الاستفزازات في الوقت الحاضر.")
    doc, qs = quotes(nlp, text)
    assert len(qs) == 1
    q = qs[0]
    assert q.cue.text == "قال" and q.speaker.text == "كاظم الفرطوسي"
    assert q.speaker.affiliation == "كتائب سيد الشهداء"
    assert "المتحدث" in q.speaker.role
    assert q.content.text == "الفصيل لن يرد على الاستفزازات في الوقت الحاضر"
    assert not q.direct and q.stance == "neutral"


def test_direct_quote_with_colon_and_outlet(nlp):
    text = ("الخرطوم - وقال وزير الصحة هيثم محمد إبراهيم لـ«الشروق»: «المستشفيات تعمل بثلث طاقتها. "
            "نحتاج إلى دعم عاجل».")
    doc, qs = quotes(nlp, text)
    assert len(qs) == 1
    q = qs[0]
    assert q.direct and q.outlet == "الشروق"
    assert q.content.text == "المستشفيات تعمل بثلث طاقتها. نحتاج إلى دعم عاجل"
    assert q.speaker.text == "هيثم محمد إبراهيم"


def test_continuation_agrees_in_gender(nlp):
    text = ("عمّان - قالت وزيرة التخطيط زينة طوقان إن المنحة ستصرف قريباً. وقال محافظ البنك المركزي "
            "عادل الشركس إن الاحتياطيات مستقرة. وأضافت أن المشاريع الممولة ستبدأ في أيار / مايو.")
    doc, qs = quotes(nlp, text)
    assert [q.cue.text for q in qs] == ["قالت", "قال", "أضافت"]
    assert qs[2].speaker.text == "زينة طوقان"  # feminine verb -> the feminine speaker, not the last one
    assert qs[1].speaker.text == "عادل الشركس"


def test_participle_inherits_speaker_and_stance(nlp):
    text = "دمشق - نفى مصدر عسكري سوري وقوع أي اشتباكات على الحدود، مؤكداً أن الوضع هادئ تماماً."
    doc, qs = quotes(nlp, text)
    assert len(qs) == 2
    deny, assert_ = qs
    assert deny.stance == "denial" and deny.anonymous
    assert deny.content.text == "وقوع أي اشتباكات على الحدود"
    assert assert_.stance == "assertion" and assert_.speaker.text == deny.speaker.text
    assert assert_.content.text == "الوضع هادئ تماماً"


def test_anonymous_source_with_affiliation(nlp):
    text = "بيروت - وقالت مصادر في «التيار الوطني الحر» إن الكتلة ستقاطع الجلسة المقبلة."
    doc, qs = quotes(nlp, text)
    assert len(qs) == 1
    assert qs[0].anonymous
    assert qs[0].speaker.affiliation == "التيار الوطني الحر"


def test_chain_of_two_links(nlp):
    text = "بغداد - ونقلت مواقع كردية عن صحف تركية أن أنقرة ستفتح معبراً جديداً الشهر المقبل."
    doc, qs = quotes(nlp, text)
    assert len(qs) == 1
    q = qs[0]
    assert [c.text for c in q.chain] == ["مواقع كردية", "صحف تركية"]
    assert q.speaker.text == "صحف تركية"
    for link in q.chain:
        assert doc.text[link.start:link.end] == link.text


def test_according_to_frame_and_statement(nlp):
    text = ("طرابلس - وبحسب بيان لوزارة الصحة، فإن حصيلة الفيضانات ارتفعت إلى ١٢٠ قتيلاً. "
            "وأكدت الوزارة في بيان أن فرق الإنقاذ ما زالت تبحث عن مفقودين.")
    doc, qs = quotes(nlp, text)
    assert len(qs) == 2
    assert qs[0].cue.text == "بحسب" and qs[0].content.text.startswith("حصيلة الفيضانات")
    assert qs[1].statement and qs[1].stance == "assertion"


def test_post_quote_cue_and_svo(nlp):
    text = ("الرباط - «لن نتراجع عن الإصلاح»، قال رئيس الحكومة. والوزير المنتدب أكد أن الميزانية "
            "جاهزة.")
    doc, qs = quotes(nlp, text)
    assert len(qs) == 2
    assert qs[0].direct and qs[0].content.text == "لن نتراجع عن الإصلاح"
    assert qs[0].speaker.text == "رئيس الحكومة"
    assert qs[1].speaker.text == "الوزير المنتدب"


def test_no_quote_without_content_and_names_in_guillemets(nlp):
    text = ("غزة - أعلن الجيش الإسرائيلي مقتل جنديين في اشتباك مع عناصر من «كتائب القسام». "
            "وشارك وفد من «حزب الله» في الاجتماع.")
    doc, qs = quotes(nlp, text)
    assert qs == []


def test_false_cues_on_ordinary_prose(nlp):
    text = ("جدة - لفت انتباهي أن المعرض مزدحم. يذكر أن الجمعية تأسست عام ١٩٩٠. وتبيّن أن الطريق مغلق. "
            "وجاء الوفد عبر الحدود البرية بعد أن أغلق المطار.")
    doc, qs = quotes(nlp, text)
    assert qs == []


def test_addressee_pronoun_and_frame_without_comma(nlp):
    text = ("القدس - وقال لي مسؤول في البلدية إن الهدم سيبدأ غداً. "
            "وبحسب المحامي خالد زبارقة فإن القرار «مخالف للقانون».")
    doc, qs = quotes(nlp, text)
    assert len(qs) == 2
    assert qs[0].speaker.text == "مسؤول في البلدية" and qs[0].anonymous and qs[0].outlet is None
    assert qs[1].speaker.text == "خالد زبارقة" and qs[1].content.text == "القرار «مخالف للقانون»"


def test_subject_with_apposition_before_a_denial_and_envoy_demand(nlp):
    text = ("الخرطوم - غير أن الناطق باسم الشرطة، العقيد فتح الرحمن التوم، نفى وقوع أي إصابات. "
            "ودعا المبعوث الأممي إلى السودان رمطان لعمامرة الطرفين إلى وقف القتال.")
    doc, qs = quotes(nlp, text)
    assert [q.stance for q in qs] == ["denial", "demand"]
    assert qs[0].speaker.text == "فتح الرحمن التوم" and qs[0].content.text == "وقوع أي إصابات"
    assert qs[1].speaker.text == "رمطان لعمامرة" and qs[1].content.text.startswith("الطرفين إلى وقف")


def test_entity_layer_lends_actor_to_speaker():
    text = "القاهرة - وقال وزير الخارجية بدر عبد العاطي إن الاتصالات مستمرة."
    nlp = Pipeline(["sentences", "tokens"])
    doc = nlp(text)
    s = text.index("بدر")
    doc.entities = [Entity(s, s + len("بدر عبد العاطي"), "بدر عبد العاطي", label="PER",
                           actor_id="EGY-abdelatty", canonical="بدر عبد العاطي", latin="Badr Abdelatty")]
    QuoteExtractor()(doc)
    doc.check_spans()
    sp = doc.quotes[0].speaker
    assert sp.actor_id == "EGY-abdelatty" and sp.latin == "Badr Abdelatty" and sp.label == "PER"


def test_anonymous_source_takes_affiliation_not_actor():
    text = "بغداد - وقالت مصادر في «عصائب أهل الحق» إن الحركة لن تشارك في الحكومة."
    doc = Pipeline(["sentences", "tokens"])(text)
    s = text.index("عصائب")
    doc.entities = [Entity(s, s + len("عصائب أهل الحق"), "عصائب أهل الحق", label="ORG", actor_id="IRQ-AAH")]
    QuoteExtractor()(doc)
    sp = doc.quotes[0].speaker
    assert doc.quotes[0].anonymous and sp.actor_id is None and sp.affiliation == "IRQ-AAH"


def test_empty_and_roundtrip(nlp):
    doc = nlp("")
    assert doc.quotes == []
    doc, qs = quotes(nlp, "عدن - وقال مسؤول محلي إن الكهرباء عادت إلى معظم الأحياء.")
    back = Doc.from_dict(json.loads(json.dumps(doc.to_dict())))
    assert back.quotes == doc.quotes


# --- gold set and scoring --------------------------------------------------------------------
def test_gold_set_offsets_and_size():
    docs = load_gold(GOLD)
    assert len(docs) >= 25
    assert sum(len(d.quotes) for d in docs) >= 100
    assert any(q["chain"] for d in docs for q in d.quotes)
    assert any(q["anonymous"] for d in docs for q in d.quotes)
    assert any(q["stance"] == "denial" for d in docs for q in d.quotes)
    assert len({d.source for d in docs}) >= 20  # varied outlets
    held = [d for sub in ("heldout", "heldout2", "heldout3", "heldout4", "heldout5") for d in load_gold(GOLD / sub)]
    assert len(held) >= 29 and not {d.id for d in held} & {d.id for d in docs}


def test_gold_offsets_are_checked(tmp_path):
    bad = {"id": "x", "text": "قال الوزير إن كل شيء بخير.", "quotes": [
        {"cue": "قال", "cue_start": 1, "speaker": None, "content": "كل شيء بخير", "content_start": 14}]}
    (tmp_path / "x.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    from rasd.errors import RasdError
    with pytest.raises(RasdError) as exc:
        load_gold(tmp_path)
    assert exc.value.code == "E401"


def test_scoring_perfect_and_wrong_speaker():
    g = load_gold(GOLD)[0]
    nlp = Pipeline([*TEXT, QuoteExtractor()])
    doc = nlp(g.text)
    from rasd.doc import Quote, Span
    doc.quotes = [Quote(cue=doc.span(q["cue_start"], q["cue_start"] + len(q["cue"])),
                        content=doc.span(q["content_start"], q["content_start"] + len(q["content"])),
                        speaker=Entity(q["speaker_start"], q["speaker_start"] + len(q["speaker"]), q["speaker"]),
                        direct=q["direct"], anonymous=q["anonymous"], outlet=q["outlet"], stance=q["stance"],
                        statement=q["statement"],
                        chain=[Entity(c["start"], c["start"] + len(c["text"]), c["text"]) for c in q["chain"]])
                  for q in g.quotes]
    sc = QuoteScores()
    score_doc(doc, g, sc)
    d = sc.to_dict()
    assert d["whole_quote"]["f1"] == 1.0 and d["content_exact"]["f1"] == 1.0 and d["speaker_accuracy"] == 1.0
    # move one speaker onto the cue: speaker accuracy and whole-quote F1 drop
    doc.quotes[0].speaker = Entity(doc.quotes[0].cue.start, doc.quotes[0].cue.end, doc.quotes[0].cue.text)
    doc.quotes[1].content = Span(doc.quotes[1].cue.start, doc.quotes[1].cue.end, doc.quotes[1].cue.text)
    sc2 = QuoteScores()
    score_doc(doc, g, sc2)
    d2 = sc2.to_dict()
    assert d2["speaker_accuracy"] < 1.0 and d2["whole_quote"]["f1"] < 1.0
    assert d2["content_overlap"]["f1"] < 1.0


def test_targets_on_gold_set():
    sc = evaluate(load_gold(GOLD), ("sentences", "tokens", NoEntities(), "quotes"))
    d = sc.to_dict()
    assert d["speaker_accuracy"] >= 0.90
    assert d["content_overlap"]["f1"] >= 0.85
    assert d["whole_quote"]["f1"] >= 0.85


def test_cli_evaluate_quotes(tmp_path):
    from typer.testing import CliRunner

    from rasd.cli import app
    runner = CliRunner()
    res = runner.invoke(app, ["evaluate", "quotes", str(GOLD), "--json", "--errors", "0"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["gold_quotes"] >= 100 and 0.0 <= d["whole_quote"]["f1"] <= 1.0
    res = runner.invoke(app, ["evaluate", "quotes", str(tmp_path / "nope")])
    assert res.exit_code == 2


def test_speed_on_news_sample():
    from rasd.resources import shared_data
    if shared_data("news_sample") is None:
        pytest.skip("shared data news_sample is absent (../shared/data)")
    from rasd.train.quotes_eval import speed
    d = speed(30, ("sentences", "tokens"))
    assert d["articles"] == 30 and d["quotes"] > 0
    assert 0 < d["cpu_ms_per_article"] < 50


def test_accused_before_b_guillemets_is_not_the_speaker():
    """"واتهم X بـ«...»": X is the accused; the dropped subject is the earlier speaker."""
    import rasd

    text = ("ونفى مسؤول في «الحركة»، في تصريح لـ«النهار»، أن يكون للحركة أي دور في الحادث، "
            "واتهم الحكومة بـ«تلفيق الروايات».")
    doc = rasd.Pipeline(["sentences", "tokens"])(text)
    doc.done.add("entities")
    doc = rasd.Pipeline(["quotes"])(doc)
    accuse = [q for q in doc.quotes if q.cue.text == "اتهم"]
    assert accuse, [q.cue.text for q in doc.quotes]
    assert accuse[0].speaker is not None and accuse[0].speaker.text == "مسؤول في «الحركة»"
    assert accuse[0].stance == "accusation" and "تلفيق" in accuse[0].content.text
    doc.check_spans()
