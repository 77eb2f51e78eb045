"""Markdown text helpers: escaping renders literally, heading anchors keep "đ" as "d"."""

from __future__ import annotations

import html
import unicodedata

import markdown
import pytest

from generator.outputs.markdown_text import add_heading_ids, heading_id, md_escape
from generator.site.search_index import fold

EXTENSIONS = ["fenced_code", "attr_list", "tables", "toc", "def_list", "abbr", "footnotes", "md_in_html"]


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script> & *x*",
    "1. Không phải danh sách",
    "- không phải",
    "+ cũng không",
    ": không phải định nghĩa",
    "a_b_c **đậm** `mã` [liên kết](http://x) ![ảnh](y) {#id} | cột",
    "# không phải tiêu đề",
    "&amp; giữ nguyên",
    "\\ gạch chéo *[HTML]: viết tắt",
])
def test_md_escape_renders_literally(text):
    rendered = render(md_escape(text))
    assert rendered.startswith("<p>") and rendered.endswith("</p>")
    inner = rendered[3:-4]
    assert "<" not in inner  # no element made from the text
    assert html.unescape(inner) == text


def test_md_escape_literal_in_headings_and_tables():
    name = "<b>Tổ 1</b> | *A*"
    assert render(f"## {md_escape(name)} {{#to-1}}") == \
        '<h2 id="to-1">&lt;b&gt;Tổ 1&lt;/b&gt; | *A*</h2>'
    table = render(f"| Tên |\n| --- |\n| {md_escape(name)} |")
    assert "<td>&lt;b&gt;Tổ 1&lt;/b&gt; | *A*</td>" in table


def test_md_escape_is_one_line_and_nfc():
    assert md_escape(unicodedata.normalize("NFD", "Kiểm\n  điểm")) == "Kiểm điểm"


@pytest.mark.parametrize(("text", "anchor"), [
    ("Kiểm điểm", "kiem-diem"),
    ("Đảng bộ xã Châu Hưng A", "dang-bo-xa-chau-hung-a"),
    (unicodedata.normalize("NFD", "ĐẢNG VIÊN"), "dang-vien"),
    ("Mẫu 02: [Bản kiểm điểm](x.md) **cá nhân**", "mau-02-ban-kiem-diem-ca-nhan"),
    ("<script>", "script"),
    ("!!!", "muc"),
])
def test_heading_id(text, anchor):
    assert heading_id(text) == anchor


def test_add_heading_ids_gives_unique_explicit_ids():
    source = (
        "# Kiểm điểm\n\n## Kiểm điểm\n\n## Đã có {#giu}\n\n## Lớp {: .note }\n\n"
        "```\n# trong mã\n```\n\nĐánh giá\n--------\n\n- mục\n\n---\n"
    )
    out = render(add_heading_ids(source))
    assert '<h1 id="kiem-diem">' in out and '<h2 id="kiem-diem-2">' in out
    assert '<h2 id="giu">' in out and '<h2 class="note" id="lop">' in out
    assert "<code># trong mã\n</code>" in out
    assert '<h2 id="danh-gia">Đánh giá</h2>' in out
    assert "<hr />" in out


def test_fold():
    assert fold("Đảng bộ xã Châu Hưng") == "dang bo xa chau hung"
    assert fold(unicodedata.normalize("NFD", "KIỂM ĐIỂM")) == "kiem diem"
