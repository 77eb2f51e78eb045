"""The real example site in headless Chromium, served on 127.0.0.1.

Built once per module with `generator.build.build` (the example, and a copy
with a hostile unit name). A reader goes home → unit page → downloads the plan
and a ready-filled form; searches in the real search box (accents, no accents,
đ → d, case, partial words, NFD); a phone-sized screen; past deadlines marked
by the browser's date. Every page must log no error and request nothing from
anywhere but the local server. Screenshots land in tests/artefacts/.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

import docx
import pytest

from browser import (HOSTILE, HOSTILE_UNIT, PHONE, REPO, chromium, make_project, new_page, open_search,
                     screenshot, search, serve, variant_content)
from generator.build import build
from generator.progress import Progress
from generator.site.search_index import fold

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
UNIT = "don-vi/xa-chau-hung-a.html"
UNIT_NAME = "Đảng bộ xã Châu Hưng A"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Base URL of the built example."""
    root = tmp_path_factory.mktemp("example")
    build(REPO / "content", root / "site", make_project(root / "project"), progress=Progress(None))
    with serve(root / "site") as base:
        yield base


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """Base URL of the example with a unit named HOSTILE."""
    root = tmp_path_factory.mktemp("hostile")
    build(variant_content(root), root / "site", make_project(root / "project"), progress=Progress(None))
    with serve(root / "site") as base:
        yield base


@pytest.fixture(scope="module")
def searcher(site, browser):
    """A desktop page with the search box open."""
    page, recorder = new_page(browser, **DESKTOP)
    page.goto(site + "index.html")
    open_search(page)
    yield page, recorder
    page.context.close()


def assert_clean(recorder, base: str) -> None:
    assert recorder.errors == []
    assert recorder.foreign(base) == []


# --- home → unit page → downloads ---------------------------------------------------


def download(page, link_text: str, folder) -> docx.document.Document:
    """Click a download link; the file opened with python-docx."""
    with page.expect_download() as info:
        page.locator("article a", has_text=link_text).first.click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return docx.Document(str(target))


