"""Pipelines: component declarations, running alone, ordering errors, warnings."""

from __future__ import annotations

import pytest

import rasd
from rasd.doc import Doc
from rasd.errors import RasdError
from rasd.pipeline import DEFAULT_COMPONENTS, Pipeline, create_component


@pytest.mark.parametrize("name", DEFAULT_COMPONENTS)
def test_every_component_declares_what_it_reads_and_sets(name):
    comp = create_component(name)
    assert comp.name == name
    assert isinstance(comp.reads, tuple) and isinstance(comp.sets, tuple)
    assert comp.sets, f"{name} sets nothing"


def test_default_pipeline_order_satisfies_every_read():
    seen = {"text"}
    for name in DEFAULT_COMPONENTS:
        comp = create_component(name)
        missing = [r for r in comp.reads if r not in seen]
        assert not missing, f"{name} reads {missing} before they are set"
        seen.update(comp.sets)


def test_text_layer_runs_alone():
    doc = Pipeline(["sentences", "tokens"])("بغداد | قال الوزير إن الاجتماع انتهى.")
    assert doc.sentences and doc.tokens
    assert doc.done == {"sentences", "tokens"}
    doc.check_spans()


def test_component_needs_its_inputs():
    with pytest.raises(RasdError) as info:
        Pipeline(["tokens"])("نص")
    assert info.value.code == "E002"


def test_component_runs_alone_on_a_doc_that_has_its_inputs():
    doc = Pipeline(["sentences"])("القاهرة - خبر قصير. وخبر آخر.")
    doc = Pipeline(["tokens"])(doc)
    assert doc.tokens


def test_unknown_component():
    with pytest.raises(RasdError) as info:
        Pipeline(["sentences", "sentiment"])
    assert info.value.code == "E001"
    assert "sentences" in str(info.value)


def test_analyze_keeps_metadata():
    doc = rasd.analyze("دمشق - خبر.", published="2025-01-02", id="a1", title="t", source="s", url="u", lang="ar")
    assert (doc.id, doc.published, doc.title, doc.source, doc.url) == ("a1", "2025-01-02", "t", "s", "u")
    assert doc.meta["lang"] == "ar"


def test_non_arabic_text_is_processed_with_a_warning():
    doc = rasd.analyze("The ministry said on Monday that talks would resume.")
    assert [w["code"] for w in doc.warnings] == ["W002"]
    assert doc.sentences


def test_empty_text_warns():
    doc = rasd.analyze("   ")
    assert [w["code"] for w in doc.warnings] == ["W003"]


def test_component_failure_names_component_and_keeps_cause():
    class Broken:
        name = "broken"
        reads = ()
        sets = ("entities",)

        def __call__(self, doc: Doc) -> Doc:
            raise ValueError("boom")

    with pytest.raises(RasdError) as info:
        Pipeline([Broken()])("نص")
    assert info.value.code == "E009" and "broken" in str(info.value)
    assert isinstance(info.value.__cause__, ValueError)


def test_timings_are_recorded_per_component():
    nlp = Pipeline(["sentences", "tokens"])
    nlp("الرياض: اجتماع.")
    assert set(nlp.timings) == {"sentences", "tokens"}
    assert all(t >= 0 for t in nlp.timings.values())


def test_warm_up_loads_every_component_and_freezes_what_is_loaded():
    import gc

    from rasd.pipeline import _WARM_UP_TEXT

    seen: list[str] = []

    class Probe:
        name = "probe"
        reads = ("tokens",)
        sets = ()

        def __call__(self, doc):
            seen.append(doc.text)
            return doc

    from rasd.pipeline import GC_THRESHOLD0

    before = gc.get_threshold()
    gc.unfreeze()
    try:
        gc.set_threshold(700, before[1], before[2])
        nlp = Pipeline(["sentences", "tokens", Probe()])
        assert nlp.warm_up(tune_gc=False) is nlp
        assert seen == [_WARM_UP_TEXT]  # every component ran once, on the warm-up article
        assert gc.get_freeze_count() == 0 and gc.get_threshold()[0] == 700  # nothing tuned
        assert all(v == 0.0 for v in nlp.timings.values())  # the warm-up is not counted
        nlp.warm_up()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (GC_THRESHOLD0, before[1], before[2])
        assert nlp(_WARM_UP_TEXT).tokens  # and the pipeline works as before
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_warm_up_article_reaches_every_default_component():
    from rasd.pipeline import _WARM_UP_TEXT, analyze

    doc = analyze(_WARM_UP_TEXT, published="2026-05-12")
    assert doc.entities and doc.dates and doc.places and doc.quotes and doc.events
    assert any(e.actor_id for e in doc.entities)
