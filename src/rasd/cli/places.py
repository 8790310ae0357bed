"""CLI commands for places: ``rasd evaluate places``."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer, train_app: typer.Typer, evaluate_app: typer.Typer, db_app: typer.Typer) -> None:
    """Add this area's commands to the CLI."""

    @evaluate_app.command("places")
    def evaluate_places(
        data: Path | None = typer.Option(
            None, "--data", help="Evaluation set (JSONL). Default: the dev set in tests/resources/places."),
        ner: bool = typer.Option(
            False, "--ner/--no-ner", help="Run the NER model before places (LOC entities as evidence)."),
        show_errors: int = typer.Option(20, "--errors", help="How many errors to list."),
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
        err = Console(stderr=True)
        path = data
        if path is None:
            path = Path(__file__).resolve().parents[3] / "tests" / "resources" / "places" / "places_dev.jsonl"
        if not path.exists():
            err.print(f"[red]{path}: no such file[/red]")
            raise typer.Exit(2)
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
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(1) from None
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
        for doc_id, surface, got, gold_cc in res["errors"][:show_errors]:
            console.print(f"  {doc_id}: {surface} -> {got}" + (f" (gold {gold_cc})" if gold_cc else ""))
        for doc_id, surface, name, cc in res["extras"][:show_errors]:
            console.print(f"  {doc_id}: extra {surface} -> {name} ({cc})")


class _NoEntities:
    """Stands in for the NER component: an empty entities layer (gazetteer-only evaluation)."""

    name = "entities"
    reads: tuple[str, ...] = ()
    sets: tuple[str, ...] = ("entities",)

    def __call__(self, doc):
        return doc
