"""The search index built from the docs tree: entries, words, vocabulary, file format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.site.search_index import (
    CHUNK, FOLDER, _delta, build_index, count_entries, decode, fold, shard_key, squeeze, unsqueeze,
)
from generator.site.search_terms import SearchTerms, load_search_terms

REPO = Path(__file__).resolve().parent.parent

UNIT = """\
# Chi bộ Trường THPT Vĩnh Hưng {#chi-bo-truong-thpt-vinh-hung}

<div class="admonition warning" data-search-exclude markdown>
<p class="admonition-title">Nội dung minh họa</p>

Trang này là ví dụ minh họa.

</div>

| Mục | Nội dung |
|---|---|
| Trực thuộc | [Đảng bộ xã Vĩnh Hưng](xa-vinh-hung.md) |

## Thời gian thực hiện {#thoi-gian-thuc-hien data-search-exclude}

| Hạn | Việc |
|---|---|
| **08/12/2022** | Tổ chức kiểm điểm bí mật |
"""

TREE = {
    "index.md": b"# Trang ch\xe1\xbb\xa7\n\nXin ch\xc3\xa0o.\n",
    "don-vi/index.md": "# Đơn vị {#don-vi}\n".encode(),
    "don-vi/truong-thpt.md": UNIT.encode(),
    "don-vi/ubnd.md": "# Chi bộ Ủy ban nhân dân xã {#x}\n\n| Trực thuộc | <b>&lt;script&gt;</b> |\n".encode(),
    "dinh-dang/index.md": "---\ntitle: \"Định dạng &amp; nội dung\"\n---\n\nLịch.\n".encode(),
}


def load(files: dict[str, bytes], name: str) -> object:
    """The data a shard script hands to sotaySearch.<kind>(key, data)."""
    text = files[f"{FOLDER}/{name}"].decode("utf-8")
    return json.loads(text[text.index(",") + 1: text.rindex(")")])


def postings(files: dict[str, bytes], token: str) -> list[int]:
    """Decoded (entry * 4 + field) values of one token."""
    key = shard_key(token)
    if not key:
        return decode(load(files, "index.js")["short"].get(token, ""))
    name = f"t-{key}.js"
    shard = load(files, name) if f"{FOLDER}/{name}" in files else {}
    if shard.get(token) == "=":  # the folded token's title postings
        return [value for value in decode(shard[fold(token)]) if value % 4 == 0]
    return decode(shard.get(token, ""))


def entries(files: dict[str, bytes]) -> list[list[str]]:
    found = []
    number = 0
    while f"{FOLDER}/d-{number}.js" in files:
        found += load(files, f"d-{number}.js")
        number += 1
    return found


@pytest.fixture(scope="module")
def files():
    return build_index(TREE, load_search_terms(REPO / "content"))


def test_postings_round_trip_through_base_32_digits():
    values = [0, 1, 5, 31, 32, 33, 1023, 1024, 99_999, 100_000]
    assert decode(_delta(values)) == values
    assert len(_delta([0, 4, 9, 15, 22, 30])) == 6  # small differences: a byte each


def test_repeats_become_back_references():
    pages = [n * 132 + (n % 10 == 0) for n in range(1, 3_000)]  # a unit page every 132 entries
    packed = squeeze(_delta(pages))
    assert len(packed) < 40 and decode(packed) == pages  # 6,000 digits: a few references
    sizes = "Jfsp" * 50 + "Kfsp" + "Jfsp" * 50 + "é"
    assert unsqueeze(squeeze(sizes)) == sizes and len(squeeze(sizes).encode("utf-8")) < 30
    assert squeeze("abc") == "abc" and squeeze("") == ""  # nothing to shorten


def test_words_are_split_so_a_typed_last_word_needs_little(files):
    """One or two letters in the manifest, longer words in the shard of their first two."""
    assert [shard_key(word) for word in ("a", "Ấp", "xã", "hưng", "2b")] == ["", "", "", "hu", ""]
    shards = load(files, "keys.js")
    assert "ch" in shards and "" not in shards and all(len(key) == 2 for key in shards)
    assert set(shards) == {path[len(FOLDER) + 3:-3] for path in files if path.startswith(f"{FOLDER}/t-")}
    assert {"bo", "bộ"} <= set(load(files, "index.js")["short"])  # "Chi bộ", folded and accented
    assert all(len(token) > 2 for token in load(files, "t-ch.js"))


def test_sections_leave_their_breadcrumb_to_the_page_title(files):
    rows = [url for url, *_ in entries(files)]
    page, section = rows.index("don-vi/truong-thpt.html"), rows.index("don-vi/truong-thpt.html#thoi-gian-thuc-hien")
    assert page * 4 in postings(files, "truong")  # the page's title
    assert section * 4 + 1 not in postings(files, "truong")  # search.js gives it from the page
    assert page * 4 + 1 in postings(files, "hung")  # a page's own breadcrumb (its parent) stays


def test_entries_are_pages_and_sections_with_breadcrumbs(files):
    rows = entries(files)
    assert count_entries(files) == len(rows)
    by_url = {url: (title, crumb) for url, title, crumb in rows}
    assert by_url["don-vi/truong-thpt.html"] == ("Chi bộ Trường THPT Vĩnh Hưng", "Đảng bộ xã Vĩnh Hưng")
    assert by_url["don-vi/truong-thpt.html#thoi-gian-thuc-hien"] == (
        "Thời gian thực hiện", "Chi bộ Trường THPT Vĩnh Hưng")
    assert by_url["dinh-dang/index.html"][0] == "Định dạng & nội dung"  # front matter title, unescaped
    assert by_url["don-vi/ubnd.html"][1] == "<script>"  # text, escaped by the browser script


def test_abbreviations_expand_both_ways(files):
    rows = entries(files)
    school = [url for url, *_ in rows].index("don-vi/truong-thpt.html")
    office = [url for url, *_ in rows].index("don-vi/ubnd.html")
    for token in ("thpt", "trung", "hoc", "pho", "thong"):
        assert school * 4 in postings(files, token), token  # as title words
    assert office * 4 in postings(files, "ubnd")


def test_deadline_sections_get_topic_words_and_excluded_text_is_not_indexed(files):
    rows = [url for url, *_ in entries(files)]
    deadlines = rows.index("don-vi/truong-thpt.html#thoi-gian-thuc-hien")
    for token in ("han", "chot", "nop", "lich"):
        assert deadlines * 4 + 3 in postings(files, token), token  # added words
    assert postings(files, "mat") == []  # the deadline table's text
    assert postings(files, "minh") == []  # the illustrative note


def test_accented_title_words_are_kept_beside_folded_ones(files):
    school = [url for url, *_ in entries(files)].index("don-vi/truong-thpt.html")
    assert school * 4 in postings(files, "vĩnh") and school * 4 in postings(files, "vinh")


def test_accented_words_with_the_titles_of_their_folded_form_say_so(files):
    shard = load(files, f"t-{shard_key('vinh')}.js")
    assert shard["vĩnh"] == "="  # "Vĩnh" is the only spelling of "vinh" in titles
    assert postings(files, "vĩnh") == [v for v in postings(files, "vinh") if v % 4 == 0]
    assert shard["vinh"] != "="


def test_files_are_compact_utf8_scripts_and_deterministic(files):
    assert build_index(TREE, load_search_terms(REPO / "content")) == files
    for path, data in files.items():
        text = data.decode("utf-8")
        assert text.startswith("sotaySearch.") and "\\u" not in text, path
        assert "</" not in text, path  # cannot close a script element
    assert "Vĩnh Hưng" in files[f"{FOLDER}/d-0.js"].decode("utf-8")


def test_vocabulary_errors_name_file_line_and_column(tmp_path):
    (tmp_path / "search").mkdir()
    path = tmp_path / "search" / "abbreviations.yaml"
    path.write_text("abbreviations:\n  THPT: [1, 2]\nkeywords: {}\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_search_terms(tmp_path)
    messages = [str(problem) for problem in error.value.errors]
    assert len(messages) == 2
    assert messages[0].endswith("abbreviations.yaml:2:3: mục 'THPT' phải là chữ — "
                                "viết `VIẾT TẮT: Tên đầy đủ` hoặc `Tiêu đề: [từ, …]`")
    assert "abbreviations.yaml:3:1: khóa 'keywords' không hợp lệ" in messages[1]


def test_no_vocabulary_file_means_no_expansion(tmp_path):
    assert load_search_terms(tmp_path) == SearchTerms()


def test_manifest_names_the_chunks_of_general_pages_to_load_at_idle():
    """Forms and guides (top folders with few pages) are warm; a folder of many units is not."""
    tree = {f"don-vi/u{n:03}.md": f"# Chi bộ {n}\n\n## Tải về\n\nx\n".encode() for n in range(80)}
    tree |= {"bieu-mau/mau-1.md": b"# M\xe1\xba\xabu 1\n", "index.md": b"# Trang\n"}
    files = build_index(tree)
    rows = [url for url, *_ in entries(files)]
    warm = load(files, "index.js")["warm"]
    general = {rows.index("bieu-mau/mau-1.html") // CHUNK, rows.index("index.html") // CHUNK}
    assert set(warm) == general and len(rows) // CHUNK + 1 > len(warm)


def test_page_memo_gives_the_index_a_clean_build_gives_and_follows_every_input(tmp_path):
    """Entries kept from the last build are reused only for the very same inputs.

    The memo must follow a page's bytes, the title of its folder's index page
    (the breadcrumb of a page naming no parent) and the search vocabulary; a
    memo that ignored any of them would give an index a clean build does not.
    """
    import hashlib

    from generator.site.search_index import PageMemo

    memo_file = tmp_path / "search-pages.json"

    def built(tree: dict[str, bytes], terms: SearchTerms) -> dict[str, bytes]:
        memo = PageMemo(memo_file, lambda path: hashlib.sha256(tree[path]).hexdigest())
        return build_index(tree, terms, memo)

    terms = load_search_terms(REPO / "content")
    base = {**TREE, "don-vi/khac.md": "# Trang khác\n".encode()}  # no parent: its folder's title is its breadcrumb
    assert built(base, terms) == build_index(base, terms)
    assert memo_file.is_file()
    changes = {
        "page": ({**base, "index.md": "# Trang chủ\n\nXin chào Vĩnh Hưng.\n".encode()}, terms),
        "section title": ({**base, "don-vi/index.md": "# Tổ chức đảng {#don-vi}\n".encode()}, terms),
        "vocabulary": (base, SearchTerms({"ubnd": ("uy", "ban", "nhan", "dan")}, {"thoi gian": ("han",)})),
    }
    for name, (tree, vocabulary) in changes.items():
        clean = build_index(tree, vocabulary)
        assert clean != build_index(base, terms), f"the {name} change should change the index"
        assert built(tree, vocabulary) == clean, f"the memo missed a change of {name}"
        assert built(base, terms) == build_index(base, terms)  # and back
    memo_file.write_text("{không phải json", encoding="utf-8")
    assert built(base, terms) == build_index(base, terms)  # an unreadable memo is an empty one


def test_pages_missing_from_the_memo_are_parsed_on_two_cores_into_the_same_index(tmp_path, monkeypatch):
    """A clean build's pages are parsed by this process and a forked child, chunk by chunk: the index and
    the memo are those of one process, and the child's pages are read back from its memo lines."""
    import hashlib

    from generator.site import search_index
    from generator.site.search_index import PageMemo

    tree = dict(TREE)
    for number in range(200):
        tree[f"don-vi/chi-bo-{number}.md"] = UNIT.replace("Vĩnh Hưng", f"Vĩnh Hưng {number}").encode()
    terms = load_search_terms(REPO / "content")
    parsed_here: list[str] = []  # the child's own list is its copy: only this process's pages land here
    made = PageMemo._made

    def counted(memo, key, path, *args):
        parsed_here.append(path)
        return made(memo, key, path, *args)

    monkeypatch.setattr(PageMemo, "_made", counted)
    monkeypatch.setattr(search_index, "SHARE_CHUNK", 4)
    memo_file = tmp_path / "search-pages.txt"
    memo = PageMemo(memo_file, lambda path: hashlib.sha256(tree[path]).hexdigest())
    assert build_index(tree, terms, memo) == build_index(tree, terms)
    assert len(set(parsed_here)) == len(parsed_here) > 0
    assert len(parsed_here) <= len(tree) - 4, "the child parsed at least its first chunk"
    again = PageMemo(memo_file, lambda path: hashlib.sha256(tree[path]).hexdigest())
    parsed_here.clear()
    assert build_index(tree, terms, again) == build_index(tree, terms)  # the child's lines were kept
    assert parsed_here == []


