"""CLI commands for dates: ``rasd evaluate dates``."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._common import fail_run, fail_usage


def register(app: typer.Typer, train_app: typer.Typer, evaluate_app: typer.Typer, db_app: typer.Typer) -> None:
    """Add this area's commands to the CLI."""

    @evaluate_app.command("dates")
    def evaluate_dates(
        data: Optional[Path] = typer.Option(
            None, "--data", help="Gold set (JSONL: text, published, gold). Default: the bundled dev set."),
        show_errors: int = typer.Option(10, "--errors", help="How many errors to list (0: none)."),
        as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
        wojood: Optional[Path] = typer.Option(
            None, "--wojood", help="Also score mention detection against the DATE spans of a Wojood file "
            "(e.g. ../shared/data/wojood_sample/test.txt; no values: it has no publication dates)."),
    ) -> None:
        """Date accuracy (a gold expression is right when an overlapping predicted date has the
        same value_start, value_end and precision) and span exact-match P/R/F1."""
        import json

        from rich.console import Console
        from rich.table import Table

        from ..components.dates.evaluate import default_dev_set, evaluate, evaluate_wojood
        from ..errors import RasdError

        console = Console()
        path = data if data is not None else default_dev_set()
        if not path.exists():
            fail_usage(f"{path}: no such file")
        if show_errors < 0:
            fail_usage("--errors must be 0 or more")
        if wojood is not None and not wojood.exists():
            fail_usage(f"{wojood}: no such file")
        try:
            scores = evaluate(path)
            woj = evaluate_wojood(wojood) if wojood is not None else None
        except RasdError as exc:
            fail_run(exc)
        d = scores.as_dict()
        if woj is not None:
            d["wojood"] = woj
        if as_json:
            typer.echo(json.dumps(d, ensure_ascii=False))
            return
        table = Table(title=f"dates on {path.name}")
        table.add_column("measure")
        table.add_column("value", justify="right")
        table.add_row("documents", str(d["docs"]))
        table.add_row("gold expressions", str(d["gold"]))
        table.add_row("predicted expressions", str(d["predicted"]))
        table.add_row("[bold]accuracy[/bold] (values + precision)", f"[bold]{d['accuracy']:.3f}[/bold] ({d['correct']}/{d['gold']})")
        table.add_row("day accuracy (day-precision gold, value_start)", f"{d['day_accuracy']:.3f}")
        table.add_row("span exact precision", f"{d['span_precision']:.3f}")
        table.add_row("span exact recall", f"{d['span_recall']:.3f}")
        table.add_row("span exact F1", f"{d['span_f1']:.3f}")
        if d["docs_per_s"]:
            table.add_row("documents/s (text layer + dates)", f"{d['docs_per_s']:.0f}")
        console.print(table)
        if woj is not None:
            console.print(
                f"Wojood DATE mentions ({wojood.name}, {woj['sentences']} sentences): "
                f"{woj['gold']} gold, {woj['predicted']} found; overlap recall {woj['recall']:.3f}, "
                f"precision {woj['precision']:.3f}", markup=False)
        for e in scores.errors[:show_errors]:
            g = e["gold"]
            gold = (f"{g['text']} → {g['value_start']}..{g['value_end']} {g['precision']}" if g
                    else "(no gold: extra prediction)")
            preds = "; ".join(f"{p['text']} → {p['value_start']}..{p['value_end']} {p['precision']}"
                              for p in e["predicted"]) or "(nothing)"
            console.print(f"line {e['line']} ({e['published']}): gold {gold} | predicted {preds}",
                          markup=False)
