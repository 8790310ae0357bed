"""`rasd extract` end to end: formats, exit codes, bad inputs, schema validity of every output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.schema import validate

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
ARTICLE = "عمّان - قال المتحدث باسم الحكومة الأردنية، اليوم الأحد، إن الوزارة ستعلن نتائج التحقيق الأسبوع المقبل."

runner = CliRunner()


def _run(*args, input=None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def test_version_and_help():
    r = _run("--version")
    assert r.exit_code == 0 and r.stdout.startswith("rasd ")
    r = _run("extract", "--help")
    assert r.exit_code == 0 and "Examples" in r.stdout


def test_json_one_document(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    r = _run("extract", str(p), "--published", "2025-05-04")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    validate(doc)
    assert doc["published"] == "2025-05-04" and doc["text"] == ARTICLE


def test_json_refuses_several_inputs(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    r = _run("extract", str(p), str(p))
    assert r.exit_code == 2 and "E110" in r.stderr


def test_json_refuses_a_jsonl_of_several(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text("\n".join(json.dumps({"text": ARTICLE, "id": str(i)}) for i in range(2)), encoding="utf-8")
    r = _run("extract", str(p), "--format", "json")
    assert r.exit_code == 2 and "E110" in r.stderr


def test_bad_published_is_a_usage_error(tmp_path):
    r = _run("extract", "-", "--published", "last week", input=ARTICLE)
    assert r.exit_code == 2 and "E005" in r.stderr


def test_bad_format_is_a_usage_error():
    r = _run("extract", "-", "--format", "xml", input=ARTICLE)
    assert r.exit_code == 2


def test_jsonl_examples_are_schema_valid_and_carry_ids():
    r = _run("extract", str(EXAMPLES), "--format", "jsonl")
    assert r.exit_code == 0, r.stderr
    docs = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(docs) >= 6
    for doc in docs:
        validate(doc)
        assert doc["id"]
        for layer in ("entities", "dates", "places"):
            for span in doc[layer]:
                assert doc["text"][span["start"]:span["end"]] == span["text"]
    assert "ex-iraq-drone" in {d["id"] for d in docs}


def test_mixed_good_and_bad_inputs_exit_1_and_write_the_good(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "latin1.txt").write_bytes("café".encode("latin-1"))
    lines = tmp_path / "lines.jsonl"
    lines.write_text(json.dumps({"id": "ok", "text": ARTICLE}) + "\n{broken\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"  # inside the input folder: must not be read back while written
    r = _run("extract", str(tmp_path), "--format", "jsonl", "--output", str(out))
    assert r.exit_code == 1
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(d["id"] for d in docs if d["id"] == "ok") == ["ok"]
    assert len(docs) == 2
    for needle in ("empty.txt", "E101", "binary.txt", "E102", "latin1.txt", "E103", "lines.jsonl:2", "E105"):
        assert needle in r.stderr, needle


def test_non_arabic_text_is_processed_with_a_warning():
    r = _run("extract", "-", input="The quick brown fox jumps over the lazy dog.")
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    assert doc["warnings"][0]["code"] == "W002"


def test_table_format(tmp_path):
    r = _run("extract", str(EXAMPLES / "articles.jsonl"), "--format", "table")
    assert r.exit_code == 0
    assert "ex-syria-talks" in r.stdout and "entities" in r.stdout


def test_missing_file_exit_1():
    r = _run("extract", "/nonexistent/file.txt", "--format", "jsonl")
    assert r.exit_code == 1 and "E108" in r.stderr


def test_console_script_runs_as_a_process(tmp_path):
    exe = Path(sys.executable).with_name("rasd")
    if not exe.exists():
        pytest.skip("console script not installed in this environment")
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"id": "p1", "text": ARTICLE, "published": "2025-01-01"}, ensure_ascii=False) + "\n",
                 encoding="utf-8")
    proc = subprocess.run([str(exe), "extract", str(p), "--format", "jsonl"], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    validate(json.loads(proc.stdout))
    proc = subprocess.run([str(exe), "extract"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
