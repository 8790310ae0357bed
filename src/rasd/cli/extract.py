"""``rasd extract``: analyse articles and write rasd.document/1 JSON, JSONL or a readable table."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import IO, Iterator, List, Optional

import typer

from ._common import err_console, fail_usage, report_failure

EXTRACT_HELP = """Analyse Arabic news articles and write structured documents.

Inputs: .txt (one article), .jsonl (one article per line: id, text, optional published, title,
source, url), .json, .html (main text via trafilatura), .rss/.atom feeds, folders (recursively)
and - (standard input).

Examples:

  rasd extract article.txt --published 2025-05-03

  rasd extract articles.jsonl --format jsonl --output docs.jsonl

  rasd extract examples/ --format table

Exit codes: 0 all inputs succeeded; 1 some inputs failed (each reported on stderr, the rest still
written); 2 usage error.
"""

#: Show a progress bar on stderr from this many documents on.
PROGRESS_FROM = 5


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


def register(app: typer.Typer, train_app: typer.Typer, evaluate_app: typer.Typer, db_app: typer.Typer) -> None:
    app.command("extract", help=EXTRACT_HELP, no_args_is_help=True)(extract)


def extract(
    paths: List[str] = typer.Argument(..., help="Files, folders, or - for standard input.", show_default=False),
    published: Optional[str] = typer.Option(
        None, "--published", "-p", help="Publication date (YYYY-MM-DD) for inputs that do not give one."),
    fmt: OutputFormat = typer.Option(OutputFormat.json, "--format", "-f", help="json, jsonl or table."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
    tokens: bool = typer.Option(False, "--tokens", help="Include the token layer in JSON output."),
) -> None:
    from ..doc import check_iso_date
    from ..errors import Errors, RasdError
    from ..ingest.readers import iter_inputs

    if published is not None:
        try:
            check_iso_date(published)
        except RasdError as exc:
            fail_usage(str(exc))
    if fmt is OutputFormat.json and len(paths) > 1:
        fail_usage(str(RasdError(Errors.E110, count=len(paths))))

    failures = 0
    items = iter_inputs(paths, published=published, exclude=[output] if output else [])
    out, close = _open_output(output)
    try:
        if fmt is OutputFormat.json:
            failures = _write_json(items, out, tokens)
        else:
            failures = _write_stream(items, out, fmt, tokens)
    finally:
        if close:
            out.close()
    raise typer.Exit(1 if failures else 0)


def _open_output(output: Path | None) -> tuple[IO[str], bool]:
    if output is None:
        return sys.stdout, False
    try:
        return output.open("w", encoding="utf-8"), True
    except OSError as exc:
        fail_usage(f"cannot write {output}: {exc.strerror or exc}")
        raise  # unreachable


def _analysed(items) -> Iterator[tuple[object, object]]:
    """(article, doc) pairs; failures are reported and yielded as (failure, None)."""
    from .. import analyze
    from ..errors import RasdError
    from ..ingest.readers import InputFailure
    from ..pipeline import default_pipeline

    warm = False
    for item in items:
        if isinstance(item, InputFailure):
            yield item, None
            continue
        if not warm:  # models loaded once, the collector set up for a long run (Pipeline.warm_up)
            default_pipeline().warm_up()
            warm = True
        try:
            doc = analyze(item.text, **item.meta())
        except RasdError as exc:
            where = item.origin if item.line is None else f"{item.origin}, line {item.line}"
            yield InputFailure(item.origin, item.line, exc.code, f"{where}: {exc.message}"), None
            continue
        yield item, doc


def _write_json(items, out: IO[str], tokens: bool) -> int:
    from ..errors import Errors, RasdError

    failures = 0
    docs = []
    for item, doc in _analysed(items):
        if doc is None:
            failures += 1
            report_failure(item)
        else:
            docs.append(doc)
        if len(docs) > 1:
            fail_usage(str(RasdError(Errors.E110, count="several")) + " (the input holds several articles)")
    if docs:
        json.dump(docs[0].to_dict(tokens=tokens), out, ensure_ascii=False, indent=2)
        out.write("\n")
    return failures


def _write_stream(items, out: IO[str], fmt: OutputFormat, tokens: bool) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .summary import print_summary

    failures = 0
    count = 0
    progress = Progress(
        SpinnerColumn(), TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(),
        console=err_console(), transient=True,
    )
    task = None
    try:
        for item, doc in _analysed(items):
            count += 1
            if count == PROGRESS_FROM and err_console().is_terminal:
                progress.start()
                task = progress.add_task("extract", total=None, failed=failures)
            if doc is None:
                failures += 1
                report_failure(item)
            elif fmt is OutputFormat.jsonl:
                out.write(json.dumps(doc.to_dict(tokens=tokens), ensure_ascii=False))
                out.write("\n")
                out.flush()
            else:
                print_summary(doc, out)
            if task is not None:
                progress.update(task, completed=count, failed=failures)
    finally:
        if task is not None:
            progress.stop()
    if count > 1:
        ok = count - failures
        err_console().print(f"[green]{ok} document(s) written[/green]" +
                            (f", [red]{failures} failed[/red]" if failures else ""))
    return failures