# --- the last build's index, updated ------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

WORDS = ("Đảng", "đảng", "dang", "bộ", "bo", "Vĩnh", "vinh", "Hưng", "hung", "kiểm", "điểm", "xã", "xa",
         "chi", "thôn", "ấp", "tổ", "to", "hồ", "sơ", "ủy", "ban", "a", "đi", "x2")


def page(title: str, sections: list[tuple[str, str]], text: str) -> bytes:
    body = f"# {title}\n\n{text}\n" + "".join(f"\n## {heading}\n\n{words}\n" for heading, words in sections)
    return body.encode("utf-8")


phrases = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
pages = st.tuples(phrases, st.lists(st.tuples(phrases, phrases), max_size=3), phrases)
edits = st.lists(st.tuples(
    st.sampled_from(("text", "title", "section", "report", "report", "common", "new page", "gone")),
    st.integers(0, 10_000), phrases), min_size=1, max_size=6)


def edited(tree: dict[str, tuple], what: str, at: int, words: str) -> dict[str, tuple]:
    """The tree (path -> (title, sections, text)) after one edit of one page."""
    tree = dict(tree)
    path = sorted(tree)[at % len(tree)]
    title, sections, text = tree[path]
    if what == "text":  # entries keep their numbers
        tree[path] = (title, sections, words)
    elif what == "title":
        tree[path] = (words, sections, text)
    elif what == "section":  # one entry more: every later entry moves
        tree[path] = (title, sections + [(words, text)], text)
    elif what == "report":  # the publisher's page (numbered last) gains a section, as each publication does
        title, sections, text = tree["dinh-dang/bao-cao.md"]
        tree["dinh-dang/bao-cao.md"] = (title, [(words, text)] + sections, text)
    elif what == "common":  # a word in (almost) every entry, then in fewer: its text postings drop and come back
        tree = {name: (t, [(h, w + " chung") for h, w in s], x + " chung") if (i + at) % 3 else (t, s, x)
                for i, (name, (t, s, x)) in enumerate(sorted(tree.items()))}
    elif what == "new page":
        tree[f"trang/{at}.md"] = (words, [], words)
    elif path != "dinh-dang/bao-cao.md":
        del tree[path]
    return tree


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(pages, min_size=20, max_size=40), edits)
def test_an_updated_index_is_the_index_a_clean_build_makes(tmp_path_factory, start, steps):
    """Any sequence of page edits, each built with the memo (the last index updated: changed pages, and
    every page from the first that gains or loses entries; else made again) gives the files a clean build
    gives. A text word in more than a share of the entries ranks nothing (a fifth here, no floor, so that
    the line moves across words' counts as entries come and go): "common" moves words across it too."""
    import hashlib
    from unittest import mock

    from generator.site import search_index
    from generator.site.search_index import PageMemo

    with mock.patch.object(search_index, "COMMON_FLOOR", 1), mock.patch.object(search_index, "COMMON_SHARE", 0.2):
        check_updates(tmp_path_factory, start, steps)