def document_text(document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_home_to_unit_page_to_plan_and_form_downloads(site, browser, tmp_path):
    page, recorder = new_page(browser, **DESKTOP)
    page.goto(site + "index.html")
    assert page.locator("article h1").inner_text().startswith("Sổ tay kiểm điểm")
    screenshot(page, "site-home-desktop")
    page.locator("article a", has_text="danh sách đơn vị").click()
    page.wait_for_url(site + "don-vi/index.html")
    page.locator(".sotay-tree a", has_text=UNIT_NAME).click()
    page.wait_for_url(site + UNIT)
    assert page.locator("article h1").inner_text().startswith(UNIT_NAME)
    assert page.locator(".sotay-timeline__bar").count() >= 3
    screenshot(page, "site-unit-desktop", full_page=True)
    plan = download(page, "Kế hoạch năm 2022 (Word)", tmp_path)
    assert "KẾ HOẠCH" in document_text(plan) and "Châu Hưng A" in document_text(plan)
    form = download(page, "Báo cáo kiểm điểm tập thể — tập thể", tmp_path)
    assert "Châu Hưng A" in document_text(form)
    assert_clean(recorder, site)
    page.context.close()


def test_unit_tree_opens_and_closes_a_branch(site, browser):
    page, recorder = new_page(browser, **DESKTOP)
    page.goto(site + "don-vi/index.html")
    cell = page.locator(".sotay-tree a", has_text="Chi bộ ấp Hà Đức")
    assert not cell.is_visible()
    summary = page.locator(".sotay-tree summary", has_text=UNIT_NAME)
    summary.locator("small").click()
    assert cell.is_visible()
    summary.locator("small").click()
    assert not cell.is_visible()
    assert_clean(recorder, site)
    page.context.close()


# --- deadlines marked by the reader's date --------------------------------------------


def deadline_marks(page) -> list[str]:
    return page.eval_on_selector_all(
        ".sotay-deadlines tbody tr",
        "rows => rows.map(r => r.classList.contains('sotay-past') ? 'past'"
        " : r.classList.contains('sotay-next') ? 'next' : '')")


@pytest.mark.parametrize(("today", "expected"), [
    (datetime(2022, 11, 1, 9), ["next", "", "", "", "", "", ""]),
    (datetime(2022, 12, 16, 9), ["past", "past", "next", "", "", "", ""]),
    (datetime(2022, 12, 20, 23), ["past", "past", "next", "", "", "", ""]),  # due today: not past
    (datetime(2023, 3, 1, 9), ["past"] * 7),
])
def test_home_marks_past_deadlines_by_the_browsers_date(site, browser, today, expected):
    page, recorder = new_page(browser, **DESKTOP)
    page.clock.set_fixed_time(today)
    page.goto(site + "index.html")
    assert deadline_marks(page) == expected
    past = page.locator(".sotay-deadlines tr.sotay-past time").first
    if "past" in expected:
        assert page.evaluate("time => getComputedStyle(time, '::after').content", past.element_handle()) \
            == '" (đã qua)"'
    assert_clean(recorder, site)
    page.context.close()


# --- search -----------------------------------------------------------------------

# (query as typed, page expected first)
QUERIES = [
    ("chau hung a", UNIT),
    ("Châu Hưng A", UNIT),
    ("CHAU HUNG A", UNIT),
    ("Chau Hưng A", UNIT),
    ("Dang Bo Xa Chau Hung A", UNIT),
    ("đang bo xa chau hung a", UNIT),
    ("ĐẢNG BỘ XÃ CHÂU HƯNG A", UNIT),
    (nfd("Đảng bộ xã Châu Hưng A"), UNIT),
    ("chau hu", UNIT),
    ("thi tran chau hung", "don-vi/thi-tran-chau-hung.html"),
    ("Vĩnh Hưng", "don-vi/xa-vinh-hung.html"),
    ("vinh hung a", "don-vi/xa-vinh-hung-a.html"),
    ("hung hoi", "don-vi/xa-hung-hoi.html"),
    ("huyen vinh loi", "don-vi/huyen-vinh-loi.html"),
    ("chi bo ap ha duc", "don-vi/xa-chau-hung-a-ap-ha-duc.html"),
    (nfd("Hà Đức"), "don-vi/xa-chau-hung-a-ap-ha-duc.html"),
    ("chat dot", "don-vi/xa-chau-hung-a-ap-chat-dot.html"),
    ("ke hoach chau hung a", "ke-hoach/xa-chau-hung-a.html"),
    ("quy trinh kiem diem", "huong-dan/quy-trinh-kiem-diem.html"),
    ("QUY TRINH KIEM DIEM", "huong-dan/quy-trinh-kiem-diem.html"),
    (nfd("Quy trình kiểm điểm"), "huong-dan/quy-trinh-kiem-diem.html"),
    ("các mức xếp loại", "huong-dan/muc-xep-loai.html"),
    ("cac muc xep lo", "huong-dan/muc-xep-loai.html"),
    ("559-CV/TU", "van-ban/cv-559-tu.html"),
    ("cong van 559", "van-ban/cv-559-tu.html"),
    ("huong dan 03", "van-ban/hd-03-tu.html"),
    ("phieu bieu quyet", "bieu-mau/phieu-bieu-quyet-xep-loai.html"),
    ("bien ban", "bieu-mau/bien-ban-hoi-nghi-kiem-diem.html"),
]


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[fold(q) for q, _ in QUERIES])
def test_search_ranks_expected_page_first(searcher, site, query, expected):
    page, recorder = searcher
    results = search(page, query)
    assert results, f"no result for {query!r}"
    assert results[0]["href"] == site + expected, [r["href"] for r in results[:5]]
    assert recorder.errors == []


def test_search_shows_accented_names_for_unaccented_queries(searcher, site):
    page, recorder = searcher
    results = search(page, "chau hung a")
    assert results[0]["title"] == UNIT_NAME
    assert "<mark>Châu</mark>" in results[0]["html"] and "<mark>Hưng</mark>" in results[0]["html"]
    assert results[0]["crumb"] == "Đảng bộ huyện Vĩnh Lợi"  # the parent unit
    screenshot(page, "site-search-unaccented-desktop")
    assert_clean(recorder, site)


