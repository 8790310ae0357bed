"""scripts/build_text_lexicon.py and scripts/eval_clitics.py run on the shared data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import need_shared

ROOT = Path(__file__).resolve().parents[2]


def test_build_lexicon_reproduces_the_shipped_format(tmp_path):
    need_shared("anercorp", "train.txt")
    out = tmp_path / "lexicon.tsv"
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_text_lexicon.py"), "--output", str(out)],
                         capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 0, res.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#")
    rows = [line.split("\t") for line in lines[1:]]
    assert len(rows) > 10_000 and all(len(r) == 4 for r in rows)
    forms = {r[0]: r for r in rows}
    assert forms["بغداد"][3] == "N"  # a whole name that begins with ب
    assert forms["في"][3] == ""
    assert int(forms["في"][1]) > 1000


def test_eval_clitics_prints_both_figures():
    need_shared("anercorp", "test.txt")
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "eval_clitics.py")],
                         capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 0, res.stderr
    assert "names kept whole:" in res.stdout and "proclitics cut from names:" in res.stdout
