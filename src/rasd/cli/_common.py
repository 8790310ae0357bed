"""Shared CLI helpers: the stderr console, usage errors (exit 2), failed runs (exit 1) and input-failure reports."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2


@lru_cache(maxsize=1)
def err_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def fail_usage(message: str) -> NoReturn:
    """Print a usage error on stderr and exit with code 2."""
    err_console().print(f"[bold red]error:[/bold red] {_escape(message)}")
    raise typer.Exit(EXIT_USAGE)


def fail_run(exc: Exception) -> NoReturn:
    """Print why a command could not do its work (a :class:`rasd.errors.RasdError`, with its
    code) on stderr and exit with code 1."""
    err_console().print(f"[bold red]error:[/bold red] {_escape(str(exc))}")
    raise typer.Exit(EXIT_SOME_FAILED)


def report_failure(failure: object) -> None:
    """Print one failed input (file, line, code and reason) on stderr."""
    origin = getattr(failure, "origin", "?")
    line = getattr(failure, "line", None)
    code = getattr(failure, "code", "E000")
    message = getattr(failure, "message", str(failure))
    where = origin if line is None else f"{origin}:{line}"
    err_console().print(f"[red]failed[/red] {_escape(where)} [{code}] {_escape(message)}")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(str(text))


def default_gold(relative: Path) -> Path:
    """A gold folder of the repository checkout (``relative`` such as tests/resources/quotes),
    looked up from the current folder, then beside the installed package's checkout."""
    here = Path(__file__).resolve()
    for base in (Path.cwd(), here.parents[3] if len(here.parents) > 3 else Path.cwd()):
        cand = base / relative
        if cand.is_dir():
            return cand
    return Path.cwd() / relative


def gold_eval_inputs(data: Path | None, default: Path, what: str, show_errors: int, speed: int,
                     components: str) -> tuple[Path, list[str]]:
    """The checked inputs of an ``evaluate`` command over a gold folder: the folder (``data`` or
    the checkout's ``default``), and the component names; a usage error (exit 2) when the folder
    is missing or --errors/--speed is negative."""
    path = data if data is not None else default_gold(default)
    if not path.is_dir():
        fail_usage(f"{path}: no such folder of gold {what} files")
    if show_errors < 0 or speed < 0:
        fail_usage("--errors and --speed must be 0 or more")
    return path, [c.strip() for c in components.split(",") if c.strip()]
