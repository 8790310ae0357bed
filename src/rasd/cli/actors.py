"""CLI commands for actors: ``rasd evaluate actors``."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._common import fail_run, fail_usage, gold_eval_inputs

_DEFAULT_GOLD = Path("tests") / "resources" / "actors" / "dev"


def register(app: typer.Typer, train_app: typer.Typer, evaluate_app: typer.Typer, db_app: typer.Typer) -> None:
    """Add this area's commands to the CLI."""

    @evaluate_app.command("actors")
    def evaluate_actors(
        data: Optional[Path] = typer.Option(
            None, "--data", help="Folder of gold actor files (*.json, subfolders included). "
                                 "Default: tests/resources/actors/dev."),
        components: str = typer.Option(
            "sentences,tokens,entities,actors", "--components",
            help="Pipeline to run before scoring (comma-separated; must end with 'actors')."),
        show_errors: int = typer.Option(10, "--errors", help="How many errors to list (0: none)."),
        as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
        speed: int = typer.Option(0, "--speed", help="Also time the actors component on N news_sample "
                                                     "articles (shared data); 0: no timing."),
    ) -> None:
        """Actor linking scores: mention linking P/R/F1 (span and actor_id), actor_id accuracy,
        NIL accuracy, coreference of short mentions, role/affiliation accuracy, latin coverage."""
        import json
        import time

        from rich.console import Console
        from rich.table import Table

        from ..errors import RasdError
        from ..train.actors_eval import evaluate, load_gold
        from ..train.actors_eval import speed as time_actors

        console = Console()
        path, names = gold_eval_inputs(data, _DEFAULT_GOLD, "actor", show_errors, speed, components)
        if not names or names[-1] != "actors":
            fail_usage("--components must end with 'actors'")
        try:
            docs = load_gold(path)
            t0 = time.perf_counter()
            scores = evaluate(docs, names)
            elapsed = time.perf_counter() - t0
            d = scores.to_dict()
            if speed:
                d["speed"] = time_actors(speed, names[:-1])
        except RasdError as exc:
            fail_run(exc)
        if as_json:
            d["errors"] = scores.errors[:show_errors]
            typer.echo(json.dumps(d, ensure_ascii=False))
            return
        table = Table(title=f"actors on {path} ({d['docs']} documents, {d['gold_mentions']} gold mentions, "
                            f"{d['pred_mentions']} predicted)")
        table.add_column("measure")
        table.add_column("P", justify="right")
        table.add_column("R", justify="right")
        table.add_column("F1", justify="right")
        table.add_column("tp / pred / gold", justify="right")
        for label, key in (("mention linking (span + actor_id)", "linking"), ("mention spans", "spans")):
            v = d[key]
            table.add_row(label, f"{v['p']:.3f}", f"{v['r']:.3f}", f"[bold]{v['f1']:.3f}[/bold]",
                          f"{v['tp']} / {v['pred']} / {v['gold']}")
        console.print(table)
        acc = Table(title="accuracy (over gold mentions whose span was found)")
        acc.add_column("measure")
        acc.add_column("accuracy", justify="right")
        acc.add_column("over", justify="right")
        rows = (
            ("actor_id on gold-linked mentions", "actor_id_accuracy", "linked_found"),
            ("NIL (no actor_id) on gold NIL mentions", "nil_accuracy", "nil_found"),
            ("coreference of short mentions (all gold refs)", "coref_accuracy", "coref_total"),
            ("role, person mentions", "role_accuracy", "persons_found"),
            ("affiliation, person mentions", "affiliation_accuracy", "persons_found"),
            ("role, where gold has one", "role_accuracy_set", "roles_set"),
            ("affiliation, where gold has one", "affiliation_accuracy_set", "affiliations_set"),
            ("latin coverage", "latin_coverage", "found"),
        )
        for label, key, n in rows:
            acc.add_row(label, f"{d[key]:.3f}", str(d[n]))
        console.print(acc)
        console.print(f"{elapsed:.2f} s for the pipeline and scoring", markup=False)
        if "speed" in d:
            sp = d["speed"]
            console.print(f"actors component on {sp['articles']} news_sample articles "
                          f"({sp['chars_per_article']:.0f} chars each, {sp['linked']} linked): "
                          f"{sp['cpu_ms_per_article']:.3f} ms CPU per article (best of 3; first pass "
                          f"{sp['cpu_ms_first_pass']:.3f}), {sp['wall_ms_per_article']:.3f} ms wall", markup=False)
        for e in scores.errors[:show_errors]:
            console.print(json.dumps(e, ensure_ascii=False), markup=False)
