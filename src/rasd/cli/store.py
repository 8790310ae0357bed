"""CLI commands for the store: ``rasd ingest``, ``rasd db upgrade``, ``rasd events``, ``rasd incidents``."""

from __future__ import annotations

import os
import sys

import typer

from ._common import fail_run, fail_usage

DB_HELP = "Database URL: sqlite:///FILE or postgresql+psycopg://USER@HOST:PORT/DB."
DEFAULT_DB = "sqlite:///rasd.db"
PROGRESS_AFTER = 5  # documents before the progress bar shows (on a terminal only)


def _err_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def register(app: typer.Typer, train_app: typer.Typer, evaluate_app: typer.Typer, db_app: typer.Typer) -> None:
    """Add this area's commands to the CLI."""

    @app.command("ingest")
    def ingest_cmd(
        paths: list[str] = typer.Argument(..., help="Files, folders or - (stdin): .txt .jsonl .json .html .rss .atom .xml"),
        db: str = typer.Option(os.environ.get("RASD_DB", DEFAULT_DB), "--db", help=DB_HELP),
        published: str | None = typer.Option(None, "--published", help="Default publication date (YYYY-MM-DD)."),
        workers: int = typer.Option(0, "--workers", min=0, help="Run extraction on a Dask LocalCluster of N worker processes."),
        scheduler: str | None = typer.Option(None, "--scheduler", help="Use an existing Dask cluster (tcp://HOST:PORT)."),
        no_incidents: bool = typer.Option(False, "--no-incidents", help="Do not rebuild the incidents afterwards."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
        components: str | None = typer.Option(None, "--components", help="Comma-separated pipeline components (default: all)."),
    ) -> None:
        """Analyse articles and store them with all their layers (idempotent, crash-safe).

        Examples:

          rasd ingest articles.jsonl feeds/ --db sqlite:///rasd.db

          rasd ingest big.jsonl --workers 4 --db postgresql+psycopg://rasd@localhost/rasd
        """
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        from ..doc import check_iso_date
        from ..errors import RasdError, UsageError
        from ..store.ingest import ingest_paths

        err = _err_console()
        if workers and scheduler:
            fail_usage("use either --workers or --scheduler, not both")
        try:
            check_iso_date(published)
        except RasdError as exc:
            fail_usage(str(exc))
        progress = None
        bar = None
        if not quiet and sys.stderr.isatty():
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            bar = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                           console=err, transient=True)
            task = bar.add_task("ingest", total=None)
            done = [0]

            def progress(n: int) -> None:  # the bar appears after a handful of documents
                done[0] += n
                if done[0] == PROGRESS_AFTER:
                    bar.start()
                bar.advance(task, n)
        try:
            report = ingest_paths(paths, db, published=published, workers=workers, scheduler=scheduler,
                                  progress=progress, incidents=not no_incidents,
                                  components=[c.strip() for c in components.split(",") if c.strip()] if components else None)
        except UsageError as exc:
            fail_usage(str(exc))
        except RasdError as exc:
            fail_run(exc)
        finally:
            if bar is not None:
                bar.stop()
        for f in report.failures:
            where = f.origin if f.line is None else f"{f.origin}:{f.line}"
            err.print(f"[red]failed[/red] {escape(where)}: {escape(f'[{f.code}] {f.message}')}",
                      markup=True, highlight=False, soft_wrap=True)
        table = Table(title="rasd ingest", show_header=True)
        for col in ("new", "already stored", "near-duplicates", "failed", "incidents"):
            table.add_column(col, justify="right")
        table.add_row(str(report.new), str(report.stored), str(report.duplicates), str(report.failed),
                      "-" if report.incidents is None else str(report.incidents))
        Console().print(table)
        if report.new == 0 and report.duplicates == 0 and report.stored:
            Console().print(f"Nothing new: all {report.stored} article(s) were already stored.", soft_wrap=True)
        raise typer.Exit(1 if report.failures else 0)

    @db_app.command("upgrade")
    def db_upgrade(
        db: str = typer.Option(os.environ.get("RASD_DB", DEFAULT_DB), "--db", help=DB_HELP),
        revision: str = typer.Option("head", "--revision", help="Target revision (default: the latest)."),
    ) -> None:
        """Migrate a database to the latest schema (creates it when new)."""
        from rich.console import Console

        from ..errors import RasdError
        from ..store.schema import make_engine, upgrade

        try:
            engine = make_engine(db)
            before, after = upgrade(engine, revision)
        except RasdError as exc:
            fail_run(exc)
        if before == after:
            Console().print(f"Already at revision {after}.")
        else:
            Console().print(f"Upgraded from {before or 'an empty database'} to revision {after}.")

    def _query_cmd(kind: str):
        def cmd(
            since: str | None = typer.Option(None, "--since", help="From this date (YYYY-MM-DD)."),
            until: str | None = typer.Option(None, "--until", help="Up to this date (YYYY-MM-DD)."),
            type: str | None = typer.Option(None, "--type", help="PLOVER type, e.g. ASSAULT."),
            actor: str | None = typer.Option(None, "--actor", help="Actor id or (part of) a name, actor or target."),
            country: str | None = typer.Option(None, "--country", help="Country (as stored: code or name)."),
            status: str | None = typer.Option(None, "--status", help="claimed, reported, confirmed, denied, planned (incidents: also disputed)."),
            format: str = typer.Option("table", "--format", "-f", help="table, csv (ACLED columns), jsonl (PLOVER), geojson, parquet."),
            output: str | None = typer.Option(None, "--output", "-o", help="Write to this file (required for parquet)."),
            limit: int | None = typer.Option(None, "--limit", min=1, help="At most this many rows."),
            db: str = typer.Option(os.environ.get("RASD_DB", DEFAULT_DB), "--db", help=DB_HELP),
            rebuild: bool = typer.Option(False, "--rebuild", help="Recompute the incidents first.", hidden=kind == "events"),
        ) -> None:
            from ..errors import RasdError, UsageError
            from ..store import exports, query
            from ..store.db import Store

            fmt = format.lower()
            if fmt not in exports.FORMATS:
                fail_usage(f"unknown format {format!r}: use {', '.join(exports.FORMATS)}")
            if fmt == "parquet" and not output:
                fail_usage("--format parquet needs --output FILE")
            try:
                filters = query.Filters(since=since, until=until, type=type, actor=actor,
                                        country=country, status=status)
            except UsageError as exc:
                fail_usage(str(exc))
            try:
                store = Store(db)
                if kind == "incidents" and rebuild:
                    from ..store.incidents import rebuild as do_rebuild

                    do_rebuild(store.engine)
                if kind == "incidents":
                    records = query.list_incidents(store.engine, filters, limit=limit)
                else:
                    records = query.list_events(store.engine, filters, limit=limit)
                store.close()
            except RasdError as exc:
                fail_run(exc)
            ek = "incident" if kind == "incidents" else "event"
            if fmt == "table":
                _print_table(records, ek, output)
                return
            try:
                if fmt == "parquet":
                    exports.export(records, ek, fmt, path=output)
                elif output:
                    with open(output, "w", encoding="utf-8", newline="") as fh:
                        exports.export(records, ek, fmt, out=fh)
                else:
                    exports.export(records, ek, fmt, out=sys.stdout)
            except OSError as exc:
                from ..errors import Errors

                fail_run(RasdError(Errors.E608, path=output, reason=exc))
            if output:
                _err_console().print(f"wrote {len(records)} {kind} to {output}", markup=False,
                                     soft_wrap=True)

        cmd.__doc__ = (
            "List or export stored events (one per report)." if kind == "events" else
            "List or export incidents (events merged across reports), with --rebuild to recompute them."
        )
        return cmd

    app.command("events")(_query_cmd("events"))
    app.command("incidents")(_query_cmd("incidents"))


def _print_table(records: list, kind: str, output: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(records)} {kind}s", show_lines=False)
    cols = ["date", "type", "status", "actor", "target", "place", "fatalities",
            "reports" if kind == "incident" else "outlet", "id"]
    for c in cols:
        table.add_column(c)
    for r in records:
        table.add_row(
            r.get("date_start") or "", r["type"], r.get("status") or "", r.get("actor_name") or "",
            r.get("target_name") or "", r.get("place_name") or r.get("country") or "",
            "" if r.get("fatalities") is None else str(r["fatalities"]),
            str(r.get("n_reports")) if kind == "incident" else (r.get("article_source") or ""),
            r["id"] if kind == "incident" else r["uid"],
        )
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            Console(file=fh, width=200).print(table)
    else:
        Console().print(table)
