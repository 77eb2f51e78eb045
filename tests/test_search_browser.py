"""The built site in headless Chromium: Vietnamese search, offline, hostile text.

A small synthetic Vietnamese docs tree is written with the real writer
(`generator.write.write_site`), served on 127.0.0.1 and searched through the
real search box (sotay's own index and script).
"""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from browser import REPO, PHONE, chromium, make_project, new_page, open_search, screenshot, search, serve
from generator.outputs.markdown_text import add_heading_ids, heading_id, md_escape
from generator.site.search_index import fold
from generator.site.write import write_site

pytestmark = pytest.mark.browser

HOSTILE = "<script>alert(1)</script> & *x*"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _page(title: str, body: str = "", *sections: tuple[str, str]) -> str:
    parts = [f"# {md_escape(title)} {{#{heading_id(title)}}}", "", md_escape(body) if body else ""]
    for heading, text in sections:
        parts += ["", f"## {md_escape(heading)} {{#{heading_id(heading)}}}", "", md_escape(text)]
    return "\n".join(parts) + "\n"


SECTIONS = {
    "van-ban/index.md": "Văn bản chỉ đạo",
    "huong-dan/index.md": "Hướng dẫn",
    "ke-hoach/index.md": "Kế hoạch",
    "bieu-mau/index.md": "Biểu mẫu",
    "thay-doi/index.md": "Những thay đổi",
    "dinh-dang/index.md": "Định dạng nội dung",
}

PAGES = {
    "huong-dan/kiem-diem-dang-vien.md": _page(
        "Kiểm điểm đảng viên", "Mỗi năm một lần, vào dịp cuối năm.",
        ("Đảng viên tự kiểm điểm", "Viết bản tự kiểm điểm theo mẫu."),
        ("Chi bộ nhận xét", "Tập thể chi bộ góp ý."),
    ),
    "huong-dan/xep-loai.md": _page(
        "Đánh giá, xếp loại chất lượng tổ chức đảng", "Bốn mức xếp loại.",
    ),
    "bieu-mau/mau-02.md": _page(
        "Mẫu 02: Bản kiểm điểm cá nhân", "Dùng cho đảng viên không giữ chức vụ.",
    ),
    "bieu-mau/mau-2b.md": _page("Mẫu 2B: Bản kiểm điểm dùng cho đảng viên giữ chức vụ", "Mẫu mới."),
    "bieu-mau/mau-bb.md": _page("Mẫu tham khảo BB: Biên bản hội nghị", "Mẫu 2 bên."),
    "van-ban/hd-36.md": _page(
        "Hướng dẫn 36-HD/VPTW về thể thức văn bản của Đảng", "Ban hành năm 2018.",
    ),
    "don-vi/chau-hung.md": _page("Đảng bộ xã Châu Hưng", "Đảng bộ cơ sở."),
    "don-vi/chau-hung-a.md": _page("Đảng bộ xã Châu Hưng A", "Đảng bộ cơ sở."),
    "don-vi/tan-lap.md": _page("Chi bộ ấp Tân Lập", "Chi bộ trực thuộc."),
    "don-vi/tan-lap-2.md": _page("Chi bộ ấp Tấn Lập", "Chi bộ trực thuộc."),
    "don-vi/hostile.md": _page(HOSTILE, f"Tên đơn vị: {HOSTILE}"),
}

INDEX = add_heading_ids(
    "# Trang chủ\n\nĐợt kiểm điểm năm 2025.\n\n## Tìm đơn vị\n\n"
    + "\n".join(f"- [{md_escape(t)}]({p})" for p, t in [
        ("don-vi/chau-hung.md", "Đảng bộ xã Châu Hưng"),
        ("don-vi/hostile.md", HOSTILE),
        ("huong-dan/kiem-diem-dang-vien.md", "Kiểm điểm đảng viên"),
    ])
    + "\n"
)

