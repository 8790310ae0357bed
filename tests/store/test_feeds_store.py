"""RSS/Atom feeds (rasd.ingest.feeds) and HTML pages into the store."""

from __future__ import annotations

from typer.testing import CliRunner

from rasd.cli import app
from rasd.ingest.feeds import html_to_text, read_feed
from rasd.ingest.readers import Article, InputFailure, iter_inputs
from rasd.store import query
from rasd.store.db import Store

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>صحيفة المساء</title><link>https://masa.example</link>
<item>
  <title>اشتباكات في طرابلس</title>
  <link>https://masa.example/1</link>
  <guid>masa-1</guid>
  <pubDate>Tue, 13 May 2025 08:30:00 +0000</pubDate>
  <description>ملخص قصير</description>
  <content:encoded><![CDATA[<p>طرابلس - اندلعت اشتباكات عنيفة فجر الثلاثاء بين مجموعتين مسلحتين في حي أبو سليم.</p>
  <p>وقال مصدر أمني لـ«المساء» إن الاشتباكات توقفت &amp; عاد الهدوء.</p><script>track()</script>]]></content:encoded>
</item>
<item><title>بلا نص</title><link>https://masa.example/2</link></item>
<item>
  <title>مظاهرة في تونس</title>
  <link>https://masa.example/3</link>
  <pubDate>Wed, 14 May 2025 10:00:00 +0000</pubDate>
  <description>تونس - تظاهر العشرات أمام مقر البرلمان للمطالبة بالإفراج عن موقوفين.</description>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>وكالة الأنباء الشرقية</title>
  <entry>
    <title>انفجار في الموصل</title>
    <id>tag:sharqiya.example,2025:77</id>
    <link href="https://sharqiya.example/77"/>
    <updated>2025-06-02T12:00:00Z</updated>
    <content type="html">&lt;p&gt;الموصل - قتل شخصان في انفجار عبوة ناسفة صباح اليوم الاثنين.&lt;/p&gt;</content>
  </entry>
</feed>
"""

HTML = """<html><head><title>مقتل ثلاثة في قصف على خان يونس</title>
<meta property="og:site_name" content="موقع الساحل"><meta name="date" content="2025-07-09"></head>
<body><nav>الرئيسية | سياسة | اقتصاد</nav><article><h1>مقتل ثلاثة في قصف على خان يونس</h1>
<p>خان يونس - قتل ثلاثة فلسطينيين وأصيب آخرون في قصف مدفعي استهدف منزلا شرقي المدينة مساء الثلاثاء، وفق ما أفادت مصادر طبية.</p>
<p>وقال شهود عيان إن القصف تواصل لساعات، فيما لم يصدر تعليق من الجانب الآخر على الحادثة حتى ساعة إعداد هذا التقرير.</p>
</article><footer>جميع الحقوق محفوظة</footer></body></html>"""


def test_rss_entries_become_articles_and_empty_entries_fail():
    items = list(read_feed(RSS.encode(), "f.rss"))
    arts = [x for x in items if isinstance(x, Article)]
    fails = [x for x in items if isinstance(x, InputFailure)]
    assert len(arts) == 2 and len(fails) == 1
    a = arts[0]
    assert a.text.startswith("طرابلس - اندلعت") and "&" in a.text and "track" not in a.text
    assert "\n\n" in a.text  # paragraphs kept
    assert (a.title, a.url, a.published, a.source, a.id, a.line) == (
        "اشتباكات في طرابلس", "https://masa.example/1", "2025-05-13", "صحيفة المساء", "masa-1", 1)
    assert arts[1].text.startswith("تونس - تظاهر") and arts[1].published == "2025-05-14"
    assert (fails[0].origin, fails[0].line, fails[0].code) == ("f.rss", 2, "E603")
    assert "entry 2" in fails[0].message


def test_atom_and_not_a_feed(tmp_path):
    (tmp_path / "a.atom").write_text(ATOM, encoding="utf-8")
    (tmp_path / "bad.xml").write_text("<html><body>لا شيء</body></html>" * 3, encoding="utf-8")
    items = list(iter_inputs([tmp_path / "a.atom", tmp_path / "bad.xml"]))
    art, bad = items
    assert isinstance(art, Article) and art.text == "الموصل - قتل شخصان في انفجار عبوة ناسفة صباح اليوم الاثنين."
    assert (art.published, art.source, art.url) == ("2025-06-02", "وكالة الأنباء الشرقية", "https://sharqiya.example/77")
    assert isinstance(bad, InputFailure) and bad.code == "E112"


def test_html_to_text():
    assert html_to_text("<p>أ</p><p>ب &amp; ج</p>") == "أ\n\nب & ج"
    assert html_to_text("نص عادي") == "نص عادي"


def test_ingest_feeds_and_html(db_url, tmp_path):
    (tmp_path / "f.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "a.atom").write_text(ATOM, encoding="utf-8")
    (tmp_path / "page.html").write_text(HTML, encoding="utf-8")
    r = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", db_url, "--components", "sentences,tokens", "-q"])
    assert r.exit_code == 1  # the empty RSS entry
    assert "f.rss:2" in r.output and "E603" in r.output
    with Store(db_url) as store:
        rows = {a["title"]: a for a in query.list_articles(store.engine, limit=None)}
        assert len(rows) == 4
        assert rows["اشتباكات في طرابلس"]["source"] == "صحيفة المساء"
        assert str(rows["انفجار في الموصل"]["published"]) == "2025-06-02"
        page = next(a for t, a in rows.items() if "خان يونس" in (t or ""))
        doc = store.doc(page["id"])
        assert "قصف مدفعي" in doc.text and "الرئيسية" not in doc.text and "الحقوق" not in doc.text
