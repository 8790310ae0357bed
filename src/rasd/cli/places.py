"""CLI commands for places: ``rasd evaluate places``."""

from __future__ import annotations

from pathlib import Path

import typer

from ._common import fail_run, fail_usage


def register(app: typer.Typer, train_app: typer.Typer, evaluate_app: typer.Typer, db_app: typer.Typer) -> None:
    """Add this area's commands to the CLI."""

    @evaluate_app.command("places")
    def evaluate_places(
        data: Path | None = typer.Option(
            None, "--data", help="Evaluation set (JSONL). Default: the dev set in tests/resources/places."),
        ner: bool = typer.Option(
            False, "--ner/--no-ner", help="Run the NER model before places (LOC entities as evidence)."),
        show_errors: int = typer.Option(20, "--errors", help="How many errors to list."),
        speed_on: Path | None = typer.Option(
            None, "--speed-on", help="Also time the places component alone on the articles of this JSONL "
            "file (a 'text' field per line), e.g. ../shared/data/news_sample/articles.jsonl."),
        speed_n: int = typer.Option(500, "--speed-n", help="How many articles to time."),
    ) -> None:
        """Place accuracy: right country AND within 25 km (town) / 50 km (part of a region) /
        300 km (region, country, sea) of the gold point; also how many mentions were found."""
        import time

        from rich.console import Console
        from rich.table import Table

        from ..components.places import PlaceResolver, evaluate, read_dev_set
        from ..errors import RasdError
        from ..pipeline import Pipeline

        console = Console()
        path = data
        if path is None:
            path = Path(__file__).resolve().parents[3] / "tests" / "resources" / "places" / "places_dev.jsonl"
        if not path.exists():
            fail_usage(f"{path}: no such file")
        try:
            docs = read_dev_set(path)
            if ner:
                nlp = Pipeline(["sentences", "tokens", "entities", PlaceResolver()])
            else:
                nlp = Pipeline(["sentences", "tokens", _NoEntities(), PlaceResolver()])
            t0 = time.perf_counter()
            res = evaluate(docs, nlp)
            elapsed = time.perf_counter() - t0
        except RasdError as exc:
            fail_run(exc)
        table = Table(title=f"places on {path.name} ({'with' if ner else 'without'} NER)")
        table.add_column("measure")
        table.add_column("value", justify="right")
        table.add_row("documents", str(res["documents"]))
        table.add_row("gold mentions", str(res["mentions"]))
        table.add_row("found (resolved place overlaps)", f"{res['found']} ({res['recall_found']:.3f})")
        table.add_row("correct (country + distance)", str(res["correct"]))
        table.add_row("[bold]accuracy[/bold]", f"[bold]{res['accuracy']:.3f}[/bold]")
        table.add_row("accuracy of found", f"{res['accuracy_found']:.3f}")
        table.add_row("country accuracy", f"{res['country_accuracy']:.3f}")
        table.add_row("geo_precision agreement (found)", f"{res['precision_agreement']:.3f}")
        table.add_row("extra places (no gold mention)", str(res["extra"]))
        table.add_row("pipeline time", f"{elapsed * 1000 / max(1, res['documents']):.2f} ms/doc")
        console.print(table)
        if speed_on is not None:
            _speed(console, speed_on, speed_n)
        for doc_id, surface, got, gold_cc in res["errors"][:show_errors]:
            console.print(f"  {doc_id}: {surface} -> {got}" + (f" (gold {gold_cc})" if gold_cc else ""))
        for doc_id, surface, name, cc in res["extras"][:show_errors]:
            console.print(f"  {doc_id}: extra {surface} -> {name} ({cc})")


def _speed(console, path: Path, n: int) -> None:
    """CPU time of the places component alone (text layer run beforehand), best of 3 passes."""
    import json
    import time

    from ..components.places import PlaceResolver
    from ..pipeline import Pipeline

    texts = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if len(texts) >= n:
                break
            if line.strip():
                texts.append(json.loads(line)["text"])
    pre = Pipeline(["sentences", "tokens", _NoEntities()])
    docs = [pre(t) for t in texts]
    comp = PlaceResolver()
    for d in docs:  # warm the per-process caches
        comp(d)
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        for d in docs:
            comp(d)
        best = min(best, time.process_time() - t0)
    chars = sum(len(t) for t in texts) / max(1, len(texts))
    places = sum(len(d.places) for d in docs) / max(1, len(docs))
    console.print(f"places component: {best * 1000 / max(1, len(docs)):.3f} ms/article (CPU, best of 3) "
                  f"on {len(docs)} articles of {path.name} ({chars:.0f} chars, {places:.1f} places per article)")


class _NoEntities:
    """Stands in for the NER component: an empty entities layer (gazetteer-only evaluation)."""

    name = "entities"
    reads: tuple[str, ...] = ()
    sets: tuple[str, ...] = ("entities",)

    def __call__(self, doc):
        return doc
