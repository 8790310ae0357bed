"""Pipelines of components over a :class:`~rasd.doc.Doc`.

A component is any object with ``name``, ``reads`` (layers it needs), ``sets`` (layers it fills)
and ``__call__(doc) -> doc``. Components are registered under a name with :func:`register` and
built lazily, so importing rasd loads no model and reads no file.

    >>> from rasd import Pipeline
    >>> nlp = Pipeline(["sentences", "tokens"])   # the text layer alone
    >>> doc = nlp("بغداد - أعلنت الحكومة ...")
"""

from __future__ import annotations

import gc
import importlib
import time
from typing import Any, Callable, Iterable, Protocol, runtime_checkable

from .doc import Doc
from .errors import Errors, RasdError, Warnings


@runtime_checkable
class Component(Protocol):
    name: str
    reads: tuple[str, ...]
    sets: tuple[str, ...]

    def __call__(self, doc: Doc) -> Doc: ...


# name -> "module:factory" (imported on first use) or a factory callable
_REGISTRY: dict[str, str | Callable[..., Component]] = {
    "sentences": "rasd.text.sentences:SentenceSplitter",
    "tokens": "rasd.text.tokens:Tokenizer",
    "entities": "rasd.components.entities:EntityRecognizer",
    "actors": "rasd.components.actors:ActorLinker",
    "dates": "rasd.components.dates:DateResolver",
    "places": "rasd.components.places:PlaceResolver",
    "quotes": "rasd.components.quotes:QuoteExtractor",
    "events": "rasd.components.events:EventExtractor",
}

DEFAULT_COMPONENTS = (
    "sentences", "tokens", "entities", "actors", "dates", "places", "quotes", "events",
)
TEXT_COMPONENTS = ("sentences", "tokens")

_SHARED: dict[str, Component] = {}

#: The youngest generation's collection threshold :meth:`Pipeline.warm_up` sets (Python's is 700).
GC_THRESHOLD0 = 5000


def register(name: str, factory: str | Callable[..., Component]) -> None:
    """Register a component factory (a callable, or ``"module:attr"``) under ``name``."""
    _REGISTRY[name] = factory


def registered() -> list[str]:
    return sorted(_REGISTRY)


def create_component(name: str, **config: Any) -> Component:
    """Build the component registered under ``name``; raises E001 for unknown names."""
    if name not in _REGISTRY:
        raise RasdError(Errors.E001, name=name, known=", ".join(registered()))
    factory = _REGISTRY[name]
    if isinstance(factory, str):
        module_name, _, attr = factory.partition(":")
        factory = getattr(importlib.import_module(module_name), attr)
    return factory(**config)


def get_component(name: str) -> Component:
    """A shared, lazily built instance (models are loaded once per process)."""
    comp = _SHARED.get(name)
    if comp is None:
        comp = _SHARED[name] = create_component(name)
    return comp


