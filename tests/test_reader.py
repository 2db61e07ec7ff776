"""Tests for kg.reader: every input type, every encoding, errors, boilerplate regions and offsets."""

from __future__ import annotations

import doctest
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg import reader
from kg.errors import InputError, KgError
from kg.model import Document
from kg.normalize import Normalizer
from kg.reader import decode_bytes, document_from_text, parse_date, read_file, read_inputs

SEED = Path(__file__).resolve().parents[1] / "kg" / "samples" / "seed-000.txt"
UNDECODABLE = "cannot decode as UTF-8, GB18030 or Big5; re-save the file as UTF-8"

HANT_SENTENCE = "退役軍人事務部部長出席會議並講話"
HANS_SENTENCE = "国务院总理主持召开国务院常务会议"
HANT_PARAGRAPH = (
    "12月24日至25日，全國退役軍人事務廳（局）長會議在京召開。退役軍人事務部部長孫紹騁在會上發表講話，"
    "圍繞深入學習貫徹黨的十九屆五中全會精神，推動退役軍人工作高質量發展，總結工作，研判形勢。\n"
    "會議強調，明年是“十四五”開局之年，要以推動高質量發展為主題，加快推進治理體系和治理能力現代化。"
)
HANS_PARAGRAPH = (
    "国务院总理李克强12月23日主持召开国务院常务会议，部署进一步做好稳就业工作，确定加快发展外贸新业态"
    "新模式的措施，推动外贸创新发展。\n会议指出，今年以来，面对新冠肺炎疫情严重冲击，各地区各部门按照"
    "党中央、国务院部署，扎实做好“六稳”工作、全面落实“六保”任务，经济社会发展取得明显成效。"
)
HANS_FOOTER = (
    "版权所有：中华人民共和国退役军人事务部 主办单位：退役军人事务部办公厅 网站声明 联系我们\n"
    "京ICP备18040452号 京公网安备11010202007769号 网站标识码bm72000001\n"
    "首页 | 手机版\n"
)


def texts(docs: list[Document] | Document) -> list[str]:
    """The text of each region of a document."""
    doc = docs[0] if isinstance(docs, list) else docs
    return [doc.text[r.start:r.end] for r in doc.regions]


def collect(inputs: list, **kwargs) -> tuple[list[Document], list[InputError]]:
    errors: list[InputError] = []
    docs = list(read_inputs(inputs, on_error=errors.append, **kwargs))
    return docs, errors


def test_docstring_examples_run() -> None:
    assert doctest.testmod(reader).failed == 0


# ------------------------------------------------------------------------------------------ input types


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "news-1.txt"
    path.write_text("標題\n\n　　正文第一段。\n", encoding="utf-8")
    [doc] = read_file(path)
    assert (doc.id, doc.source, doc.text) == ("news-1", str(path), "標題\n\n　　正文第一段。\n")
    assert texts(doc) == ["標題", "正文第一段。"]
    assert doc.publisher is None and doc.title is None


def test_unknown_suffix_is_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("会议召开。", encoding="utf-8")
    assert read_file(path)[0].text == "会议召开。"