def check_updates(tmp_path_factory, start, steps) -> None:
    import hashlib

    from generator.site.search_index import PageMemo

    memo_file = tmp_path_factory.mktemp("memo") / "search-pages.txt"
    terms = SearchTerms({"ubnd": ("uy", "ban", "nhan", "dan")}, {"kiem diem": ("danh", "gia")})
    tree = {f"don-vi/{number:02}.md": content for number, content in enumerate(start)}
    tree["dinh-dang/bao-cao.md"] = ("Báo cáo thay đổi", [], "Cập nhật")
    for step in [("text", 0, "")] + steps:
        tree = edited(tree, *step) if step[2] else tree
        files = {path: page(*content) for path, content in tree.items()}
        memo = PageMemo(memo_file, lambda path: hashlib.sha256(files[path]).hexdigest())
        assert build_index(files, terms, memo) == build_index(files, terms), step


def test_an_entry_is_its_memo_row_again():
    # The memo keeps each page's entries as rows (Entry.row), read back as Entry(*row): the row
    # must hold every field, in order, as the dataclass declares them.
    import dataclasses

    from generator.site.search_index import Entry, page_entries

    entries = list(page_entries("don-vi/vinh-hung.md", UNIT, {}, SearchTerms()))
    assert len(entries) == 2
    for entry in entries:
        assert entry.row() == list(dataclasses.astuple(entry))
        assert Entry(*entry.row()) == entry