def test_unit_pages_index_only_their_names_and_facts(searcher, site):
    """Steps and the illustrative note repeat on every unit page: kept out of the index."""
    page, _ = searcher
    assert search(page, "lich cac moc thoi gian")[0]["href"] == site + "index.html#cac-moc-thoi-gian"
    hrefs = [r["href"] for r in search(page, "minh hoa cach dung cong cu")]
    assert not any("/don-vi/" in href for href in hrefs)


# --- ranking for the secretary (issue 14) -------------------------------------------

SCHOOL = r"don-vi/truong-thpt-vinh-hung\.html"
OFFICE = r"don-vi/co-quan-chinh-quyen-van-phong-hdnd-va-ubnd-huyen\.html"
DEADLINES = r"(don-vi|ke-hoach)/[^#]+\.html#(iv-)?thoi-gian-thuc-hien|index\.html#cac-moc-thoi-gian"
CALENDAR = r"don-vi/[^#]+\.html#tai-ve"
# (query, regular expression the first result's path must match)
RANKING = [
    ("mau 01", r"bieu-mau/mau-01-bao-cao-tap-the\.html"),
    ("mau 02", r"bieu-mau/mau-02-ca-nhan\.html"),
    ("Mẫu BB", r"bieu-mau/bien-ban-hoi-nghi-kiem-diem\.html"),
    ("pbq", r"bieu-mau/phieu-bieu-quyet-xep-loai\.html"),
    ("khkp", r"bieu-mau/ke-hoach-khac-phuc\.html"),
    ("ke hoach khac phuc", r"bieu-mau/ke-hoach-khac-phuc\.html"),
    ("thpt vinh hung", SCHOOL),
    ("THPT Vĩnh Hưng", SCHOOL),
    ("truong trung hoc pho thong vinh hung", SCHOOL),
    ("thcs chau hung a", r"don-vi/truong-thcs-chau-hung-a\.html"),
    ("ubnd huyen", OFFICE),
    ("hdnd", OFFICE),
    ("uy ban nhan dan huyen", OFFICE),
    ("van phong hoi dong nhan dan", OFFICE),
    ("chi bo ap 1", r"don-vi/xa-[a-z-]+-ap-1\.html"),
    ("chi bo cong an xa", r"don-vi/xa-[a-z-]+-cong-an-xa\.html"),
    ("han nop bao cao", DEADLINES),
    ("hạn nộp", DEADLINES),
    ("han chot", DEADLINES),
    ("thoi han", DEADLINES),
    ("han chau hung a", r"don-vi/[a-z-]*chau-hung-a\.html#thoi-gian-thuc-hien"),
    ("lich chau thoi", r"don-vi/[a-z-]*chau-thoi\.html#thoi-gian-thuc-hien"),
    ("lich", CALENDAR),
    ("ics", CALENDAR),
    ("tai lich", CALENDAR),
]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_ranking_for_codes_abbreviations_and_deadlines(site, browser, viewport):
    page, recorder = new_page(browser, **(DESKTOP if viewport == "desktop" else PHONE))
    page.goto(site + "index.html")
    open_search(page)
    wrong = {}
    for query, expected in RANKING:
        results = search(page, query)
        first = results[0]["href"].removeprefix(site) if results else None
        if not first or not re.fullmatch(expected, first) or "dinh-dang/" in first:
            wrong[query] = [r["href"].removeprefix(site) for r in results[:3]]
    assert wrong == {}
    assert_clean(recorder, site)
    page.context.close()


@pytest.mark.parametrize("query", ["chi bo ap 1", "chi bo cong an xa"])
def test_same_named_units_are_told_apart_by_their_parent(searcher, query):
    page, _ = searcher
    results = [r for r in search(page, query) if "#" not in r["href"]][:5]
    assert len(results) == 5 and len({r["title"] for r in results}) == 1
    assert len({r["crumb"] for r in results}) == 5
    assert all(r["crumb"].startswith("Đảng bộ xã ") for r in results)