class Pipeline:
    """An ordered list of components. Call it on a text or a :class:`Doc`."""

    def __init__(self, components: Iterable[str | Component] = DEFAULT_COMPONENTS) -> None:
        self.components: list[Component] = [
            get_component(c) if isinstance(c, str) else c for c in components
        ]
        self._check_order()
        self.timings: dict[str, float] = {c.name: 0.0 for c in self.components}

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    def _check_order(self) -> None:
        # A component's inputs must be set by an earlier component, or be on the Doc already
        # (checked at call time, E002).
        seen = {"text"}
        self._needs: list[tuple[Component, tuple[str, ...]]] = []
        for comp in self.components:
            missing = tuple(r for r in comp.reads if r not in seen)
            self._needs.append((comp, missing))
            seen.update(comp.sets)

    def __call__(self, text_or_doc: str | Doc, **meta: Any) -> Doc:
        doc = text_or_doc if isinstance(text_or_doc, Doc) else make_doc(text_or_doc, **meta)
        if not doc.done:
            check_language(doc)
        clock = time.perf_counter
        for comp, missing in self._needs:
            if missing:
                absent = [m for m in missing if m not in doc.done]
                if absent:
                    raise RasdError(Errors.E002, name=comp.name, missing=absent)
            t0 = clock()
            try:
                doc = comp(doc)
            except RasdError:
                raise
            except Exception as exc:  # keep the cause, name the component and document
                raise RasdError(Errors.E009, name=comp.name, doc_id=doc.id, reason=repr(exc)) from exc
            self.timings[comp.name] += clock() - t0
            doc.done.update(comp.sets)
        return doc

    def pipe(self, items: Iterable[str | Doc]) -> Iterable[Doc]:
        for item in items:
            yield self(item)

    def warm_up(self, tune_gc: bool = True) -> Pipeline:
        """Load every component's models now (they load lazily, on the first document) and, with
        ``tune_gc``, set the garbage collector up for a long run over many articles.

        The models, lexicons and gazetteers are some 100,000 long-lived objects: ``gc.freeze()``
        moves them out of the collector's sight, so that each full collection no longer walks
        them all again, and the youngest generation's threshold is raised to at least
        ``GC_THRESHOLD0`` (from 700), so that the many short-lived objects of an article are
        mostly freed by reference counting before a collection looks at them. Measured with
        ``gc.callbacks`` over 1,500 news_sample articles: collections took 0.30-0.34 ms per
        article before, 0.15-0.20 after the freeze and 0.06-0.08 with both. Frozen objects are
        never collected, which is what models kept for the life of the process want; both are
        settings of the whole process, so a library user may pass ``tune_gc=False``. Called by
        ``rasd extract``, ``rasd db ingest``, the Dask workers and ``benchmarks/throughput.py``.
        """
        self(_WARM_UP_TEXT, published="2026-05-12")
        self.reset_timings()
        if tune_gc:
            gc.collect()
            gc.freeze()
            threshold0, threshold1, threshold2 = gc.get_threshold()
            if threshold0 < GC_THRESHOLD0:
                gc.set_threshold(GC_THRESHOLD0, threshold1, threshold2)
        return self

    def reset_timings(self) -> None:
        for name in self.timings:
            self.timings[name] = 0.0


# A short article of our own that reaches every component (a dateline, a quote, an actor, a
# place, a date and an event), for :meth:`Pipeline.warm_up`.
_WARM_UP_TEXT = (
    "بغداد - أعلنت وزارة الداخلية العراقية، الثلاثاء، مقتل ثلاثة مدنيين في هجوم على سوق في مدينة "
    "الموصل، وقال المتحدث باسم الوزارة إن «التحقيق بدأ فوراً»."
)


def make_doc(text: str, published: Any = None, **meta: Any) -> Doc:
    """Create a :class:`Doc`, sending known metadata keys to their fields."""
    known = {k: meta.pop(k) for k in ("id", "title", "source", "url") if k in meta}
    doc = Doc(text, published=published, meta=meta, **known)
    return doc


#: Below this share of Arabic letters a document gets warning W002 (it is still processed).
MIN_ARABIC_SHARE = 0.5


def check_language(doc: Doc) -> None:
    """Warn (W003/W002) about empty or mostly non-Arabic text; the document is still processed."""
    from .text.normalize import arabic_share

    if not doc.text.strip():
        doc.warn(Warnings.W003)
        return
    sample = doc.text if len(doc.text) <= 20_000 else doc.text[:20_000]
    share = arabic_share(sample)
    if share < MIN_ARABIC_SHARE:
        doc.warn(Warnings.W002, share=share)


_DEFAULT: Pipeline | None = None


def analyze(text: str | Doc, published: Any = None, **meta: Any) -> Doc:
    """Run the default pipeline on ``text`` (an article) and return its :class:`Doc`.

    ``published`` (``YYYY-MM-DD`` or a ``date``) anchors relative dates; other keyword
    arguments (``id``, ``title``, ``source``, ``url``, anything else) are kept on the Doc.
    """
    nlp = default_pipeline()
    if isinstance(text, Doc):
        return nlp(text)
    return nlp(make_doc(text, published=published, **meta))


def default_pipeline() -> Pipeline:
    """The process-wide default pipeline :func:`analyze` runs (built on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline(DEFAULT_COMPONENTS)
    return _DEFAULT


__all__ = [
    "Component", "Pipeline", "analyze", "default_pipeline", "register", "create_component", "get_component",
    "DEFAULT_COMPONENTS", "TEXT_COMPONENTS", "Warnings",
]
