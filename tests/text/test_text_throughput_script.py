"""benchmarks/throughput.py runs, prints its figures, and skips cleanly without the data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import need_shared

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "throughput.py"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False,
                          timeout=120, cwd=ROOT)


def test_on_own_articles(tmp_path):
    path = tmp_path / "a.jsonl"
    rows = [
        {"id": "1", "text": "بغداد | أعلنت وزارة الدفاع مقتل ثلاثة. وقال المتحدث: «الوضع هادئ»."},
        {"id": "2", "text": "القاهرة - وصل وفد لـ«حماس» إلى العاصمة فجر أمس، وفق مصادر مطلعة."},
        {"id": "3", "text": "not json"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows[:2]) + "\n{bad\n",
                    encoding="utf-8")
    res = run("--data", str(path), "--text-only", "--passes", "2")
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "sentences" in out and "tokens" in out
    assert "articles/s" in out and "tokens/s" in out and "peak memory" in out
    assert "2 articles" in out


def test_missing_data_is_a_clean_skip(tmp_path):
    res = run("--data", str(tmp_path / "absent.jsonl"), "--text-only")
    assert res.returncode == 0
    assert "absent" in res.stdout


def test_news_sample_when_present():
    need_shared("news_sample", "articles.jsonl")
    res = run("--limit", "30", "--components", "sentences,tokens")
    assert res.returncode == 0, res.stderr
    assert "30 articles" in res.stdout
