"""The shared CLI exits: a usage error (2) and a run that could not do its work (1), on stderr."""

from __future__ import annotations

import pytest
import typer

from rasd.cli import _common
from rasd.errors import Errors, RasdError


@pytest.fixture
def stderr_console(monkeypatch):
    from rich.console import Console

    console = Console(stderr=True, highlight=False, soft_wrap=True, force_terminal=False, color_system=None)
    monkeypatch.setattr(_common, "err_console", lambda: console)
    return console


def test_fail_run_prints_the_coded_error_on_stderr_and_exits_1(stderr_console, capsys):
    exc = RasdError(Errors.E202, path="[bold]x.txt", line=3, content="كلمة")
    with pytest.raises(typer.Exit) as info:
        _common.fail_run(exc)
    assert info.value.exit_code == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("error: [E202] [bold]x.txt")  # markup in the message is printed as text


def test_fail_usage_exits_2(stderr_console, capsys):
    with pytest.raises(typer.Exit) as info:
        _common.fail_usage("--limit must be 0 or more")
    assert info.value.exit_code == 2
    assert capsys.readouterr().err.strip() == "error: --limit must be 0 or more"