# (query as typed, page expected first)
QUERIES = [
    ("Kiểm điểm đảng viên", "huong-dan/kiem-diem-dang-vien.html"),
    ("kiem diem dang vien", "huong-dan/kiem-diem-dang-vien.html"),
    ("KIEM DIEM DANG VIEN", "huong-dan/kiem-diem-dang-vien.html"),
    ("Kiem Diem Dang Vien", "huong-dan/kiem-diem-dang-vien.html"),
    ("KIỂM ĐIỂM ĐẢNG VIÊN", "huong-dan/kiem-diem-dang-vien.html"),
    (nfd("kiểm điểm đảng viên"), "huong-dan/kiem-diem-dang-vien.html"),
    ("kiem diem dang vi", "huong-dan/kiem-diem-dang-vien.html"),
    ("đảng viên", "huong-dan/kiem-diem-dang-vien.html"),
    ("dang vien", "huong-dan/kiem-diem-dang-vien.html"),
    ("chau hung", "don-vi/chau-hung.html"),
    ("Châu Hưng", "don-vi/chau-hung.html"),
    ("dang bo xa chau hung", "don-vi/chau-hung.html"),
    (nfd("Đảng bộ xã Châu Hưng"), "don-vi/chau-hung.html"),
    ("chau hung a", "don-vi/chau-hung-a.html"),
    ("CHÂU HƯNG A", "don-vi/chau-hung-a.html"),
    ("tân lập", "don-vi/tan-lap.html"),
    ("tấn lập", "don-vi/tan-lap-2.html"),
    (nfd("Tấn Lập"), "don-vi/tan-lap-2.html"),
    ("xep loai", "huong-dan/xep-loai.html"),
    ("đánh giá xếp loại", "huong-dan/xep-loai.html"),
    ("ban kiem diem ca nhan", "bieu-mau/mau-02.html"),
    ("mau 02", "bieu-mau/mau-02.html"),
    ("huong dan 36", "van-ban/hd-36.html"),
    ("36-HD/VPTW", "van-ban/hd-36.html"),
    ("the thuc van ban", "van-ban/hd-36.html"),
    ("kieemr ddieemr ddangr vieen", "huong-dan/kiem-diem-dang-vien.html"),
    ("kie6m3 d9ie6m3 d9a3ng vie6n", "huong-dan/kiem-diem-dang-vien.html"),
    ("script alert", "don-vi/hostile.html"),
    # form codes are exact words: "2b" is not "b…" (issue 14)
    ("mau 2b", "bieu-mau/mau-2b.html"),
    ("Mẫu 2B", "bieu-mau/mau-2b.html"),
    ("mau bb", "bieu-mau/mau-bb.html"),
]


def _nav_pages() -> dict[str, str]:
    """Every page the project's mkdocs.yml puts in the menu, by path, with its menu title."""
    from ruamel.yaml import YAML

    config = YAML(typ="safe", pure=True).load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))

    def walk(items):
        for item in items:
            for title, target in item.items():
                yield from walk(target) if isinstance(target, list) else [(target, title)]
    return dict(walk(config["nav"]))


def _tree() -> dict[str, bytes]:
    tree = {"index.md": INDEX, "don-vi/index.md": _page("Đơn vị")}
    # Every menu section exists (the menu grows as sections are added), the searched ones as written here.
    tree.update({path: _page(title) for path, title in _nav_pages().items() if path != "index.md"})
    tree.update({path: _page(title) for path, title in SECTIONS.items()})
    tree.update(PAGES)
    return {path: text.encode("utf-8") for path, text in tree.items()}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("project"))
    report = write_site(_tree(), project, build_date=date(2025, 11, 1))
    assert report.warnings == ()
    with serve(report.site_dir) as base:
        yield base, report.site_dir


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def desktop(site, browser):
    base, _ = site
    page, recorder = new_page(browser, viewport={"width": 1280, "height": 900})
    page.goto(base + "index.html")
    open_search(page)
    yield page, recorder, base
    page.context.close()


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[fold(q) for q, _ in QUERIES])
def test_search_ranks_expected_page_first(desktop, query, expected):
    page, recorder, base = desktop
    results = search(page, query)
    assert results, f"no result for {query!r}"
    assert results[0]["href"] == base + expected, [r["href"] for r in results]
    assert recorder.errors == []


def test_results_show_accented_text_and_mark_unaccented_matches(desktop):
    page, _, _ = desktop
    results = search(page, "kiem diem dang vien")
    title = results[0]["html"]
    assert "<mark>Kiểm</mark>" in title and "<mark>đảng</mark>" in title
    assert "kiem" not in results[0]["title"].lower()  # no folded copy shown
    screenshot(page, "search-unaccented-desktop")


