"""CLI commands for quotes: ``rasd evaluate quotes``."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._common import fail_run, fail_usage, gold_eval_inputs

_DEFAULT_GOLD = Path("tests") / "resources" / "quotes"


def register(app: typer.Typer, train_app: typer.Typer, evaluate_app: typer.Typer, db_app: typer.Typer) -> None:
    """Add this area's commands to the CLI."""

    @evaluate_app.command("quotes")
    def evaluate_quotes(
        gold: Optional[Path] = typer.Argument(
            None, help="Folder of gold quote files (*.json). Default: tests/resources/quotes."),
        components: str = typer.Option(
            "sentences,tokens,entities,actors,quotes", "--components",
            help="Pipeline to run before scoring (comma-separated)."),
        show_errors: int = typer.Option(10, "--errors", help="How many errors to list (0: none)."),
        as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
        speed: int = typer.Option(0, "--speed", help="Also time the quotes component on N news_sample "
                                                     "articles (shared data); 0: no timing."),
    ) -> None:
        """Quote attribution scores (Citron/PARC measures): cue, source (speaker) and content
        P/R/F1, exact and overlap; whole-quote F1; speaker accuracy; attribute accuracies."""
        import json
        import time

        from rich.console import Console
        from rich.table import Table

        from ..errors import RasdError
        from ..train.quotes_eval import evaluate, load_gold
        from ..train.quotes_eval import speed as time_quotes

        console = Console()
        path, names = gold_eval_inputs(gold, _DEFAULT_GOLD, "quote", show_errors, speed, components)
        if "quotes" not in names:
            fail_usage("--components must include 'quotes'")
        try:
            docs = load_gold(path)
            t0 = time.perf_counter()
            scores = evaluate(docs, names)
            elapsed = time.perf_counter() - t0
        except RasdError as exc:
            fail_run(exc)
        d = scores.to_dict()
        if speed:
            try:
                d["speed"] = time_quotes(speed, [n for n in names if n != "quotes"])
            except RasdError as exc:
                fail_run(exc)
        if as_json:
            typer.echo(json.dumps(d, ensure_ascii=False))
            return
        table = Table(title=f"quotes on {path} ({d['docs']} documents, {d['gold_quotes']} gold quotes, "
                            f"{d['pred_quotes']} predicted)")
        table.add_column("measure")
        table.add_column("P", justify="right")
        table.add_column("R", justify="right")
        table.add_column("F1", justify="right")
        rows = [
            ("cue exact", "cue_exact"), ("cue overlap", "cue_overlap"),
            ("source (speaker) exact", "source_exact"), ("source (speaker) overlap", "source_overlap"),
            ("content exact", "content_exact"), ("content overlap (token)", "content_overlap"),
            ("content any-overlap", "content_any_overlap"), ("whole quote (overlap)", "whole_quote"),
        ]
        for label, key in rows:
            v = d[key]
            bold = key in ("whole_quote", "content_overlap")
            f1 = f"[bold]{v['f1']:.3f}[/bold]" if bold else f"{v['f1']:.3f}"
            table.add_row(label, f"{v['p']:.3f}", f"{v['r']:.3f}", f1)
        console.print(table)
        acc = Table(title="accuracy over paired quotes")
        acc.add_column("attribute")
        acc.add_column("accuracy", justify="right")
        for key in ("speaker", "speaker_exact", "anonymous", "direct", "stance", "outlet", "statement", "chain"):
            acc.add_row(key.replace("_", " ") + (" (overlap)" if key == "speaker" else ""),
                        f"{d.get(key + '_accuracy', 0.0):.3f}")
        console.print(acc)
        console.print(f"{d['pairs']} pairs; {elapsed:.2f} s for the pipeline and scoring", markup=False)
        if "speed" in d:
            sp = d["speed"]
            console.print(f"quotes component on {sp['articles']} news_sample articles "
                          f"({sp['chars_per_article']:.0f} chars each, {sp['quotes']} quotes): "
                          f"{sp['cpu_ms_per_article']:.3f} ms CPU / {sp['wall_ms_per_article']:.3f} ms wall "
                          f"per article (best of 3)", markup=False)
        for e in scores.errors[:show_errors]:
            console.print(json.dumps(e, ensure_ascii=False), markup=False)