HTML_PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title> 孙绍骋出席会议 - 退役军人事务部 </title>
<meta name="PubDate" content="2020-12-26 10:04">
<link rel="canonical" href="http://www.mva.gov.cn/a.html">
<style>body { color: red } .STYLETEXT {}</style>
<script>var s = "<div>SCRIPTTEXT</div>";</script>
</head>
<body>
<h1>孙绍骋  出席会议</h1>
<p>　　12月24日，会议&nbsp;&nbsp;在京召开。&lt;重要&gt;&amp;</p>
<iframe src="x.html"><p>IFRAMETEXT</p></iframe><noscript>NOSCRIPTTEXT</noscript>
<svg><title>SVGTITLE</title><text>SVGTEXT</text></svg><template><p>TEMPLATETEXT</p></template>
<p>第二段<br>第三行</p><ul><li>一</li><li>二</li></ul>
<table><tr><td>甲</td><td>乙</td></tr></table>
<div>版权所有：退役军人事务部 主办单位：中华人民共和国退役军人事务部 网站地图</div>
<div>京ICP备18040452号</div>
</body></html>
"""


def test_html_file(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    [doc] = read_file(path)
    assert doc.id == "page"
    assert doc.title == "孙绍骋出席会议 - 退役军人事务部"
    assert doc.date == "2020-12-26"
    assert doc.url == "http://www.mva.gov.cn/a.html"
    assert doc.text.split("\n") == [
        "孙绍骋 出席会议", "12月24日，会议 在京召开。<重要>&", "第二段", "第三行", "一", "二", "甲 乙",
        "版权所有：退役军人事务部 主办单位：中华人民共和国退役军人事务部 网站地图", "京ICP备18040452号",
    ]
    for hidden in ("STYLETEXT", "SCRIPTTEXT", "IFRAMETEXT", "NOSCRIPTTEXT", "SVG", "TEMPLATETEXT", "color"):
        assert hidden not in doc.text
    assert texts(doc)[-1] == "甲 乙"
    assert doc.publisher == "中华人民共和国退役军人事务部"


def test_html_title_falls_back_to_h1_and_og_url(tmp_path: Path) -> None:
    path = tmp_path / "p.htm"
    path.write_text('<html><head><meta property="og:url" content="http://x/y">'
                    '<meta property="article:published_time" content="2021-03-05T08:00:00+08:00">'
                    "</head><body><h1>会议召开</h1><p>正文。</p></body></html>", encoding="utf-8")
    [doc] = read_file(path)
    assert (doc.title, doc.url, doc.date) == ("会议召开", "http://x/y", "2021-03-05")
    assert doc.text == "会议召开\n正文。"


def test_html_without_closing_head_or_with_gbk_charset(tmp_path: Path) -> None:
    page = '<html><head><meta charset="gb2312"><title>标题</title><div>国务院常务会议</div></html>'
    path = tmp_path / "p.html"
    path.write_bytes(page.encode("gb18030"))
    [doc] = read_file(path)
    assert (doc.title, doc.text, doc.meta["encoding"]) == ("标题", "国务院常务会议", "gb18030")


def test_html_content_in_txt_file_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_text("\n<!doctype html><html><body><p>会议</p><script>SCRIPTTEXT</script></body></html>",
                    encoding="utf-8")
    [doc] = read_file(path)
    assert doc.text == "会议" and doc.meta["format"] == "html"


def test_jsonl_file(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    records = [
        {"id": "a", "text": "第一篇\r\n正文", "title": "一", "date": "20201225", "url": "http://x/a"},
        {"text": "没有编号的文章", "date": "2020-12-26T09:00:00", "source": "人民网"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n\n", encoding="utf-8")
    a, b = read_file(path)
    assert (a.id, a.text, a.title, a.date, a.url, a.source) == (
        "a", "第一篇\n正文", "一", "2020-12-25", "http://x/a", str(path))
    assert (b.id, b.date, b.source, b.meta["line"]) == ("corpus-2", "2020-12-26", "人民网", "2")


def test_jsonl_bad_lines_are_reported_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "1", "text": "甲"}\n\n{"id": "2", "text": \n{"id": "3"}\n[1, 2]\n'
                    '{"id": "4", "text": "乙"}\n', encoding="utf-8")
    docs, errors = collect([path])
    assert [d.id for d in docs] == ["1", "4"]
    assert [e.source for e in errors] == [f"{path}:3", f"{path}:4", f"{path}:5"]
    assert errors[0].problem.startswith("invalid JSON: ")
    assert errors[1].problem == "record has no text"
    with pytest.raises(InputError, match=r"c\.jsonl:3: invalid JSON"):
        read_file(path)


def test_jsonl_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(3000):
            out.write(json.dumps({"id": f"n{i}", "text": f"第{i}篇。会议召开。"}, ensure_ascii=False) + "\n")
    docs = read_inputs([path])
    assert next(docs).id == "n0"
    assert sum(1 for _ in docs) == 2999


def test_json_record(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    record = {"text": "会议召开。", "title": "标题", "date": "2020/12/25"}
    path.write_text(json.dumps(record), encoding="utf-8")
    [doc] = read_file(path)
    assert (doc.id, doc.title, doc.date, doc.meta["format"]) == ("one", "标题", "2020-12-25", "json")
    path.write_text(json.dumps({"id": "x9", "text": "会议"}), encoding="utf-8")
    assert read_file(path)[0].id == "x9"


@pytest.mark.parametrize(("content", "problem"), [
    ('[{"text": "a"}]', "expected a JSON object with a 'text' field"),
    ('{"title": "a"}', "record has no text"),
    ('{"text": ', "invalid JSON"),
])
def test_bad_json_record(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_file(path)
    assert info.value.source == str(path) and info.value.problem.startswith(problem)


def test_folder_is_walked_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "z.txt").write_text("乙", encoding="utf-8")
    (tmp_path / "a" / "y.html").write_text("<p>甲</p>", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"id": "c1", "text": "丙"}\n', encoding="utf-8")
    (tmp_path / "a" / "notes.md").write_text("不读", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("不读", encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text("不读", encoding="utf-8")
    docs = read_file(tmp_path)
    assert [(d.id, d.text) for d in docs] == [("y", "甲"), ("z", "乙"), ("c1", "丙")]
    assert docs[0].source == str(tmp_path / "a" / "y.html")


def test_empty_folder_is_reported(tmp_path: Path) -> None:
    docs, errors = collect([tmp_path])
    assert docs == [] and "folder has no" in errors[0].problem


def test_stdin_plain_text() -> None:
    [doc] = read_inputs(["-"], stdin=io.StringIO("会议召开。\r\n第二行"))
    assert (doc.id, doc.source, doc.text) == ("stdin", "stdin", "会议召开。\n第二行")


def test_stdin_binary_big5() -> None:
    [doc] = read_inputs(["-"], stdin=io.BytesIO(HANT_PARAGRAPH.encode("big5")))
    assert doc.text == HANT_PARAGRAPH and doc.meta["encoding"] == "big5"


def test_stdin_jsonl() -> None:
    data = '\n{"id": "s1", "text": "甲"}\n{"text": "乙"}\n'
    docs = list(read_inputs(["-"], stdin=io.BytesIO(data.encode("utf-8"))))
    assert [(d.id, d.source) for d in docs] == [("s1", "stdin"), ("stdin-3", "stdin")]


def test_stdin_html() -> None:
    [doc] = read_inputs(["-"], stdin=io.StringIO("<html><head><title>T</title></head><body><p>甲</p></body>"))
    assert (doc.id, doc.title, doc.text) == ("stdin", "T", "甲")


def test_stdin_empty_is_an_error() -> None:
    with pytest.raises(InputError, match="^stdin: empty input$"):
        list(read_inputs(["-"], stdin=io.StringIO("")))


# ------------------------------------------------------------------------------------------ encodings


@pytest.mark.parametrize(("text", "encoding"), [
    (HANS_PARAGRAPH, "utf-8"),
    (HANT_PARAGRAPH, "utf-8"),
    (HANS_PARAGRAPH, "utf-8-sig"),
    (HANS_SENTENCE, "gb18030"),
    (HANS_PARAGRAPH, "gb18030"),
    (HANT_PARAGRAPH, "gb18030"),
    (HANT_SENTENCE, "big5"),
    (HANT_PARAGRAPH, "big5"),
    ("孫紹騁", "big5"),
    ("孙绍骋", "gb18030"),
    ("Premier 李克强 met guests.", "gb18030"),
])
def test_encodings_are_read(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(text.encode(encoding))
    [doc] = read_file(path)
    assert doc.text == text


def test_seed_sample_in_big5_and_gb18030() -> None:
    seed = SEED.read_text(encoding="utf-8")
    simplified = Normalizer().simplify(seed)
    assert decode_bytes(seed.encode("big5"), "seed") == seed
    assert decode_bytes(simplified.encode("gb18030"), "seed") == simplified
    for line in filter(None, seed.split("\n")):
        assert decode_bytes(line.encode("big5"), "line") == line
        hans = Normalizer().simplify(line)
        assert decode_bytes(hans.encode("gb18030"), "line") == hans


def test_utf8_bom_is_removed() -> None:
    assert decode_bytes(b"\xef\xbb\xbf" + "会议".encode(), "x") == "会议"


def test_utf16_with_bom_is_read() -> None:
    assert decode_bytes(HANT_SENTENCE.encode("utf-16"), "x") == HANT_SENTENCE


def test_jsonl_in_gb18030(tmp_path: Path) -> None:
    path = tmp_path / "gb.jsonl"
    path.write_bytes((json.dumps({"id": "g", "text": HANS_PARAGRAPH}, ensure_ascii=False) + "\n")
                     .encode("gb18030"))
    assert read_file(path)[0].text == HANS_PARAGRAPH


@pytest.mark.parametrize(("data", "problem"), [
    (b"\x80\xff abc \x81", UNDECODABLE),
    # UTF-8 with one byte lost: GB18030 would decode it, into nonsense
    ("会议强调要".encode()[:-1] + "推动高质量发展国务院常务会议召开".encode(), UNDECODABLE),
    (b"", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
])
def test_bad_bytes_name_the_file_on_one_line(tmp_path: Path, data: bytes, problem: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_file(path)
    assert str(info.value) == f"{path}: {problem}"
    assert "\n" not in str(info.value)
    assert isinstance(info.value, KgError)


def test_decode_bytes_names_the_source() -> None:
    with pytest.raises(InputError, match=f"^upload.txt: {UNDECODABLE}$"):
        decode_bytes(b"\x80\x80\x80", "upload.txt")


# ------------------------------------------------------------------------------------------ errors


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError, match="no such file or directory"):
        read_file(missing)


def test_one_bad_file_among_many(tmp_path: Path) -> None:
    good1, bad, good2 = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    good1.write_text("甲", encoding="utf-8")
    bad.write_bytes(b"\x00\x01\x02")
    good2.write_text("乙", encoding="utf-8")
    docs, errors = collect([good1, bad, tmp_path / "missing.txt", good2])
    assert [d.id for d in docs] == ["a", "c"]
    assert [(e.source, e.problem) for e in errors] == [
        (str(bad), "binary file, not text"), (str(tmp_path / "missing.txt"), "no such file or directory")]
    with pytest.raises(InputError, match="binary file"):
        list(read_inputs([good1, bad, good2]))


def test_duplicate_ids_are_reported_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "a1.txt").write_text("文件", encoding="utf-8")
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text('{"id": "a1", "text": "记录"}\n{"id": "b", "text": "一"}\n{"id": "b", "text": "二"}\n',
                     encoding="utf-8")
    docs, errors = collect([tmp_path / "x", jsonl])
    assert [(d.id, d.text) for d in docs] == [("a1", "文件"), ("b", "一")]
    assert [e.source for e in errors] == [f"{jsonl}:1", f"{jsonl}:3"]
    assert "duplicate id 'a1'" in errors[0].problem and str(tmp_path / "x" / "a1.txt") in errors[0].problem


# ------------------------------------------------------------------------------------------ dates


@pytest.mark.parametrize(("value", "expected"), [
    ("20201225", "2020-12-25"),
    ("2020-12-25", "2020-12-25"),
    ("2020/12/25", "2020-12-25"),
    ("2020-12-25T10:04:00+08:00", "2020-12-25"),
    ("2020-12-25 10:04", "2020-12-25"),
    ("2020-1-5", "2020-01-05"),
    ("2020年12月25日", "2020-12-25"),
    (" 20201225 ", "2020-12-25"),
    ("20201232", None),
    ("2021-02-29", None),
    ("2020-12", None),
    ("2020-12-25junk", None),
    ("yesterday", None),
    ("", None),
    (None, None),
])
def test_parse_date(value: str | None, expected: str | None) -> None:
    assert parse_date(value) == expected


# ------------------------------------------------------------------------------------------ boilerplate


def test_seed_sample_boilerplate() -> None:
    seed = SEED.read_text(encoding="utf-8")
    [doc] = read_file(SEED)
    lines = [line for line in seed.split("\n") if line.strip()]
    assert doc.text == seed
    assert texts(doc) == lines[:-3]
    assert lines[-3].startswith("版權所有")
    assert doc.publisher == "廣東省退役軍人事務廳"


def test_simplified_footer() -> None:
    doc = document_from_text(HANS_PARAGRAPH + "\n" + HANS_FOOTER, "n")
    assert texts(doc) == HANS_PARAGRAPH.split("\n")
    assert doc.publisher == "退役军人事务部办公厅"


def test_header_and_page_tools() -> None:
    text = ("您现在的位置：首页 > 新闻\n网站首页 | 手机版\n会议召开\n【字体：大 中 小】 打印本页 关闭窗口\n"
            "会议指出，要联系我们的实际。\n联系我们\n分享到：微信 微博\n")
    doc = document_from_text(text, "n")
    assert texts(doc) == ["会议召开", "会议指出，要联系我们的实际。"]
    assert doc.publisher is None


def test_cue_words_inside_prose_are_kept() -> None:
    text = "会议通知\n本次论坛由省委宣传部主办，网站访问量稳步上升。\n欢迎联系我们。\n网站地图"
    doc = document_from_text(text, "n")
    assert texts(doc) == ["会议通知", "本次论坛由省委宣传部主办，网站访问量稳步上升。", "欢迎联系我们。"]


def test_long_lines_are_never_boilerplate() -> None:
    long_line = "版权所有：某单位 " + "会议强调要推动高质量发展。" * 20
    doc = document_from_text("正文。\n" + long_line, "n")
    assert len(doc.regions) == 2 and doc.publisher is None


# ------------------------------------------------------------------------------------------ offsets


def test_crlf_and_cr_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "w.txt"
    path.write_bytes("甲\r\n乙\r丙\n".encode())
    [doc] = read_file(path)
    assert doc.text == "甲\n乙\n丙\n"
    assert texts(doc) == ["甲", "乙", "丙"]


def test_regions_are_the_stripped_lines() -> None:
    text = "  标题 \n\n\t　　第一段。　\n \n末行"
    doc = document_from_text(text, "n")
    assert texts(doc) == [line.strip() for line in text.split("\n") if line.strip()]
    assert [r.start for r in doc.regions] == sorted(r.start for r in doc.regions)


@given(st.text())
def test_document_from_text_keeps_text_and_bounds(text: str) -> None:
    doc = document_from_text(text, "p")
    assert doc.text == text.replace("\r\n", "\n").replace("\r", "\n")
    previous_end = 0
    for region in doc.regions:
        assert previous_end <= region.start < region.end <= len(doc.text)
        assert "\n" not in doc.text[region.start:region.end]
        assert doc.text[region.start:region.end] == doc.text[region.start:region.end].strip()
        previous_end = region.end


LINE_PARTS = [
    "会议召开。", "版權所有:某廳 主辦單位:某廳", "網站地圖", "", " ", "\r\n", "\n", "联系我们", "首页",
    "　正文", "ICP备1号",
]


@given(st.lists(st.sampled_from(LINE_PARTS), max_size=12))
def test_boilerplate_regions_are_lines_in_order(parts: list[str]) -> None:
    doc = document_from_text("\n".join(parts), "p")
    lines = [line.strip() for line in doc.text.split("\n") if line.strip()]
    kept = texts(doc)
    assert all(line in lines for line in kept)
    assert [r.start for r in doc.regions] == sorted({r.start for r in doc.regions})


def test_jsonl_in_utf16(tmp_path: Path) -> None:
    path = tmp_path / "u.jsonl"
    path.write_bytes('{"id": "u", "text": "會議"}\r\n'.encode("utf-16"))
    assert [(d.id, d.text) for d in read_file(path)] == [("u", "會議")]
