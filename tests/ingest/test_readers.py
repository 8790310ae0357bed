"""Input readers: every kind of file, and every kind of bad input with a clear reason."""

from __future__ import annotations

import io
import json

import pytest

from rasd.ingest.readers import (
    MAX_FILE_BYTES, Article, InputFailure, iter_inputs, looks_binary, read_jsonl,
)

ARTICLE = "الرباط - أعلنت وزارة الداخلية المغربية، أمس الإثنين، توقيف ثلاثة أشخاص في مدينة طنجة."


def _all(paths, **kw):
    return list(iter_inputs([str(p) for p in paths], **kw))


def test_txt(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    [a] = _all([p], published="2025-03-04")
    assert isinstance(a, Article) and a.text == ARTICLE and a.published == "2025-03-04"
    assert a.origin == str(p)


def test_bom_is_dropped(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode())
    [a] = _all([p])
    assert a.text == ARTICLE


def test_jsonl_with_bad_lines_reports_line_numbers_and_goes_on(tmp_path):
    p = tmp_path / "a.jsonl"
    lines = [
        json.dumps({"id": "1", "text": ARTICLE, "published": "2025-01-02"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "3"}),
        "",
        json.dumps(["a list"]),
        json.dumps({"id": "6", "text": ARTICLE, "published": "02/01/2025"}, ensure_ascii=False),
        json.dumps({"id": "7", "text": ARTICLE, "title": "عنوان", "url": "https://x.example/7"}, ensure_ascii=False),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = _all([p])
    ok = [a for a in out if isinstance(a, Article)]
    bad = [f for f in out if isinstance(f, InputFailure)]
    assert [a.id for a in ok] == ["1", "7"]
    assert [f.line for f in bad] == [2, 3, 5, 6]
    assert bad[0].code == "E105" and "line 2" in bad[0].message
    assert "text" in bad[1].message
    assert "published" in bad[3].message
    assert ok[1].title == "عنوان" and ok[1].line == 7


def test_jsonl_invalid_utf8_line(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_bytes(b'{"text": "\xff\xfe"}\n' + json.dumps({"text": ARTICLE}).encode() + b"\n")
    out = _all([p])
    assert isinstance(out[0], InputFailure) and out[0].line == 1 and "UTF-8" in out[0].message
    assert isinstance(out[1], Article)


@pytest.mark.parametrize(
    "content, code",
    [
        (b"", "E101"),
        (b"   \n\t ", "E101"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "E102"),
        ("مرحبا".encode("utf-8") + b"\xc3\x28 and more", "E103"),
        ("مرحبا".encode("cp1256"), "E103"),
    ],
)
def test_bad_txt_files(tmp_path, content, code):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    [f] = _all([p])
    assert isinstance(f, InputFailure) and f.code == code and str(p) in f.message


def test_huge_file_is_refused_without_reading(tmp_path):
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # a sparse 50 MB file
    [f] = _all([p])
    assert f.code == "E104" and str(MAX_FILE_BYTES) in f.message


def test_missing_and_unsupported(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    out = _all([tmp_path / "nope.txt", tmp_path / "x.pdf"])
    assert [f.code for f in out] == ["E108", "E109"]


def test_folders_are_read_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(ARTICLE + " ٢", encoding="utf-8")
    (tmp_path / "1.txt").write_text(ARTICLE + " ١", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    out = _all([tmp_path])
    assert [a.text[-1] for a in out] == ["١", "٢"]


def test_json_list(tmp_path):
    p = tmp_path / "a.json"
    p.write_text(json.dumps([{"text": ARTICLE, "id": "a"}, {"id": "b"}], ensure_ascii=False), encoding="utf-8")
    out = _all([p])
    assert isinstance(out[0], Article) and isinstance(out[1], InputFailure)


def test_stdin_text_and_jsonl():
    [a] = list(iter_inputs(["-"], stdin=io.BytesIO(ARTICLE.encode())))
    assert a.text == ARTICLE and a.origin == "-"
    data = (json.dumps({"id": "s1", "text": ARTICLE}) + "\n" + json.dumps({"id": "s2", "text": ARTICLE})).encode()
    out = list(iter_inputs(["-"], stdin=io.BytesIO(data)))
    assert [a.id for a in out] == ["s1", "s2"]


def test_html_main_text_without_scripts(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(
        "<html><head><title>عنوان</title><script>alert('x')</script></head><body>"
        "<nav>الرئيسية | رياضة | اقتصاد</nav><article><h1>عنوان الخبر الرئيسي</h1>"
        f"<p>{ARTICLE}</p><p onmouseover=\"steal()\">وقال مسؤول أمني إن التحقيقات لا تزال جارية لمعرفة "
        "ملابسات القضية وكشف جميع المتورطين فيها.</p></article>"
        "<iframe src=\"javascript:alert(1)\"></iframe></body></html>",
        encoding="utf-8",
    )
    [a] = _all([p])
    assert isinstance(a, Article)
    assert "طنجة" in a.text and "alert" not in a.text and "steal" not in a.text
    assert "<" not in a.text


def test_hostile_html_with_no_article(tmp_path):
    p = tmp_path / "evil.html"
    p.write_text("<html><body><script>" + "x" * 5000 + "</script>" + "<div>" * 3000 + "</body></html>",
                 encoding="utf-8")
    [f] = _all([p])
    assert isinstance(f, InputFailure) and f.code == "E107"


def test_looks_binary():
    assert looks_binary(b"abc\x00def")
    assert not looks_binary("نص عربي\nسطر ثان\t".encode())


def test_read_jsonl_skips_blank_lines():
    out = list(read_jsonl(io.BytesIO(b"\n\n" + json.dumps({"text": "x"}).encode() + b"\n"), "mem"))
    assert len(out) == 1 and out[0].line == 3
