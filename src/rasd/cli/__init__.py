"""The ``rasd`` command line.

Each area registers its own commands from its own module (``extract``, ``ner``, ``dates``,
``places``, ``quotes``, ``events``, ``store``, ``serve``), so the modules stay small and
independent. Heavy imports happen inside the commands, so ``rasd --help`` is instant.

Exit codes: 0 all inputs succeeded; 1 some inputs failed (each reported on stderr);
2 usage error.
"""

from __future__ import annotations

import importlib
import sys

import typer

from .. import __version__

HELP = """rasd (رصد) turns Arabic news reporting into structured, attributed records:
who did what to whom, where and when, who said it, and according to whom.

Examples:

  rasd extract article.txt --published 2025-05-03

  rasd extract articles.jsonl --format jsonl --output out.jsonl

  cat article.txt | rasd extract - --format table
"""

app = typer.Typer(
    name="rasd",
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
train_app = typer.Typer(help="Train rasd's models from data.", no_args_is_help=True)
evaluate_app = typer.Typer(help="Evaluate a layer against gold data and print the scores.", no_args_is_help=True)
db_app = typer.Typer(help="Manage the database schema.", no_args_is_help=True)
app.add_typer(train_app, name="train")
app.add_typer(evaluate_app, name="evaluate")
app.add_typer(db_app, name="db")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rasd {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """rasd — Arabic news to structured, attributed event records."""


# Each module defines ``register(app, train_app, evaluate_app, db_app)``.
_MODULES = ("extract", "ner", "actors", "dates", "places", "quotes", "events", "store", "serve")
for _name in _MODULES:
    _mod = importlib.import_module(f"{__name__}.{_name}")
    _mod.register(app=app, train_app=train_app, evaluate_app=evaluate_app, db_app=db_app)


def main() -> None:
    """Console-script entry point."""
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None
