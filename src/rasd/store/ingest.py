"""``rasd ingest``: read inputs, analyse the new ones, store each with all its layers.

Nothing lost, nothing twice:

- articles are keyed by :func:`rasd.store.dedup.text_hash`; a text already stored is counted as
  "already stored" and not analysed again;
- each article and all its layers are written in one transaction, so a crash (even SIGKILL)
  never leaves half an article, and running the same command again stores exactly what is missing;
- each bad input is reported (file, line, reason) and skipped;
- near-duplicates (MinHash LSH) are stored, linked to the first copy, and kept out of incidents.

Extraction runs in this process, or on a Dask cluster (``workers``/``scheduler``); writing always
happens here, in input order, through :class:`rasd.store.db.Store`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import RasdError
from ..ingest.readers import Article, InputFailure, iter_inputs
from . import dedup
from .db import DUPLICATE, NEW, STORED, Prepared, Store, prepare_doc

CHUNK = 64


@dataclass
class IngestReport:
    new: int = 0
    stored: int = 0  # already in the database (this run or an earlier one)
    duplicates: int = 0  # near-duplicates, stored and linked to the first copy
    failures: list[InputFailure] = field(default_factory=list)
    incidents: int | None = None

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def seen(self) -> int:
        return self.new + self.stored + self.duplicates + self.failed

    def as_dict(self) -> dict[str, Any]:
        return {"new": self.new, "already_stored": self.stored, "near_duplicates": self.duplicates,
                "failed": self.failed, "incidents": self.incidents}


def analyse_article(article: Article, pipeline=None) -> Prepared | InputFailure:
    """Run the pipeline on one article; a failing article becomes an :class:`InputFailure`."""
    from ..pipeline import analyze, make_doc

    try:
        doc = make_doc(article.text, **article.meta())
        doc = pipeline(doc) if pipeline is not None else analyze(doc)
    except RasdError as exc:
        return InputFailure(origin=article.origin, line=article.line, code=exc.code, message=exc.message)
    return prepare_doc(doc, origin=doc.meta.get("origin"))


class LocalRunner:
    """Extraction in this process (one pipeline)."""

    def __init__(self, pipeline=None) -> None:
        self.pipeline = pipeline
        self._warm = False

    def submit(self, articles: list[Article]):
        if not self._warm:
            if self.pipeline is None:
                from ..pipeline import default_pipeline

                self.pipeline = default_pipeline()
            self.pipeline.warm_up()  # load the models once, before the first article (Pipeline.warm_up)
            self._warm = True
        return [analyse_article(a, self.pipeline) for a in articles]

    def result(self, handle) -> list[Prepared | InputFailure]:
        return handle

    def close(self) -> None:
        pass


def _chunks(items: Iterable[Article | InputFailure], size: int) -> Iterator[list[Article | InputFailure]]:
    chunk: list[Article | InputFailure] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ingest_items(
    items: Iterable[Article | InputFailure],
    store: Store,
    *,
    runner=None,
    progress: Callable[[int], None] | None = None,
    chunk: int = CHUNK,
    incidents: bool = True,
    in_flight: int = 2,
) -> IngestReport:
    """Store every article of ``items``; see the module docstring."""
    from .incidents import rebuild

    runner = runner or LocalRunner()
    report = IngestReport()
    seen_hashes: set[str] = set()
    failed_hashes: dict[str, InputFailure] = {}  # texts of this run whose analysis failed
    pending: deque = deque()

    def drain_one() -> None:
        slots, handle = pending.popleft()
        results = iter(runner.result(handle)) if handle is not None else iter(())
        for slot in slots:
            if isinstance(slot, InputFailure):
                report.failures.append(slot)
            elif slot == STORED:  # stored by an earlier run
                report.stored += 1
            elif isinstance(slot, tuple):  # (hash, article): the same text earlier in this run
                h, art = slot
                first = failed_hashes.get(h)
                if first is None:
                    report.stored += 1
                else:
                    report.failures.append(InputFailure(art.origin, art.line, first.code, first.message))
            else:
                res = next(results)
                if isinstance(res, InputFailure):
                    report.failures.append(res)
                    failed_hashes[slot] = res
                else:
                    outcome, _ = store.write(res)
                    if outcome == NEW:
                        report.new += 1
                    elif outcome == DUPLICATE:
                        report.duplicates += 1
                    else:
                        report.stored += 1
            if progress is not None:
                progress(1)

    for part in _chunks(items, chunk):
        hashes = [dedup.text_hash(x.text) if isinstance(x, Article) else None for x in part]
        known = store.known_hashes([h for h in hashes if h]) if any(hashes) else set()
        slots: list[Any] = []
        todo: list[Article] = []
        for item, h in zip(part, hashes):
            if isinstance(item, InputFailure):
                slots.append(item)
            elif h in known:
                slots.append(STORED)
            elif h in seen_hashes:
                slots.append((h, item))
            else:
                seen_hashes.add(h)  # type: ignore[arg-type]
                slots.append(h)
                todo.append(item)  # type: ignore[arg-type]
        pending.append((slots, runner.submit(todo) if todo else None))
        while len(pending) > in_flight:
            drain_one()
    while pending:
        drain_one()
    if incidents and (report.new or report.duplicates):
        report.incidents = rebuild(store.engine)
    return report


def ingest_paths(
    paths: list[str | Path],
    url: str,
    *,
    published: str | None = None,
    workers: int = 0,
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
    incidents: bool = True,
    components: list[str] | None = None,
) -> IngestReport:
    """Read ``paths`` (as ``rasd extract`` does, plus feeds and HTML) into the database ``url``.

    ``components`` chooses the pipeline (default: all of rasd's components).
    """
    store = Store(url)
    runner = None
    try:
        if workers or scheduler:
            from ..batch.dask import DaskRunner

            runner = DaskRunner(workers=workers or None, scheduler=scheduler, components=components)
        else:
            from ..pipeline import DEFAULT_COMPONENTS, Pipeline

            runner = LocalRunner(Pipeline(components or DEFAULT_COMPONENTS))
        items = iter_inputs(paths, published=published)
        chunk = CHUNK
        if not isinstance(runner, LocalRunner):
            chunk = max(CHUNK, 32 * runner.n_workers)  # keep every worker busy between two writes
        return ingest_items(items, store, runner=runner, progress=progress, incidents=incidents,
                            chunk=chunk, in_flight=2 if isinstance(runner, LocalRunner) else 3)
    finally:
        if runner is not None:
            runner.close()
        store.close()