def test_search_box_is_reached_by_keyboard_and_results_by_arrows(site, browser):
    page, recorder = new_page(browser, **PHONE)
    page.goto(site + "index.html")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "sotay-search-input":
            break
    assert page.evaluate("document.activeElement.id") == "sotay-search-input"
    assert page.locator("#sotay-search-input").is_visible()
    results = search(page, "thpt vinh hung")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == results[0]["href"]
    page.keyboard.press("Enter")
    page.wait_for_url(site + "don-vi/truong-thpt-vinh-hung.html")
    assert_clean(recorder, site)
    page.context.close()


# --- phone ------------------------------------------------------------------------


def test_phone_home_unit_page_and_search(site, browser):
    page, recorder = new_page(browser, **PHONE)
    page.goto(site + "index.html")
    overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(overflow) <= 0
    screenshot(page, "site-home-phone")
    page.goto(site + UNIT)
    assert page.evaluate(overflow) <= 0
    page.locator(".sotay-timeline").scroll_into_view_if_needed()
    screenshot(page, "site-unit-phone")
    open_search(page)
    results = search(page, "chau hung a")
    assert results[0]["href"] == site + UNIT and results[0]["title"] == UNIT_NAME
    page.locator(".sotay-search__link").first.wait_for(state="visible")
    screenshot(page, "site-search-unaccented-phone")
    assert_clean(recorder, site)
    page.context.close()


# --- hostile unit name -------------------------------------------------------------


def test_hostile_unit_name_renders_literally_and_never_runs(hostile_site, browser):
    base = hostile_site
    page, recorder = new_page(browser, **DESKTOP)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base + f"don-vi/{HOSTILE_UNIT}.html")
    assert page.evaluate("document.querySelector('article h1').firstChild.textContent") == HOSTILE
    assert page.title().startswith(HOSTILE)
    assert page.locator(".md-header__topic", has_text=HOSTILE).count() >= 1
    page.goto(base + "don-vi/xa-chau-hung-a.html")
    assert page.locator("article li a", has_text=HOSTILE).inner_text() == HOSTILE
    page.goto(base + "don-vi/index.html")
    assert page.locator(".sotay-tree a", has_text=HOSTILE).text_content() == HOSTILE
    open_search(page)
    for query in ("alert", "script alert x"):
        results = search(page, query)
        assert results[0]["title"] == HOSTILE
        assert results[0]["href"] == base + f"don-vi/{HOSTILE_UNIT}.html"
    screenshot(page, "site-hostile-search")
    assert page.evaluate("document.querySelectorAll('article script, .sotay-search script').length") == 0
    assert dialogs == []
    assert_clean(recorder, base)
    page.context.close()


# --- results (issue 13) ------------------------------------------------------------


@pytest.mark.parametrize("options", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_results_page_shows_progress_and_charts_with_their_numbers(site, browser, options):
    page, recorder = new_page(browser, **options)
    page.goto(site + "ket-qua/index.html")
    charts = page.locator(".sotay-chart img")
    assert charts.count() == 3
    page.wait_for_function("() => [...document.querySelectorAll('.sotay-chart img')]"
                           ".every(img => img.complete && img.naturalWidth > 0)")
    progress = page.locator(".sotay-chart table").first.inner_text()
    assert "Trễ hạn\t2" in progress and "Chưa nhận\t2" in progress and "Trả lại để sửa\t1" in progress
    assert page.locator("td.sotay-state--late").count() == 2
    width = page.evaluate("() => document.querySelector('.sotay-chart img').getBoundingClientRect().width")
    assert 0 < width <= options["viewport"]["width"]
    screenshot(page, f"results-{'phone' if options is PHONE else 'desktop'}", full_page=True)
    page.locator("a", has_text="Đảng bộ Công an huyện").first.click()
    page.wait_for_load_state()
    assert "Báo cáo kết quả xếp loại năm 2022: trễ hạn, ngày gửi 23/12/2022" in page.locator("article").inner_text()
    assert_clean(recorder, site)
    page.context.close()