def test_search_without_accents_on_a_phone(site, browser):
    base, _ = site
    page, recorder = new_page(browser, **PHONE)
    page.goto(base + "don-vi/chau-hung.html")
    open_search(page)
    results = search(page, "chau hung")
    assert results[0]["href"] == base + "don-vi/chau-hung.html"
    assert results[0]["title"] == "Đảng bộ xã Châu Hưng"
    screenshot(page, "search-unaccented-phone")
    assert recorder.errors == []
    assert recorder.foreign(base) == []
    page.context.close()


def test_hostile_name_is_text_in_page_title_and_search(site, browser):
    base, _ = site
    page, recorder = new_page(browser, viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base + "index.html")
    assert page.locator("article a", has_text=HOSTILE).count() == 1
    page.goto(base + "don-vi/hostile.html")
    assert page.evaluate("document.querySelector('article h1').firstChild.textContent") == HOSTILE
    assert page.title().startswith(HOSTILE)
    open_search(page)
    results = search(page, "alert")
    assert results[0]["title"] == HOSTILE
    screenshot(page, "hostile-name")
    assert page.evaluate("document.querySelectorAll('article script').length") == 0
    assert dialogs == [] and recorder.errors == []
    page.context.close()


def test_browsing_and_searching_stays_on_the_local_server(site, browser):
    base, _ = site
    page, recorder = new_page(browser, viewport={"width": 1280, "height": 900})
    page.goto(base + "index.html")
    page.locator(".md-nav--primary .md-nav__link[href$='don-vi/index.html']").first.click()
    page.wait_for_url(base + "don-vi/index.html")
    page.goto(base + "don-vi/chau-hung.html")
    open_search(page)
    search(page, "tan lap")
    # Only the shard list, the manifest (one- and two-letter words), the shards of the
    # longer words as typed ("ta…", "la…") and entries are loaded.
    loaded = sorted(url.rsplit("/", 1)[1] for url in recorder.requests if "/assets/sotay/search/" in url)
    assert "keys.js" in loaded and "index.js" in loaded
    assert {name for name in loaded if name.startswith("t-")} == {"t-la.js", "t-ta.js"}
    assert recorder.foreign(base) == []
    assert recorder.errors == []
    page.context.close()


def test_heading_anchor_keeps_d(site, browser):
    base, site_dir = site
    html = (site_dir / "huong-dan" / "kiem-diem-dang-vien.html").read_text("utf-8")
    assert 'id="dang-vien-tu-kiem-diem"' in html
    assert "kiem-iem" not in html


def test_search_works_from_file_url(site, browser):
    _, site_dir = site
    base = site_dir.as_uri() + "/"
    page, recorder = new_page(browser, viewport={"width": 1280, "height": 900})
    page.goto(base + "index.html")
    open_search(page)
    results = search(page, "chau hung")
    assert results[0]["href"] == base + "don-vi/chau-hung.html"
    assert recorder.foreign(base) == []
    assert recorder.errors == []
    page.context.close()


FOLD_SAMPLES = [
    "Đảng bộ xã Châu Hưng", "KIỂM ĐIỂM ĐẢNG VIÊN", nfd("Tấn Lập, Hòa Bình"),
    "ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ỳýỷỹỵ", "Nguyễn Thị Ánh Tuyết",
]


def test_browser_fold_agrees_with_python_fold(site, browser):
    """search.js's fold() and generator.site.search_index.fold() must agree."""
    base, _ = site
    page, _ = new_page(browser)
    page.goto(base + "index.html")
    folded = page.evaluate(
        """samples => [samples.map(window.sotaySearch.fold),
                       ["kieemr", "ddieemr", "ddangr", "nguwowif", "kie6m3", "d9a3ng", "chau"]
                         .map(window.sotaySearch.untelex)]""",
        FOLD_SAMPLES,
    )
    assert folded[0] == [fold(text) for text in FOLD_SAMPLES]
    assert folded[1] == ["kiem", "diem", "dang", "nguoi", "kiem", "dang", "chau"]
    page.context.close()
