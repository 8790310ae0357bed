"""CLI commands for events: ``rasd evaluate events`` and ``rasd evaluate gsr``."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._common import fail_run, fail_usage

_REPO = Path(__file__).resolve().parents[3]
_DEFAULT_GOLD = _REPO / "tests" / "resources" / "events"


def register(app: typer.Typer, train_app: typer.Typer, evaluate_app: typer.Typer, db_app: typer.Typer) -> None:
    """Add this area's commands to the CLI."""

    @evaluate_app.command("events")
    def evaluate_events(
        data: Optional[Path] = typer.Option(
            None, "--data", help="Folder of gold articles (*.json). Default: tests/resources/events."),
        show_errors: int = typer.Option(15, "--errors", help="How many errors to list (0: none)."),
        as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
    ) -> None:
        """Event F1 (same type, gold trigger inside an evidence span or its sentence) and
        per-argument accuracy over matched events, running the full default pipeline."""
        import json

        from rich.console import Console
        from rich.table import Table

        from ..errors import RasdError
        from ..train.events_eval import evaluate_gold, load_gold

        console = Console()
        folder = data if data is not None else _DEFAULT_GOLD
        if not folder.is_dir():
            fail_usage(f"{folder}: no such folder (give --data)")
        if show_errors < 0:
            fail_usage("--errors must be 0 or more")
        try:
            scores = evaluate_gold(load_gold(folder))
        except RasdError as exc:
            fail_run(exc)
        if as_json:
            typer.echo(json.dumps(scores, ensure_ascii=False))
            return
        ev = scores["events"]
        table = Table(title=f"events on {folder} ({scores['articles']} articles)")
        table.add_column("measure")
        table.add_column("value", justify="right")
        table.add_row("gold events matched (tp)", str(ev["tp"]))
        table.add_row("spurious (fp) / missed (fn)", f"{ev['fp']} / {ev['fn']}")
        table.add_row("precision", f"{ev['precision']:.3f}")
        table.add_row("recall", f"{ev['recall']:.3f}")
        table.add_row("[bold]event F1[/bold]", f"[bold]{ev['f1']:.3f}[/bold]")
        for name, a in scores["arguments"].items():
            if a["accuracy"] is not None:
                table.add_row(f"{name} accuracy", f"{a['accuracy']:.3f} ({a['correct']}/{a['total']})")
        table.add_row("ms per article (full pipeline)", f"{scores['ms_per_article']:.1f}")
        console.print(table)
        bt = Table(title="by type")
        for col in ("type", "tp", "fp", "fn", "F1"):
            bt.add_column(col, justify="right" if col != "type" else "left")
        for t, v in scores["by_type"].items():
            bt.add_row(t, str(v["tp"]), str(v["fp"]), str(v["fn"]), f"{v['f1']:.3f}")
        console.print(bt)
        for line in scores["errors"][:show_errors]:
            console.print(line, markup=False)

    @evaluate_app.command("gsr")
    def evaluate_gsr_cmd(
        data: Optional[Path] = typer.Option(
            None, "--data", help="GSR JSONL (id, event_type, label, text). Default: ../shared/data/event_gsr_dev/gsr_dev.jsonl."),
        limit: int = typer.Option(0, "--limit", help="Score only the first N rows (0: all)."),
        as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
    ) -> None:
        """Sentence-level ASSAULT and PROTEST detection on the OEDA Arabic event gold standard,
        beside a keyword baseline scored in the same run (yes = positive; easy/difficult no =
        negative; ambiguous left out)."""
        import json

        from rich.console import Console
        from rich.table import Table

        from ..errors import RasdError
        from ..resources import shared_data
        from ..train.events_eval import evaluate_gsr, load_gsr

        console = Console()
        path = data if data is not None else shared_data("event_gsr_dev", "gsr_dev.jsonl")
        if path is None or not Path(path).is_file():
            fail_usage(f"{path or 'event_gsr_dev/gsr_dev.jsonl'}: no such file (give --data)")
        if limit < 0:
            fail_usage("--limit must be 0 or more")
        try:
            rows = load_gsr(path)
        except RasdError as exc:
            fail_run(exc)
        if limit:
            rows = rows[:limit]
        scores = evaluate_gsr(rows)
        if as_json:
            typer.echo(json.dumps(scores, ensure_ascii=False))
            return
        table = Table(title=f"GSR sentence detection on {Path(path).name} ({scores['sentences']} sentences)")
        for col in ("type", "system", "P", "R", "F1", "baseline P", "R ", "F1 "):
            table.add_column(col, justify="left" if col in ("type", "system") else "right")
        for t in scores["system"]:
            s, b = scores["system"][t], scores["baseline"][t]
            table.add_row(t, f"tp {s['tp']} fp {s['fp']} fn {s['fn']}", f"{s['precision']:.3f}", f"{s['recall']:.3f}",
                          f"[bold]{s['f1']:.3f}[/bold]", f"{b['precision']:.3f}", f"{b['recall']:.3f}", f"{b['f1']:.3f}")
        for t, s in (scores.get("layer") or {}).items():
            table.add_row(f"{t} any layer event", f"tp {s['tp']} fp {s['fp']} fn {s['fn']}", f"{s['precision']:.3f}",
                          f"{s['recall']:.3f}", f"{s['f1']:.3f}", "", "", "")
        cv = scores.get("scored_cv") or {}
        for t, s in cv.items():
            table.add_row(f"{t} scored (5-fold CV)", f"tp {s['tp']} fp {s['fp']} fn {s['fn']}", f"{s['precision']:.3f}",
                          f"{s['recall']:.3f}", f"[bold]{s['f1']:.3f}[/bold]", "", "", "")
        console.print(table)
        console.print("system = sentence-level detection (rasd.components.events.detect.reports_event: the "
                      "sentence reports a concrete event of the type); any layer event = an event of the type "
                      "that happened (not background, planned or denied); scored = a logistic detector over the events layer's features, "
                      "cross-validated by article (docs/events.md)")
        console.print(f"{scores['sentences_per_s']} sentences/s (full default pipeline, one core)")
